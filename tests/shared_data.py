"""Shared fixtures: paths to the real models and weather files in ../shared/data (read in place)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared" / "data").resolve()
SHARED_IFC = SHARED / "ifc"
SHARED_EPW = SHARED / "epw"
REFERENCE = (ROOT / ".." / "shared" / "reference").resolve()

IFC_MODELS = [
    "AC20-FZK-Haus.ifc",
    "AC11-FZK-Haus-IFC.ifc",
    "AC90R1-niedriha-V2-2x3.ifc",
    "Duplex_A_20110907.ifc",
    "ExampleHOM.ifc",
    "LargeBuilding.ifc",
]
EPW_FILES = {
    "denver": "725650TYCST.epw",
    "haikou": "CHN_Hainan.Haikou.597580_CSWD.epw",
    "guangzhou": "CHN_Guangdong.Guangzhou.592870_CSWD.epw",
    "shanghai": "CHN_Shanghai.Shanghai.583620_CSWD.epw",
    "beijing": "CHN_Beijing.Beijing.545110_CSWD.epw",
    "aachen": "DEU_NW_Aachen.105010_TMYx.epw",
}

_SKIP_REASON = (
    "needs the shared test data in ../shared/data (real IFC models and EPW weather written by others, "
    "not redistributed with bldgagent); CI provides it"
)


def shared_ifc(name: str) -> Path:
    """Path of a shared IFC model, or skip the test with a clear reason when the data is absent."""
    path = SHARED_IFC / name
    if not path.exists():
        pytest.skip(f"{name}: {_SKIP_REASON}")
    return path


def shared_epw(key: str) -> Path:
    """Path of a shared EPW file by short key (see EPW_FILES) or file name; skip if absent."""
    name = EPW_FILES.get(key, key)
    path = SHARED_EPW / name
    if not path.exists():
        pytest.skip(f"{name}: {_SKIP_REASON}")
    return path
