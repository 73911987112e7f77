"""The pipeline (bldgagent.assess): one scenario, one operated simulation, the free-running one at most once, and
the same energy result behind B6 and health."""
from __future__ import annotations

import json

import numpy as np
import pytest

import bldgagent
from bldgagent.climate import load_weather
from bldgagent.energy import assess_energy
from bldgagent.energy import assess as energy_assess
from bldgagent.energy import ventilation
from bldgagent.energy.assess import operational_carbon
from bldgagent.energy.scenario import decide_scenario
from bldgagent.errors import InputValueError
from bldgagent.health.building import assess_health
from bldgagent.ifc.samples import sample_building


@pytest.fixture(scope="module")
def weather():
    return load_weather("haikou")


def _load(tmp_path_factory, name, **spec):
    path = tmp_path_factory.mktemp("pipeline") / name
    sample_building(path=path, storeys=1, **spec)
    return bldgagent.load(path)


@pytest.fixture(scope="module")
def dwelling(tmp_path_factory):
    return _load(tmp_path_factory, "dwelling.ifc")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return _load(tmp_path_factory, "office.ifc", usage="office")


@pytest.fixture
def kernel_calls(monkeypatch):
    """Count the thermal simulations (each one full year of the kernel) the pipeline runs."""
    calls = []
    real = energy_assess.simulate

    def counting(zones, weather, **kw):
        calls.append(len(zones))
        return real(zones, weather, **kw)

    monkeypatch.setattr(energy_assess, "simulate", counting)
    monkeypatch.setattr(ventilation, "simulate", counting)
    return calls


def test_scenario_follows_usage(dwelling, office):
    assert decide_scenario(dwelling).operation == "mixed"
    assert decide_scenario(office).operation == "conditioned"
    assert decide_scenario(office, "mixed").operation == "mixed"
    with pytest.raises(InputValueError, match="operation"):
        decide_scenario(office, "open-plan")


def test_dwelling_is_simulated_once(dwelling, weather, kernel_calls):
    """Mixed mode: the free-running run (windows by the TM59 rule, decided in the loop), then the mixed-mode run
    (air conditioner in the hours the windows did not suffice) = 2 kernel runs, and the free-running building is
    the first of them, so it costs none. Before the pipeline ran one scenario, assess() ran 1 (conditioned, for
    B6) + 5 (health, mixed: free pass, three window passes, AC pass) + 4 (free running) = 10."""
    a = bldgagent.assess(dwelling, weather, n_draws=0)
    assert len(kernel_calls) == 2
    assert a.settings["scenario"]["operation"] == "mixed"
    assert a.energy.settings["natural_ventilation"] is not None      # B6 is of the mixed-mode building
    assert a.health.settings["operation"] == "mixed"
    assert json.loads(json.dumps(a.to_dict(), allow_nan=False))["settings"]["scenario"]["free_running"] is True


def test_office_runs_operated_once_and_free_running_once(office, weather, kernel_calls):
    """Conditioned: 1 operated run, then 1 free-running run (before: 1 + 1 health rerun + 4 free-running passes)."""
    bldgagent.assess(office, weather, n_draws=0)
    assert len(kernel_calls) == 2
    kernel_calls.clear()
    bldgagent.assess(office, weather, n_draws=0, health=False)
    assert len(kernel_calls) == 1


def test_b6_and_health_read_the_same_energy(dwelling, weather):
    a = bldgagent.assess(dwelling, weather, n_draws=0)
    b6 = operational_carbon(a.energy, period_years=a.carbon.period_years, grid=a.settings["grid"])
    assert a.carbon.modules["B6"] == pytest.approx(b6.total_kgco2e, rel=1e-12)
    zone = a.health.rooms["zone"].iloc[0]
    column = list(a.energy.thermal.zone_names).index(zone)
    np.testing.assert_array_equal(a.health.room_inputs[0].operative_temp_c, a.energy.thermal.operative_temp_c[column])


@pytest.mark.parametrize("which", ["dwelling", "office"])
def test_shared_free_running_equals_a_separate_run(which, dwelling, office, weather):
    """The free-running run the pipeline reuses is the same building as a free-running assessment of its own."""
    building = dwelling if which == "dwelling" else office
    a = bldgagent.assess(building, weather, n_draws=0)
    separate = assess_energy(building, weather, free_running=True, natural_ventilation=True)
    np.testing.assert_allclose(a.energy.free_running_thermal.operative_temp_c, separate.thermal.operative_temp_c,
                               rtol=0, atol=1e-9)
    alone = assess_health(building, energy=a.energy, free_running=separate)
    cols = ["occupied_hours_above_26c", "occupied_hours_above_28c", "tm52_criteria_failed"]
    assert a.health.overheating[cols].equals(alone.overheating[cols])


def test_health_alone_equals_pipeline(office, weather):
    a = bldgagent.assess(office, weather, n_draws=0)
    h = assess_health(office, weather)
    assert h.overall == pytest.approx(a.health.overall, abs=1e-12)


def test_options_objects_and_old_spellings(office, weather):
    from bldgagent.energy.options import EnergyOptions
    from bldgagent.health.options import HealthOptions

    grouped = assess_energy(office, weather, options=EnergyOptions(zoning="storey"))
    loose = assess_energy(office, weather, zoning="storey")
    assert grouped.heating_kwh == loose.heating_kwh and grouped.settings["zoning"] == "storey"
    with pytest.raises(InputValueError, match="unknown option"):
        EnergyOptions.coerce({"zonning": "storey"})
    with pytest.raises(InputValueError, match="noise_day_db"):
        HealthOptions(noise_day_db=float("nan"))
    with pytest.warns(DeprecationWarning, match="energy_options"):
        h = assess_health(office, weather, zoning="storey")
    assert h.rooms["zone"].notna().all()


def test_energy_beyond_any_building_is_a_model_fault(dwelling):
    """A unit slip can make a model simulate 9.4e20 kWh a year (the fuzz test's LargeBuilding units:9): the
    pipeline names the model and its units, not a parameter the user never gave."""
    from types import SimpleNamespace

    from bldgagent.assess import _simulated_carriers
    from bldgagent.errors import ModelContentError

    for wild in (9.4e20, float("nan"), float("inf")):
        with pytest.raises(ModelContentError, match="units or quantities"):
            _simulated_carriers(dwelling, SimpleNamespace(by_carrier={"electricity": wild}))
    ok = _simulated_carriers(dwelling, SimpleNamespace(by_carrier={"electricity": 5e4, "solar_thermal": 10.0}))
    assert ok == {"electricity": 5e4}
