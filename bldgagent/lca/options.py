"""Typed, validated option groups of :func:`~bldgagent.lca.assess_carbon`.

    from bldgagent.lca import assess_carbon, B6Options, CarbonOptions, UncertaintyOptions
    assess_carbon(building, options=CarbonOptions(method="gbt51366", period_years=50),
                  b6=B6Options(energy_by_carrier_kwh={"electricity": 38_000}, grid="Hainan"),
                  uncertainty=UncertaintyOptions(n_draws=500, seed=1))

The flat keyword spellings of earlier releases (``period_years=50, n_draws=500, grid="DK"``...) keep working; they
are sorted into these groups by :func:`split_legacy`. Every value is checked when the group is built: a bad value
raises :class:`~bldgagent.errors.InputValueError` naming the parameter and what is expected.
"""
from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, fields, replace
from typing import Any, Mapping, Sequence

from ..errors import InputValueError
from .methods import METHODS

#: Study period bounds (years): EN 15978 reference study periods are 50-100 years in practice (GB/T 51366 default
#: 50, RICS 60, BNB 50); 200 years is beyond any building's design life, so larger values are input errors.
PERIOD_RANGE_YEARS = (1, 200)
#: Monte Carlo draws: 100,000 draws of the vectorised sampler take seconds; more is an input error.
MAX_DRAWS = 100_000
#: First years of operation accepted for B6 (grid factors and trajectories cover 2000-2060).
START_YEAR_RANGE = (1900, 2200)


