"""The estimator's inputs of a change set from the baseline, touching only what the change set touches.

A change set (design option id -> value) is applied once (:func:`bldgagent.design.apply_with_report`: the changed
copy and the GlobalIds of the elements it changed). Then, instead of re-zoning and re-taking-off the whole copy:

- **surrogate features** (:class:`ChangeFeaturizer`): the baseline zones are built once with one surface per
  element and role (``merge_surfaces=False``: the features are sums over surfaces, so they equal the merged zones'
  to rounding); for a change set only the surfaces and windows of changed elements are rebuilt, with the zoning's
  own constructions (:class:`~bldgagent.energy.zoning.layers._Constructions`, the half or reversed build-up of
  shared floors as :mod:`~bldgagent.energy.zoning.envelope` makes it) and windows (``_window``), their areas scaled
  with the element's area (a wall or window's parts are shares of its area); the envelope features of the zones
  holding them are recomputed with the surrogate's own :func:`~bldgagent.surrogate.features._envelope` (its monthly
  ``aux_`` sums too); airtightness and heat recovery replace their two operation features; the building context, the
  derived proxies (:func:`~bldgagent.surrogate.features.add_derived`) and the schema-3 ISO 13790 estimate and
  neighbour features (:func:`~bldgagent.surrogate.estimate.add_schema3`, the coupling conductance of a changed shared
  floor or partition updated on both sides) are recomputed;
- **embodied carbon** (:class:`ChangeCarbon`): the material lines of the changed elements only are taken off and
  matched (the carbon engine's ``_material_lines``); the module sums are the baseline's minus those elements'
  baseline lines plus their new lines; the building modules (A5 site, C1, B6) and both totals come from the carbon
  engine's own ``_building_modules`` and ``_totals``.

Both equal the slow path (apply, re-zone, features; the exact carbon engine on the changed copy) to 1e-9 relative
for every option kind (tests/propose/test_propose_fast.py). A change set outside what the fast path covers (zoning
options other than forced window fields, airtightness and heat recovery; a changed door; a window split into four
orientations) returns None and the estimator takes the slow path.
"""
from __future__ import annotations

import copy
import pickle
from dataclasses import replace
from types import SimpleNamespace
from typing import Any, Iterable

import numpy as np
import pandas as pd

#: Line columns the carbon totals sum (the carbon engine's ``_totals``).
SUM_COLUMNS = ("a1a3", "a4", "a5_waste", "b4", "c2", "c3", "c4", "d", "a5_waste_production", "a5_waste_transport",
               "gbt_recycling_credit")
#: Envelope part roles whose area is a share of the element's own area (floors take the room's floor area).
_AREA_ROLES = ("wall", "roof", "window")
#: Part role -> the role the zoning's constructions are asked for.
_CONSTRUCTION_ROLE = {"wall": "wall", "roof": "roof", "ground_floor": "ground_floor", "exposed_floor": "ground_floor",
                      "partition": "partition", "internal_floor": "floor", "ceiling": "floor"}
#: Zone overrides a change set may set (replaced operation features: feature name <- override key).
_OPERATION = {"infiltration_ach": "infiltration_ach", "heat_recovery": "heat_recovery_efficiency"}


