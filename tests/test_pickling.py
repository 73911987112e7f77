"""Building and Weather pickle their data only (no index, graph or engine caches) and round-trip exactly."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import bldgagent
from bldgagent.climate import load_weather, read_epw
from bldgagent.climate.solar import solar_position
from bldgagent.energy import assess_energy
from bldgagent.ifc.samples import sample_building
from bldgagent.lca import assess_carbon

from shared_data import shared_epw, shared_ifc


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("pickle") / "sample.ifc"
    sample_building(path=path)
    return bldgagent.load(path)


def _round_trip(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def test_building_pickle_holds_no_derived_data(sample):
    fresh = _round_trip(sample)  # no index, no graph yet
    size = len(pickle.dumps(fresh))
    fresh.element(fresh.elements[-1].global_id)
    fresh.graph  # noqa: B018 - builds the graph
    assert {"_index", "_graph"} <= set(fresh.__dict__)
    data = pickle.dumps(fresh)
    assert len(data) == size  # the caches are not pickled
    assert b"networkx" not in data
    back = pickle.loads(data)
    assert "_index" not in back.__dict__ and "_graph" not in back.__dict__
    assert back == fresh  # dataclass equality: every field equal


def test_sample_building_results_identical_after_unpickling(sample):
    back = _round_trip(sample)
    a, b = assess_carbon(sample, n_draws=0), assess_carbon(back, n_draws=0)
    assert b.totals == a.totals and a.total_kgco2e > 0
    assert sorted(back.graph.edges(keys=False)) == sorted(sample.graph.edges(keys=False))
    w = back.elements[5]
    assert back.element(w.global_id) is w  # index rebuilt on first use


def test_shared_model_round_trip():
    building = bldgagent.load(shared_ifc("Duplex_A_20110907.ifc"))
    back = _round_trip(building)
    assert back == building and back.elements[0] is not building.elements[0]
    assert assess_carbon(back, n_draws=0).totals == assess_carbon(building, n_draws=0).totals
    assert back.graph.number_of_edges() == building.graph.number_of_edges() > 0


def test_weather_pickle_small_and_clean():
    weather = load_weather("haikou")
    solar_position(weather)  # its cache lives in bldgagent._cache, keyed by the weather's content, not on the object
    assert not any(k.startswith("_") for k in weather.__dict__)
    data = pickle.dumps(weather, protocol=pickle.HIGHEST_PROTOCOL)
    arrays = weather.data.to_numpy().nbytes  # 8760 h x 10 columns x 8 bytes = 700 800 bytes
    assert arrays == 8760 * 10 * 8
    assert len(data) <= 2 * arrays
    back = pickle.loads(data)
    assert not any(k.startswith("_") for k in back.__dict__)
    assert back.data.equals(weather.data) and back.metadata == weather.metadata
    assert back.diagnostics.to_list() == weather.diagnostics.to_list()


def test_epw_weather_round_trip():
    weather = read_epw(shared_epw("haikou"))
    back = _round_trip(weather)
    assert back.data.equals(weather.data) and back.source == weather.source
    assert back.data.index.tz == weather.data.index.tz
    assert len(pickle.dumps(weather)) <= 2 * weather.data.to_numpy().nbytes


def test_energy_run_identical_after_unpickling(sample):
    weather = load_weather("haikou")  # not simulated yet: pickled before any engine cache exists
    building_back, weather_back = _round_trip(sample), _round_trip(weather)
    a = assess_energy(sample, weather)
    b = assess_energy(building_back, weather_back)
    assert b.annual_demand_kwh == a.annual_demand_kwh and a.annual_demand_kwh["cooling"] > 0
    assert np.array_equal(b.demand.to_numpy(), a.demand.to_numpy())
    # after a run the weather carries engine caches; its pickle still holds the data only
    assert len(pickle.dumps(weather)) <= 2 * weather.data.to_numpy().nbytes


def test_state_with_a_stored_graph_is_accepted(sample):
    # pickles written while ``graph`` was a dataclass field carry it (and perhaps an index) in their state
    state = dict(sample.__getstate__(), graph="stale graph", _index=("stale", {}))
    b = bldgagent.Building.__new__(bldgagent.Building)
    b.__setstate__(state)
    assert "graph" not in b.__dict__ and "_index" not in b.__dict__
    assert b.graph.number_of_nodes() == sample.graph.number_of_nodes()
    assert b.element(sample.elements[3].global_id) == sample.elements[3]
