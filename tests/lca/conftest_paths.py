"""Re-export of the shared-data helpers of tests/conftest.py for the modules of this folder."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("_root_conftest", Path(__file__).resolve().parents[1] / "conftest.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)

IFC_MODELS = _root.IFC_MODELS
shared_ifc = _root.shared_ifc
