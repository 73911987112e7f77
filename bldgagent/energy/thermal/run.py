"""The entry point of the thermal engine: :func:`simulate` checks the call, gets the zones' templates, plans one
compiled loop over all zones and wraps the hours in a :class:`ThermalResult`."""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ...climate.solar import irradiance_rows
from ...climate.weather import Weather
from ...errors import InputValueError, SimulationError
from ...model import Diagnostics
from .hourly import _hourly, _is_owned, _own
from .inputs import _Ctx, _orient, _weather_inputs
from .control import WindowControl, no_control
from .coupling import couple, coupled_rows, coupling_arrays
from .layout import _CBRT_PAIRS
from .physics import TERRAINS, air_heat_capacity_j_m3k
from .result import Balance, ThermalResult
from .specs import EXTERIOR_CONVECTION, INTERIOR_CONVECTION, ZoneSpec
from .templates import _envelope_key, _envelope_template, _plan, _zone_key, _zone_template
from .validate import _fail, _validate_zone


@lru_cache(maxsize=16)
def _order(n_h: int, n_warm: int) -> np.ndarray:
    """Hour sequence of a run: the year's last ``n_warm`` hours as warm-up, then the year."""
    order = np.concatenate([np.arange(n_h - n_warm, n_h), np.arange(n_h)]).astype(np.int64)
    order.setflags(write=False)
    return order


def _rows(rows: list, n_h: int) -> np.ndarray:
    """Hourly rows as one ``(len(rows), n_h)`` array (a copy)."""
    out = np.empty((len(rows), n_h))
    for i, r in enumerate(rows):
        out[i] = r
    return out


#: Air changes one implicit step may carry when ``substeps`` is automatic: a zone exchanging more air per hour gets
#: ``ceil(ACH / AUTO_ACH_PER_STEP)`` steps per hour (at most :data:`AUTO_MAX_SUBSTEPS`). Source: the engine's
#: convergence study on ASHRAE 140 Case 950FF (13.6 ACH at night; docs/energy-method.md): the peak free-float
#: temperature is 37.26 / 36.99 / 36.92 / 36.87 C with 1 / 2 / 4 / 12 steps per hour.
AUTO_ACH_PER_STEP = 4.0
AUTO_MAX_SUBSTEPS = 12


def _auto_substeps(zone_list) -> int:
    """Steps per hour for the zones' largest hourly air change (infiltration + ventilation net of heat recovery):
    an implicit step over many air changes under-states how fast the exchanged air cools or heats the room's
    surfaces (the air's time constant, ``1 / ACH`` h, is far shorter than the step)."""
    ach = 0.0
    for z in zone_list:
        try:
            inf = float(np.max(np.asarray(z.infiltration_ach, dtype=float)))
            vent = float(np.max(np.asarray(z.ventilation_m3_h, dtype=float)))
            a = inf + vent * (1.0 - float(z.heat_recovery_efficiency)) / float(z.volume_m3)
        except (TypeError, ValueError, ZeroDivisionError):
            continue          # bad values are reported by the zone's validation
        if math.isfinite(a):
            ach = max(ach, a)
    return int(min(AUTO_MAX_SUBSTEPS, max(1, math.ceil(ach / AUTO_ACH_PER_STEP - 1e-9))))


def _check_call(zone_list, substeps, warmup_days, albedo, terrain, interior_convection, exterior_convection,
                h_conv_out_w_m2k) -> float | None:
    """Check the arguments of :func:`simulate`; returns the fixed exterior convective coefficient (or None)."""
    if not zone_list:
        raise InputValueError("simulate needs at least one ZoneSpec")
    names = [z.name for z in zone_list]
    if len(set(names)) != len(names):
        raise InputValueError(f"zone names must be unique, got {names}")
    if not (isinstance(substeps, (int, np.integer)) and 1 <= substeps <= 60):
        _fail("simulate", f"substeps must be an integer 1..60, got {substeps}")
    if not (0 <= warmup_days <= 365):
        _fail("simulate", f"warmup_days must lie in 0..365, got {warmup_days}")
    if not (interior_convection in INTERIOR_CONVECTION):
        _fail("simulate", f"interior_convection must be one of {INTERIOR_CONVECTION}, got {interior_convection!r}")
    if not (exterior_convection in EXTERIOR_CONVECTION):
        _fail("simulate", f"exterior_convection must be one of {EXTERIOR_CONVECTION}, got {exterior_convection!r}")
    if not (terrain in TERRAINS):
        _fail("simulate", f"terrain must be one of {tuple(TERRAINS)}, got {terrain!r}")
    if not (0.0 <= float(albedo) <= 1.0):
        _fail("simulate", f"albedo must lie in 0..1, got {albedo}")
    if h_conv_out_w_m2k is None:
        return None
    h_ce = float(h_conv_out_w_m2k)
    if not (math.isfinite(h_ce) and h_ce > 0):
        _fail("simulate", f"h_conv_out_w_m2k must be > 0, got {h_ce}")
    return h_ce


