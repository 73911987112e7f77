"""Fixtures of the design tests (imported by each test module; no conftest.py: its module name would clash): the default sample building (IFC4, quantity sets, layered constructions)."""
from __future__ import annotations

import pytest

import bldgagent


@pytest.fixture(scope="session")
def sample_path(sample_ifc):
    return sample_ifc


@pytest.fixture(scope="session")
def sample(sample_path):
    return bldgagent.load(sample_path)
