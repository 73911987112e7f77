"""Room-by-room health and comfort: thermal comfort, overheating, daylight, air quality, acoustics, scores.

Plain data in (:class:`RoomInput`, :class:`SiteInput`, hourly numpy arrays), result dataclasses out
(``to_dict()``, ``to_frame()``, ``_repr_html_()``). Methods and sources: ``docs/health.md``.

>>> from bldgagent.health import RoomInput, SiteInput, score_rooms
>>> result = score_rooms(rooms, SiteInput(temp_out_c=t_out, median_diffuse_illuminance_lx=14000))
>>> result.concepts["thermal"].score, result.overall

Names are imported on first use (PEP 562): importing the package does not load pythermalcomfort, scipy or numba.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import by_module, lazy_attributes

__all__ = [
    "AcousticResult",
    "AirResult",
    "AverageDaylightFactor",
    "BuildingHealthResult",
    "ComfortResult",
    "ConceptScore",
    "DaylightMethod",
    "DaylightResult",
    "MaterialFlag",
    "PmvPpd",
    "RoomHealthResult",
    "RoomInput",
    "ScoreItem",
    "SiteInput",
    "TM52Result",
    "TM59Result",
    "WallInput",
    "WindowInput",
    "assess_acoustics",
    "assess_air",
    "assess_daylight",
    "average_daylight_factor_pct",
    "classify_material",
    "clothing_clo",
    "co2_hourly_ppm",
    "co2_steady_state_ppm",
    "composite_r_db",
    "design_ventilation_l_s",
    "diffuse_illuminance_perez_lx",
    "en17037_level",
    "en17037_targets_pct",
    "glazing_rw_db",
    "indoor_level_db",
    "material_emission_flags",
    "median_diffuse_illuminance_from_weather",
    "median_diffuse_illuminance_lx",
    "metabolic_rate_met",
    "pmv_ppd",
    "running_mean_outdoor_c",
    "rw_mass_law_db",
    "score_room",
    "score_rooms",
    "surface_mass_kg_m2",
    "thermal_comfort",
    "thermal_comfort_many",
    "tm52",
    "tm52_many",
    "tm59",
    "ventilation_category",
]

_EXPORTS = by_module({
    ".acoustics": "AcousticResult assess_acoustics composite_r_db glazing_rw_db indoor_level_db rw_mass_law_db "
                  "surface_mass_kg_m2",
    ".air": "AirResult MaterialFlag assess_air classify_material co2_hourly_ppm co2_steady_state_ppm "
            "design_ventilation_l_s material_emission_flags ventilation_category",
    ".comfort": "ComfortResult PmvPpd clothing_clo metabolic_rate_met pmv_ppd running_mean_outdoor_c thermal_comfort "
                "thermal_comfort_many",
    ".daylight": "AverageDaylightFactor DaylightMethod DaylightResult assess_daylight average_daylight_factor_pct "
                 "diffuse_illuminance_perez_lx en17037_level en17037_targets_pct "
                 "median_diffuse_illuminance_from_weather median_diffuse_illuminance_lx",
    ".inputs": "RoomInput SiteInput WallInput WindowInput",
    ".overheating": "TM52Result TM59Result tm52 tm52_many tm59",
    ".scores": "BuildingHealthResult ConceptScore RoomHealthResult ScoreItem score_room score_rooms",
})
_SUBMODULES = ("acoustics", "air", "building", "cli", "comfort", "daylight", "inputs", "overheating", "scores")

__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS, _SUBMODULES)

if TYPE_CHECKING:
    from .acoustics import (
        AcousticResult,
        assess_acoustics,
        composite_r_db,
        glazing_rw_db,
        indoor_level_db,
        rw_mass_law_db,
        surface_mass_kg_m2,
    )
    from .air import (
        AirResult,
        MaterialFlag,
        assess_air,
        classify_material,
        co2_hourly_ppm,
        co2_steady_state_ppm,
        design_ventilation_l_s,
        material_emission_flags,
        ventilation_category,
    )
    from .comfort import (
        ComfortResult,
        PmvPpd,
        clothing_clo,
        metabolic_rate_met,
        pmv_ppd,
        running_mean_outdoor_c,
        thermal_comfort,
        thermal_comfort_many,
    )
    from .daylight import (
        AverageDaylightFactor,
        DaylightMethod,
        DaylightResult,
        assess_daylight,
        average_daylight_factor_pct,
        diffuse_illuminance_perez_lx,
        en17037_level,
        en17037_targets_pct,
        median_diffuse_illuminance_from_weather,
        median_diffuse_illuminance_lx,
    )
    from .inputs import RoomInput, SiteInput, WallInput, WindowInput
    from .overheating import TM52Result, TM59Result, tm52, tm52_many, tm59
    from .scores import BuildingHealthResult, ConceptScore, RoomHealthResult, ScoreItem, score_room, score_rooms
