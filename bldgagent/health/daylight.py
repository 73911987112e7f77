"""Daylight provision: average daylight factor (BRE/CIBSE), window-to-floor ratio, EN 17037 level.

Average daylight factor (Littlefair, BRE BR 209 Appendix C; CIBSE LG10; Tregenza & Sharples 1993,
Daylighting Algorithms, Alg. 2.12), summed over the windows:

    DF = sum_i(T_i * M_i * A_g,i * theta_i) / (A * (1 - R^2))   [%]

T diffuse visible transmittance of clean glazing, M maintenance (dirt) factor, A_g glazed area
(window area x glazing fraction, i.e. the frame factor), theta the visible sky angle in degrees, A the
total area of the room surfaces (floor, ceiling, walls, windows), R their area-weighted mean
reflectance. With theta in degrees the result is in percent.

EN 17037:2018 level: the target daylight factor for an illuminance E_T is D_T = E_T / E_v,d,med x 100 %,
E_v,d,med being the site's median external diffuse illuminance over the 4380 daylight hours with the
highest values. The average DF is compared with D_T for 300/500/750 lx (minimum/medium/high). This
is a proxy: EN 17037 asks for D_T over 50 % *and* D_TM over 95 % of the reference plane, which need the
DF distribution (a point-by-point method, see :class:`DaylightMethod`).

Diffuse illuminance from hourly diffuse irradiance uses the Perez et al. (1990) luminous efficacy
model (coefficients in ``data/health/perez1990_diffuse_efficacy.csv``), or a fixed efficacy the user
gives with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..errors import InputValueError
from ..model import Diagnostic, Diagnostics
from ._common import Result, as_hourly, check_range, params, records, table
from .inputs import RoomInput, WindowInput


def _default(parameter: str) -> float:
    return float(params("daylight_defaults")[parameter])


# --- diffuse illuminance -------------------------------------------------------------------------------
def diffuse_illuminance_perez_lx(
    dhi_w_m2: Any,
    dni_w_m2: Any,
    zenith_deg: Any,
    dew_point_c: Any,
    dni_extra_w_m2: Any,
    airmass: Any = None,
) -> np.ndarray:
    """Diffuse horizontal illuminance (lx) with the Perez et al. (1990) luminous efficacy model.

    E_v,d = I_d (a + b W + c cos Z + d ln Delta) per sky-clearness bin epsilon, with
    epsilon = ((I_d + I_n)/I_d + 1.041 Z^3)/(1 + 1.041 Z^3) (Z in rad), Delta = I_d m / I_0,
    W = exp(0.07 T_d - 0.075) precipitable water (cm). ``airmass`` defaults to Kasten (1966) relative
    air mass (pvlib). Zero where the sun is below the horizon or there is no diffuse irradiance.
    """
    dhi, dni, z_deg, td, i0 = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (dhi_w_m2, dni_w_m2, zenith_deg, dew_point_c, dni_extra_w_m2))
    )
    if airmass is None:
        import pvlib

        airmass = pvlib.atmosphere.get_relative_airmass(np.clip(z_deg, 0.0, 90.0), model="kasten1966")
    m = np.broadcast_to(np.asarray(airmass, dtype=float), dhi.shape)
    up = (z_deg < 90.0) & (dhi > 0.0) & np.isfinite(m)
    out = np.zeros(dhi.shape)
    if not up.any():
        return out
    d, n, z, t, e0, mm = (a[up] for a in (dhi, dni, np.radians(z_deg), td, i0, m))
    k = 1.041 * z**3
    eps = ((d + n) / d + k) / (1.0 + k)
    delta = np.maximum(d * mm / e0, 1e-6)
    w = np.exp(0.07 * t - 0.075)
    coef = table("perez1990_diffuse_efficacy")
    edges = coef["epsilon_high"].to_numpy(dtype=float)[:-1]
    b = np.clip(np.searchsorted(edges, eps, side="right"), 0, len(coef) - 1)
    a_, b_, c_, d_ = (coef[col].to_numpy(dtype=float)[b] for col in ("a", "b", "c", "d"))
    out[up] = np.maximum(d * (a_ + b_ * w + c_ * np.cos(z) + d_ * np.log(delta)), 0.0)
    return out


def median_diffuse_illuminance_lx(diffuse_illuminance_lx: Any) -> float:
    """EN 17037 median external diffuse illuminance: median of the 4380 highest hourly values (lx)."""
    e = as_hourly(diffuse_illuminance_lx, "diffuse_illuminance_lx")
    n = int(_default("daylight_hours_per_year"))
    top = np.sort(e)[-n:]
    return float(np.median(top))


def median_diffuse_illuminance_from_weather(weather, efficacy_lm_w: float | None = None) -> float:
    """E_v,d,med (lx) of a :class:`~bldgagent.climate.weather.Weather` year.

    Perez (1990) efficacy from DHI, DNI, dew point and the sun position at mid-hour (pvlib); or a
    fixed ``efficacy_lm_w`` (lm/W) times DHI if you pass one (state its source in your report).
    """
    data = weather.data
    dhi = data["dhi_w_m2"].to_numpy(dtype=float)
    if efficacy_lm_w is not None:
        check_range(efficacy_lm_w, "efficacy_lm_w", 50.0, 200.0)
        return median_diffuse_illuminance_lx(dhi * efficacy_lm_w)
    from ..climate.solar import solar_position

    sp = solar_position(weather)  # pvlib SPA at mid-hour, cached on the weather (the energy run made it)
    ev = diffuse_illuminance_perez_lx(
        dhi,
        data["dni_w_m2"].to_numpy(dtype=float),
        sp["apparent_zenith_deg"].to_numpy(dtype=float),
        data["temp_dew_c"].to_numpy(dtype=float),
        sp["dni_extra_w_m2"].to_numpy(dtype=float),
    )
    return median_diffuse_illuminance_lx(ev)


# --- daylight factor ---------------------------------------------------------------------------------
def average_daylight_factor_pct(
    glazed_area_m2: Any,
    visible_transmittance: Any,
    sky_angle_deg: Any,
    room_surface_area_m2: float,
    mean_reflectance: float,
    maintenance_factor: Any = 0.9,
) -> float:
    """Average daylight factor (%) of a room, BR 209 / Tregenza & Sharples (1993) Alg. 2.12.

    Arrays (one value per window) are summed. ``glazed_area_m2`` is the net glazed area,
    ``maintenance_factor`` the dirt correction (0.9: clean vertical glazing).
    """
    check_range(mean_reflectance, "mean_reflectance", 0.0, 0.95)
    if not room_surface_area_m2 > 0:
        raise InputValueError(f"room_surface_area_m2 = {room_surface_area_m2} must be positive")
    ag, t, th, mf = np.broadcast_arrays(
        *(
            np.asarray(a, dtype=float)
            for a in (glazed_area_m2, visible_transmittance, sky_angle_deg, maintenance_factor)
        )
    )
    if (t < 0).any() or (t > 1).any() or (th < 0).any() or (th > 180).any() or (ag < 0).any():
        raise InputValueError("window transmittance must be 0-1, sky angle 0-180 degrees and area >= 0")
    return float((t * mf * ag * th).sum() / (room_surface_area_m2 * (1.0 - mean_reflectance**2)))


def en17037_targets_pct(median_diffuse_illuminance_lx: float) -> dict[str, float]:
    """Target daylight factors D_T (%) for the three EN 17037 levels at a site (300/500/750 lx)."""
    check_range(median_diffuse_illuminance_lx, "median_diffuse_illuminance_lx", 1000.0, 100000.0)
    return {
        r["level"]: 100.0 * r["target_illuminance_lx"] / median_diffuse_illuminance_lx
        for r in records("en17037_levels")
    }


def en17037_level(df_pct: float, median_diffuse_illuminance_lx: float) -> str:
    """Highest EN 17037 level whose target DF the (average) DF reaches: "none", "minimum", "medium", "high"."""
    reached = "none"
    for level, target in en17037_targets_pct(median_diffuse_illuminance_lx).items():
        if df_pct >= target:
            reached = level
    return reached


# --- method interface ------------------------------------------------------------------------------------
@dataclass
class DaylightResult(Result):
    """Daylight assessment of one room. ``assessed`` False means no value could be given (see
    ``diagnostics``); numbers are then None, never zero."""

    name: str
    method: str
    assessed: bool
    average_df_pct: float | None = None
    glazed_area_m2: float | None = None
    window_to_floor_ratio: float | None = None
    median_diffuse_illuminance_lx: float | None = None
    en17037_targets_pct: dict[str, float] = field(default_factory=dict)
    en17037_level: str | None = None
    en17037_note: str = (
        "target criterion (50 % of plane) only, average DF as proxy; the 95 % minimum criterion is not assessed"
    )
    diagnostics: list[Diagnostic] = field(default_factory=list)


@runtime_checkable
class DaylightMethod(Protocol):
    """Interface of a daylight method: a ray-traced method can replace :class:`AverageDaylightFactor`.

    ``evaluate`` returns a :class:`DaylightResult` for one room; ``median_diffuse_illuminance_lx`` is
    the site's E_v,d,med (None: EN 17037 level not assessed).
    """

    name: str

    def evaluate(self, room: RoomInput, median_diffuse_illuminance_lx: float | None = None) -> DaylightResult: ...


class AverageDaylightFactor:
    """The BRE/CIBSE average daylight factor method (see module docstring for the formula and limits)."""

    name = "average_daylight_factor_br209"

    def evaluate(self, room: RoomInput, median_diffuse_illuminance_lx: float | None = None) -> DaylightResult:
        diags = Diagnostics()
        res = DaylightResult(
            name=room.name,
            method=self.name,
            assessed=False,
            median_diffuse_illuminance_lx=median_diffuse_illuminance_lx,
            diagnostics=diags,
        )
        if not room.windows and not room.windowless:
            diags.add(
                "warning",
                "daylight_no_windows",
                "no windows given for the room, daylight not assessed; if it truly has none, set "
                "windowless=True to score it as DF 0 %",
                room.name,
            )
            return res
        if not room.floor_area_m2 or room.floor_area_m2 <= 0:
            diags.add("warning", "daylight_no_floor_area", "floor_area_m2 missing: daylight not assessed", room.name)
            return res
        if room.windowless:
            res.assessed, res.average_df_pct, res.glazed_area_m2, res.window_to_floor_ratio = True, 0.0, 0.0, 0.0
        else:
            area = room.surface_area_m2
            if area is None:
                if not room.volume_m3:
                    diags.add(
                        "warning",
                        "daylight_no_geometry",
                        "surface_area_m2 and volume_m3 missing: daylight not assessed",
                        room.name,
                    )
                    return res
                side = room.floor_area_m2**0.5
                height = room.volume_m3 / room.floor_area_m2
                area = 2.0 * room.floor_area_m2 + 4.0 * side * height
                diags.add(
                    "info",
                    "daylight_surface_area_estimated",
                    f"room surface area estimated as {area:.1f} m2 assuming a square plan",
                    room.name,
                )
            if room.mean_reflectance is None:
                diags.add(
                    "warning",
                    "daylight_no_reflectance",
                    "mean_reflectance missing (typically 0.4-0.6 for light finishes): daylight not assessed",
                    room.name,
                )
                return res
            missing_t = [i for i, w in enumerate(room.windows) if w.visible_transmittance is None]
            if missing_t:
                diags.add(
                    "warning",
                    "daylight_no_transmittance",
                    f"visible_transmittance missing for window(s) {missing_t}: daylight not assessed",
                    room.name,
                )
                return res
            ag = []
            for w in room.windows:
                gf = w.glazing_fraction
                if gf is None:
                    gf = 1.0
                    diags.add(
                        "warning",
                        "daylight_glazing_fraction_assumed",
                        f"glazing_fraction of window {w.name or ''} unknown: its whole {w.area_m2:g} m2 "
                        "counted as glazing (overestimates DF by the frame share)",
                        room.name,
                    )
                ag.append(
                    check_range(w.area_m2, "window area_m2", 0.0, 1e4, room.name)
                    * check_range(gf, "glazing_fraction", 0.0, 1.0, room.name)
                )
            mdefault = _default("maintenance_factor_vertical_clean")
            res.average_df_pct = average_daylight_factor_pct(
                np.array(ag),
                [w.visible_transmittance for w in room.windows],
                [w.sky_angle_deg for w in room.windows],
                area,
                room.mean_reflectance,
                [w.maintenance_factor if w.maintenance_factor is not None else mdefault for w in room.windows],
            )
            res.glazed_area_m2 = float(sum(ag))
            res.window_to_floor_ratio = float(sum(w.area_m2 for w in room.windows) / room.floor_area_m2)
            res.assessed = True
        if median_diffuse_illuminance_lx is not None:
            res.en17037_targets_pct = en17037_targets_pct(median_diffuse_illuminance_lx)
            res.en17037_level = en17037_level(res.average_df_pct, median_diffuse_illuminance_lx)
        else:
            diags.add(
                "info",
                "daylight_no_site_illuminance",
                "median external diffuse illuminance not given: EN 17037 level not assessed",
                room.name,
            )
        return res


def assess_daylight(
    room: RoomInput, median_diffuse_illuminance_lx: float | None = None, method: DaylightMethod | None = None
) -> DaylightResult:
    """Daylight of one room with ``method`` (default :class:`AverageDaylightFactor`).

    Example
    -------
    >>> room = RoomInput("Bed 1", usage="bedroom", floor_area_m2=12, volume_m3=30, mean_reflectance=0.5,
    ...                  windows=[WindowInput(2.0, visible_transmittance=0.7, glazing_fraction=0.8)])
    >>> assess_daylight(room, 14000).average_df_pct
    """
    return (method or AverageDaylightFactor()).evaluate(room, median_diffuse_illuminance_lx)


__all__ = [
    "AverageDaylightFactor",
    "DaylightMethod",
    "DaylightResult",
    "WindowInput",
    "assess_daylight",
    "average_daylight_factor_pct",
    "diffuse_illuminance_perez_lx",
    "en17037_level",
    "en17037_targets_pct",
    "median_diffuse_illuminance_from_weather",
    "median_diffuse_illuminance_lx",
]
