"""Fixtures of the design tests (imported by each test module; no conftest.py: its module name would clash): the default sample building (IFC4, quantity sets, layered constructions)."""
from __future__ import annotations

import pytest

import bldgagent
from bldgagent.ifc.samples import sample_building


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("design") / "sample.ifc"
    sample_building(path=path)
    return path


@pytest.fixture(scope="session")
def sample(sample_path):
    return bldgagent.load(sample_path)
