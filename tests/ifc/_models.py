"""Cached loads of the shared models (each file is read once per test session)."""
from __future__ import annotations

from functools import lru_cache

import bldgagent
from shared_data import shared_ifc


@lru_cache(maxsize=None)
def _load(name: str, geometry: str):
    return bldgagent.load(shared_ifc(name), geometry=geometry)


def load_shared(name: str, geometry: str = "auto"):
    shared_ifc(name)  # skip (not cache) when the data is absent
    return _load(name, geometry)
