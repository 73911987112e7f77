"""Thermal zones from the building model: :func:`zones_from_building` turns a :class:`~bldgagent.model.Building`
into :class:`~bldgagent.energy.thermal.ZoneSpec` objects, with a record of where every input came from.

Zoning (``zoning=``):

- ``"space"`` (default): one zone per room (``Space``); ``"storey"``: one zone per storey (its rooms merged);
  ``"usage_storey"``: per storey and usage group (the category's profile usage, e.g. all dwelling rooms).
- A building without spaces gets one zone per storey built from the storey's own elements (floor area from its
  floor slabs, the storey's gross area; volume = area x storey height).

Envelope rules (docs/energy.md, "Zoning rules"):

- **External walls** are split among the rooms that bound them (``Space.bounding_ids``) in proportion to each
  room's outline length facing the wall's azimuth (edges of ``Space.footprint`` whose outward normal lies within
  30 degrees of it); without footprints, in proportion to ``Space.boundary_shares``; without those, equally. The
  whole element area is assigned, never more. A wall that bounds no room goes to the rooms of its storey whose
  outline faces its azimuth (same weights), else it is reported unassigned.
- **Windows and doors** belong to the room(s) they bound (area split equally if several), else to the room of
  their host wall with the largest share, else the storey facade rule. U, g and frame fraction (1 - glazing
  fraction) come from the file; missing ones from the glazing type (``window_defaults``, default
  ``"double_clear"``: ASHRAE Fundamentals 2017 ch. 15). Doors are opaque (U from the file, default 2.0 W/m2K,
  estimate) unless their glazing fraction is at least 0.3 (then a window).
- **Roofs**: ``boundary_shares`` x roof area, split into the roof's facets (tilt/azimuth) pro rata.
- **Ground floors** (``is_ground_contact``): the room's own floor area, boundary ``"ground"`` (engine's soil
  model); exposed floors over outdoor air: the room's floor area, outdoor, not sunlit.
- **Internal partitions and floors** between two zones (``couple_zones=True``, default): the whole construction
  once, ``boundary="zone"`` in one of the two zones with the other as ``adjacent_zone``, over the area the two
  share (:mod:`.shared`: from the space boundaries, the relation behind the building graph's adjacency); the
  engine couples the zones through it (:mod:`bldgagent.energy.thermal.coupling`). Where the sides of an element
  are unclear (three or more zones, none covering the others), and with ``couple_zones=False``, each zone gets
  the half of the construction on its side with an adiabatic mid-plane (thermally independent zones, each with
  its share of the mass). Inside one zone (storey zoning): both faces in the zone (``"internal"``), the element's
  area once.
- Constructions: layers outside -> inside from :func:`bldgagent.energy.constructions.construction_layers`; a
  single-material element becomes one layer of its thickness; without layers, the element's
  ``ThermalTransmittance`` as a massless layer; without anything, a default build-up (:data:`DEFAULT_LAYERS`,
  estimate), always with a diagnostic.

Operation: per room from its usage profile (:func:`bldgagent.energy.profiles.usage_profile`): standard ``"cn"``
for sites in China (climate zone from the nearest packaged place), ``"en16798"`` elsewhere. Sensible gains
(people + lighting + equipment), set-points (NaN = off), mechanical outdoor air, and infiltration: the profile's
air-change rate where it gives one (Chinese dwellings: it is the whole outdoor-air change), else
:data:`DEFAULT_INFILTRATION_ACH`. Every input can be overridden (``overrides``, ``zone_overrides``, ``surfaces``,
``windows``, ``profile_overrides``).
"""
from __future__ import annotations

from .defaults import (DEFAULT_DOOR_U_W_M2K, DEFAULT_INFILTRATION_ACH, DEFAULT_LAYERS, DEFAULT_WINDOW_TYPE,
                       FACADE_TOLERANCE_DEG, SURFACE_ROLES, ZONE_FIELDS, ZONINGS)
from .location import Location, locate
from .records import ZoneRecord, Zoning
from .assign import _assign
from .build import ZonePlan, plan_zones, zones_from_building

__all__ = [
    "ZONINGS", "DEFAULT_INFILTRATION_ACH", "DEFAULT_LAYERS", "DEFAULT_DOOR_U_W_M2K", "Location", "ZoneRecord",
    "Zoning", "ZonePlan", "locate", "plan_zones", "zones_from_building",
]
