"""Weather-derived hourly rows of the engine (outdoor and sky temperatures, wind, irradiance per orientation,
window solar, forced convection, weighted sums of rows) and their caches."""
from __future__ import annotations

import math
import threading
from functools import lru_cache

import numpy as np

from ..._cache import LRUCache, weather_fingerprint
from ...climate.solar import STEFAN_BOLTZMANN, sky_temperature_c, solar_position
from ...climate.weather import Weather
from ...errors import InputValueError
from ..glazing import WindowOptics
from ..shading import WindowShading, sky_diffuse_factor, sun_in_window_frame, sunlit_fraction
from ..ground import ground_temperature_c
from .hourly import _full, _is_owned, _own
from .physics import _COS_LEEWARD, MOWITT_LEEWARD, MOWITT_WINDWARD, SOIL_LAYER, wind_height_factor
from .specs import WindowSpec

#: Entries of the per-weather cache of derived hourly rows (about 70 kB each for a year).
_CACHE_ENTRIES = 512
#: Weather years whose derived rows, zone templates and plans are kept (least recently used dropped first).
_WEATHER_ENTRIES = 4
#: Zone templates kept per weather (a design loop with ever-new zones must not grow the cache without bound).
_ZONE_CACHE_ENTRIES = 256
#: Envelope templates (a zone's template but its hourly operation rows, templates._envelope_template) kept per weather
#: for zones with hourly inputs (zones from a model): a few variants' worth of a building of about 50 zones.
_ENVELOPE_CACHE_ENTRIES = 128
_WEATHER_CACHE = LRUCache("thermal.weather_inputs", _WEATHER_ENTRIES)


class _Ctx:
    """Weather-derived inputs shared by all zones of one :func:`simulate` call."""

    def __init__(self, weather, wx, rho_c_air, h_ce_fixed, terrain, albedo, irr, horizon=()):
        self.weather = weather
        self.horizon = horizon                         # ((azimuth_deg, altitude_deg), ...), () = open
        self.n_h = len(weather)
        self.wx = wx
        self.owned = wx["owned"]
        self.sky_exchange = wx["sky_exchange"]
        self.rho_c_air = rho_c_air
        self.h_ce_fixed = h_ce_fixed
        self.terrain = terrain
        self.irr = irr                                 # orientation key -> (direct, sky, ground, aoi)
        with wx["lock"]:
            rows_key = round(float(albedo), 9) if not horizon else (round(float(albedo), 9), horizon)
            self.derived: dict = wx["derived"].setdefault(rows_key, {})
        self._kz: dict = {}

    def store(self, key, value, *keep) -> None:
        """Cache ``value`` in the weather's entry; the derived rows are emptied when they reach
        :data:`_CACHE_ENTRIES` entries (a design loop with ever-new windows must not grow them without bound).
        ``keep`` are objects whose identity the key uses; they are kept alive as long as the entry."""
        wx = self.wx
        with wx["lock"]:
            if len(self.derived) >= _CACHE_ENTRIES:
                _reset_derived(wx)
            self.derived[key] = value
            wx["keep"].extend(keep)
            for arr in value if isinstance(value, tuple) else (value,):
                _own(arr, self.owned)

    def terrain_factor(self, height_m: float) -> float:
        k = self._kz.get(height_m)
        if k is None:
            k = self._kz[height_m] = wind_height_factor(height_m, self.terrain)
        return k


def _reset_derived(wx: dict) -> None:
    """Empty the entry's derived rows of every albedo, the objects their keys name by identity and the registry of
    owned rows (but the weather's own), together: no key can then name a freed object whose id was reused. Zone
    templates, plans and stacks hold their rows themselves and stay."""
    for rows in wx["derived"].values():
        rows.clear()
    wx["keep"].clear()
    wx["owned"].clear()
    for k in ("t_out", "sky_exchange", "t_ground"):
        _own(wx[k], wx["owned"])


@lru_cache(maxsize=4096)
def _orient(tilt: float, az: float) -> tuple:
    return (round(float(tilt), 6), round(float(az) % 360.0, 6))


@lru_cache(maxsize=4096)
def _normal(tilt: float, az: float) -> tuple[float, float, float]:
    t, a = math.radians(tilt), math.radians(az)
    return math.sin(t) * math.sin(a), math.sin(t) * math.cos(a), math.cos(t)


