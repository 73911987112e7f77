"""EN 16798-1 ventilation, CO2 mass balance (hand-solved exponentials), material emission screening."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bldgagent.errors import InputValueError
from bldgagent.health.air import (
    assess_air,
    classify_material,
    co2_categories,
    co2_hourly_ppm,
    co2_steady_state_ppm,
    design_ventilation_l_s,
    material_emission_flags,
    ventilation_category,
)

H = 8760


def test_steady_state_556_ppm():
    # 20 L/h per person / (10 L/s x 3600 s/h = 36 000 L/h) = 5.556e-4 -> 556 ppm above outdoor
    assert co2_steady_state_ppm(10.0) == pytest.approx(555.56, abs=0.01)
    assert round(co2_steady_state_ppm(7.0)) == 794 and round(co2_steady_state_ppm(4.0)) == 1389
    with pytest.raises(InputValueError):
        co2_steady_state_ppm(0.0)


def test_hourly_constant_occupancy_is_steady_state():
    c = co2_hourly_ppm(np.ones(H), 10.0, 50.0)
    np.testing.assert_allclose(c, 20.0 / 36000.0 * 1e6, rtol=1e-9)


def test_hourly_exact_exponential_by_hand():
    # V = 50 m3, Q = 10 L/s = 0.01 m3/s: k = 2e-4 1/s, k dt = 0.72; c_ss = G/Q = 555.56 ppm for one person.
    # One person in hours 5000 and 5001 only, ventilation always on: c ~ 0 before (decayed for 5000 h).
    occ = np.zeros(H)
    occ[5000:5002] = 1.0
    c = co2_hourly_ppm(occ, 10.0, 50.0)
    css, kdt = 20.0 / 36000.0 * 1e6, 0.72
    e, f = math.exp(-kdt), (1.0 - math.exp(-kdt)) / kdt
    mean_5000 = css * (1.0 - f)  # from 0: mean = c_ss (1 - (1 - e)/(k dt)) = 159.5 ppm
    end_5000 = css * (1.0 - e)  # 285.1 ppm
    mean_5001 = css + (end_5000 - css) * f  # 362.8 ppm
    end_5001 = css + (end_5000 - css) * e
    mean_5002 = end_5001 * f  # unoccupied: decay from 423.9 ppm, mean 302.2 ppm
    assert c[4999] == pytest.approx(0.0, abs=1e-9)
    assert c[5000] == pytest.approx(mean_5000, rel=1e-9) and mean_5000 == pytest.approx(159.5, abs=0.1)
    assert c[5001] == pytest.approx(mean_5001, rel=1e-9) and mean_5001 == pytest.approx(362.8, abs=0.1)
    assert c[5002] == pytest.approx(mean_5002, rel=1e-9) and mean_5002 == pytest.approx(302.2, abs=0.1)


def test_hourly_no_ventilation_is_linear_and_batch_matches():
    occ = np.zeros(H)
    occ[10] = 2.0
    vent = np.full(H, 10.0)
    vent[10:12] = 0.0
    c = co2_hourly_ppm(occ, vent, 40.0)
    # no outdoor air: +G n dt / V = 2 * 20 L/h * 1 h / 40 m3 = 0.04/40 = 1000 ppm over the hour, mean 500
    assert c[10] == pytest.approx(500.0, rel=1e-9) and c[11] == pytest.approx(1000.0, rel=1e-9)
    both = co2_hourly_ppm(np.stack([occ, np.ones(H)]), np.stack([vent, np.full(H, 10.0)]), [40.0, 50.0])
    np.testing.assert_allclose(both[0], c)


def test_ventilation_categories_en16798():
    # office 20 m2, 2 people, low-polluting: I 2*10 + 20*1.0 = 40, II 2*7 + 20*0.7 = 28, III 2*4 + 20*0.4 = 16 L/s
    assert design_ventilation_l_s(2, 20.0, "I") == pytest.approx(40.0)
    assert design_ventilation_l_s(2, 20.0, "II") == pytest.approx(28.0)
    assert design_ventilation_l_s(2, 20.0, "III", "non_low") == pytest.approx(2 * 4 + 20 * 0.8)
    assert ventilation_category(30.0, 2, 20.0) == "II"
    assert ventilation_category(40.0, 2, 20.0) == "I"
    assert ventilation_category(10.0, 2, 20.0) == "below_III"
    with pytest.raises(InputValueError):
        design_ventilation_l_s(2, 20.0, "IV")
    with pytest.raises(InputValueError):
        design_ventilation_l_s(2, 20.0, "II", "dusty")


def test_co2_categories_and_assess_air():
    c = np.zeros(H)
    occ = np.zeros(H, bool)
    occ[:4] = True
    c[:4] = [500.0, 700.0, 1000.0, 2000.0]  # I, II, III, outside
    hours, share = co2_categories(c, occ)
    assert hours == {"I": 1, "II": 1, "III": 1, "outside_III": 1}
    assert share == {"I": 0.25, "II": 0.5, "III": 0.75}
    # room: 2 people 08-18, 28 L/s, 60 m3, 20 m2 -> category II; steady state 2*20 L/h / (28*3.6 m3/h) = 396.8 ppm
    occupancy = np.where((np.arange(H) % 24 >= 8) & (np.arange(H) % 24 < 18), 2.0, 0.0)
    a = assess_air("Office", occupancy, 28.0, 60.0, 20.0)
    assert a.ventilation_category == "II" and a.design_occupants == 2.0
    assert a.co2_share_within["I"] == 1.0
    assert a.co2_max_ppm < 2 * 20.0 / (28.0 * 3.6) * 1000.0 + 1e-6
    assert a.to_dict()["required_l_s"]["II"] == pytest.approx(28.0)


def test_material_emission_screening():
    assert classify_material("MDF board 18 mm") == "wood_panel_uf"
    assert classify_material("Spanplatte") == "wood_panel_uf"
    assert classify_material("Alkyd enamel") == "solvent_paint"
    assert classify_material("Black granite") is None  # 'lack' must not match inside 'black'
    assert classify_material("PVC window frame") is None
    assert classify_material("vinyl flooring") == "vinyl_flooring"
    assert classify_material("carpet") == "carpet"  # a category key is accepted as is
    flags = material_emission_flags(["Concrete", "MDF", "Teppich", "water-based paint"])
    assert [f.category for f in flags] == ["wood_panel_uf", "carpet"]
    assert flags[0].pollutants == "formaldehyde" and "GB 18580-2017" in flags[0].source
    assert flags[0].low_emission_alternative