class ChangeFeaturizer:
    """Surrogate features of change sets of ``building`` in ``weather`` from its baseline zones (module docstring).

    ``options`` the baseline's :class:`~bldgagent.energy.options.EnergyOptions`; ``mixed`` the mixed-mode flag of
    the features."""

    def __init__(self, building, weather, options, mixed: bool):
        from ..energy.profiles import hourly_index
        from ..energy.zoning import zones_from_building
        from ..surrogate.features import _Solar, zone_features

        self.building, self.weather, self.mixed = building, weather, bool(mixed)
        self.kw = options.zoning_kwargs()
        index = weather.data.index if options.year is None else hourly_index(int(options.year), tz=weather.tz_hours)
        self.zoning = zones_from_building(building, index=index, weather=weather, merge_surfaces=False, **self.kw)
        self.base = zone_features(self.zoning, weather, mixed_mode=self.mixed)
        self.coupling = np.asarray(self.base.attrs["coupling"], dtype=float).reshape(len(self.base), -1)
        self.base.insert(0, "zone", [z.name for z in self.zoning.zones])
        self.index = {z.name: i for i, z in enumerate(self.zoning.zones)}
        self.solar = _Solar(weather)
        self.parts: dict[str, list[tuple[int, str, int]]] = {}   # element id -> (zone, "s"/"w", index)
        self.ok = True
        for zi, (z, r) in enumerate(zip(self.zoning.zones, self.zoning.records)):
            if len(z.surfaces) != len(r.surfaces) or len(z.windows) != len(r.windows):
                self.ok = False     # a zone without envelope, or windows split four ways: slow path only
            for kind, recs in (("s", r.surfaces), ("w", r.windows)):
                for i, rec in enumerate(recs):
                    self.parts.setdefault(rec["element"], []).append((zi, kind, i))
        self.env_columns = [c for c in _envelope_columns() if c in self.base.columns]
        self.arrays = {c: self.base[c].to_numpy() for c in self.base.columns}
        self.env = self.base[self.env_columns].to_numpy(dtype=float)
        self._olds: dict[tuple[int, str, int], np.ndarray] = {}
        self._layers: dict[tuple, list] = {}

    def _contribution(self, zi: int, kind: str, spec) -> np.ndarray:
        """What one surface or window adds to its zone's envelope features (the surrogate's ``_envelope`` of a zone
        holding only it: every envelope feature is a sum over surfaces and windows)."""
        from ..surrogate.features import _envelope

        one = SimpleNamespace(floor_area_m2=self.zoning.zones[zi].floor_area_m2,
                              surfaces=[spec] if kind == "s" else [], windows=[spec] if kind == "w" else [])
        f = _envelope(one, self.solar)
        return np.array([f[c] for c in self.env_columns], dtype=float)

    def _old(self, key: tuple[int, str, int]) -> np.ndarray:
        """The baseline contribution of surface/window ``key`` = (zone, kind, index) (memoised)."""
        if key not in self._olds:
            z = self.zoning.zones[key[0]]
            self._olds[key] = self._contribution(key[0], key[1], (z.surfaces if key[1] == "s" else z.windows)[key[2]])
        return self._olds[key]

    def _construction(self, cons, element, role: str) -> list:
        """The zoning's layers of ``element`` in ``role`` (memoised by everything they are computed from: the
        construction's layers and materials, the element's thickness and declared U)."""
        c, q = element.construction, element.quantities
        key = (role, element.kind, element.thermal_transmittance_w_m2k, q.thickness_m, q.width_m,
               None if c is None else (c.kind, c.outside_first, repr(c.material) if c.kind == "single" else None,
                                       tuple((repr(x.material), x.thickness_m) for x in c.layers)))
        if key not in self._layers:
            self._layers[key] = cons.layers(element, role)[0]
        return self._layers[key]

    def frame(self, building2, changed: Iterable[str], options, derived: bool = True) -> pd.DataFrame | None:
        """Feature rows (one per zone, ``zone`` column first) of ``building2``, the baseline with the elements
        ``changed`` changed, under energy ``options``; None when the fast path does not cover it. ``derived=False``
        leaves out the derived proxies (:func:`~bldgagent.surrogate.features.add_derived` adds them to a batch)."""
        from ..energy.zoning.layers import _Constructions
        from ..model import Diagnostics
        from ..surrogate.estimate import COLUMNS as SCHEMA3, add_schema3
        from ..surrogate.fast import DERIVED
        from ..surrogate.features import CONTEXT, add_derived

        kw2 = options.zoning_kwargs()
        ops = _operation_changes(self.kw, kw2)
        if not self.ok or ops is None:
            return None
        forced = dict(kw2.get("windows") or {})
        if not set(self.kw.get("windows") or {}) <= set(forced):
            return None
        facing = _per_facade(forced)
        if facing is None:
            return None
        cons = _Constructions(Diagnostics(), self.zoning.location)
        new: dict[tuple[int, str, int], Any] = {}
        for eid in changed:
            if eid not in self.parts:
                continue
            parts = self._element_parts(building2, eid, cons, forced)
            if parts is None:
                return None
            new.update(parts)
        if forced != dict(self.kw.get("windows") or {}):
            for zi, z in enumerate(self.zoning.zones):
                for i, w in enumerate(z.windows):
                    new.setdefault((zi, "w", i), replace(w, **facing(w)))
        env, coupling = self.env.copy(), self.coupling
        for key, spec in new.items():
            env[key[0]] += self._contribution(key[0], key[1], spec) - self._old(key)
            if key[1] == "s" and spec.boundary == "zone":
                coupling = self._recoupled(coupling, key, spec)
        out = {c: self.arrays[c] for c in self.base.columns}
        for j, c in enumerate(self.env_columns):
            out[c] = env[:, j]
        for feat, value in ops.items():
            out[feat] = np.full(len(self.base), value)
        w = out["floor_area_m2"]
        for k in CONTEXT:
            out[f"bldg_{k}"] = np.full(len(self.base), float(np.average(out[k].astype(float), weights=w)))
        frame = pd.DataFrame({c: v for c, v in out.items() if c not in DERIVED and c not in SCHEMA3})
        return add_schema3(add_derived(frame) if derived else frame, coupling)

    def _recoupled(self, coupling: np.ndarray, key: tuple[int, str, int], spec) -> np.ndarray:
        """``coupling`` with the conductance of the shared surface ``key`` changed to ``spec``'s (U x A) on both
        sides (a copy; :func:`~bldgagent.surrogate.estimate.coupling_matrix` of the rebuilt zones)."""
        old = self.zoning.zones[key[0]].surfaces[key[2]]
        j = self.index.get(spec.adjacent_zone)
        if j is None or j == key[0]:
            return coupling
        d = spec.area_m2 * spec.u_value_w_m2k() - old.area_m2 * old.u_value_w_m2k()
        coupling = coupling.copy()
        coupling[key[0], j] += d
        coupling[j, key[0]] += d
        return coupling

    def _element_parts(self, b2, eid: str, cons, forced: dict) -> dict | None:
        """The rebuilt surfaces and windows of one changed element: {(zone, kind, index): spec}."""
        from ..energy.zoning.envelope import _window
        from ..energy.zoning.layers import _half
        from ..ifc.shading import window_shading_fields

        e0, e2 = self.building.element(eid), b2.element(eid)
        a0, a2 = e0.area_m2, e2.area_m2
        out = {}
        for zi, kind, i in self.parts[eid]:
            rec = (self.zoning.records[zi].surfaces if kind == "s" else self.zoning.records[zi].windows)[i]
            role = rec.get("role", "window")
            ratio = (a2 / a0) if role in _AREA_ROLES and a0 and a2 is not None else 1.0
            if kind == "w":
                w = self.zoning.zones[zi].windows[i]
                new = _window(e2, w.name, w.area_m2 * ratio, forced, dict(self.kw.get("window_defaults") or {}),
                              shading=window_shading_fields(b2, eid))
                if new is None:
                    return None
                out[(zi, kind, i)] = new
                continue
            if role not in _CONSTRUCTION_ROLE:
                return None                                     # doors: from their U only, not changed by options
            s = self.zoning.zones[zi].surfaces[i]
            layers = self._construction(cons, e2, _CONSTRUCTION_ROLE[role])
            if s.boundary == "zone" and role == "ceiling":
                layers = layers[::-1]
            elif s.boundary == "adiabatic":
                layers = _half(layers, from_end=(role != "ceiling"))
            out[(zi, kind, i)] = replace(s, area_m2=s.area_m2 * ratio, layers=[tuple(map(float, x)) for x in layers])
        return out