def _horizon_rows(weather, irr: dict, horizon: tuple) -> dict:
    """The orientations' irradiance rows behind a horizon: beam only in the hours the sun stands above the horizon
    at its azimuth, sky diffuse times the plane's sky view past the horizon (isotropic,
    :func:`~bldgagent.energy.shading.sky_diffuse_factor`); ground-reflected unchanged."""
    from ...climate.solar import solar_position
    from ..shading import horizon_altitude_deg, sky_diffuse_factor

    pos = solar_position(weather)
    elev, az = pos["elevation_deg"].to_numpy(dtype=float), pos["azimuth_deg"].to_numpy(dtype=float)
    alt = horizon_altitude_deg(horizon, az)
    visible = ((alt <= 0.0) | (elev >= alt)).astype(float)     # a horizon at 0 deg blocks nothing
    out = {}
    for okey, (direct, sky, ground, aoi) in irr.items():
        rows = (direct * visible, sky * sky_diffuse_factor(None, okey[1], okey[0], horizon), ground, aoi)
        for r in rows[:2]:
            r.setflags(write=False)
        out[okey] = rows
    return out


def _templates(zone_list, keys, weather, wx, settings_key, albedo, ctx_args, int_model, ext_model, dt,
               horizon=()) -> list:
    """The zones' templates: from the weather entry's cache (content key: the zone's bytes and the settings), the
    missing ones assembled (irradiance of every new orientation in one vectorised, cached call) and cached when
    they hold no user arrays; for those that do, the envelope's part is cached (content key: the zone's bytes but
    its hourly inputs) and only the hourly rows are added."""
    cache = wx["zones"]
    templates = cache.get_many([(k, settings_key) for k in keys])     # a None key is never stored: a miss
    missing = [i for i, t in enumerate(templates) if t is None]
    if not missing:
        return templates
    for i in missing:
        _validate_zone(zone_list[i])
    # a zone with hourly inputs (from a model) is never cached whole, its envelope is (the template but the hourly rows)
    envelopes = wx["envelopes"]
    ekeys = {i: _envelope_key(zone_list[i]) if keys[i] is None else None for i in missing}
    envs = {i: envelopes.get((k, settings_key)) if k is not None else None for i, k in ekeys.items()}
    orients = []
    for i in missing:
        if envs[i] is not None:
            continue
        z = zone_list[i]
        orients += [_orient(s.tilt_deg, s.azimuth_deg) for s in z.surfaces
                    if s.boundary == "outdoor" and s.sunlit and s.shading_factor > 0]
        orients += [_orient(x.tilt_deg, x.azimuth_deg) for x in z.windows]
    orients = list(dict.fromkeys(orients))
    irr = {}
    if orients:
        irr = dict(zip(orients, irradiance_rows(weather, [o[0] for o in orients], [o[1] for o in orients],
                                                 albedo=albedo)))
        if horizon:
            irr = _horizon_rows(weather, irr, horizon)
    ctx = _Ctx(weather, wx, *ctx_args, albedo, irr, horizon)
    for i in missing:
        z, env = zone_list[i], envs[i]
        if env is None:
            env = _envelope_template(z, ctx, int_model, ext_model, dt)
            if ekeys[i] is not None and env["cacheable"]:
                envelopes.put((ekeys[i], settings_key), env)
        tpl = templates[i] = _zone_template(z, ctx, int_model, ext_model, dt, env)
        if tpl["cacheable"] and keys[i] is not None:
            templates[i] = cache.put((keys[i], settings_key), tpl)
    return templates


