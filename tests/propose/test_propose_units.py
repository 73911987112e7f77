"""Parts of the proposal search checked by hand: the search space, the daylight repair, the estimator's carrier
arithmetic, the room constraints, determinism of the search for a seed."""
from __future__ import annotations

import pandas as pd
import pytest

import bldgagent
from bldgagent.errors import DesignOptionError, InputValueError
from bldgagent.ifc.samples import sample_building
from bldgagent.propose.search import objective_names
from bldgagent.propose.space import KEEP, decode, repair_daylight, search_space
from bldgagent.propose.verify import violations


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("propose-units") / "sample.ifc"
    sample_building(path=path)
    return bldgagent.load(path)


def test_space_defaults_and_narrowing(sample):
    space = {v.id: v for v in search_space(sample)}
    assert "infiltration_ach" not in space                       # left out by default (air scores)
    assert space["wwr_S"].bounds == pytest.approx((0.3, 0.5))  # 0.4 x (0.75, 1.25)
    assert space["shading_overhang_depth_m"].bounds == (0.0, 0.5)
    assert space["glazing_type_S"].choices[0] == KEEP and "double_clear" not in space["glazing_type_S"].choices
    narrow = {v.id: v for v in search_space(sample, {"wall_insulation_thickness_m": [0.1, 0.2],
                                                     "upper_floor_structure": ["clt"]})}
    assert set(narrow) == {"wall_insulation_thickness_m", "upper_floor_structure"}
    assert narrow["wall_insulation_thickness_m"].bounds == (0.1, 0.2)
    assert narrow["upper_floor_structure"].choices == (KEEP, "clt")
    with pytest.raises(DesignOptionError, match="do not apply"):
        search_space(sample, ["roof_pond_depth_m"])
    with pytest.raises(DesignOptionError, match="within its bounds"):
        search_space(sample, {"wall_insulation_thickness_m": [0.0, 0.5]})


def test_daylight_repair_by_hand(sample):
    """triple low-e (tau_v 0.71) replacing double clear (0.81) on the south (wwr 0.40): the ratio rises to
    0.40 x 0.81 / 0.71 = 0.4563 (within 0.5); on the west (0.25) a lower ratio 0.20 with single clear (0.90):
    0.20 x 0.90 / 0.81 = 0.222 < 0.25, so it is raised to 0.25 x 0.81 / 0.90 = 0.225."""
    space = search_space(sample)
    out = repair_daylight(space, {"glazing_type_S": "triple_lowe", "glazing_type_W": "single_clear", "wwr_W": 0.20})
    assert out["glazing_type_S"] == "triple_lowe"
    assert out["wwr_S"] == pytest.approx(0.40 * 0.81 / 0.71, abs=2e-4)
    assert out["wwr_W"] == pytest.approx(0.25 * 0.81 / 0.90, abs=2e-4)
    # darker glazing whose compensation would pass the searched range (0.25 x 1.25 = 0.3125 < 0.25 x 0.81/0.68):
    # the glazing is kept and the ratio not lowered
    narrow = search_space(sample, {"glazing_type_N": None, "wwr_N": [0.2, 0.26]})
    out = repair_daylight(narrow, {"glazing_type_N": "double_lowe_solar", "wwr_N": 0.22})
    assert "glazing_type_N" not in out and out["wwr_N"] == 0.25
    x = {v.id: (KEEP if v.kind == "choice" else v.bounds[0]) for v in space}
    ch = decode(space, x)
    assert not any(k.startswith("glazing_type") for k in ch)
    assert ch["wwr_S"] == pytest.approx(0.40, abs=1.5e-4)       # raised back (rounded up at 4 decimals)


def test_room_constraints_by_hand():
    base = pd.DataFrame({"room": ["A", "B"], "thermal": [80.0, 60.0], "air": [70.0, 70.0], "light": [100.0, 50.0],
                         "free_running_tm52_overheating": [False, True], "free_running_tm59_pass": [True, None],
                         "en17037_level_rank": [1.0, 0.0]}, index=["a", "b"])
    after = base.copy()
    assert violations(base, after, 5.0) == []
    after.loc["a", "thermal"] = 74.9                          # 80 - 5 = 75: 74.9 breaks it, 75.0 would not
    after.loc["b", "light"] = 45.0                            # exactly the margin: allowed
    after.loc["a", "free_running_tm52_overheating"] = True
    after.loc["a", "en17037_level_rank"] = 0.0
    v = violations(base, after, 5.0)
    assert len(v) == 3 and any("thermal score 74.9" in s for s in v) and any("TM52" in s for s in v)
    assert any("EN 17037" in s for s in v)


def test_objective_names_checked():
    assert objective_names("whole_life, upfront") == ["whole_life", "upfront"]
    with pytest.raises(InputValueError, match="first objective"):
        objective_names(["health", "whole_life"])
    with pytest.raises(InputValueError, match="twice"):
        objective_names(["energy", "energy"])


