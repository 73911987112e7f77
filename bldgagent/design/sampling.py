"""Space-filling samples of the design space (scipy.stats.qmc Sobol), for the surrogate and the optimiser."""
from __future__ import annotations

from typing import Any

from ..errors import DesignOptionError
from ..model import Building
from .options import design_options


def sample_changes(building: Building, n: int, seed: int = 0, option_ids: list[str] | None = None
                   ) -> list[dict[str, Any]]:
    """``n`` change dicts over the applicable options (or ``option_ids``), drawn from a scrambled Sobol sequence
    (scipy.stats.qmc): a continuous option maps its coordinate linearly onto its bounds, a choice picks
    ``choices[floor(u * len(choices))]``. Deterministic for a given ``seed``."""
    from scipy.stats import qmc

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DesignOptionError(f"sample_changes(n={n!r}): give a positive integer number of samples")
    opts = design_options(building)
    if option_ids is not None:
        known = {o.id for o in opts}
        unknown = sorted(set(option_ids) - known)
        if unknown:
            raise DesignOptionError(f"sample_changes: option(s) {unknown} do not apply; applicable: {sorted(known)}")
        opts = [o for o in opts if o.id in set(option_ids)]
    if not opts:
        return [{} for _ in range(n)]
    points = qmc.Sobol(d=len(opts), scramble=True, seed=seed).random(n)
    out = []
    for row in points:
        change: dict[str, Any] = {}
        for o, u in zip(opts, row):
            if o.kind == "continuous":
                lo, hi = o.bounds
                change[o.id] = float(lo + u * (hi - lo))
            else:
                change[o.id] = o.choices[min(int(u * len(o.choices)), len(o.choices) - 1)]
        out.append(change)
    return out


def every_kind_changes(building: Building) -> dict[str, Any]:
    """One change of every option kind that applies (a demonstration and test change set): wood-fibre insulation
    0.05 m thicker, triple low-e glazing, window-to-wall ratios x 1.1 (capped by the bounds), a 0.5 m overhang, shading
    factor 0.8, the GGBS concrete mix, CLT upper floors, 0.3 1/h infiltration, 80 % heat recovery, an air-to-water
    heat pump, split air conditioning and PV on half the usable roof; per orientation 0.3 m fins and a shading factor
    of 0.9 (an overhang of 0.8 m to the south instead of the all-window 0.5 m), night ventilation, an openable share
    of 0.5 and recycled (EAF) steel."""
    ch: dict[str, Any] = {}
    for o in design_options(building):
        if o.id.endswith("_insulation_material"):
            ch[o.id] = "wood_fibre"
        elif o.id.endswith("_insulation_thickness_m"):
            ch[o.id] = round(min(o.bounds[1], (o.current or 0.1) + 0.05), 4)
        elif o.id.startswith("glazing_type_"):
            ch[o.id] = "triple_lowe"
        elif o.id.startswith("wwr_") and o.current is not None:
            ch[o.id] = round(min(max(o.current * 1.1, o.bounds[0]), o.bounds[1]), 4)
        elif o.id == "concrete_mix":
            ch[o.id] = "c32_40_ggbs25"
        elif o.id == "upper_floor_structure":
            ch[o.id] = "clt"
        elif o.id == "pv_area_m2":
            ch[o.id] = round(o.bounds[1] / 2, 2)
        elif o.id.startswith("shading_fin_depth_m_"):
            ch[o.id] = 0.3
        elif o.id.startswith("shading_factor_"):
            ch[o.id] = 0.9
        elif o.id == "shading_overhang_depth_m_S":
            ch[o.id] = 0.8
        elif o.id in _FIXED:
            ch[o.id] = _FIXED[o.id]
    return ch


_FIXED = {"shading_overhang_depth_m": 0.5, "shading_factor": 0.8, "infiltration_ach": 0.3,
          "heat_recovery_efficiency": 0.8, "heating_system": "air_water_hp", "cooling_system": "split_ac_cn",
          "night_ventilation": "night_purge", "openable_fraction": 0.5, "steel_route": "steel_eaf"}
