"""Health and comfort of a whole :class:`~bldgagent.model.Building`: rooms from the building model, hourly
conditions from the energy engine, scores from :func:`bldgagent.health.scores.score_rooms`.

``assess_health(building, climate)`` judges the building in two states, from one energy assessment of it (the
scenario of :mod:`bldgagent.energy.scenario`; :func:`bldgagent.assess` passes its own, so B6 and health describe
the same building):

- the **operated** building: thermal comfort (PMV/PPD in the hours the heating or cooling works, adaptive
  comfort in the others), CO2, humidity. ``operation="mixed"`` (default for homes) opens windows first by
  the CIBSE TM59 rule and runs the air conditioner or heating only when that does not suffice, as in
  split-AC homes of southern China; ``"conditioned"`` (default otherwise) follows the usage profile's
  set-points and HVAC hours (see :mod:`bldgagent.energy.ventilation`);
- the **free-running** building (no heating or cooling, windows opened by the TM59 rule): the passive
  overheating risk after CIBSE TM52 / TM59, i.e. how each room fares with the air conditioner off. This
  is what the design (windows, shading, mass, insulation) controls, so the design optimiser gets it as a
  separate, explicit metric. In mixed mode it is the first of the operated building's two runs; otherwise one
  run of the same zones (``assess_energy(..., with_free_running=True)``).

Simplifications (stated in ``docs/health.md``): indoor humidity is the zone's from the energy engine's moisture
balance (:mod:`bldgagent.energy.moisture`: people, cooking and bathing, outdoor air, dehumidification to 60 % RH
when the cooling runs); only with the balance switched off (``EnergyOptions(moisture=False)``) is it the outdoor
vapour pressure at the indoor air temperature, capped at 60 % when the cooling runs; a room gets its zone's
temperatures and humidity; occupancy follows the usage profile the energy engine uses.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._cache import LRUCache
from ..checks import require_building
from ..completeness import annotate, completeness
from ..errors import NoRoomsError
from ..energy.options import EnergyOptions
from ..model import Building, Diagnostics, Opening, Space
from ..results import Result, frame_html
from ..usage import infer_unknown_usage
from .inputs import RoomInput, SiteInput, WallInput, WindowInput
from .options import HealthOptions
from .scores import THERMAL_BATCH_ROOMS, BuildingHealthResult, score_rooms

#: bldgagent usage category -> health usage key (``data/health/usage_profiles.csv``); None: not scored.
HEALTH_USAGE = {
    "residential": "living", "residential_living": "living", "residential_bedroom": "bedroom",
    "residential_kitchen": "kitchen", "hotel_room": "bedroom", "hospital_ward": "bedroom",
    "office": "office", "hospital_treatment": "office", "meeting": "meeting", "classroom": "classroom",
    "retail": "retail", "restaurant": "retail", "lobby": "circulation", "circulation": "circulation",
    "residential_bathroom": None, "toilet": None, "storage": None, "technical": None, "parking": None,
    "outdoor": None,
}

#: Defaults used when the model says nothing, each with its source.
DEFAULTS = {
    "visible_transmittance": (0.70, "typical clear double glazing, diffuse visible transmittance ~0.7 (BR 209:2011 "
                                    "Table C1 lists 0.65-0.75 for clear double units)"),
    "glazing_fraction": (0.75, "BR 209:2011 Appendix C: frame and glazing bars typically obstruct 20-30 % of a "
                               "window's overall area"),
    "mean_reflectance": (0.5, "BR 209:2011 Appendix C / CIBSE LG10: 0.5 for a room with a white ceiling, light walls "
                              "and a mid-tone floor"),
    "noise_day_db": (60.0, "GB 3096-2008 Table 1, class 2 area (mixed residential/commercial) daytime limit L_Aeq "
                           "60 dB(A): assumed facade exposure when no noise map is given"),
    "noise_night_db": (50.0, "GB 3096-2008 Table 1, class 2 area night-time limit L_Aeq 50 dB(A)"),
}


@dataclass
class HealthAssessment(Result):
    """Scores of every room and of the building, with the free-running overheating risk per room.

    ``scores`` is the engine's :class:`~bldgagent.health.scores.BuildingHealthResult` (every point traceable
    to a metric, threshold and source). ``overheating`` has one row per scored room: hours above 26 and 28 C
    (occupied, free-running), TM52 criteria failed, TM59 pass/fail where it applies. ``room_inputs`` are the
    :class:`RoomInput` objects scored (hourly conditions included), for inspection.
    """

    scores: BuildingHealthResult
    overheating: pd.DataFrame
    rooms: pd.DataFrame
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    settings: dict[str, Any] = field(default_factory=dict)
    room_inputs: list[RoomInput] = field(default_factory=list, repr=False)

    @property
    def overall(self) -> float | None:
        return self.scores.overall

    def to_frame(self) -> pd.DataFrame:
        """One row per room: concept scores, overall, and the free-running overheating risk."""
        frame = self.scores.to_frame().reset_index(drop=True)
        risk = self.overheating.set_index("space_id")
        ids = self.rooms["space_id"].tolist()
        for col in risk.columns:
            if col != "room":
                frame[f"free_running_{col}"] = [risk[col].get(i) for i in ids]
        frame.insert(0, "space_id", ids)
        return frame

    def _data(self) -> dict[str, Any]:
        out = self.scores._data()
        out["overheating_free_running"] = self.overheating
        out["rooms_index"] = self.rooms
        out["diagnostics_building"] = self.diagnostics
        out["settings"] = self.settings
        return out

    def _warnings(self) -> list[str]:
        return Result._warnings(self) + self.scores._warnings()

    def _html_title(self) -> str:
        return self.scores._html_title()

    def _html_body(self) -> str:
        return self.scores._html_body() + frame_html(
            self.overheating, caption="Overheating risk without cooling (free-running, occupied hours)")

    def __repr__(self) -> str:
        overall = "n/a" if self.overall is None else f"{self.overall:.0f}/100"
        return f"HealthAssessment({len(self.rooms)} rooms, overall {overall})"


def assess_health(
    building: Building,
    climate=None,
    *,
    energy=None,
    free_running=None,
    options: HealthOptions | Mapping[str, Any] | None = None,
    operation: str = "auto",
    energy_options: EnergyOptions | Mapping[str, Any] | None = None,
    seed: int = 0,
    noise_day_db: float | dict | None = None,
    noise_night_db: float | dict | None = None,
    obstruction_deg: float | None = None,
    mean_reflectance: float | None = None,
    clothing: str | float | None = None,
    **legacy_energy_options: Any,
) -> HealthAssessment:
    """Score every occupied room of ``building`` for thermal comfort, air, light, acoustics and materials.

    Parameters
    ----------
    climate : as for :func:`bldgagent.energy.assess_energy` (place name, EPW path, Weather, or None for the
        site's nearest packaged place).
    energy : :class:`~bldgagent.energy.EnergyResult` of the operated building, if already computed (else it is
        simulated here in the scenario ``operation`` decides). When it carries its free-running run
        (``assess_energy(..., with_free_running=True)``, as :func:`bldgagent.assess` does) no simulation runs here.
    free_running : the free-running run, if computed apart (an EnergyResult or the ThermalResult of the same zones).
    options : :class:`~bldgagent.health.options.HealthOptions` or a dict of its fields (noise levels, obstruction,
        reflectance, clothing); the same fields may be given one by one and take precedence.
    operation : ``"mixed"`` (windows first, then heating/cooling), ``"conditioned"`` (profile set-points and
        HVAC hours) or ``"auto"`` (see :func:`bldgagent.energy.scenario.decide_scenario`). Ignored when ``energy``
        is given.
    energy_options : :class:`~bldgagent.energy.options.EnergyOptions` or a dict (``systems``, ``zoning``...), used
        when the energy is simulated here. Passing them as extra keywords still works for this release, with a
        DeprecationWarning.
    """
    from ..energy import assess_energy
    from ..energy.scenario import decide_scenario

    require_building(building, "assess_health")
    opts = HealthOptions.coerce(options, noise_day_db=noise_day_db, noise_night_db=noise_night_db,
                                obstruction_deg=obstruction_deg, mean_reflectance=mean_reflectance, clothing=clothing)
    if legacy_energy_options:
        warnings.warn("assess_health(**energy options) is deprecated: pass energy_options={...} or an EnergyOptions",
                      DeprecationWarning, stacklevel=2)
        energy_options = EnergyOptions.coerce(energy_options, **legacy_energy_options)
    diagnostics = Diagnostics()
    if energy is None:
        scenario = decide_scenario(building, operation)
        energy = assess_energy(building, climate, options=energy_options, seed=seed, with_free_running=True,
                               natural_ventilation=scenario.operation == "mixed")
    operation = "mixed" if energy.settings.get("natural_ventilation") else "conditioned"
    free_temps = _free_running_temps(building, energy, free_running, energy_options, seed)
    weather = energy.weather
    site = _site(weather, opts, diagnostics)
    inferred = infer_unknown_usage(building.spaces)
    rooms, free_tops, records = [], [], []
    shared: dict = {}  # hourly rows the rooms of this call share (people/m2 by profile, outdoor vapour pressure)
    for space in building.spaces:
        space = _with_inferred_usage(space, inferred, diagnostics)
        usage = _health_usage(space, diagnostics)
        if usage is None:
            continue
        zone = _zone_of(energy, space.global_id)
        if zone is None:
            diagnostics.add("warning", "room_not_simulated",
                            "room not in any thermal zone: thermal and air not assessed", _label(space))
        room = _room_input(building, space, usage, energy, zone, weather, opts.obstruction_deg,
                           opts.mean_reflectance, diagnostics, shared)
        rooms.append(room)
        free_tops.append(free_temps(space.global_id))
        records.append({"space_id": space.global_id, "room": room.name, "usage": space.usage,
                        "health_usage": usage, "zone": zone, "floor_area_m2": space.net_floor_area_m2})
    if not rooms:
        raise NoRoomsError(
            f"{building.source_path or building.name}: no occupied rooms to assess (spaces: {len(building.spaces)}); "
            "health needs IfcSpaces with a usage such as living, bedroom, office")
    location = energy.zoning.location
    country = getattr(location, "site_country", None) or getattr(location, "country", None)
    scores = score_rooms(rooms, site, name=building.name, comfort_framework=opts.comfort_framework, country=country,
                         climate_zone=getattr(location, "climate_zone", None))
    overheating = _free_running_risk(rooms, free_tops, records, site)
    settings = {"climate": weather.source, "operation": operation, "noise_day_db": site.noise_day_db,
                "noise_night_db": site.noise_night_db,
                "obstruction_deg": opts.obstruction_deg, "comfort_framework": scores.comfort_framework,
                "defaults": {k: v[1] for k, v in DEFAULTS.items()}}
    result = HealthAssessment(scores=scores, overheating=overheating, rooms=pd.DataFrame(records),
                              diagnostics=diagnostics, settings=settings, room_inputs=rooms)
    # what the model lacks (with the energy engine's zoning), first, as assess() does for all three engines
    return annotate(result, completeness(building, getattr(energy, "zoning", None)), "health")


def _site(weather, opts: HealthOptions, diagnostics: Diagnostics) -> SiteInput:
    """Outdoor conditions of the rooms: the weather, the facade noise (default GB 3096 class 2) and clothing."""
    if opts.noise_day_db is None or opts.noise_night_db is None:
        diagnostics.add("info", "noise_default",
                        f"no site noise level given: {DEFAULTS['noise_day_db'][0]:.0f}/{DEFAULTS['noise_night_db'][0]:.0f} "
                        f"dB(A) day/night assumed ({DEFAULTS['noise_day_db'][1]})")
    return SiteInput.from_weather(
        weather,
        noise_day_db=DEFAULTS["noise_day_db"][0] if opts.noise_day_db is None else opts.noise_day_db,
        noise_night_db=DEFAULTS["noise_night_db"][0] if opts.noise_night_db is None else opts.noise_night_db,
        clothing=opts.clothing,
    )


def _free_running_temps(building, energy, free_running, energy_options, seed):
    """``space GlobalId -> hourly free-running operative temperature`` (or None when the room is in no zone):
    from ``free_running`` (an EnergyResult, or a ThermalResult of the energy's zones), else from the energy
    result's own free-running run, else simulated here (a free-running assessment of the same building)."""
    from ..energy import assess_energy

    zone_spaces = energy.zone_spaces
    if free_running is None:
        free_running = energy.free_running_thermal
    if free_running is None:
        kept = EnergyOptions.coerce(energy_options)
        free_running = assess_energy(building, energy.weather, options=replace(kept, systems=None), seed=seed,
                                     free_running=True, natural_ventilation=True)
    if hasattr(free_running, "thermal"):  # an EnergyResult
        zone_spaces, free_running = free_running.zone_spaces, free_running.thermal
    column = {name: i for i, name in enumerate(free_running.zone_names)}
    zone_of = {sid: zone for zone, ids in zone_spaces.items() for sid in ids}

    def temps(space_id: str):
        zone = zone_of.get(space_id)
        return None if zone is None or zone not in column else free_running.operative_temp_c[column[zone]]
    return temps


# --- rooms ---------------------------------------------------------------------------------------------
def _label(space: Space) -> str:
    return f"IfcSpace {space.global_id} '{space.label}'"


def _with_inferred_usage(space: Space, inferred, diagnostics: Diagnostics) -> Space:
    """``space`` with an unknown usage replaced by the building's inferred one (the energy zoning's rule,
    :func:`bldgagent.usage.infer_unknown_usage`), and a diagnostic naming the room."""
    if space.usage != "unknown":
        return space
    diagnostics.add("info", "room_usage_inferred", f"{inferred.message()}; scored as "
                    f"'{HEALTH_USAGE.get(inferred.usage, 'office')}'", _label(space))
    return replace(space, usage=inferred.usage)


def _health_usage(space: Space, diagnostics: Diagnostics) -> str | None:
    usage = HEALTH_USAGE.get(space.usage, "office")
    if usage is None:
        diagnostics.add("info", "room_not_scored",
                        f"'{space.usage}' is not an occupied room: not scored", _label(space))
    return usage


def _zone_of(energy, space_id: str) -> str | None:
    for zone, ids in energy.zone_spaces.items():
        if space_id in ids:
            return zone
    return None


def _room_input(building, space, usage, energy, zone, weather, obstruction_deg, mean_reflectance, diagnostics,
                shared=None):
    name = space.label
    windows, walls, materials = [], [], set()
    for eid in space.bounding_ids:
        try:
            element = building.element(eid)
        except KeyError:
            continue
        share = space.boundary_shares.get(eid, 1.0)
        if isinstance(element, Opening):
            if element.kind == "window" and element.is_external and element.area_m2:
                windows.append(_window_input(element, obstruction_deg, diagnostics, name))
            continue
        if element.kind in ("wall", "curtain_wall") and element.is_external and not element.is_ground_contact \
                and element.area_m2:
            walls.append(WallInput(area_m2=element.area_m2 * share, construction=element.construction,
                                   azimuth_deg=element.azimuth_deg, name=element.name))
        if element.construction is not None:
            layers = element.construction.layers_outside_in()
            inner = layers[-1].material if layers else None
            if inner is not None:
                materials.add(inner.name)
            elif element.construction.materials:
                materials.update(m.name for m in element.construction.materials)
    windowless = bool(space.bounding_ids) and not windows
    if windowless:
        diagnostics.add("info", "room_windowless", "no window among the room's bounding elements: daylight scored "
                        "as daylight factor 0 %", _label(space))
    room = RoomInput(
        name=name, usage=usage, floor_area_m2=space.net_floor_area_m2, volume_m3=space.volume_m3,
        windows=windows, windowless=windowless, surface_area_m2=_surface_area(space),
        mean_reflectance=mean_reflectance if mean_reflectance is not None else DEFAULTS["mean_reflectance"][0],
        external_walls=walls, materials=sorted(materials) if space.bounding_ids else None,
        ventilation_mode="natural" if usage in ("living", "bedroom", "kitchen") else "mechanical",
    )
    if zone is None:
        return room
    n = len(weather.data)
    idx = list(energy.thermal.zone_names).index(zone)
    thermal = energy.thermal
    room.operative_temp_c = thermal.operative_temp_c[idx]
    room.air_temp_c = thermal.air_temp_c[idx]
    room.mean_radiant_temp_c = thermal.mean_radiant_temp_c[idx]
    cooling = thermal.cooling_w[idx] > 0
    room.conditioned = (thermal.heating_w[idx] > 0) | cooling
    shared = {} if shared is None else shared
    moisture = getattr(energy, "moisture", None)   # the zone moisture balance (bldgagent.energy.moisture)
    if moisture is not None:
        rh = moisture.relative_humidity_pct[idx]     # bounded to 5-100 %; a view (no copy) when already within
        room.relative_humidity_pct = rh if 5.0 <= rh.min() and rh.max() <= 100.0 else np.clip(rh, 5.0, 100.0)
    else:
        if "vapour_hpa" not in shared:
            shared["vapour_hpa"] = _saturation_hpa(weather.data["temp_dew_c"].to_numpy(dtype=float))
        room.relative_humidity_pct = _relative_humidity(shared["vapour_hpa"], thermal.air_temp_c[idx], cooling)
    spec = energy.zoning[zone]
    record = energy.zoning.records[idx]
    occupancy = _occupancy(energy, space, n, usage, shared)
    room.occupancy = occupancy
    zone_area = max(record.floor_area_m2, 1e-9)
    share = (space.net_floor_area_m2 or 0.0) / zone_area
    infiltration = np.broadcast_to(np.asarray(spec.infiltration_ach, dtype=float), (n,)) * spec.volume_m3 / 3.6
    mechanical = np.broadcast_to(np.asarray(spec.ventilation_m3_h, dtype=float), (n,)) / 3.6
    room.ventilation_l_s = (infiltration + mechanical) * share
    return room


def _window_input(opening: Opening, obstruction_deg, diagnostics, room_name) -> WindowInput:
    vt = opening.visible_transmittance
    if vt is None:
        vt = DEFAULTS["visible_transmittance"][0]
        diagnostics.add("info", "window_vt_default", f"visible transmittance not in the model: {vt} assumed "
                        f"({DEFAULTS['visible_transmittance'][1]})", f"{opening.ifc_class} {opening.global_id}")
    fraction = opening.glazing_fraction
    if fraction is None:
        fraction = DEFAULTS["glazing_fraction"][0]
    horizontal = opening.tilt_deg is not None and opening.tilt_deg < 60.0
    u = opening.u_value_w_m2k
    # triple glazing (U <= 1) has no row in glazing_acoustics.csv: rated as 4-16-4, a third pane does not lower Rw
    glazing = None if u is None else ("4" if u > 4.0 else "4-16-4")
    return WindowInput(
        area_m2=opening.area_m2, visible_transmittance=vt, glazing_fraction=fraction,
        # BR 209: theta = 90 deg for an unobstructed vertical window, ~180 deg for a rooflight
        sky_angle_deg=180.0 if horizontal else 90.0 - obstruction_deg,
        azimuth_deg=opening.azimuth_deg, tilt_deg=opening.tilt_deg if opening.tilt_deg is not None else 90.0,
        glazing=glazing, name=opening.name,
    )


def _surface_area(space: Space) -> float | None:
    """Floor + ceiling + walls of the room (m2): 2 x floor area + perimeter x height."""
    area, height = space.net_floor_area_m2, space.height_m
    if not area or not height:
        return None
    if space.footprint:
        perimeter = sum(float(np.sum(np.linalg.norm(np.diff(np.asarray(r), axis=0), axis=1))) for r in space.footprint)
    else:
        perimeter = 4.0 * np.sqrt(area)
    return 2.0 * area + perimeter * height


#: Rooms of a dwelling are used at different times of day, while the residential standards give one
#: whole-dwelling profile: bedrooms are occupied in the TM59 night 22:00-07:00 and the day rooms (living
#: room, kitchen) from 07:00 to 22:00 (CIBSE TM59:2017 section 2 splits a home's occupancy the same way).
DWELLING_ROOM_HOURS = {"bedroom": (22, 7), "living": (7, 22), "kitchen": (7, 22)}


#: Hourly people/m2 of the usage profiles and hours of the day of a weather index, shared by assessments (variants of
#: one building read the same rows); keyed by profile and index span, values read-only.
_PROFILE_ROWS = LRUCache("health_profile_rows", 64)


def _hour_of_index(index) -> np.ndarray:
    """Hour of day (0-23) of each hour-ending timestamp of ``index`` (read-only)."""
    hour = (index - pd.Timedelta(minutes=30)).hour.to_numpy()
    hour.setflags(write=False)
    return hour


def _occupancy(energy, space: Space, n: int, health_usage: str | None = None,
               shared: dict | None = None) -> np.ndarray:
    """People present in the room per hour, from the usage profile the energy engine used (for the rooms of
    a dwelling, the dwelling's occupants in the hours that room is used, see :data:`DWELLING_ROOM_HOURS`).
    ``shared`` memoises the hourly people/m2 of each profile over the rooms of one assessment."""
    from ..energy.profiles import usage_profile
    from ..usage import USAGE_CATEGORIES

    location = energy.zoning.location
    category = USAGE_CATEGORIES.get(space.usage)
    usage = category.profile_usage if category and category.profile_usage != "unknown" else "residential"
    country, climate_zone = getattr(location, "country", None), getattr(location, "climate_zone", None)
    index = energy.thermal.index
    span = (len(index), index[0], index[-1], str(index.tz))
    key = (usage, country, climate_zone, *span)
    rows = {} if shared is None else shared
    if key not in rows:
        def people_rows() -> np.ndarray:
            profile = usage_profile(usage, country=country, climate_zone=climate_zone)
            out = profile.hourly(index=index)["people_per_m2"].to_numpy(dtype=float)
            out.setflags(write=False)
            return out
        rows[key] = _PROFILE_ROWS.get_or_compute(key, people_rows)
    people = rows[key] * (space.net_floor_area_m2 or 0.0)
    if usage == "residential" and health_usage in DWELLING_ROOM_HOURS:
        start, end = DWELLING_ROOM_HOURS[health_usage]
        hour = _PROFILE_ROWS.get_or_compute(("hour", *span), lambda: _hour_of_index(index))
        used = (hour >= start) | (hour < end) if start > end else (hour >= start) & (hour < end)
        people = np.where(used, max(float(people.max()), 1.0), 0.0)
    return people[:n]


def indoor_relative_humidity(weather, air_temp_c: np.ndarray, cooling: np.ndarray | None = None) -> np.ndarray:
    """Indoor RH (%) from the outdoor dew point at the indoor air temperature (no moisture sources), capped at
    60 % in hours the cooling coil runs and bounded to 5-100 %. Magnus formula (Alduchov & Eskridge 1996)."""
    return _relative_humidity(_saturation_hpa(weather.data["temp_dew_c"].to_numpy(dtype=float)), air_temp_c, cooling)


def _saturation_hpa(t_c: np.ndarray) -> np.ndarray:
    """Saturation vapour pressure over water (hPa), Magnus form of Alduchov & Eskridge (1996)."""
    return 6.1094 * np.exp(17.625 * t_c / (t_c + 243.04))


def _relative_humidity(vapour_hpa: np.ndarray, air_temp_c, cooling) -> np.ndarray:
    rh = 100.0 * vapour_hpa / _saturation_hpa(np.asarray(air_temp_c, dtype=float))
    if cooling is not None:
        rh = np.where(cooling, np.minimum(rh, 60.0), rh)
    return np.clip(rh, 5.0, 100.0)


def _free_running_risk(rooms, free_tops, records, site) -> pd.DataFrame:
    """Passive overheating risk of each room without cooling: TM52 (all rooms) and TM59 (homes), from the
    free-running operative temperature of its zone (``free_tops``) in the hours the room is occupied."""
    from .comfort import running_mean_outdoor_c
    from .overheating import tm52_many, tm59_of

    trm = running_mean_outdoor_c(site.temp_out_c)
    judged = [k for k, (room, top) in enumerate(zip(rooms, free_tops))
              if top is not None and room.occupancy is not None]
    tm52_of = {}
    for start in range(0, len(judged), THERMAL_BATCH_ROOMS):   # vectorised across rooms, bounded work arrays
        ks = judged[start:start + THERMAL_BATCH_ROOMS]
        tm52_of.update(zip(ks, tm52_many(np.array([free_tops[k] for k in ks], dtype=float),
                                         np.array([np.asarray(rooms[k].occupancy) > 0 for k in ks]),
                                         running_mean_c=trm, names=[rooms[k].name for k in ks])))
    rows = []
    for k, (room, free_top, rec) in enumerate(zip(rooms, free_tops, records)):
        row = {"space_id": rec["space_id"], "room": room.name, "occupied_hours_above_26c": None,
               "occupied_hours_above_28c": None, "tm52_criteria_failed": None, "tm52_overheating": None,
               "tm59_pass": None}
        if free_top is not None and room.occupancy is not None:
            top = np.asarray(free_top, dtype=float)
            occupied = np.asarray(room.occupancy) > 0
            row["occupied_hours_above_26c"] = int(((top > 26.0) & occupied).sum())
            row["occupied_hours_above_28c"] = int(((top > 28.0) & occupied).sum())
            res = tm52_of[k]
            row["tm52_criteria_failed"] = int(res.criteria_failed)
            row["tm52_overheating"] = bool(res.overheating)
            if room.usage in ("living", "kitchen", "bedroom"):   # TM59 criterion a is the TM52 just made
                row["tm59_pass"] = bool(tm59_of(top, occupied, room.usage, res, room.name).passes)
        rows.append(row)
    return pd.DataFrame(rows)