def _envelope_columns() -> list[str]:
    """The feature names :func:`~bldgagent.surrogate.features._envelope` returns (from an empty zone)."""
    from ..surrogate.features import _envelope

    return list(_envelope(SimpleNamespace(floor_area_m2=1.0, surfaces=[], windows=[]), None))


def _operation_changes(kw: dict, kw2: dict) -> dict[str, float] | None:
    """Operation features a change set replaces ({feature: value}); None when it changes any other zoning input."""
    for k in kw:
        if k not in ("windows", "overrides") and _differs(kw[k], kw2.get(k)):
            return None
    ov, ov2 = dict(kw.get("overrides") or {}), dict(kw2.get("overrides") or {})
    if kw.get("zone_overrides") and any(set(v) & set(_OPERATION.values()) for v in kw["zone_overrides"].values()):
        return None
    out = {}
    for k in set(ov) | set(ov2):
        if k not in _OPERATION.values():
            if _differs(ov.get(k), ov2.get(k)):
                return None
            continue
        if k not in ov2:
            if k in ov:
                return None                                     # an override removed: the profile's value again
            continue
        v = np.asarray(ov2[k], dtype=float)
        if v.ndim:
            return None
        out[next(f for f, o in _OPERATION.items() if o == k)] = float(v)
    return out


def _differs(a: Any, b: Any) -> bool:
    try:
        return bool(a != b)
    except ValueError:                                          # arrays: compare element-wise
        return not (np.shape(a) == np.shape(b) and np.array_equal(a, b))