def _get_plan(templates, keys, settings_key, t_ground, n_h: int, wx: dict, coupled) -> dict:
    """The loop's arrays for the zones, cached in the weather's entry by content: the zones' bytes, the settings
    and the ground temperature (the weather's own or a constant), when every row is the engine's own. ``coupled()``
    makes the boundary rows of shared partitions (from the templates, so the same key means the same rows)."""
    ground = "weather" if t_ground is wx["t_ground"] else (
        ("constant", t_ground[:1].tobytes()) if _is_owned(t_ground, wx["owned"]) else None)
    pkey = None
    if ground is not None and all(k is not None for k in keys) and all(t["cacheable"] for t in templates):
        pkey = (tuple(keys), settings_key, ground)
    plan = wx["plans"].get(pkey) if pkey is not None else None
    if plan is None:
        plan = _plan(templates, t_ground, n_h, wx, coupled())
        if pkey is not None and plan["cacheable"]:
            plan = wx["plans"].put(pkey, plan)
    return plan


def simulate(zones: ZoneSpec | Sequence[ZoneSpec], weather: Weather, *, substeps: int | None = None,
             warmup_days: int = 14,
             albedo: float = 0.2, ground_temp_c=None, elevation_m: float | None = None,
             h_conv_out_w_m2k: float | None = None, terrain: str = "suburbs",
             interior_convection: str = "tarp", exterior_convection: str = "doe2",
             window_control: WindowControl | None = None, horizon=None) -> ThermalResult:
    """Simulate zones over the weather year, hourly; zones exchange heat through partitions with
    ``boundary="zone"`` and through ``interzone_air_m3_h`` (:mod:`.coupling`), otherwise they are independent.

    ``substeps`` implicit-Euler steps per hour (outdoor temperature interpolated linearly between the
    hour-ending values, other inputs held; None: one, or more where a zone changes its air more than
    :data:`AUTO_ACH_PER_STEP` times an hour, :func:`_auto_substeps`), ``warmup_days`` of the year's end run first from 20 C.
    ``ground_temp_c`` (scalar or hourly) overrides the soil temperature model; ``elevation_m`` the weather's
    elevation for the air density. Convection models (module docstring): ``interior_convection`` one of
    :data:`INTERIOR_CONVECTION`, ``exterior_convection`` one of :data:`EXTERIOR_CONVECTION` with the local wind
    from the weather file by ``terrain`` (one of :data:`TERRAINS`); ``h_conv_out_w_m2k`` fixes the exterior
    convective coefficient of every outdoor surface instead. ``window_control`` opens windows hour by hour in the
    loop, in the hours without a heating or cooling set-point (:class:`~.control.WindowControl`; natural
    ventilation and mixed mode). ``horizon``: obstructions around the site as ``((azimuth_deg, altitude_deg), ...)``
    (azimuth clockwise from north, linear between points): no beam while the sun is below it, less sky diffuse
    (:mod:`bldgagent.energy.shading`). Returns a :class:`ThermalResult`.
    """
    zone_list = [zones] if isinstance(zones, ZoneSpec) else list(zones)
    if substeps is None and zone_list:
        substeps = _auto_substeps(zone_list)
    h_ce = _check_call(zone_list, substeps, warmup_days, albedo, terrain, interior_convection, exterior_convection,
                       h_conv_out_w_m2k)
    given = zone_list
    names = [z.name for z in zone_list]
    zone_list, air_links, order_z = couple(zone_list)     # the loop's order (couplings: free-floating zones first)
    wx = _weather_inputs(weather)
    n_h = len(weather)
    t_out = wx["t_out"]
    elev = weather.elevation_m if elevation_m is None else float(elevation_m)
    rho_c_air = air_heat_capacity_j_m3k(elev)
    t_ground = wx["t_ground"] if ground_temp_c is None else _hourly(ground_temp_c, n_h, "ground_temp_c", lo=-50, hi=60)
    diagnostics = Diagnostics()
    if not wx["ir_ok"]:
        diagnostics.add("info", "sky_temperature_default",
                        "some hours lack horizontal infrared radiation: sky taken 11 K below air there")
    if not wx["has_wind"] and h_ce is None:
        diagnostics.add("info", "wind_default", "the weather has no wind speed: 4 m/s assumed (ISO 6946 Annex C)")

    from ..shading import check_horizon

    horizon = check_horizon(horizon, "simulate horizon")
    dt = 3600.0 / substeps
    settings_key = (interior_convection, exterior_convection, dt, round(float(albedo), 9), terrain, h_ce, rho_c_air,
                    horizon)
    keys = [_zone_key(z) for z in zone_list]
    templates = _templates(zone_list, keys, weather, wx, settings_key, albedo, (rho_c_air, h_ce, terrain),
                           interior_convection, exterior_convection, dt, horizon)
    for tpl in templates:
        diagnostics.extend(tpl["diag"])
    # the boundary rows of shared partitions are derived from the templates only: owned by the engine like the
    # weather's rows when the plan may be cached; otherwise (zones with hourly arrays, e.g. from a model) registering
    # them would keep every call's rows alive in the weather's entry (about 25 kB per partition and call)
    own_rows = all(k is not None for k in keys) and all(t["cacheable"] for t in templates)

    def coupled() -> dict:
        rows = coupled_rows(zone_list, templates)
        for r in rows.values():
            r.setflags(write=False)
            if own_rows:
                _own(r, wx["owned"])
        return rows

    plan = _get_plan(templates, keys, settings_key, t_ground, n_h, wx, coupled)
    zr, sigs = plan["zr"], plan["sigs"]
    W, MX = plan["W"].copy(), plan["MX"].copy()       # the loop's state lives in them

    nz = len(zone_list)
    n_warm = int(warmup_days * 24)
    order = _order(n_h, n_warm)
    t_air = np.full(nz, 20.0)
    out = np.empty((nz, 11, n_h))
    cpl = coupling_arrays(zone_list, templates, plan["zb"], air_links, rho_c_air)
    control = no_control(nz) if window_control is None else window_control.arrays(nz, n_h, rho_c_air)
    if window_control is not None and order_z != sorted(order_z):
        mode, area, occ, wind, par = control
        control = (mode[order_z], area[order_z], occ[order_z] if occ.shape[0] == nz else occ, wind, par)
    int_code = 0 if interior_convection in ("tarp", "fixed") else 1
    ext_code = 0 if exterior_convection == "doe2" else 1
    from . import kernel     # numba is imported on the first run, not with the specifications

    kernel._step_loop(plan["zb"], zr, plan["air_cap"], plan["conv_frac"], plan["bk"], plan["bi"], W, MX, sigs,
                      plan["gap_tab"], _CBRT_PAIRS, t_out, int_code, ext_code, order, n_warm, int(substeps), dt, t_air,
                      out, *control, *cpl)
    solar_rows = plan["solar_rows"]
    gains_rows = [tpl["rows"][tpl["zrows"][2]] for tpl in templates]    # the rows sigs[zr[:, 2]] copied
    if order_z != sorted(order_z):        # the given order again
        back = np.argsort(order_z)
        out, zr, solar_rows = out[back], zr[back], [solar_rows[2 * i + k] for i in back for k in (0, 1)]
        gains_rows = [gains_rows[i] for i in back]
    zone_list = given
    if not math.isfinite(float(out[:, 4].sum())):   # a NaN or inf anywhere makes the sum non-finite
        raise SimulationError("thermal simulation produced non-finite temperatures; check the zone inputs")
    # the solar and internal terms are the zones' own rows (template rows, the zones' gains): stacked on access
    balance = Balance({"transmission": out[:, 5], "ventilation": out[:, 6], "solar": tuple(solar_rows[0::2]),
                       "internal": tuple(gains_rows), "interzone": out[:, 10], "hvac": out[:, 8],
                       "storage": out[:, 7]})
    return ThermalResult(
        zone_names=names, floor_area_m2=np.array([z.floor_area_m2 for z in zone_list], dtype=float),
        index=weather.data.index, heating_w=out[:, 0], cooling_w=out[:, 1], air_temp_c=out[:, 2],
        mean_radiant_temp_c=out[:, 3], operative_temp_c=out[:, 4], balance=balance,
        solar_transmitted_w=_rows(solar_rows[1::2], n_h), diagnostics=diagnostics,
        window_open=out[:, 9] if window_control is not None else None,
        settings={"substeps": int(substeps), "warmup_days": int(warmup_days), "albedo": float(albedo),
                  "air_heat_capacity_j_m3k": rho_c_air, "h_conv_out_w_m2k": h_ce, "terrain": terrain,
                  "interior_convection": interior_convection, "exterior_convection": exterior_convection,
                  "horizon": [list(p) for p in horizon],
                  "weather": weather.source},
    )