def window_shading(x: WindowSpec) -> WindowShading | None:
    """The window's overhang and fins as :class:`~bldgagent.energy.shading.WindowShading` (None: unshaded)."""
    return WindowShading.of(x)


def _sun_position(ctx: _Ctx) -> tuple[np.ndarray, np.ndarray]:
    """Sun elevation and azimuth, deg (mid-hour, as the irradiance), cached per weather."""
    hit = ctx.derived.get("sun")
    if hit is None:
        pos = solar_position(ctx.weather)
        hit = (pos["elevation_deg"].to_numpy(dtype=float).copy(), pos["azimuth_deg"].to_numpy(dtype=float).copy())
        ctx.store("sun", hit)
    return hit


def _window_sunlit(ctx: _Ctx, g: WindowShading, azimuth_deg: float) -> np.ndarray:
    """Hourly sunlit fraction of the glazing (beam) under its overhang and fins, cached per weather."""
    key = ("sunlit", g, round(float(azimuth_deg), 6))
    hit = ctx.derived.get(key)
    if hit is None:
        elev, az = _sun_position(ctx)
        hit = sunlit_fraction(g, *sun_in_window_frame(elev, az, azimuth_deg))
        ctx.store(key, hit)
    return hit


def _window_rows(ctx: _Ctx, x: WindowSpec, optics: WindowOptics, okey: tuple) -> tuple:
    """Per m2 of glazing, hourly: (absorbed in the outer node, absorbed in the inner node, transmitted beam,
    diffuse on the plane), W/m2; cached per weather, albedo, horizon, orientation, optics and shading. An overhang
    or fins shade the beam by the hourly sunlit fraction and the sky diffuse by the view-factor ratio of
    :func:`~bldgagent.energy.shading.sky_diffuse_factor` (the horizon's own share is already in the rows)."""
    g = window_shading(x)
    key = ("window", okey, x.glazing, x.u_w_m2k, x.g_normal, x.tau_normal, x.frame_fraction, g)  # sets the rows
    hit = ctx.derived.get(key)
    if hit is None:
        direct, sky, ground, aoi = ctx.irr[okey]
        tau_b, aout_b, ain_b = optics.at(aoi)
        beam, diffuse = direct, sky + ground
        if g is not None:
            beam = direct * _window_sunlit(ctx, g, x.azimuth_deg)
            f_h = sky_diffuse_factor(None, okey[1], okey[0], ctx.horizon) if ctx.horizon else 1.0
            f_w = sky_diffuse_factor(g, okey[1], okey[0], ctx.horizon)
            diffuse = sky * (f_w / f_h if f_h > 0 else 0.0) + ground
        hit = (aout_b * beam + optics.abs_out_diffuse * diffuse, ain_b * beam + optics.abs_in_diffuse * diffuse,
               tau_b * beam, diffuse)
        for arr in hit:
            arr.setflags(write=False)
        ctx.store(key, hit)
    return hit


def _irradiance_total(ctx: _Ctx, okey: tuple) -> np.ndarray:
    key = ("total", okey)
    hit = ctx.derived.get(key)
    if hit is None:
        direct, sky, ground, _ = ctx.irr[okey]
        hit = direct + sky + ground
        hit.setflags(write=False)
        ctx.store(key, hit)
    return hit


def _combination(ctx: _Ctx, terms: list) -> np.ndarray:
    """``sum(coef * row)`` of shared rows, W; cached per weather by the rows' identity and the coefficients when
    all rows are read-only. Empty: the zero row."""
    if not terms:
        return _full(0.0, ctx.n_h)
    if len(terms) == 1 and terms[0][1] == 1.0:
        return terms[0][0]
    frozen = all(_is_owned(arr, ctx.owned) for arr, _ in terms)
    key = ("combination", tuple((id(arr), coef) for arr, coef in terms))
    hit = ctx.derived.get(key) if frozen else None
    if hit is None:
        hit = terms[0][1] * terms[0][0]
        for arr, coef in terms[1:]:
            hit += coef * arr
        if frozen:
            hit.setflags(write=False)
            ctx.store(key, hit, *(arr for arr, _ in terms))
    return hit


