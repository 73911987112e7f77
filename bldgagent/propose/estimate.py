"""Fast estimate of a design-change set: the surrogate for the hourly physics, the exact carbon engine for the rest.

For a change set the estimator

1. applies it to the building (:func:`bldgagent.design.apply_with_report`: the changed copy and the elements it
   changed) and takes the changed elements' material lines (:class:`~.fast.ChangeCarbon`: exact embodied carbon,
   A1-A5, B4, C1-C4 of every material line, as :func:`bldgagent.assess` counts them, without re-taking-off the
   unchanged elements);
2. rebuilds the features of the zones those elements bound (:class:`~.fast.ChangeFeaturizer`: the surrogate's own
   feature functions on the baseline zones with the changed surfaces and windows) and asks the surrogate for the
   building's heating and cooling demand and comfort figures (:mod:`bldgagent.surrogate`), every change set of a
   generation in one forward pass;
3. anchors the surrogate on the physics baseline: the estimated demand is the simulated baseline demand plus the
   surrogate's change (candidate minus baseline, both predicted), so the surrogate's bias on this building cancels;
4. turns demand into final energy per carrier through the candidate's plant: the plant-only physics (the
   baseline's zones with the candidate's systems and PV, :class:`~bldgagent.variants.VariantEvaluator`) gives the
   carriers and the systems' mean efficiencies (demand / final energy), and the demand change is added at that
   efficiency to the end use's carrier;
5. completes the carbon with B6 from those carriers (the carbon engine's building modules and totals: EN 15978 and
   GB/T 51366).

Steps 1-2 equal the slow path (apply, re-zone, features; the carbon engine on the whole changed copy) to 1e-9
(tests/propose/test_propose_fast.py); change sets the fast path does not cover take the slow path.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import BldgAgentError, InputValueError

#: PV module areas (m2) of the two plant runs a PV area's carriers are interpolated between.
PV_REFERENCE_M2 = (10.0, 100.0)
#: Surrogate outputs the estimator uses (names of :data:`bldgagent.surrogate.targets.TARGETS`).
_DEMANDS = ("heating", "cooling")


@dataclass
class Estimate:
    """The estimate of one change set; ``error`` says why a change set could not be estimated (None when it was).
    Carbon in kgCO2e per m2 of the changed building's gross floor area ``gfa_m2``; demands in kWh/a."""

    changes: dict[str, Any]
    error: str | None = None
    whole_life_kgco2e_m2: dict[str, float] = field(default_factory=dict)
    upfront_kgco2e_m2: float | None = None
    embodied_kgco2e_m2: float | None = None
    b6_kgco2e_m2: float | None = None
    energy_kwh_m2: float | None = None
    gfa_m2: float | None = None
    demand_kwh: dict[str, float] = field(default_factory=dict)
    demand_interval_kwh: dict[str, list[float]] = field(default_factory=dict)
    comfort_share: float | None = None
    #: the largest fall of a zone's comfort share against the baseline's (surrogate; fraction of occupied hours)
    zone_comfort_drop: float | None = None
    #: the surrogate's comfort share per zone (the featurizer's zone order; the repair's culprit ranking reads it)
    zone_comfort: np.ndarray | None = None
    free_hours_above_26c: float | None = None
    ood: bool = False
    whole_life_interval_kgco2e_m2: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


def change_key(changes: Mapping[str, Any]) -> str:
    """A stable text key of a change set (continuous values rounded to 6 significant digits)."""
    return json.dumps({k: (float(f"{v:.6g}") if isinstance(v, float) else v) for k, v in sorted(changes.items())})


