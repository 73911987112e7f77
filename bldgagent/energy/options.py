"""The options of an energy assessment, grouped in one typed object.

:func:`bldgagent.energy.assess_energy` accepts them one by one (``zoning="storey"``) or grouped
(``options=EnergyOptions(zoning="storey")``); the pipeline (:func:`bldgagent.assess`) and the health engine pass the
grouped form on, so every engine reads the same building. What the operation is (conditioned, mixed mode, free
running) is not an option here: it is the scenario, decided once per assessment (:mod:`bldgagent.scenario`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

from ..errors import InputValueError

ZONINGS = ("space", "storey", "usage_storey")


@dataclass(frozen=True)
class EnergyOptions:
    """How the building becomes thermal zones and systems (see :func:`bldgagent.energy.zoning.zones_from_building`
    for ``zoning`` ... ``profile_overrides`` and :func:`bldgagent.energy.assess_energy` for ``systems`` and ``pv``).

    ``year``: calendar year of the usage schedules (default the weather's year). ``simulate_options``: keyword
    arguments of :func:`bldgagent.energy.thermal.simulate`. ``horizon``: obstructions around the site as
    ``[(azimuth_deg, altitude_deg), ...]`` (:mod:`bldgagent.energy.shading`; the simulation's ``horizon``).
    ``natural_ventilation``: None, ``True`` or a dict of :func:`bldgagent.energy.ventilation.simulate_with_windows`
    parameters (``openable_fraction``, ``night_ventilation``, ``open_above_c``) used wherever windows are simulated
    (the free-running run the health engine reads, and mixed-mode operation); whether windows operate at all is the
    scenario's decision. ``windows`` may hold per-orientation field dicts under ``"N"``, ``"E"``, ``"S"``, ``"W"``
    (e.g. ``{"S": {"overhang_depth_m": 0.8}}``), on top of its plain fields for the windows facing that way.
    ``moisture``: None (the zone moisture balance with its defaults), False (sensible only, no latent load) or a
    dict of :func:`bldgagent.energy.moisture.zone_moisture` options (``rh_setpoint_pct``...).
    """

    systems: Any = None
    pv: Mapping[str, Any] | None = None
    zoning: str = "space"
    standard: str = "auto"
    country: str | None = None
    climate_zone: str | None = None
    usage: str | None = None
    year: int | None = None
    overrides: Mapping[str, Any] | None = None
    zone_overrides: Mapping[str, Mapping[str, Any]] | None = None
    surfaces: Mapping[str, Mapping[str, Any]] | None = None
    windows: Mapping[str, Any] | None = None
    window_defaults: Mapping[str, Any] | None = None
    profile_overrides: Mapping[str, Any] | None = None
    simulate_options: Mapping[str, Any] | None = None
    moisture: Any = None
    horizon: Any = None
    natural_ventilation: Any = None

    def __post_init__(self) -> None:
        if self.zoning not in ZONINGS:
            raise InputValueError(f"zoning={self.zoning!r}: use one of {', '.join(ZONINGS)}")
        if self.year is not None and not (isinstance(self.year, int) and 1900 <= self.year <= 2200):
            raise InputValueError(f"year={self.year!r}: give a calendar year (1900-2200) or None")
        for name in ("pv", "overrides", "zone_overrides", "surfaces", "windows", "window_defaults",
                     "profile_overrides", "simulate_options"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Mapping):
                raise InputValueError(f"{name}: expected a dict or None, got {type(value).__name__}")
            if value is not None and name != "simulate_options":
                _check_numbers(value, name)
        if not (self.natural_ventilation is None or isinstance(self.natural_ventilation, (bool, Mapping))):
            raise InputValueError(f"natural_ventilation: expected None, True/False or a dict of window options, got "
                                  f"{self.natural_ventilation!r}")
        if isinstance(self.natural_ventilation, Mapping):
            _check_numbers(self.natural_ventilation, "natural_ventilation")
        if not (self.moisture is None or self.moisture is False or isinstance(self.moisture, Mapping)):
            raise InputValueError(f"moisture: expected None, False or a dict of options, got {self.moisture!r}")
        if self.horizon is not None:
            from .shading import check_horizon

            object.__setattr__(self, "horizon", check_horizon(self.horizon, "horizon") or None)

    @classmethod
    def coerce(cls, value: "EnergyOptions | Mapping[str, Any] | None", **explicit: Any) -> "EnergyOptions":
        """``value`` (None, an :class:`EnergyOptions` or a dict of its fields) with ``explicit`` fields on top;
        unknown names raise :class:`InputValueError` listing the known ones."""
        if value is None:
            base = cls()
        elif isinstance(value, cls):
            base = value
        elif isinstance(value, Mapping):
            base = cls(**_known(dict(value), "energy options"))
        else:
            raise InputValueError(f"energy options: expected EnergyOptions or a dict, got {type(value).__name__}")
        given = {k: v for k, v in explicit.items() if v is not None}
        return replace(base, **_known(given, "energy options")) if given else base

    def under(self, model_options: Mapping[str, Any] | None) -> "EnergyOptions":
        """These options on top of the defaults a model states (:attr:`bldgagent.model.Building.energy_options`):
        a field left None here takes the model's value; for dict fields the model's keys are kept where these
        options do not give them. Unknown names in the model's options raise InputValueError."""
        if not model_options:
            return self
        given = _known(dict(model_options), "the model's energy options")
        merged = {}
        for name, value in given.items():
            mine = getattr(self, name)
            if mine is None:
                merged[name] = value
            elif isinstance(mine, Mapping) and isinstance(value, Mapping):
                merged[name] = {**value, **mine}
        return replace(self, **merged) if merged else self

    def zoning_kwargs(self) -> dict[str, Any]:
        """The fields :func:`~bldgagent.energy.zoning.zones_from_building` takes."""
        return {k: getattr(self, k) for k in ("zoning", "standard", "country", "climate_zone", "usage", "overrides",
                                               "zone_overrides", "surfaces", "windows", "window_defaults",
                                               "profile_overrides")}


def _check_numbers(value: Any, where: str) -> None:
    """Refuse NaN and infinite numbers (scalars, sequences, arrays) anywhere in an option's dict, naming the key;
    a set-point may be NaN (= off, as in the usage profiles)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check_numbers(item, f"{where}[{key!r}]")
        return
    if isinstance(value, (str, bytes)) or value is None or isinstance(value, bool):
        return
    import numpy as np

    nan_ok = where.rstrip("']").endswith("setpoint_c")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return
    bad = np.isinf(arr) if nan_ok else ~np.isfinite(arr)
    if bad.any():
        raise InputValueError(f"{where}: expected finite numbers, got {arr[bad].flat[0]}"
                              + ("" if arr.ndim == 0 else f" among {arr.size} values"))


def _known(values: dict[str, Any], where: str) -> dict[str, Any]:
    names = {f.name for f in fields(EnergyOptions)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise InputValueError(f"{where}: unknown option(s) {unknown}; known: {', '.join(sorted(names))}")
    return values
