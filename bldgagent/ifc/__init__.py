"""IFC in (read), changes out (write), parametric sample buildings. The only package that imports ifcopenshell."""
from .reader import load, open_ifc

__all__ = ["load", "open_ifc"]