class Estimator:
    """Estimates of change sets of ``evaluator.building`` (see the module docstring); ``model`` the surrogate."""

    def __init__(self, evaluator, model, reuse: "Estimator | None" = None):
        from ..assess import material_account_of
        from .fast import ChangeCarbon, ChangeFeaturizer

        self.ev, self.model = evaluator, model
        self.mixed = evaluator.scenario.operation == "mixed"
        base = evaluator.baseline
        self.base_demand = {"heating": float(base.energy.heating_kwh), "cooling": float(base.energy.cooling_kwh)}
        self._plants: dict[str, Any] = reuse._plants if reuse is not None else {}
        self._cache: dict[str, Estimate] = {}
        self._parts: dict[str, tuple] = {}      # change key -> (material sums, gfa, surrogate prediction)
        self._offered = reuse._offered if reuse is not None else None   # design_options(evaluator.building)
        self.calls = 0
        if reuse is not None:
            self.featurizer, self.account = reuse.featurizer, reuse.account
        else:
            self.featurizer = ChangeFeaturizer(evaluator.building, evaluator.weather, evaluator.energy_options,
                                               self.mixed)
            account = getattr(evaluator, "_account", None)
            self.account = ChangeCarbon(account if account is not None else
                                        material_account_of(evaluator.building, evaluator.carbon_options))
        self.base_surrogate = self._predict([self.featurizer.base])[0]

    # --- surrogate ----------------------------------------------------------------------------------------
    def _energy_options(self, changes: Mapping[str, Any]):
        from ..design import energy_options_for
        from ..energy.options import EnergyOptions

        eo = energy_options_for(dict(changes))
        return EnergyOptions.coerce(self.ev.energy_options, **eo) if eo else self.ev.energy_options

    def _features(self, building, changes) -> pd.DataFrame:
        from ..surrogate.data import variant_features

        return variant_features(building, self.ev.weather, self._energy_options(changes), self.mixed)

    def _predict(self, frames: list[pd.DataFrame]) -> list[dict[str, np.ndarray]]:
        """Per frame: building totals (kWh/a) of heating/cooling mean, lo90, hi90 and the comfort figures."""
        from ..surrogate.ensemble import building_prediction

        from ..surrogate.features import add_derived

        X = add_derived(pd.concat(frames, ignore_index=True))   # the proxies of rows that lack them (fast path)
        groups = np.concatenate([np.full(len(f), i) for i, f in enumerate(frames)])
        area = X["floor_area_m2"].to_numpy(dtype=float)
        feats = X[self.model.meta["features"]]
        with _one_torch_thread():
            raw = self.model._raw(feats)                 # one forward pass: the buildings' and the zones' figures
        _, pred = building_prediction(self.model, feats, groups, area, raw=raw)
        names = list(pred.names)
        zone = self.model._clip(raw[0].mean(axis=0))[:, names.index("comfort_share")]   # = predict(...).mean
        out = []
        for i, f in enumerate(frames):
            a = float(f["floor_area_m2"].sum())
            row = {}
            for d in _DEMANDS:
                j = names.index(f"{d}_kwh_m2")
                row[d] = np.array([pred.mean[i, j], pred.lo90[i, j], pred.hi90[i, j]]) * a
            row["comfort_share"] = float(pred.mean[i, names.index("comfort_share")])
            row["free_hours_above_26c"] = float(pred.mean[i, names.index("free_hours_above_26c")])
            row["ood"] = bool(pred.ood[i])
            row["zone_comfort"] = zone[groups == i]
            out.append(row)
        return out

    # --- plant --------------------------------------------------------------------------------------------
    def _plant(self, changes: Mapping[str, Any]):
        """The baseline's zones run with the candidate's systems and PV (physics, plant only; cached per systems).

        A PV array's output is proportional to its module area (:mod:`bldgagent.energy.pv`: one module type,
        yield per m2), so the carriers of an area are interpolated linearly between two plant runs at
        :data:`PV_REFERENCE_M2` (equal to a direct run to 1e-9, tests/propose/test_propose_fast.py); the systems'
        efficiencies and carriers do not depend on the PV."""
        from ..design import energy_options_for

        eo = energy_options_for(dict(changes))
        systems = {"systems": eo["systems"]} if "systems" in eo else {}
        area = float(eo["pv"]["area_m2"]) if "pv" in eo else None
        if area is None:
            return self._plant_run(systems)
        (a1, p1), (a2, p2) = ((a, self._plant_run(dict(systems, pv=dict(eo["pv"], area_m2=a))))
                              for a in PV_REFERENCE_M2)
        t = (area - a1) / (a2 - a1)
        carriers = {k: p1[0].get(k, 0.0) + t * (p2[0].get(k, 0.0) - p1[0].get(k, 0.0)) for k in set(p1[0]) | set(p2[0])}
        return carriers, p1[1], p1[2], _scaled_pv_split(p1[3], p1[4], area / a1)

    def _plant_run(self, plant: dict[str, Any]):
        from ..assess import pv_account_of

        key = json.dumps(plant, sort_keys=True, default=str)
        if key not in self._plants:
            energy = self.ev.plant_energy(plant) if plant else self.ev.baseline.energy   # no carbon: not read
            self._plants[key] = (dict(energy.by_carrier), dict(energy.final.efficiency),
                                 dict(energy.final.end_use_carrier), pv_account_of(energy),
                                 getattr(energy, "pv_balance", None))
        return self._plants[key]

    def carriers(self, changes: Mapping[str, Any], demand_kwh: Mapping[str, float]) -> dict[str, float]:
        """Final energy per carrier (kWh/a, electricity net of PV) for the candidate's plant and ``demand_kwh``."""
        by_carrier, eff, carrier_of = self._plant(changes)[:3]
        out = {k: v for k, v in by_carrier.items() if k != "solar_thermal"}
        for d in _DEMANDS:
            delta = demand_kwh[d] - self.base_demand[d]
            if delta == 0.0:
                continue
            c = carrier_of.get(d, "electricity")
            out[c] = out.get(c, 0.0) + delta / max(eff.get(d) or 1.0, 1e-3)
        return out

    # --- carbon -------------------------------------------------------------------------------------------
    def carbon(self, sums: Mapping[str, float], gfa: float | None, carriers: Mapping[str, float],
               pv: Mapping[str, float] | None = None) -> dict[str, float]:
        """Carbon totals (kgCO2e; :meth:`~.fast.ChangeCarbon.totals`) of material ``sums`` with B6 from ``carriers``
        (kWh/a), on the grid :func:`bldgagent.assess` uses; ``pv``: the plant run's PV split (kWp, self-consumed and
        exported kWh), so B6 counts the imported electricity (net + export) and the export goes to EN 15978 module D,
        as :func:`bldgagent.assess` does."""
        from ..energy.assess import default_grid
        from ..lca.options import split_legacy

        kw = dict(self.ev.carbon_options)
        kw["grid"] = kw.get("grid") or default_grid(self.ev.baseline.energy.zoning.location)
        kw["energy_by_carrier_kwh"] = dict(carriers)
        if pv:
            kw["pv"] = dict(pv)
            kw["energy_by_carrier_kwh"]["electricity"] = max(0.0, carriers.get("electricity", 0.0) + pv["exported_kwh"])
        kw["n_draws"] = 0
        _, b6o, _ = split_legacy((), kw, None, None, None)
        return self.account.totals(sums, gfa, b6o)

    # --- public -------------------------------------------------------------------------------------------
    def estimate_many(self, changes_list: list[Mapping[str, Any]], interval: bool = False) -> list[Estimate]:
        """Estimates of ``changes_list`` in order (the surrogate in one batch; cached by change set)."""
        from ..design import apply_with_report, design_options

        if self._offered is None:
            self._offered = design_options(self.ev.building)     # validated against once, not per change set
        out: list[Estimate | None] = [self._cache.get(change_key(c)) for c in changes_list]
        todo = [i for i, e in enumerate(out) if e is None or (interval and e.ok and not e.whole_life_interval_kgco2e_m2)]
        if interval:        # an estimate without its interval: completed from its kept sums and prediction
            todo = [i for i in todo if not self._complete(out, i, changes_list[i])]
        items = []
        for i in todo:
            ch = dict(changes_list[i])
            try:
                b2, report = apply_with_report(self.ev.building, ch, offered=self._offered)
                changed = {gid for entry in report.entries for gid in entry["elements"]}
                feats = self.featurizer.frame(b2, changed, self._energy_options(ch), derived=False)
                items.append((i, ch, (b2, changed), feats if feats is not None else self._features(b2, ch)))
            except BldgAgentError as exc:
                out[i] = Estimate(ch, error=str(exc))
        sums = self._sums([it[2] for it in items])
        preds = self._predict([it[3] for it in items]) if items else []
        for (i, ch, _, _), s, p in zip(items, sums, preds):
            try:
                if isinstance(s, BldgAgentError):
                    raise s
                out[i] = self._finish(ch, s[0], s[1], p, interval)
                self._parts[change_key(ch)] = (s[0], s[1], p)
            except BldgAgentError as exc:      # e.g. a plant whose carrier has no factor in this region
                out[i] = Estimate(ch, error=str(exc))
            self._cache[change_key(ch)] = out[i]
        self.calls += len(items)
        return out  # type: ignore[return-value]

    def _complete(self, out: list, i: int, changes: Mapping[str, Any]) -> bool:
        """Put the estimate of ``changes`` with its interval into ``out[i]`` from the material sums and surrogate
        prediction kept when it was first estimated (the same numbers as estimating it again); False when none
        were kept."""
        key = change_key(changes)
        parts = self._parts.get(key)
        if parts is None:
            return False
        ch = dict(changes)
        try:
            out[i] = self._finish(ch, *parts, True)
        except BldgAgentError as exc:
            out[i] = Estimate(ch, error=str(exc))
        self._cache[key] = out[i]
        return True

    def _sums(self, items: list) -> list:
        """Material sums of every (changed copy, changed ids) in one pass; one by one when the pass fails, so a
        change set the carbon engine refuses carries its own error."""
        try:
            return self.account.sums_many(items) if items else []
        except BldgAgentError:
            out = []
            for item in items:
                try:
                    out.append(self.account.sums_many([item])[0])
                except BldgAgentError as exc:
                    out.append(exc)
            return out

    def _finish(self, ch, sums, gfa, p, interval: bool) -> Estimate:
        base = self.base_surrogate
        if not gfa:
            raise InputValueError(f"{self.ev.building.source_path or self.ev.building.name}: no credible gross floor "
                                  "area, so no carbon per m2 to search on; pass gfa_m2 in the carbon options")
        dem = {d: max(0.0, self.base_demand[d] + float(p[d][0] - base[d][0])) for d in _DEMANDS}
        carriers = self.carriers(ch, dem)
        pv = self._plant(ch)[3]
        c = self.carbon(sums, gfa, carriers, pv)
        gfa = float(gfa)
        est = Estimate(ch, whole_life_kgco2e_m2=_whole_life(c, gfa), upfront_kgco2e_m2=c["upfront"] / gfa,
                       embodied_kgco2e_m2=c["embodied"] / gfa, b6_kgco2e_m2=c["b6"] / gfa,
                       energy_kwh_m2=sum(carriers.values()) / gfa, gfa_m2=gfa, demand_kwh=dem,
                       comfort_share=p["comfort_share"], free_hours_above_26c=p["free_hours_above_26c"], ood=p["ood"])
        est.zone_comfort = np.asarray(p["zone_comfort"], dtype=float)
        if len(p["zone_comfort"]) == len(base["zone_comfort"]):
            est.zone_comfort_drop = float(np.max(base["zone_comfort"] - p["zone_comfort"]))
        est.demand_interval_kwh = {d: [max(0.0, self.base_demand[d] + float(p[d][k] - base[d][0])) for k in (1, 2)]
                                   for d in _DEMANDS}
        if interval:
            ends = []
            for k in (0, 1):
                dk = {d: est.demand_interval_kwh[d][k] for d in _DEMANDS}
                ends.append(_whole_life(self.carbon(sums, gfa, self.carriers(ch, dk), pv), gfa))
            est.whole_life_interval_kgco2e_m2 = {m: sorted([ends[0][m], ends[1][m]]) for m in ends[0]}
        return est


