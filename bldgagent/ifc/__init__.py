"""IFC in (read), changes out (write), parametric sample buildings. The only package that imports ifcopenshell.

``load`` and ``open_ifc`` are imported on first use (PEP 562), so importing the package is cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

__all__ = ["load", "open_ifc"]

__getattr__, __dir__ = lazy_attributes(
    __name__, globals(), {"load": ".reader", "open_ifc": ".reader"},
    ("envelope", "geometry", "graph", "index", "materials", "placement", "quantities", "reader", "samples", "units"),
)

if TYPE_CHECKING:
    from .reader import load, open_ifc