class ChangeCarbon:
    """Embodied carbon sums of change sets from the baseline's material account (module docstring)."""

    def __init__(self, account):
        from ..lca.matching import MaterialMatcher

        self.account = account
        self.opts = account.options
        self.matcher = MaterialMatcher(account.library, self.opts.mapping)
        lines = account.lines
        self.base = {c: float(np.nansum(lines[c].to_numpy(float))) for c in SUM_COLUMNS}
        per = lines[["element_id", *SUM_COLUMNS]].copy()
        per[list(SUM_COLUMNS)] = per[list(SUM_COLUMNS)].astype(float)
        self.by_element = per.groupby("element_id", sort=False)[list(SUM_COLUMNS)].sum(min_count=0)
        self._memo: dict[bytes, np.ndarray] = {}
        self._b6_unit: dict[tuple, float] = {}      # (carrier, period, region, ...) -> B6 kgCO2e of 1 kWh/a

    def sums_many(self, items: list[tuple[Any, Iterable[str]]]) -> list[tuple[dict[str, float], float | None]]:
        """Module column sums and gross floor area (m2; None when not credible) of each ``(building2, changed)``:
        the baseline with the elements ``changed`` changed. A changed element's line sums are memoised by its whole
        state (its pickled bytes: what the take-off reads of it); the elements not seen before, of all items, are
        taken off and matched in one pass (each under a unique id ``"<n>|<GlobalId>"``)."""
        from ..lca.assess import gross_floor_area
        from ..lca.sanity import reference_area
        from ..model import Diagnostics

        out, wanted, pending = [], [], {}
        for b2, changed in items:
            changed = set(changed)
            sums = np.array([self.base[c] for c in SUM_COLUMNS])
            old = self.by_element.loc[self.by_element.index.intersection(sorted(changed))]
            sums -= old[list(SUM_COLUMNS)].to_numpy(float).sum(axis=0)
            keys = []
            for e in b2.elements:
                if e.global_id in changed:
                    key = pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL)
                    if key not in self._memo:
                        pending.setdefault(key, e)
                    keys.append(key)
            wanted.append(keys)
            diags = Diagnostics()
            gfa, src = gross_floor_area(b2, self.opts.gfa_m2, diags)
            out.append((sums, reference_area(gfa, src, b2, diags)["value_m2"]))
        if pending:
            self._take_off(items[0][0], pending)
        result = []
        for (sums, gfa), keys in zip(out, wanted):
            total = sums + sum((self._memo[k] for k in keys), np.zeros(len(SUM_COLUMNS)))
            result.append(({c: float(v) for c, v in zip(SUM_COLUMNS, total)}, gfa))
        return result

    def _take_off(self, building, pending: dict[bytes, Any]) -> None:
        """Line sums of the ``pending`` elements (state bytes -> element) in one take-off, into the memo."""
        from ..lca.assess import _material_lines
        from ..model import Diagnostics

        keys, elements = list(pending), []
        for n, key in enumerate(keys):
            e = copy.copy(pending[key])
            e.global_id = f"{n}|{e.global_id}"
            elements.append(e)
        sub = copy.copy(building)
        sub.__dict__ = {k: v for k, v in building.__dict__.items() if not k.startswith("_")}
        sub.elements = elements
        a = self.account
        lines = _material_lines(sub, self.matcher, a.library, a.ratios, self.opts, a.period, Diagnostics())
        which = lines["element_id"].str.split("|", n=1).str[0].astype(int).to_numpy()
        vals = lines[list(SUM_COLUMNS)].to_numpy(float)
        for n, key in enumerate(keys):
            self._memo[key] = np.nansum(vals[which == n], axis=0)

    def totals(self, sums: dict[str, float], gfa: float | None, b6o) -> dict[str, float]:
        """Carbon totals (kgCO2e) of module ``sums`` with B6 from ``b6o`` (a B6Options with a grid): ``total``
        (EN 15978 A1-C4), ``gbt_total``, ``upfront`` (A1-A5), ``embodied`` (all but B6), ``b6``."""
        from ..lca.assess import _building_modules, _pv_account, _totals
        from ..lca.grid import resolve_region
        from ..lca.results import EN_MODULES
        from ..model import Diagnostics

        region = resolve_region(b6o.grid)
        b6v = self._b6_linear(region, b6o)
        if b6v is None:
            bmods, b6res, _ = _building_modules(gfa, self.account.period, region, self.opts, b6o, Diagnostics())
        else:       # the building modules without B6 (A5 site, C1), and B6 from the memoised factors
            bmods, _, _ = _building_modules(gfa, self.account.period, region, self.opts, _without_energy(b6o),
                                            Diagnostics())
            b6res = SimpleNamespace(total_kgco2e=b6v)
        pv = self._pv_linear(region, b6o)
        if pv is None:
            pv = _pv_account(self.account.period, region, b6o, Diagnostics())   # PV embodied (A1-A3, B4) and D
        modules, gbt = _totals(pd.DataFrame([sums]), bmods, b6res, pv)
        total = float(sum(modules[k] or 0.0 for k in EN_MODULES if k != "D"))
        return {"total": total, "gbt_total": float(gbt["total"]), "b6": float(modules["B6"] or 0.0),
                "upfront": float(modules["A1-A3"] + modules["A4"] + modules["A5"]),
                "embodied": total - float(modules["B6"] or 0.0)}

    def _b6_linear(self, region: str, b6o) -> float | None:
        """B6 (kgCO2e over the study period) of ``b6o``'s energy, the carbon engine's :func:`~bldgagent.lca.b6` being
        linear in each carrier's annual kWh: sum of kWh x that function's result for 1 kWh/a of the carrier
        (memoised by carrier, period, region, first year, trajectory and carrier factors; equal to the engine's sum
        over carriers and years to rounding). None when there is no energy or a value the engine checks (not finite,
        negative): the caller then runs the engine itself, which raises its own error."""
        from ..lca.assess import _imported

        if not b6o.energy_by_carrier_kwh:
            return None
        total = 0.0
        for carrier, kwh in _imported(b6o.energy_by_carrier_kwh).items():
            kwh = float(kwh)
            if not np.isfinite(kwh) or kwh < 0:
                return None
            total += kwh * self._b6_per_kwh(carrier, region, b6o)
        return total

    def _b6_per_kwh(self, carrier: str, region: str, b6o) -> float:
        """The carbon engine's B6 (kgCO2e over the study period) of 1 kWh/a of ``carrier`` (memoised)."""
        from ..lca.operational import b6 as compute_b6

        key = (carrier, self.account.period, region, b6o.start_year, repr(b6o.trajectory),
               repr(sorted((b6o.carrier_factors or {}).items())))
        if key not in self._b6_unit:
            self._b6_unit[key] = compute_b6({carrier: 1.0}, self.account.period, b6o.start_year, region,
                                            b6o.trajectory, b6o.carrier_factors).total_kgco2e
        return self._b6_unit[key]

    def _pv_linear(self, region: str, b6o) -> dict[str, float] | None:
        """What the carbon engine's totals read of its PV account (:func:`~bldgagent.lca.assess._pv_account`): the
        array's A1-A3 and B4, and the export credit, -exported kWh/a x the B6 of 1 kWh/a of electricity (the
        engine's B6 of the negative export, linear in it). None without a PV array whose export is given: the
        engine's own account then (which may take a net export as the export)."""
        from ..lca.pv import pv_embodied

        pv = dict(b6o.pv or {})
        if not pv or "exported_kwh" not in pv:
            return None
        out = {"a1a3_kgco2e": 0.0, "b4_kgco2e": 0.0, "export_credit_kgco2e": 0.0}
        if pv.get("kwp"):
            embodied = pv_embodied(pv["kwp"], self.account.period)
            out["a1a3_kgco2e"], out["b4_kgco2e"] = embodied["a1a3_kgco2e"], embodied["b4_kgco2e"]
        exported = float(pv["exported_kwh"])
        if exported > 0:
            out["export_credit_kgco2e"] = -exported * self._b6_per_kwh("electricity", region, b6o)
        return out


def _without_energy(b6o):
    """``b6o`` without its annual energy and PV (what :func:`~bldgagent.lca.assess._building_modules` then needs for
    A5 site and C1 only)."""
    return replace(b6o, energy_by_carrier_kwh=None, pv=None)


def _per_facade(forced: dict):
    """A function giving a window's forced fields: the per-facade ones (``forced["S"]``...) on top of the rest as
    the zoning applies them (:func:`bldgagent.energy.zoning.envelope._facing`); None when fins are forced, whose
    geometry needs each window's width from its element (the slow path then re-zones)."""
    from ..energy.zoning.envelope import _facing
    from ..model import ORIENTATIONS

    per = [forced.get(o) or {} for o in ORIENTATIONS]
    if not any(per):
        return lambda w: forced
    if any(p.get("fin_left_depth_m") or p.get("fin_right_depth_m") for p in per):
        return None
    return lambda w: _facing(forced, w.azimuth_deg, None)
