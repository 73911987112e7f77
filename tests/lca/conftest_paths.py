"""Re-export of the shared-data helpers for the modules of this folder."""
from __future__ import annotations

from shared_data import IFC_MODELS, shared_ifc

__all__ = ["IFC_MODELS", "shared_ifc"]