@contextmanager
def _one_torch_thread():
    """torch on one thread inside the block (the estimator's batches are a few hundred rows: one thread is faster
    than two, and on a shared machine the second thread's spinning costs CPU; measured 6 ms against 235 ms wall
    per 600-row pass at a load average of 10 on 2 cores, same numbers bit for bit); the setting is restored."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _scaled_pv_split(account: Mapping[str, float] | None, balance, scale: float) -> dict[str, float] | None:
    """The carbon engine's ``pv`` option for an array ``scale`` times the reference run's: the hourly PV output and
    the kWp scale with the module area, the load does not, so the split is netted again hour by hour
    (:func:`bldgagent.energy.pv.pv_self_consumption`), not interpolated."""
    if account is None or balance is None:
        return None
    from ..energy.pv import pv_self_consumption

    split = pv_self_consumption(balance.load_kwh, balance.pv_kwh * scale)
    return {"kwp": float(account["kwp"]) * scale, "self_consumed_kwh": float(split.self_consumed_kwh.sum()),
            "exported_kwh": float(split.exported_kwh.sum())}


def _whole_life(c: Mapping[str, float], gfa: float) -> dict[str, float]:
    """Whole-life carbon per m2 of ``gfa`` keyed by method: EN 15978 A1-C4 and the GB/T 51366 total."""
    return {"en15978": c["total"] / gfa, "gbt51366": c["gbt_total"] / gfa}