def _finite(name: str, value: Any, low: float | None = None, high: float | None = None,
            integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputValueError(f"{name} must be {'an integer' if integer else 'a number'}, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise InputValueError(f"{name} must be finite, got {value!r}")
    if integer and v != int(v):
        raise InputValueError(f"{name} must be an integer, got {value!r}")
    if (low is not None and v < low) or (high is not None and v > high):
        raise InputValueError(f"{name} must be in [{low:g}, {high:g}], got {value!r}")
    return v


def energy_by_carrier(name: str, value: Any) -> dict[str, float] | None:
    """Validated ``{carrier: kWh per year}``: finite, >= 0, except electricity, which may be negative (a net export of
    on-site PV: the engine takes it as 0 imported and that much exported, EN 15978 module D, with a warning that
    annual netting hides the imports; give ``pv={"exported_kwh": ..}`` with the imports instead)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InputValueError(f"{name} must be a mapping carrier -> kWh per year, e.g. {{'electricity': 40000}}; "
                              f"got {type(value).__name__} {value!r}")
    out = {}
    for carrier, kwh in value.items():
        if not isinstance(carrier, str) or not carrier:
            raise InputValueError(f"{name}: carrier names must be non-empty strings, got {carrier!r}")
        low = -1e12 if carrier.strip().lower() == "electricity" else 0.0
        out[carrier] = _finite(f"{name}[{carrier!r}]", kwh, low, 1e12)
    return out


#: Keys of the ``pv`` option of :class:`B6Options` (annual kWh, kW peak) and their lower bounds.
PV_KEYS = {"kwp": 0.0, "exported_kwh": 0.0, "self_consumed_kwh": 0.0}


def pv_account(name: str, value: Any) -> dict[str, float] | None:
    """Validated ``{"kwp": kW peak, "exported_kwh": kWh/a, "self_consumed_kwh": kWh/a}`` (each optional, finite,
    >= 0; kwp > 0): the on-site PV array and the annual split of its output (:mod:`bldgagent.lca.pv`)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InputValueError(f"{name} must be a mapping such as {{'kwp': 10, 'exported_kwh': 4000}}; got {value!r}")
    unknown = [k for k in value if k not in PV_KEYS]
    if unknown:
        raise InputValueError(f"{name}: unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(PV_KEYS)}")
    out = {k: _finite(f"{name}[{k!r}]", v, PV_KEYS[k], 1e12) for k, v in value.items() if v is not None}
    if "kwp" in out and not 0 < out["kwp"] < 1e6:
        raise InputValueError(f"{name}['kwp'] must be a positive PV nameplate power in kW peak, got {out['kwp']!r}")
    return out


@dataclass(frozen=True)
class UncertaintyOptions:
    """Monte Carlo settings: ``n_draws`` (0 = skip, at most :data:`MAX_DRAWS`) and ``seed``."""

    n_draws: int = 1000
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_draws", int(_finite("n_draws", self.n_draws, 0, MAX_DRAWS, integer=True)))
        object.__setattr__(self, "seed", int(_finite("seed", self.seed, 0, 2**32 - 1, integer=True)))


@dataclass(frozen=True)
class B6Options:
    """Operational energy (B6): annual final energy by carrier (kWh), grid region (None: the site's country, as
    :func:`bldgagent.assess` chooses it; CN with a warning when the site has no location), trajectory, first year,
    and fixed carrier factors (kg/kWh; also used for metered site energy in A5). ``pv``: the on-site array
    (``kwp``, for its embodied carbon) and the export of its hourly split (``exported_kwh``; electricity in
    ``energy_by_carrier_kwh`` is then the imported electricity, >= 0), see :mod:`bldgagent.lca.pv`."""

    energy_by_carrier_kwh: Mapping[str, float] | None = None
    grid: str | None = None
    trajectory: Any = "static"
    start_year: int | None = None
    carrier_factors: Mapping[str, float] | None = None
    pv: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "energy_by_carrier_kwh",
                           energy_by_carrier("energy_by_carrier_kwh", self.energy_by_carrier_kwh))
        object.__setattr__(self, "pv", pv_account("pv", self.pv))
        if self.pv and "exported_kwh" in self.pv and (self.energy_by_carrier_kwh or {}).get("electricity", 0.0) < 0:
            raise InputValueError("energy_by_carrier_kwh['electricity'] is negative while pv['exported_kwh'] is given: "
                                  "with the export given, electricity is the imported (grid) electricity, >= 0 kWh")
        if self.grid is not None and not isinstance(self.grid, str):
            raise InputValueError(f"grid must be a region id or name such as 'CN', 'DK', 'Hainan'; got {self.grid!r}")
        if self.start_year is not None:
            object.__setattr__(self, "start_year", int(_finite("start_year", self.start_year, *START_YEAR_RANGE,
                                                               integer=True)))
        if self.carrier_factors is not None:
            if not isinstance(self.carrier_factors, Mapping):
                raise InputValueError("carrier_factors must be a mapping carrier -> kg/kWh, got "
                                      f"{self.carrier_factors!r}")
            for c, f in self.carrier_factors.items():
                _finite(f"carrier_factors[{c!r}]", f, 0.0, 10.0)


@dataclass(frozen=True)
class CarbonOptions:
    """What to assess and how: accounting method, study period, factor sets, mapping, A4/A5/C rules, rebar, GFA."""

    method: str = "both"
    period_years: int | None = None
    factor_sets: Any = None
    mapping: Any = None
    transport: Mapping[str, Any] | None = None
    rebar: Any = None
    gfa_m2: float | None = None
    waste: bool | Mapping[str, float] = True
    recovery: Mapping[str, float] | None = None
    site_energy_kwh_by_carrier: Mapping[str, float] | None = None
    min_confidence: float = 0.25

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if self.period_years is not None:
            object.__setattr__(self, "period_years", int(_finite("period_years", self.period_years,
                                                                 *PERIOD_RANGE_YEARS, integer=True)))
        if self.gfa_m2 is not None:
            _finite("gfa_m2", self.gfa_m2, 0.0, 1e8)
            if not self.gfa_m2 > 0:
                raise InputValueError(f"gfa_m2 must be positive, got {self.gfa_m2}")
        _finite("min_confidence", self.min_confidence, 0.0, 1.0)
        if not self.min_confidence < 1:
            raise InputValueError(f"min_confidence must be in [0, 1), got {self.min_confidence}")
        object.__setattr__(self, "site_energy_kwh_by_carrier",
                           energy_by_carrier("site_energy_kwh_by_carrier", self.site_energy_kwh_by_carrier))


#: Order of the positional parameters of the earlier ``assess_carbon`` signature (deprecated).
LEGACY_POSITIONAL = ("method", "period_years", "factor_sets", "mapping", "transport", "rebar", "energy_by_carrier_kwh",
                     "grid", "trajectory", "start_year", "seed", "n_draws", "gfa_m2", "waste", "recovery",
                     "site_energy_kwh_by_carrier", "carrier_factors", "min_confidence")
_GROUPS = (("options", CarbonOptions), ("b6", B6Options), ("uncertainty", UncertaintyOptions))


def split_legacy(args: Sequence[Any], kwargs: Mapping[str, Any], options: CarbonOptions | None,
                 b6: B6Options | None, uncertainty: UncertaintyOptions | None
                 ) -> tuple[CarbonOptions, B6Options, UncertaintyOptions]:
    """Option groups from ``options=``/``b6=``/``uncertainty=`` plus flat keywords (and deprecated positionals).

    A flat keyword overrides the same field of a group passed alongside it.
    """
    given = dict(options=options, b6=b6, uncertainty=uncertainty)
    flat: dict[str, Any] = {}
    if args:
        warnings.warn("assess_carbon: passing options positionally is deprecated and will stop working in the next "
                      "release; pass them as keywords or as options=CarbonOptions(...), b6=B6Options(...), "
                      "uncertainty=UncertaintyOptions(...)", DeprecationWarning, stacklevel=3)
        rest = list(args)
        for name, cls in _GROUPS:  # an option object passed positionally
            while rest and isinstance(rest[0], cls):
                given[name] = rest.pop(0)
        if len(rest) > len(LEGACY_POSITIONAL):
            raise InputValueError(f"assess_carbon takes at most {len(LEGACY_POSITIONAL)} positional options, got "
                                  f"{len(rest)}")
        flat.update(zip(LEGACY_POSITIONAL, rest))
    for key, value in kwargs.items():
        if key in flat:
            raise InputValueError(f"assess_carbon got {key!r} both positionally and as a keyword")
        flat[key] = value
    out = []
    for name, cls in _GROUPS:
        group = given[name]
        if group is not None and not isinstance(group, cls):
            raise InputValueError(f"{name}= must be a {cls.__name__}, got {type(group).__name__}")
        names = {f.name for f in fields(cls)}
        mine = {k: flat.pop(k) for k in list(flat) if k in names}
        out.append(replace(group, **mine) if group is not None else cls(**mine))
    if flat:
        known = sorted(f.name for _, cls in _GROUPS for f in fields(cls))
        raise InputValueError(f"assess_carbon got unknown option(s) {', '.join(map(repr, flat))}; known: "
                              f"{', '.join(known)}")
    return out[0], out[1], out[2]
