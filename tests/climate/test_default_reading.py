"""The default reading of radiation is as written (issue 12 item 5): failed checks are warned about, with the opt-in
repair named and its effect on annual facade irradiation computed; the repair is one argument away."""
from __future__ import annotations

import numpy as np
import pytest

from bldgagent.cli import build_parser
from bldgagent.climate import load_weather, read_epw
from bldgagent.climate.epw import DEFAULT_IRRADIANCE, facade_irradiation_kwh_m2
from shared_data import shared_epw


@pytest.fixture(scope="module")
def haikou():
    path = shared_epw("haikou")
    return read_epw(path), read_epw(path, irradiance="repair")


def test_default_reads_the_file_as_written(haikou):
    """Haikou CSWD as written: DNI 669.1 kWh/m2 a year (repaired: 923, tests/climate/test_repair.py)."""
    default, _ = haikou
    assert DEFAULT_IRRADIANCE == "file" and default.metadata["irradiance"] == "file"
    assert "irradiance_repairs" not in default.metadata
    assert default.data["dni_w_m2"].sum() / 1000 == pytest.approx(669.1, abs=0.1)
    assert {"irradiance_time_shift", "irradiance_closure"} <= set(default.diagnostics.by_code())


def test_warning_names_the_repair_and_its_computed_facade_effect(haikou):
    """The effect in the warning is the facade irradiation of the two readings, computed: the as-written numbers are
    those of the default Weather, the repaired ones those of read_epw(..., irradiance="repair")."""
    default, repaired = haikou
    (msg,) = [d for d in default.diagnostics if d.code == "irradiance_repair_available"]
    assert msg.level == "warning"
    assert "irradiance='repair'" in msg.message and "--epw-irradiance repair" in msg.message
    effect = default.metadata["irradiance_repair_effect"]
    assert effect["repairs"] == ["retime", "close"]
    before, after = facade_irradiation_kwh_m2(default), facade_irradiation_kwh_m2(repaired)
    for k in "NESW":
        assert effect["facade_kwh_m2_as_written"][k] == pytest.approx(before[k], abs=0.05)
        assert effect["facade_kwh_m2_repaired"][k] == pytest.approx(after[k], abs=0.05)
    # radiation 1.26 h late: moved back, the morning (east) facade gains and the afternoon (west) one loses;
    # DNI derived from GHI - DHI (669 -> 923 kWh/m2) adds beam, so east rises by more than west falls
    assert after["E"] > 1.3 * before["E"] and after["W"] < before["W"]
    pct = round(100 * (after["E"] - before["E"]) / before["E"])
    assert f"E {before['E']:.0f} -> {after['E']:.0f} ({pct:+d}%)" in msg.message


def test_files_that_pass_the_checks_get_no_repair_warning():
    w = read_epw(shared_epw("denver"))
    assert "irradiance_repair_available" not in w.diagnostics.by_code()
    assert "irradiance_repair_effect" not in w.metadata


def test_repair_is_one_argument_away(haikou):
    """Keyword (read_epw / load_weather) and CLI flag, default file; 'auto' stays an alias of 'repair'."""
    _, repaired = haikou
    path = shared_epw("haikou")
    auto = load_weather(str(path), irradiance="auto")
    np.testing.assert_array_equal(auto.data["dni_w_m2"].to_numpy(), repaired.data["dni_w_m2"].to_numpy())
    assert load_weather(str(path)).metadata["irradiance"] == "file"
    parser = build_parser()
    args = parser.parse_args(["energy", "m.ifc", "--climate", str(path)])
    assert args.epw_irradiance == "file"
    assert parser.parse_args(["energy", "m.ifc", "--epw-irradiance", "repair"]).epw_irradiance == "repair"
