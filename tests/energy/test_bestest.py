"""ANSI/ASHRAE Standard 140-2020 Cases 600 and 900 (Denver TMY3 725650TYCST.epw).

Acceptance ranges: ANSI/ASHRAE Standard 140-2020 (Addendum b, Tables A3), transcribed in
shared/reference/bestest.md; example-program min-max (BSIMAC, CSE, DeST, EnergyPlus 9.0.1, ESP-r, TRNSYS)
printed for comparison.
"""
from __future__ import annotations

import pytest
from shared_data import shared_epw

from bldgagent.climate.epw import read_epw
from bldgagent.energy.bestest import (ACCEPTANCE, EXAMPLE_PROGRAMS, SOLAR_CHECKS, _summary_table, bestest_zone,
                                      run_bestest, transmitted_solar_kwh_m2)


@pytest.fixture(scope="module")
def denver():
    return read_epw(shared_epw("denver"))


@pytest.fixture(scope="module")
def results(denver):
    res = run_bestest(denver)
    print("\n" + _summary_table(res))
    return res


@pytest.mark.parametrize("case", ["600", "900"])
@pytest.mark.parametrize("quantity", ["heating_mwh", "cooling_mwh"])
def test_annual_loads_inside_ashrae140_acceptance(results, case, quantity):
    lo, hi = ACCEPTANCE[case][quantity]
    assert lo <= results[case][quantity] <= hi, (case, quantity, results[case][quantity])


@pytest.mark.parametrize("case", ["600", "900"])
@pytest.mark.parametrize("quantity", ["heating_mwh", "cooling_mwh", "peak_heating_kw", "peak_cooling_kw"])
def test_inside_example_program_range(results, case, quantity):
    # Std 140-2020 example programs (BSIMAC, CSE, DeST, EnergyPlus 9.0.1, ESP-r, TRNSYS), min-max: with the
    # standard's window (gas gap), exterior textures (rough / very smooth) and hourly convection the engine lands
    # inside for all four annual loads and all four peaks (docs/energy-method.md)
    lo, hi = EXAMPLE_PROGRAMS[case][quantity]
    assert lo <= results[case][quantity] <= hi, (case, quantity, results[case][quantity])


def test_heavy_case_damps_heating_and_cooling(results):
    # mass stores solar gains: Case 900 needs well under half the heating and cooling of Case 600
    assert results["900"]["heating_mwh"] < 0.5 * results["600"]["heating_mwh"]
    assert results["900"]["cooling_mwh"] < 0.5 * results["600"]["cooling_mwh"]


def test_transmitted_solar_south_window(denver):
    lo, hi = SOLAR_CHECKS["transmitted_S_600"]
    got = transmitted_solar_kwh_m2(denver)
    print(f"transmitted through the Case 600 south window: {got:.1f} kWh/m2 (Std 140-2020: {lo}-{hi})")
    assert lo <= got <= hi


def test_heating_near_the_example_mean(results):
    # example-program means (shared/reference/bestest.md): 600 heating 4.213, 900 heating 1.626 MWh; the old
    # linear engine was 9 % and 26 % above them; now within 3 % and 5 %
    assert results["600"]["heating_mwh"] == pytest.approx(4.213, rel=0.03)
    assert results["900"]["heating_mwh"] == pytest.approx(1.626, rel=0.05)


def test_std140_overrides_rebuild_the_hand_zone():
    # STD140_SURFACES / STD140_WINDOWS carry what an IFC-built zone lacks; applied to plain specs they give the
    # hand zone's fields
    from bldgagent.energy.bestest import STD140_SURFACES, STD140_WINDOWS

    z = bestest_zone("600")
    floor = next(s for s in z.surfaces if s.name == "floor")
    for k, v in STD140_SURFACES["ground_floor"].items():
        assert getattr(floor, k) == v
    for k, v in STD140_WINDOWS.items():
        if k not in ("u_w_m2k", "g_normal"):
            assert getattr(z.windows[0], k) == v, k


def test_zone_spec_geometry():
    z = bestest_zone("600")
    assert sum(s.area_m2 for s in z.surfaces if s.tilt_deg == 90.0) + sum(w.area_m2 for w in z.windows) == \
        pytest.approx(2 * (8 + 6) * 2.7)   # gross walls 75.6 m2
    assert z.volume_m3 == pytest.approx(8 * 6 * 2.7)
    with pytest.raises(Exception, match="600"):
        bestest_zone("950")