def test_estimator_carriers_and_determinism(sample):
    """The demand change goes to its carrier at the plant's mean efficiency: +1000 kWh of cooling at the baseline's
    cooling efficiency eta adds 1000 / eta kWh of electricity; the search gives the same change sets for a seed."""
    from bldgagent.propose.estimate import Estimator
    from bldgagent.propose.search import run_search
    from bldgagent.surrogate.store import load

    ev = bldgagent.VariantEvaluator(sample, "haikou", n_draws=0)
    est = Estimator(ev, load())
    eta = ev.baseline.energy.final.efficiency["cooling"]
    c0 = est.carriers({}, est.base_demand)
    c1 = est.carriers({}, {"heating": est.base_demand["heating"], "cooling": est.base_demand["cooling"] + 1000.0})
    assert c1["electricity"] - c0["electricity"] == pytest.approx(1000.0 / eta)
    assert c0 == pytest.approx({k: v for k, v in ev.baseline.energy.by_carrier.items() if k != "solar_thermal"})
    # the unchanged building estimates to the physics baseline exactly (anchoring: surrogate change 0)
    e0 = est.estimate_many([{}])[0]
    assert e0.whole_life_kgco2e_m2["en15978"] == pytest.approx(
        ev.baseline.headline()["whole_life_en15978_kgco2e_m2"], rel=1e-9)
    space = search_space(sample, ["wall_insulation_thickness_m", "glazing_type_S", "wwr_S", "pv_area_m2"])
    a = run_search(space, est, ["whole_life", "health"], budget=16, seed=3, comfort_margin=0.05)
    b = run_search(space, est, ["whole_life", "health"], budget=16, seed=3, comfort_margin=0.05)
    assert [e.changes for e in a] == [e.changes for e in b] and len(a) >= 8


def test_idle_generators_left_out_of_the_default_search():
    """No heating demand (Haikou) -> no heating-generator option: it would change a label, not the building."""
    from types import SimpleNamespace

    from bldgagent.propose.run import _without_idle_generators

    space = [SimpleNamespace(id=i) for i in ("heating_system", "cooling_system", "pv_area_m2")]
    hot = SimpleNamespace(heating_kwh=0.0, cooling_kwh=52612.6)
    assert [v.id for v in _without_idle_generators(space, hot)] == ["cooling_system", "pv_area_m2"]
    both = SimpleNamespace(heating_kwh=100.0, cooling_kwh=1.0)
    assert [v.id for v in _without_idle_generators(space, both)] == ["heating_system", "cooling_system", "pv_area_m2"]


def test_current_value_outside_bounds_gives_a_valid_range():
    """A window-to-wall ratio read as 1.2 (windows larger than their walls, seen on a public model) used to give the
    default range max(0.05, 1.2 x 0.75) = 0.9 > min(0.80, 1.2 x 1.25) = 0.80, and pymoo failed with 'high - low < 0'.
    The search then takes the option's own bounds, [0.05, 0.80] (data/design/bounds.csv)."""
    from types import SimpleNamespace

    from bldgagent.propose.space import _variable, pymoo_vars

    o = SimpleNamespace(id="wwr_S", kind="continuous", bounds=(0.05, 0.80), current=1.2, label="wwr S", unit="1")
    v = _variable(o, None)
    assert v.bounds == (0.05, 0.80)
    assert pymoo_vars([v])["wwr_S"].bounds == (0.05, 0.80)
    inside = _variable(SimpleNamespace(**{**vars(o), "current": 0.4}), None)
    assert inside.bounds == pytest.approx((0.30, 0.50))     # 0.4 x 0.75 and 0.4 x 1.25, inside the bounds


def test_decode_drops_values_equal_to_the_model(sample):
    """A continuous value that rounds (4 decimals) to the model's own is no change: the sample's east window-to-wall
    ratio is 0.25 (SampleSpec), so 0.250004 is dropped and 0.2501 kept; a ratio the daylight guard puts back to the
    model's own (darker glazing it could not compensate, then dropped) is not listed either."""
    space = search_space(sample)
    x = {v.id: (KEEP if v.kind == "choice" else v.current) for v in space
         if v.kind == "choice" or isinstance(v.current, (int, float))}
    x.update({v.id: v.bounds[0] for v in space if v.kind == "continuous" and not isinstance(v.current, (int, float))})
    x["wwr_E"] = 0.250004
    assert "wwr_E" not in decode(space, x)
    x["wwr_E"] = 0.2501
    assert decode(space, x)["wwr_E"] == 0.2501
    narrow = search_space(sample, {"glazing_type_N": None, "wwr_N": [0.2, 0.26]})
    x = {v.id: (KEEP if v.kind == "choice" else v.current if isinstance(v.current, (int, float)) else v.bounds[0])
         for v in narrow}
    x["glazing_type_N"], x["wwr_N"] = "double_lowe_solar", 0.22
    out = decode(narrow, x)
    assert "glazing_type_N" not in out and "wwr_N" not in out
