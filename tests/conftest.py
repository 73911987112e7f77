"""pytest configuration. Shared-data helpers live in ``tests/shared_data.py`` (import ``from shared_data import
shared_ifc``): a plain module name avoids clashes between the several conftest.py files of the suite."""
import pytest


@pytest.fixture(scope="session")
def sample_ifc(tmp_path_factory):
    """The default sample building (:func:`bldgagent.ifc.samples.sample_building`) written once for the whole run:
    tests read it and write their outputs elsewhere, never onto it."""
    from bldgagent.ifc.samples import sample_building

    path = tmp_path_factory.mktemp("sample") / "sample_building.ifc"
    sample_building(path=path)
    return path
