"""The one result protocol (bldgagent.results): every public result object reachable from an assessment gives
strict JSON, the three Jupyter MIME types and scores within [0, 100]; jsonable and format_number on their own;
bldgagent.compare of two assessments or two carbon results."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from shared_data import IFC_MODELS, shared_ifc

import bldgagent
from bldgagent.errors import BldgAgentError, InputValueError
from bldgagent.ifc.samples import sample_building
from bldgagent.lca import assess_carbon
from bldgagent.results import Result, column_label, format_number, jsonable

MIME = {"text/plain", "text/html", "application/json"}


# --- walking the result objects --------------------------------------------------------------------------
def _children(obj):
    if isinstance(obj, dict):
        return list(obj.values())
    if isinstance(obj, (list, tuple)):
        return list(obj)
    if isinstance(obj, Result) or dataclasses.is_dataclass(obj):
        return list(vars(obj).values())
    return []


def results_in(root) -> list[Result]:
    """Every :class:`Result` reachable from ``root`` through attributes, dicts and lists (each object once)."""
    found, seen, stack = [], set(), [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, np.ndarray, pd.DataFrame, pd.Series)):
            continue
        seen.add(id(obj))
        if isinstance(obj, Result):
            found.append(obj)
        stack.extend(_children(obj))
    return found


def _scores(d, path="$"):
    """(path, value) of every number under a key naming a score, or ``overall``, in a to_dict() tree."""
    if isinstance(d, dict):
        for k, v in d.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and ("score" in k or k == "overall"):
                yield f"{path}.{k}", v
            else:
                yield from _scores(v, f"{path}.{k}")
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from _scores(v, f"{path}[{i}]")


def check_protocol(obj: Result) -> dict:
    """to_dict is strict JSON, the MIME bundle has the three types, scores lie in [0, 100]."""
    name = type(obj).__name__
    d = obj.to_dict()
    assert isinstance(d, dict), name
    text = json.dumps(d, allow_nan=False)  # raises on NaN / Infinity
    assert json.loads(obj.to_json()) == json.loads(text), name
    bundle = obj._repr_mimebundle_()
    assert set(bundle) == MIME, name
    assert isinstance(bundle["text/plain"], str) and bundle["text/html"].startswith("<div"), name
    json.dumps(bundle["application/json"], allow_nan=False)
    for path, v in _scores(d):
        assert 0.0 <= v <= 100.0, f"{name} {path} = {v!r}"
    return d


# --- the embedded sample building ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_assessment(tmp_path_factory):
    path = tmp_path_factory.mktemp("results") / "sample.ifc"
    sample_building(path=path)
    b = bldgagent.load(path)
    return bldgagent.assess(b, "haikou", energy_options={"pv": {"roof_fraction": 0.5}}, n_draws=200)


def test_every_result_of_the_sample_assessment(sample_assessment):
    a = sample_assessment
    found = results_in(a)
    names = {type(r).__name__ for r in found}
    expected = {"Assessment", "EnergyResult", "FinalEnergy", "Systems", "SystemSpec", "PVResult", "PVBalance",
                "Weather", "CarbonResult", "B6Result", "UncertaintyResult", "HealthAssessment",
                "BuildingHealthResult", "RoomHealthResult", "ConceptScore", "ScoreItem", "ComfortResult",
                "DaylightResult", "AirResult", "AcousticResult"}
    assert expected <= names, f"not reached: {expected - names}"
    for r in found:
        check_protocol(r)
    # the compare of two results and the benchmark rating are results too
    check_protocol(bldgagent.compare(a, a))
    check_protocol(bldgagent.compare(a.carbon, a.carbon))
    check_protocol(bldgagent.compare(a, "leti_residential_2030"))


def test_health_scores_within_range(sample_assessment):
    h = sample_assessment.health.scores
    scores = [h.overall] + [c.score for c in h.concepts.values()]
    for r in h.rooms:
        scores += [r.overall] + [c.score for c in r.concepts.values()]
    got = [s for s in scores if s is not None]
    assert len(got) > 21  # 21 scored rooms, each with an overall score
    assert all(0.0 <= s <= 100.0 for s in got)


def test_html_warnings_first_units_and_readable_numbers(sample_assessment):
    a = sample_assessment
    page = a._repr_html_()
    # the carbon engine warns about the default rebar: the warning comes before the first table
    assert "rebar_default" in page and page.index("rebar_default") < page.index("<table")
    assert ">Gross floor area [m²]<" in page
    gfa = a.carbon.gfa_m2  # 864 m2 of the sample: 3 storeys x 24 m x 12 m
    assert gfa == pytest.approx(864.0)
    assert ">864<" in page
    energy = a.energy._repr_html_()
    assert "<b>EnergyResult</b>" in energy and ">Cooling [kWh]<" in energy
    assert "e+0" not in energy and "e+0" not in a.carbon._repr_html_()


def test_to_dict_keeps_the_old_keys(sample_assessment):
    a = sample_assessment
    d = a.to_dict()
    assert set(d) == {"headline", "building", "energy", "carbon", "health", "settings"}
    assert {"heating_kwh", "cooling_kwh", "by_carrier", "monthly", "pv", "zones", "systems", "diagnostics"} <= set(
        d["energy"])
    assert {"totals", "en15978", "gbt51366", "b6", "uncertainty", "diagnostics"} <= set(d["carbon"])
    assert {"overall", "concepts", "rooms", "overheating_free_running", "rooms_index", "settings"} <= set(d["health"])
    # hourly=True: 8760 values per end use, strict JSON as well
    hourly = a.energy.to_dict(hourly=True)
    assert len(hourly["hourly"]["cooling"]) == 8760
    json.dumps(hourly, allow_nan=False)
    # the carbon lines (lines=True) hold NaN for unmatched values in the frame: null in JSON
    json.dumps(a.carbon.to_dict(lines=True), allow_nan=False)


def test_compare_two_assessments(sample_assessment):
    a = sample_assessment
    same = bldgagent.compare(a, a)
    assert same.kind == "assessment"
    assert same.delta("embodied_kgco2e_m2") == 0.0
    assert same.delta("carbon_total_a1_c4_kgco2e") == 0.0
    assert same.notes == []  # same climate, grid, period and method
    d = same.to_dict()["deltas"]
    assert d["cooling_kwh"]["relative_change"] == 0.0
    # heating is 0 kWh in Haikou: the relative change is undefined -> null, and a diagnostic says so
    assert d["heating_kwh"]["a"] == 0.0 and d["heating_kwh"]["relative_change"] is None
    assert any("heating_kwh" in x.message for x in same.diagnostics)


def _small_carbon(tmp_path, storeys: int, **kwargs):
    path = tmp_path / f"s{storeys}.ifc"
    sample_building(path=path, storeys=storeys, name=f"{storeys} storeys")
    return assess_carbon(bldgagent.load(path), n_draws=0, **kwargs)


def test_compare_two_carbon_results_gives_deltas(tmp_path):
    one, two = _small_carbon(tmp_path, 1), _small_carbon(tmp_path, 2, period_years=60)
    c = bldgagent.compare(one, two)
    assert c.kind == "carbon" and (c.a_label, c.b_label) == ("1 storeys", "2 storeys")
    # gross floor area 24 m x 12 m per storey: 288 m2 and 576 m2 -> delta 288 m2, +100 %
    row = c.to_dict()["deltas"]["gross_floor_area_m2"]
    assert (row["a"], row["b"], row["delta"]) == pytest.approx((288.0, 576.0, 288.0))
    assert row["relative_change"] == pytest.approx(1.0)
    assert c.delta("total_a1_c4_kgco2e") == pytest.approx(two.total_kgco2e - one.total_kgco2e)
    assert c.delta("module_A1-A3_kgco2e") == pytest.approx(two.modules["A1-A3"] - one.modules["A1-A3"])
    assert any("study period" in n for n in c.notes)  # 50 vs 60 years: not like-for-like, said so
    assert len(c.to_frame()) == len(c.to_dict()["deltas"])
    check_protocol(c)
    # the old form still rates one result against a benchmark
    assert bldgagent.compare(one, "leti_residential_2030").benchmark_id == "leti_residential_2030"
    assert bldgagent.compare(one, benchmark_id="leti_residential_2030").unit == \
        bldgagent.compare(one, "leti_residential_2030").unit


def test_compare_rejects_other_types_with_a_clear_error(tmp_path):
    one = _small_carbon(tmp_path, 1)
    with pytest.raises(InputValueError, match="two Assessments, two CarbonResults"):
        bldgagent.compare(one, 3.0)
    with pytest.raises(InputValueError, match="no metric 'nope'"):
        bldgagent.compare(one, one).delta("nope")


# --- the shared models ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", IFC_MODELS)
def test_carbon_of_shared_models_follows_the_protocol(name):
    c = assess_carbon(bldgagent.load(shared_ifc(name)), n_draws=100)
    for r in results_in(c):
        check_protocol(r)
    json.dumps(c.to_dict(lines=True), allow_nan=False)


@pytest.mark.parametrize("name", ["AC20-FZK-Haus.ifc"])
def test_full_assessment_of_a_shared_model_follows_the_protocol(name):
    a = bldgagent.assess(bldgagent.load(shared_ifc(name)), "haikou", n_draws=100)
    found = results_in(a)
    assert {"Assessment", "EnergyResult", "CarbonResult", "HealthAssessment", "Weather"} <= {
        type(r).__name__ for r in found}
    for r in found:
        check_protocol(r)
    check_protocol(bldgagent.compare(a, a))


# --- jsonable ------------------------------------------------------------------------------------------------
class _Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class _Point:
    x_m: float
    where: Path


def test_jsonable_non_finite_numbers_become_null():
    got = jsonable({"nan": float("nan"), "inf": math.inf, "ninf": -np.inf, "np": np.float32("nan"), "ok": 1.5})
    assert got == {"nan": None, "inf": None, "ninf": None, "np": None, "ok": 1.5}
    json.dumps(got, allow_nan=False)


def test_jsonable_numpy_types():
    got = jsonable({"i": np.int64(7), "f": np.float64(2.5), "b": np.bool_(True), "a": np.array([[1.0, np.nan]]),
                    "ia": np.arange(3, dtype=np.int16), np.int64(3): "key"})
    assert got == {"i": 7, "f": 2.5, "b": True, "a": [[1.0, None]], "ia": [0, 1, 2], "3": "key"}
    assert type(got["i"]) is int and type(got["f"]) is float and type(got["b"]) is bool


def test_jsonable_pandas_and_nested_objects():
    frame = pd.DataFrame({"room": ["a", "b"], "area_m2": [10.0, np.nan]})
    ts = pd.Timestamp("2026-07-01 12:00")
    got = jsonable({
        "frame": frame, "series": pd.Series([1.0, np.inf], index=["x", "y"]), "na": pd.NA, "nat": pd.NaT,
        "when": ts, "day": dt.date(2026, 1, 2), "path": Path("/tmp/m.ifc"), "colour": _Colour.RED,
        "set": {3, 1, 2}, "tuple": (1, (2.0, float("nan"))), "point": _Point(1.0, Path("p")),
    })
    assert got["frame"] == [{"room": "a", "area_m2": 10.0}, {"room": "b", "area_m2": None}]
    assert got["series"] == {"x": 1.0, "y": None}
    assert got["na"] is None and got["nat"] is None
    assert got["when"] == "2026-07-01T12:00:00" and got["day"] == "2026-01-02"
    assert got["path"] == "/tmp/m.ifc" and got["colour"] == "red"
    assert got["set"] == [1, 2, 3] and got["tuple"] == [1, [2.0, None]]
    assert got["point"] == {"x_m": 1.0, "where": "p"}
    json.dumps(got, allow_nan=False)


def test_jsonable_unknown_object_is_a_clear_error():
    with pytest.raises(BldgAgentError, match="object is not JSON-convertible"):
        jsonable({"x": object()})


def test_result_subclass_hook_and_strictness():
    @dataclasses.dataclass
    class Tiny(Result):
        value_kwh: float
        hourly_kwh: np.ndarray = dataclasses.field(default=None, metadata={"hourly": True})

    t = Tiny(float("nan"), np.ones(3))
    assert t.to_dict() == {"value_kwh": None}  # NaN -> null, hourly fields left out
    assert t.to_json() == '{"value_kwh": null}'
    assert list(t.to_frame().columns) == ["value_kwh"]
    bundle = t._repr_mimebundle_(include={"application/json"})
    assert bundle == {"application/json": {"value_kwh": None}}
    assert set(t._repr_mimebundle_(exclude={"text/html"})) == {"text/plain", "application/json"}
    assert ">Value [kWh]<" in t._repr_html_() and "title='value_kwh'" in t._repr_html_()


# --- format_number ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (20697410.3, "20,697,410"),       # was printed 2.069741e+07: integer digits are kept, with separators
    (1234.5, "1,234"),                # 3 significant digits, but integer digits never dropped
    (100.00000000000001, "100"),      # float noise of a clipped score
    (79.50999904255445, "79.5"),
    (0.000123456, "0.000123"),
    (12.0, "12"),
    (-0.00000000001, "0"),            # below 9 decimals: 0, not -0
    (-1520.4, "-1,520"),
    (3, "3"),
    (1234567, "1,234,567"),
    (None, "-"),
    (float("nan"), "-"),
    (math.inf, "inf"),
    (np.float32(2.5), "2.5"),
    (True, "yes"),
])
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_format_number_unit_and_digits():
    assert format_number(864.0, "m²") == "864 m²"
    assert format_number(None, "kWh") == "-"
    assert format_number(3.14159, digits=5) == "3.1416"
    assert format_number("CN-HI") == "CN-HI"


def test_column_label_units():
    assert column_label("heating_kwh_m2") == "Heating [kWh/m²]"
    assert column_label("total_kgco2e_per_m2_yr") == "Total [kgCO2e/m²/a]"
    assert column_label("max_operative_c") == "Max operative [°C]"
    assert column_label("room") == "Room"
    assert column_label("kgco2e_per_m2") == "kgCO2e/m²"                     # a name that is only a unit
    assert column_label("upfront_a1_a5_kgco2e_m2") == "Upfront A1-A5 [kgCO2e/m²]"
    assert column_label("whole_life_gbt51366_kgco2e_m2") == "Whole life GB/T 51366 [kgCO2e/m²]"
    assert column_label("occupied_hours_above_26c") == "Occupied hours above 26 °C"
    assert column_label("tm59_pass") == "TM59 pass"
    assert column_label("a: Haus") == "a: Haus"                            # not a snake_case name: as given


def test_health_engine_results_outside_the_walk():
    """Engine results an assessment does not keep: TM52 (hot room), PMV/PPD with a point outside ISO 7730
    (NaN in the arrays, absent from to_dict), the mass-law sound reduction."""
    from bldgagent.health import pmv_ppd, tm52
    from bldgagent.health.acoustics import rw_mass_law_db

    hot = tm52(np.full(8760, 30.0), True, np.full(8760, 28.0), name="attic")
    pp = pmv_ppd(np.array([22.0, 60.0]), np.array([22.0, 60.0]), 0.1, 50.0, 1.2, 0.5)
    assert np.isnan(pp.pmv[1])  # 60 C is outside the ISO 7730 validity range
    for r in (hot, pp, rw_mass_law_db(400.0)):
        check_protocol(r)


def test_scores_are_clipped_where_computed():
    """(100 x 0.1 + 100 x 0.7) / (0.1 + 0.7) is 100.00000000000001 in floating point: the weighted overall score
    must come out as exactly 100 (clipped to [0, 100] in health/scores.py)."""
    from bldgagent.health.scores import _score, _weighted_overall

    assert (100 * 0.1 + 100 * 0.7) / (0.1 + 0.7) > 100.0  # the float noise this guards against
    got = _weighted_overall({"thermal": 100.0, "air": 100.0}, {"weight_thermal": 0.1, "weight_air": 0.7})
    assert got == 100.0
    assert (_score(-1e-12), _score(100.00000000000001), _score(42.5)) == (0.0, 100.0, 42.5)
