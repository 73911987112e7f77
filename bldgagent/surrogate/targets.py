"""What the surrogate predicts per thermal zone and year, measured on an :class:`~bldgagent.energy.EnergyResult`.

- ``heating_kwh_m2`` / ``cooling_kwh_m2``: the zone's ideal sensible heating/cooling demand of the operated
  building (``ThermalResult.heating_w``/``cooling_w`` summed over the year / floor area), as
  ``EnergyResult.zones_frame``;
- ``peak_heating_w_m2`` / ``peak_cooling_w_m2``: the zone's highest hourly load per m2;
- ``free_hours_above_26c`` / ``free_hours_above_28c``: occupied hours (people present in the zone's usage profile)
  with the free-running operative temperature above 26 / 28 C, the health engine's passive overheating figures
  (``HealthAssessment.overheating``, which further restricts dwelling rooms to their hours of use);
- ``comfort_share``: the share of occupied hours of the operated building with an operative temperature inside the
  EN 16798-1:2019 Category II adaptive band (the health engine's :func:`~bldgagent.health.comfort.adaptive_limits_en`
  on the running-mean outdoor temperature).

Building figures: demands are floor-area weighted means of the zones (totals / total area); hours and shares are
floor-area weighted means.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Output name -> (unit, how the building figure combines the zones).
TARGETS: dict[str, str] = {
    "heating_kwh_m2": "kWh/m2 a", "cooling_kwh_m2": "kWh/m2 a",
    "peak_heating_w_m2": "W/m2", "peak_cooling_w_m2": "W/m2",
    "free_hours_above_26c": "h/a", "free_hours_above_28c": "h/a",
    "comfort_share": "fraction of occupied hours",
}
#: Outputs modelled on a log(1 + y) scale (non-negative, skewed); the others are shares modelled as they are.
LOG_TARGETS = ("heating_kwh_m2", "cooling_kwh_m2", "peak_heating_w_m2", "peak_cooling_w_m2",
               "free_hours_above_26c", "free_hours_above_28c")
#: Bookkeeping columns of a data set (not features).
META = ("case_id", "building_id", "climate", "variant", "zone", "split", "engine_version", "feature_schema")
#: Building outputs of ``surrogate check`` (contract, docs/surrogate.md): the building's annual demands first.
BUILDING_OUTPUTS = tuple(TARGETS)


def zone_targets(energy) -> pd.DataFrame:
    """The :data:`TARGETS` of every zone of ``energy`` (an EnergyResult with ``free_running_thermal``)."""
    from ..health.comfort import adaptive_limits_en, running_mean_outdoor_c

    t = energy.thermal
    area = np.asarray(t.floor_area_m2, dtype=float)
    people = energy.zoning.loads["people"]
    occ = np.asarray(people, dtype=float) > 0
    n_occ = np.maximum(occ.sum(axis=1), 1)
    trm = running_mean_outdoor_c(energy.weather.data["temp_air_c"].to_numpy(dtype=float))
    lim = adaptive_limits_en(trm)
    op = t.operative_temp_c
    day = np.minimum(np.arange(op.shape[1]) // 24, len(trm) - 1)           # daily running mean -> hours
    lo, hi = lim["ii_low"].to_numpy()[day], lim["ii_up"].to_numpy()[day]
    inside = (op >= lo) & (op <= hi) & occ
    out = pd.DataFrame({
        "zone": list(t.zone_names),
        "heating_kwh_m2": t.heating_w.sum(axis=1) / 1000.0 / area,
        "cooling_kwh_m2": t.cooling_w.sum(axis=1) / 1000.0 / area,
        "peak_heating_w_m2": t.heating_w.max(axis=1) / area,
        "peak_cooling_w_m2": t.cooling_w.max(axis=1) / area,
        "comfort_share": inside.sum(axis=1) / n_occ,
    })
    free = energy.free_running_thermal
    if free is not None:
        fop = free.operative_temp_c
        out["free_hours_above_26c"] = ((fop > 26.0) & occ).sum(axis=1).astype(float)
        out["free_hours_above_28c"] = ((fop > 28.0) & occ).sum(axis=1).astype(float)
    else:
        out["free_hours_above_26c"] = np.nan
        out["free_hours_above_28c"] = np.nan
    return out


def building_figures(values: np.ndarray, area_m2: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Floor-area weighted means of zone ``values`` (n_zones, ...) per building ``groups`` label:
    ``(labels, figures)`` with figures shaped (n_buildings, ...)."""
    labels, inv = np.unique(groups, return_inverse=True)
    w = np.asarray(area_m2, dtype=float)
    v = np.asarray(values, dtype=float)
    wsum = np.bincount(inv, weights=w)
    flat = v.reshape(len(v), -1)
    out = np.stack([np.bincount(inv, weights=w * flat[:, j]) / wsum for j in range(flat.shape[1])], axis=1)
    return labels, out.reshape((len(labels),) + v.shape[1:])