def _forced_convection(ctx: _Ctx, model: str, nx: float, ny: float, kw: float, kl: float, kz: float,
                       wind_exposed: bool) -> np.ndarray:
    """Hourly wind-driven exterior convection of a surface (cached per weather): DOE-2, the MoWiTT smooth-surface
    forced coefficient, windward or leeward by the wind direction; ISO 6946, the whole ``4 + 4 v``."""
    key = ("forced", model, nx, ny, kw, kl, kz, wind_exposed)
    hit = ctx.derived.get(key)
    if hit is None:
        wx = ctx.wx
        if model == "doe2":
            if wind_exposed:
                windward = nx * wx["wdx"] + ny * wx["wdy"] >= _COS_LEEWARD
                hit = np.where(windward, kw * wx["vf_w"], kl * wx["vf_l"])
            else:
                hit = np.zeros(ctx.n_h)
        else:
            hit = 4.0 + 4.0 * kz * wx["vmet"] if wind_exposed else np.full(ctx.n_h, 4.0)
        hit.setflags(write=False)
        ctx.store(key, hit)
    return hit

def _weather_inputs(weather: Weather) -> dict:
    """Hourly arrays the engine derives from a weather year and the caches of what it derives further (zone
    templates, plans, rows per orientation), in :data:`_WEATHER_CACHE` keyed by the weather's content
    (:func:`bldgagent._cache.weather_fingerprint`); nothing is stored on the Weather."""
    return _WEATHER_CACHE.get_or_compute(weather_fingerprint(weather), lambda: _derive_inputs(weather))


def _derive_inputs(weather: Weather) -> dict:
    data = weather.data
    n_h = len(weather)
    if n_h < 24:
        raise InputValueError(f"weather {weather.name!r} has {n_h} hours; need a year of hourly data")
    t_out = np.array(data["temp_air_c"].to_numpy(dtype=float), dtype=float, order="C", copy=True)
    if not np.isfinite(t_out).all():
        raise InputValueError(f"weather {weather.name!r}: temp_air_c has missing values; fill them first")
    t_sky = sky_temperature_c(weather)
    # long-wave exchange of a black surface at air temperature with the sky, W/m2 (exact, not linearised)
    sky_exchange = STEFAN_BOLTZMANN * ((t_sky + 273.15) ** 4 - (t_out + 273.15) ** 4)
    has_wind = "wind_speed_m_s" in data and bool(np.isfinite(data["wind_speed_m_s"]).any())
    if has_wind:
        v = np.clip(np.nan_to_num(data["wind_speed_m_s"].to_numpy(dtype=float)), 0.0, None)
    else:
        v = np.full(n_h, 4.0)  # ISO 6946 Annex C conventional wind
    if "wind_dir_deg" in data:
        wd = np.radians(np.nan_to_num(data["wind_dir_deg"].to_numpy(dtype=float)))
    else:
        wd = np.zeros(n_h)
    ir_ok = "ir_horizontal_w_m2" in data and bool(np.isfinite(data["ir_horizontal_w_m2"]).all())
    t_ground = ground_temperature_c(t_out, depth_m=SOIL_LAYER[0])
    owned: dict = {}
    for row in (t_out, sky_exchange, t_ground):
        row.setflags(write=False)
        _own(row, owned)
    # the entry's caches: derived rows per albedo (with ``keep``, the objects their keys name by identity), stacked
    # rows, zone templates, glazing tables and plans; ``owned`` the rows the engine made (see hourly._own)
    return dict(t_out=t_out, sky_exchange=sky_exchange, t_ground=t_ground,
                vmet=v, vf_w=v ** MOWITT_WINDWARD[1], vf_l=v ** MOWITT_LEEWARD[1], wdx=np.sin(wd), wdy=np.cos(wd),
                ir_ok=ir_ok, has_wind=has_wind, owned=owned, lock=threading.RLock(), derived={}, keep=[],
                stacks=LRUCache("stacks", 8, register=False),
                zones=LRUCache("zones", _ZONE_CACHE_ENTRIES, register=False),
                envelopes=LRUCache("envelopes", _ENVELOPE_CACHE_ENTRIES, register=False),
                gaps=LRUCache("gaps", 64, register=False), plans=LRUCache("plans", 16, register=False))
