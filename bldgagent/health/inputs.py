"""Plain-data inputs of the health engine: one :class:`RoomInput` per room and one :class:`SiteInput`.

These are filled from a :class:`~bldgagent.model.Building` plus energy results by the caller (the
wiring lives outside this package); every field is optional where the concept using it can be
reported as "not assessed" instead. Hourly series follow the convention of
:mod:`bldgagent.health._common` (8760 values, element i = hour [i, i+1) from 1 Jan 00:00).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Construction


@dataclass
class WindowInput:
    """A window of a room.

    ``area_m2`` is the overall (frame included) area and ``glazing_fraction`` its glazed share; pass
    the glazed area with ``glazing_fraction=1`` if that is what you know. ``visible_transmittance`` is
    the diffuse visible transmittance of the clean glazing (BR 209; a normal-incidence value overstates
    it by roughly 10 %). ``sky_angle_deg`` is the vertical angle of visible sky from the window centre
    (90 for an unobstructed vertical window, 90 minus the obstruction angle otherwise).
    ``maintenance_factor`` corrects for dirt (default 0.9, Tregenza & Sharples 1993 Alg. 2.13).
    ``glazing`` names a row of ``data/health/glazing_acoustics.csv`` (e.g. ``"4-16-4"``), or give
    ``rw_db`` (and ``ctr_db``) from a test report.
    """

    area_m2: float
    visible_transmittance: float | None = None
    glazing_fraction: float | None = None
    sky_angle_deg: float = 90.0
    maintenance_factor: float | None = None
    azimuth_deg: float | None = None
    tilt_deg: float = 90.0
    glazing: str | None = None
    rw_db: float | None = None
    ctr_db: float | None = None
    name: str | None = None


@dataclass
class WallInput:
    """An opaque external wall area of a room (net of its windows).

    Give ``surface_mass_kg_m2``, or a layered :class:`~bldgagent.model.Construction` with densities
    (the surface mass is summed from its layers), or a measured ``rw_db`` (and ``ctr_db``).
    """

    area_m2: float
    surface_mass_kg_m2: float | None = None
    construction: Construction | None = None
    rw_db: float | None = None
    ctr_db: float | None = None
    azimuth_deg: float | None = None
    name: str | None = None


@dataclass
class RoomInput:
    """Everything the health engine needs about one room. ``None`` means unknown.

    ``usage`` is a key of ``data/health/usage_profiles.csv`` (office, meeting, classroom, retail,
    living, kitchen, bedroom, circulation). Hourly series: ``operative_temp_c``, ``air_temp_c``,
    ``relative_humidity_pct``, ``occupancy`` (people present), ``conditioned`` (True when mechanical
    heating or cooling is operating; a bool applies to the whole year), ``ventilation_l_s`` (outdoor
    air supply, L/s, scalar or hourly). ``design_occupants`` is the design number of people for the
    EN 16798-1 ventilation check (default: the peak of ``occupancy``). ``windowless=True`` states that
    the room truly has no windows (daylight is then scored as DF 0 %, rather than not assessed).
    ``materials`` lists material names or emission categories present in the room (None: unknown).
    ``facade_noise_exposed`` False for rooms with no external facade.
    """

    name: str
    usage: str = "office"
    floor_area_m2: float | None = None
    volume_m3: float | None = None
    windows: list[WindowInput] = field(default_factory=list)
    windowless: bool = False
    surface_area_m2: float | None = None
    mean_reflectance: float | None = None
    operative_temp_c: Any = None
    air_temp_c: Any = None
    mean_radiant_temp_c: Any = None
    relative_humidity_pct: Any = None
    occupancy: Any = None
    conditioned: Any = None
    air_speed_m_s: float = 0.1
    ventilation_l_s: Any = None
    design_occupants: float | None = None
    building_pollution: str = "low"
    ventilation_mode: str = "natural"
    external_walls: list[WallInput] = field(default_factory=list)
    materials: list[str] | None = None
    met: float | None = None

    @property
    def occupied(self) -> np.ndarray | None:
        if self.occupancy is None:
            return None
        return np.asarray(self.occupancy, dtype=float) > 0.0


@dataclass
class SiteInput:
    """Site conditions shared by all rooms.

    ``temp_out_c``: hourly outdoor dry-bulb temperature (C). ``median_diffuse_illuminance_lx``: EN 17037
    median external diffuse illuminance (see :func:`bldgagent.health.daylight.median_diffuse_illuminance_lx`).
    ``noise_day_db`` / ``noise_night_db``: A-weighted equivalent levels L_Aeq (day 06-22, night 22-06,
    GB 50118 periods) at 2 m in front of the facade, incident plus reflected; a dict keyed by compass
    sector (N/E/S/W) gives per-facade levels. ``clothing``: ``"dynamic"``, ``"seasonal"`` or a clo value.
    """

    temp_out_c: Any = None
    median_diffuse_illuminance_lx: float | None = None
    noise_day_db: float | dict[str, float] | None = None
    noise_night_db: float | dict[str, float] | None = None
    clothing: str | float = "dynamic"
    summer_months: tuple[int, ...] = (5, 6, 7, 8, 9)
    name: str | None = None

    @classmethod
    def from_weather(cls, weather, **kwargs: Any) -> "SiteInput":
        """Site input from a :class:`~bldgagent.climate.weather.Weather` year: outdoor temperature and
        the EN 17037 median diffuse illuminance (Perez 1990 luminous efficacy). Southern-hemisphere
        sites get summer months November-March for seasonal clothing."""
        from .daylight import median_diffuse_illuminance_from_weather

        kwargs.setdefault("median_diffuse_illuminance_lx", median_diffuse_illuminance_from_weather(weather))
        if weather.latitude_deg < 0:
            kwargs.setdefault("summer_months", (11, 12, 1, 2, 3))
        return cls(temp_out_c=weather.temp_air_c, name=weather.name, **kwargs)
