"""Climate: EPW weather files, packaged monthly climate normals, synthetic hourly years, one entry point.

>>> from bldgagent.climate import load_weather
>>> w = load_weather("haikou")            # packaged place -> synthetic year (seed 0)
>>> w = load_weather("海口")               # Chinese names too
>>> w = load_weather("path/to/file.epw")  # a weather file
>>> w = load_weather(building.site)       # nearest packaged place to the site's latitude/longitude

Every function returns a :class:`Weather` (8760 hourly rows, SI columns, hour-ending local standard time).
Names are imported on first use (PEP 562): importing the package does not load pandas, pvlib or scipy.
"""
from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._lazy import by_module, lazy_attributes
from ..errors import InputValueError

#: Distance (km) beyond which using the nearest packaged place is flagged as a warning, not info.
NEAREST_WARNING_KM = 100.0
#: Elevation difference (m) beyond which the nearest place is flagged (about 2 K at the standard lapse rate).
NEAREST_WARNING_ELEVATION_M = 300.0

__all__ = [
    "Place", "REFERENCE_YEAR", "WEATHER_COLUMNS", "Weather", "cooling_degree_hours", "daily_variability",
    "get_place", "great_circle_km", "heating_degree_hours", "list_places", "load_weather", "monthly_normals",
    "nearest_place", "read_epw", "synthetic_year",
]

_EXPORTS = by_module({
    ".epw": "REFERENCE_YEAR read_epw",
    ".normals": "Place get_place great_circle_km list_places nearest_place",
    ".stats": "cooling_degree_hours daily_variability heating_degree_hours monthly_normals",
    ".synthetic": "synthetic_year",
    ".weather": "WEATHER_COLUMNS Weather",
})
_SUBMODULES = ("epw", "humidity", "normals", "repair", "sky", "solar", "stats", "synthetic", "tmy", "weather")

__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS, _SUBMODULES)

if TYPE_CHECKING:
    from .epw import REFERENCE_YEAR, read_epw
    from .normals import Place, get_place, great_circle_km, list_places, nearest_place
    from .stats import cooling_degree_hours, daily_variability, heating_degree_hours, monthly_normals
    from .synthetic import synthetic_year
    from .weather import WEATHER_COLUMNS, Weather


def _looks_like_path(text: str) -> bool:
    return text.lower().endswith(".epw") or "/" in text or "\\" in text


def load_weather(spec: Any, *, seed: int = 0, irradiance: str = "file") -> Weather:
    """Weather for ``spec``, whatever form it takes.

    - a :class:`Weather`: returned as is;
    - a path (``str`` ending in ``.epw`` or containing a path separator, or :class:`os.PathLike`): :func:`read_epw`;
    - a place name (``"haikou"``, ``"海口"``, WMO number): :func:`synthetic_year` of the packaged normals;
    - a :class:`Place`: its synthetic year;
    - an object with ``latitude_deg`` / ``longitude_deg`` (e.g. :class:`bldgagent.model.Site`) or a
      ``(latitude_deg, longitude_deg)`` pair: the synthetic year of the nearest packaged place, with a
      ``nearest_place`` diagnostic giving the place and distance.

    ``seed`` drives synthetic years only; ``irradiance`` EPW files only (see :func:`read_epw`: ``"file"``, the
    default, keeps the radiation as written and warns when it fails the checks; ``"repair"`` repairs radiation
    stamped off the sun or not closing).
    """
    from .epw import read_epw
    from .normals import Place, get_place
    from .synthetic import synthetic_year
    from .weather import Weather

    if isinstance(spec, Weather):
        return spec
    if isinstance(spec, Place):
        return synthetic_year(spec, seed=seed)
    if isinstance(spec, PathLike):
        return read_epw(spec, irradiance=irradiance)
    if isinstance(spec, str):
        text = spec.strip()
        if _looks_like_path(text) or Path(text).is_file():
            return read_epw(text, irradiance=irradiance)
        return synthetic_year(get_place(text), seed=seed)
    if isinstance(spec, (tuple, list)) and len(spec) == 2:
        return _nearest(spec[0], spec[1], None, "the given point", seed)
    if hasattr(spec, "latitude_deg") and hasattr(spec, "longitude_deg"):
        lat, lon = spec.latitude_deg, spec.longitude_deg
        label = f"site {spec.name!r}" if getattr(spec, "name", None) else "the site"
        if lat is None or lon is None:
            raise InputValueError(
                f"{label} has no latitude/longitude, so no climate can be chosen for it: pass a climate "
                "explicitly, e.g. load_weather('haikou') (a packaged place, see list_places()) or "
                "load_weather('path/to/file.epw'), or set the site's latitude_deg and longitude_deg"
            )
        return _nearest(lat, lon, getattr(spec, "elevation_m", None), label, seed)
    raise InputValueError(
        f"cannot make weather from {type(spec).__name__} {spec!r}: give a place name, an .epw path, a Weather, a "
        "Place, a (latitude, longitude) pair or an object with latitude_deg/longitude_deg (e.g. a Site)"
    )


def _nearest(lat, lon, elevation_m, label: str, seed: int) -> Weather:
    from .normals import nearest_place
    from .synthetic import synthetic_year

    place, distance_km = nearest_place(lat, lon)
    weather = synthetic_year(place, seed=seed)
    level = "warning" if distance_km > NEAREST_WARNING_KM else "info"
    message = (f"no weather given: using the synthetic year of {place.name} ({place.dataset} normals), the nearest "
               f"packaged place, {distance_km:.0f} km from {label} at {float(lat):.2f}, {float(lon):.2f}")
    if elevation_m is not None and abs(float(elevation_m) - place.elevation_m) > NEAREST_WARNING_ELEVATION_M:
        level = "warning"
        message += (f"; elevation differs by {float(elevation_m) - place.elevation_m:+.0f} m (about "
                    f"{-0.0065 * (float(elevation_m) - place.elevation_m):+.1f} K at the standard lapse rate)")
    if level == "warning":
        message += "; pass an EPW file for this site for better accuracy"
    weather.diagnostics.add(level, "nearest_place", message, entity=place.name)
    weather.metadata["distance_km"] = round(distance_km, 1)
    return weather

