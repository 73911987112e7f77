"""Construction thermal properties (bldgagent.energy.constructions): ISO 6946 U, ISO 13786 kappa_m, defaults."""
from __future__ import annotations

import pytest

from bldgagent.energy.constructions import (air_layer_resistance_m2k_w, areal_heat_capacity_j_m2k,
                                            construction_layers, material_library, thermal_properties,
                                            u_value_w_m2k)
from bldgagent.errors import InputValueError, ModelContentError
from bldgagent.model import Construction, Diagnostics, Layer, Material

WALL_900 = [(0.009, 0.14, 530.0, 900.0), (0.0615, 0.040, 10.0, 1400.0), (0.100, 0.51, 1400.0, 1000.0)]


def test_u_value_iso6946_by_hand():
    # R_si 0.13 + 0.009/0.14 + 0.0615/0.04 + 0.1/0.51 + R_se 0.04 (ISO 6946:2017 Table 7)
    r = 0.13 + 0.009 / 0.14 + 0.0615 / 0.04 + 0.100 / 0.51 + 0.04
    assert u_value_w_m2k(WALL_900) == pytest.approx(1 / r, rel=1e-12)
    assert u_value_w_m2k(WALL_900, "upward") == pytest.approx(1 / (r - 0.03), rel=1e-12)
    assert u_value_w_m2k(WALL_900, "downward", boundary="ground") == pytest.approx(1 / (r + 0.04 - 0.04), rel=1e-12)


def test_areal_heat_capacity_effective_thickness():
    # inside layer 0.1 m block; limit = min(half of 0.1705 m, 0.10 m) = 0.08525 m -> 1400*1000*0.08525
    assert areal_heat_capacity_j_m2k(WALL_900) == pytest.approx(1400 * 1000 * 0.08525)
    # insulation on the inside stops the sum at once
    assert areal_heat_capacity_j_m2k([(0.2, 2.0, 2400, 1000), (0.05, 0.035, 20, 1450)]) == 0.0


def test_air_layer_table():
    assert air_layer_resistance_m2k_w(0.025) == pytest.approx(0.18)           # ISO 6946:2017 Table 8
    assert air_layer_resistance_m2k_w(0.100, "downward") == pytest.approx(0.22)
    assert air_layer_resistance_m2k_w(0.020, "horizontal") == pytest.approx(0.175)


def test_material_own_values_take_precedence_and_defaults_are_recorded():
    d = Diagnostics()
    own = thermal_properties(Material("Beton C25/30", conductivity_w_mk=1.6), 0.2, diagnostics=d, entity="#1")
    assert own.conductivity_w_mk == 1.6 and own.provenance["conductivity_w_mk"] == "material"
    assert own.density_kg_m3 == 2400.0 and own.provenance["density_kg_m3"].startswith("default:concrete")
    assert d.by_code() == {"thermal_default": 1}
    assert thermal_properties(Material("Mineralwolle 035"), 0.1).conductivity_w_mk == pytest.approx(0.037)
    assert thermal_properties(Material("XPS 300"), 0.1).conductivity_w_mk == pytest.approx(0.034)
    assert thermal_properties(Material("Gipskartonplatte"), 0.0125).density_kg_m3 == 900.0
    assert thermal_properties(Material("whatever", category="timber"), 0.02).specific_heat_j_kgk == 1600.0


def test_construction_layers_from_model():
    c = Construction("layers", "ext wall", [
        Layer(Material("Gipsputz"), 0.015), Layer(Material("Kalksandstein"), 0.175),
        Layer(Material("Mineralwolle"), 0.14), Layer(Material("Luftschicht"), 0.04), Layer(Material("Klinker"), 0.115),
    ], outside_first=False)
    ct = construction_layers(c)
    assert [lay.name for lay in ct.layers][0] == "Klinker"          # outside first
    r = 0.13 + 0.015 / 0.57 + 0.175 / 0.99 + 0.14 / 0.037 + 0.18 + 0.115 / 0.81 + 0.04
    assert ct.u_value_w_m2k == pytest.approx(1 / r, rel=1e-9)
    assert ct.defaulted
    assert len(ct.layer_tuples()) == 5
    assert ct.to_dict()["u_value_w_m2k"] == pytest.approx(1 / r)


def test_errors():
    with pytest.raises(ModelContentError, match="conductivity"):
        thermal_properties(Material("Unobtainium 7"), 0.1)
    with pytest.raises(InputValueError, match="conductivity_w_mk"):
        thermal_properties(Material("x", conductivity_w_mk=-1.0), 0.1)
    with pytest.raises(ModelContentError, match="kind"):
        construction_layers(Construction("profile", "beam"))


def test_library_rows_have_sources():
    lib = material_library()
    assert lib["source"].str.len().min() > 10
    assert (lib["conductivity_w_mk"] > 0).all()
