"""Where the building is: region, country and climate zone for profiles and grids."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..._cache import LRUCache
from ...model import Building

#: Locations by coordinates and given country/climate zone: a variant loop locates the same site each time.
_LOCATIONS = LRUCache("zoning_locations", 64)


@dataclass
class Location:
    """Where the building is, as far as profiles and grids need: ``country`` (ISO 3166 alpha-3 of the nearest
    packaged place), ``climate_zone`` (GB 50176-2016 zone for China), ``place`` (nearest packaged place),
    ``distance_km`` and ``source`` (site / weather / given).

    ``site_country`` is the country of the IfcSite itself (packaged country boxes, else the site's nearest packaged
    place; the weather's country only when the site has no location), ``site_place`` the packaged place nearest the
    site: the B6 grid follows them (:func:`bldgagent.energy.default_grid`), not the weather file's place."""

    latitude_deg: float | None = None
    longitude_deg: float | None = None
    country: str | None = None
    climate_zone: str | None = None
    place: str | None = None
    distance_km: float | None = None
    source: str = "unknown"
    site_country: str | None = None
    site_place: str | None = None
    site_country_source: str | None = None

    @property
    def region(self) -> str:
        """``"cn"`` for China, ``"eu"`` otherwise (the systems/profiles families)."""
        return "cn" if (self.country or "").upper() in ("CHN", "CN", "CHINA") else "eu"

    def to_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.__dict__.items()}, "region": self.region}


def locate(building: Building | None = None, weather=None, *, country: str | None = None,
           climate_zone: str | None = None) -> Location:
    """Country and climate zone of a building: from its site's latitude/longitude (else the weather's) through
    the nearest packaged place (:func:`bldgagent.climate.nearest_place`); ``country``/``climate_zone`` win.

    When the weather year lies more than 100 km from the site, the building is being assessed in that climate
    (e.g. a design studied in Harbin), so the weather's location decides the usage profiles and the grid."""
    site = building.site if building is not None else None
    key = (None if site is None else (site.latitude_deg, site.longitude_deg),
           None if weather is None else (getattr(weather, "latitude_deg", None), getattr(weather, "longitude_deg", None)),
           country, climate_zone)
    return replace(_LOCATIONS.get_or_compute(key, lambda: _locate(site, weather, country, climate_zone)))


def _locate(site, weather, country: str | None, climate_zone: str | None) -> Location:
    """:func:`locate` from the site, the weather and the given country/climate zone."""
    from ...climate import nearest_place
    from ...climate.normals import great_circle_km

    lat = lon = None
    source = "unknown"
    has_site = site is not None and site.latitude_deg is not None and site.longitude_deg is not None
    has_weather = weather is not None and getattr(weather, "latitude_deg", None) is not None
    if has_site:
        lat, lon, source = site.latitude_deg, site.longitude_deg, "site"
    if has_weather:
        away = great_circle_km(weather.latitude_deg, weather.longitude_deg, lat, lon) if has_site else None
        if not has_site or away > 100.0:
            lat, lon = weather.latitude_deg, weather.longitude_deg
            source = "weather" if not has_site else f"weather (the IfcSite is {away:.0f} km away)"
    loc = Location(lat, lon, source=source)
    if lat is not None:
        place, dist = nearest_place(lat, lon)
        loc.country, loc.climate_zone, loc.place, loc.distance_km = place.country, place.climate_zone, place.name, dist
    _site_country(loc, site if has_site else None)
    if country is not None:
        loc.country, loc.source = str(country), loc.source + "; country given"
        loc.site_country, loc.site_country_source = str(country), "given (country=)"
    if climate_zone is not None:
        loc.climate_zone = str(climate_zone)
    return loc



def _site_country(loc: Location, site) -> None:
    """Set ``loc.site_country``/``site_place`` from the IfcSite's coordinates (see :class:`Location`)."""
    from ...climate import nearest_place
    from ...lca.grid import country_at

    if site is None:
        loc.site_country, loc.site_place = loc.country, loc.place
        loc.site_country_source = "the weather's location (the IfcSite has no location)" if loc.country else None
        return
    place, _dist = nearest_place(site.latitude_deg, site.longitude_deg)
    loc.site_place = place.name
    boxed = country_at(site.latitude_deg, site.longitude_deg)
    if boxed is not None:
        loc.site_country = boxed
        loc.site_country_source = (f"the IfcSite at {site.latitude_deg:.2f}, {site.longitude_deg:.2f} (packaged "
                                   "country boxes, Natural Earth 1:110m)")
    else:
        loc.site_country = place.country
        loc.site_country_source = f"the packaged place nearest the IfcSite ({place.name})"
