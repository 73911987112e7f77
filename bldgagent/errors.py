"""One exception hierarchy for bldgagent.

Every message names the file, row or entity concerned and says what to do about it, so a person or a
design agent can act on it without reading a traceback.
"""
from __future__ import annotations


class BldgAgentError(Exception):
    """Base class of every error bldgagent raises on purpose."""


# --- input files -------------------------------------------------------------------------------------
class InputFileError(BldgAgentError):
    """A file the user named is missing, unreadable or of the wrong kind."""


class IfcReadError(InputFileError):
    """An IFC file could not be parsed (not IFC, truncated or corrupt STEP text)."""


class UnsupportedSchemaError(IfcReadError):
    """The IFC schema is not one bldgagent reads (IFC2X3, IFC4, IFC4X3)."""


class ModelContentError(BldgAgentError):
    """The model parsed but lacks something required (no IfcBuilding, no envelope, no floor area...)."""


class NoZonesError(ModelContentError):
    """The energy engine can form no thermal zone: no room or storey with a floor area and an envelope (a structure
    model, floors only, a component file). ``assess(..., allow_partial=True)`` then gives the carbon account alone."""


class QuantityError(BldgAgentError):
    """A quantity is non-physical (zero, negative, unknown unit) and no fallback exists."""


class UnitError(QuantityError):
    """A unit is unknown or cannot be converted to SI."""


# --- data libraries ----------------------------------------------------------------------------------
class DataFileError(InputFileError):
    """A packaged or user data file (factor set, mapping, profile, weather) has a bad row or column."""


class WeatherFileError(DataFileError):
    """A weather file is missing, short, corrupt or has out-of-range values."""


class UnknownPlaceError(BldgAgentError):
    """A place name is not in the packaged climate normals."""


class MappingError(BldgAgentError):
    """A material mapping names an unknown factor or is otherwise inconsistent."""


# --- calculations ------------------------------------------------------------------------------------
class InputValueError(BldgAgentError, ValueError):
    """An argument or override is out of its physical range (negative U, efficiency above its limit...)."""


class NoRoomsError(InputValueError):
    """The model has no occupied room the health engine can assess (no IfcSpace, or none with an occupied usage);
    :func:`bldgagent.assess` then gives energy and carbon with health marked "not assessed"."""


class DesignOptionError(InputValueError):
    """A design change names an unknown option, a value outside its bounds or choices, or cannot be applied."""


class IfcWriteError(BldgAgentError):
    """An IFC file cannot be written (output path equal to the input, unwritable, or an element not writable)."""


class SimulationError(BldgAgentError):
    """An engine could not produce a result for the given building and inputs."""


def entity_label(entity) -> str:
    """Short label of an IFC entity for messages: ``#123 IfcWall 'Name' (GlobalId 2O2Fr$t4X7Zf8NOew3FLOH)``.

    Accepts anything with ``id()``, ``is_a()`` and optional ``GlobalId``/``Name`` attributes, so it works
    with ifcopenshell entities without importing ifcopenshell here.
    """
    try:
        label = f"#{entity.id()} {entity.is_a()}"
    except Exception:  # not an entity: fall back to repr, this is only for messages
        return repr(entity)
    name = getattr(entity, "Name", None)
    if name:
        label += f" '{name}'"
    gid = getattr(entity, "GlobalId", None)
    if gid:
        label += f" (GlobalId {gid})"
    return label
