"""Mass law, composite facade, EN 12354-3 indoor level and GB 50118 checks, by hand."""

from __future__ import annotations

import math

import pytest

from bldgagent.errors import InputValueError
from bldgagent.health import RoomInput, WallInput, WindowInput
from bldgagent.health.acoustics import (
    assess_acoustics,
    composite_r_db,
    glazing_rw_db,
    indoor_level_db,
    rw_mass_law_db,
    surface_mass_kg_m2,
)
from bldgagent.model import Construction, Layer, Material


def test_mass_law_en12354_and_din4109():
    # EN 12354-1 Annex B: R_w = 37.5 lg 400 - 42 = 55.58 dB; C_tr = 16 - 9 lg 400 = -7.42 -> bounded to -7
    r = rw_mass_law_db(400.0)
    assert r.rw_db == pytest.approx(37.5 * math.log10(400) - 42.0) and r.rw_db == pytest.approx(55.58, abs=0.01)
    assert r.ctr_db == -7.0
    # 150 kg/m2: 37.5 * 2.1761 - 42 = 39.6 dB; C_tr = 16 - 19.58 = -3.58
    r150 = rw_mass_law_db(150.0)
    assert r150.rw_db == pytest.approx(39.60, abs=0.01) and r150.ctr_db == pytest.approx(16 - 9 * math.log10(150))
    # below the Annex B range: no value, flagged
    light = rw_mass_law_db(100.0)
    assert light.rw_db is None and light.flags == ["mass_law_outside_validity_150_inf_kg_m2"]
    # DIN 4109-32: 30.9 lg 100 - 22.2 = 39.6 dB, valid 65-720 kg/m2
    assert rw_mass_law_db(100.0, "din4109").rw_db == pytest.approx(39.6)
    assert rw_mass_law_db(800.0, "din4109").rw_db is None


def test_surface_mass_and_double_leaf_flag():
    concrete = Material("Concrete", density_kg_m3=2400.0)
    plaster = Material("Gypsum plaster", density_kg_m3=1300.0)
    c = Construction("layers", layers=[Layer(concrete, 0.2), Layer(plaster, 0.015)], outside_first=True)
    m, flags = surface_mass_kg_m2(c)
    assert m == pytest.approx(480.0 + 19.5) and flags == []
    brick = Material("Brick", density_kg_m3=1800.0)
    wool = Material("Mineral wool", density_kg_m3=30.0)
    cavity = Construction("layers", layers=[Layer(brick, 0.1), Layer(wool, 0.1), Layer(brick, 0.1)])
    m2, flags2 = surface_mass_kg_m2(cavity)
    assert m2 == pytest.approx(363.0) and flags2 == ["double_leaf_or_lined"]
    unknown = Construction("layers", layers=[Layer(Material("Mystery"), 0.2)])
    assert surface_mass_kg_m2(unknown) == (None, ["layer_without_density:Mystery"])


def test_composite_and_indoor_level_by_hand():
    # 10 m2 at 55 dB and 2 m2 at 30 dB: tau = (10e-5.5 + 2e-3)/12 = 1.69302e-4 -> R = 37.71 dB
    assert composite_r_db([10.0, 2.0], [55.0, 30.0]) == pytest.approx(-10 * math.log10((10 * 10**-5.5 + 2e-3) / 12))
    assert composite_r_db([10.0, 2.0], [55.0, 30.0]) == pytest.approx(37.71, abs=0.01)
    # EN 12354-3: V = 30, S = 10, T0 = 0.5 -> 10 lg(30 / (6*0.5*10)) = 0 dB, so L_in = 70 - 30 = 40 dB
    assert indoor_level_db(70.0, 30.0, 10.0, 30.0) == pytest.approx(40.0)
    assert indoor_level_db(70.0, 30.0, 10.0, 60.0) == pytest.approx(40.0 - 10 * math.log10(2))
    with pytest.raises(InputValueError):
        composite_r_db([1.0], [30.0, 40.0])


def test_glazing_table():
    assert glazing_rw_db("4-16-4") == (29.0, -4.0)
    with pytest.raises(InputValueError, match="unknown glazing"):
        glazing_rw_db("1-2-3")


def _bedroom(**kw) -> RoomInput:
    base = dict(
        name="Bed 1",
        usage="bedroom",
        floor_area_m2=12.0,
        volume_m3=30.0,
        windows=[WindowInput(2.0, glazing="4-16-4", azimuth_deg=180.0)],
        external_walls=[WallInput(8.0, surface_mass_kg_m2=400.0, azimuth_deg=180.0)],
    )
    base.update(kw)
    return RoomInput(**base)


def test_bedroom_facade_against_gb50118():
    # wall 8 m2 at R_w + C_tr = 55.58 - 7 = 48.58 dB; window 2 m2 at 29 - 4 = 25 dB
    r_tr = -10 * math.log10((8 * 10 ** (-(37.5 * math.log10(400) - 42 - 7) / 10) + 2 * 10**-2.5) / 10)
    # L_in = L_2m - R - 10 lg(30 / (6 * 0.5 * 10)) = L_2m - R - 0
    res = assess_acoustics(_bedroom(), noise_day_db=60.0, noise_night_db=55.0)
    assert res.assessed and res.composite_rw_ctr_db == pytest.approx(r_tr)
    assert res.composite_rw_ctr_db == pytest.approx(31.91, abs=0.01)  # (8*1.387e-5 + 2*3.162e-3)/10
    assert res.indoor_night_db == pytest.approx(55.0 - r_tr)  # 23.1 dB(A)
    night = {c["framework"]: c["passes"] for c in res.checks if c["period"] == "night"}
    assert night == {"gb50118_basic": True, "gb50118_high": True, "who1999": True}  # 23.1 <= 37 / 30 / 30
    loud = assess_acoustics(_bedroom(), noise_day_db=75.0, noise_night_db=70.0)  # night 38.1 dB(A) > 37
    assert {c["framework"]: c["passes"] for c in loud.checks if c["period"] == "night"} == {
        "gb50118_basic": False,
        "gb50118_high": False,
        "who1999": False,
    }
    assert len(loud.to_frame()) == 6  # GB basic/high day+night, WHO day+night


def test_not_assessed_cases():
    no_noise = assess_acoustics(_bedroom(), None, None)
    assert not no_noise.assessed and no_noise.diagnostics[0].code == "acoustic_no_site_noise"
    light_wall = assess_acoustics(_bedroom(external_walls=[WallInput(8.0, surface_mass_kg_m2=60.0)]), 60.0, 50.0)
    assert not light_wall.assessed and light_wall.diagnostics[-1].code == "acoustic_mass_law_invalid"
    no_window_rw = assess_acoustics(_bedroom(windows=[WindowInput(2.0)]), 60.0, 50.0)
    assert not no_window_rw.assessed and no_window_rw.diagnostics[-1].code == "acoustic_window_no_rw"
    interior = assess_acoustics(_bedroom(windows=[], external_walls=[]), 60.0, 50.0)
    assert not interior.assessed and interior.diagnostics[0].code == "acoustic_no_facade"
    # per-facade noise: the loudest facade the room faces is used
    res = assess_acoustics(_bedroom(), {"S": 70.0, "N": 50.0}, {"S": 60.0, "N": 40.0})
    assert res.outdoor_day_db == 70.0 and res.outdoor_night_db == 60.0
