"""Factor library: packaged sets, validation errors, selection rules, service lives, transport, EN 16449."""
from __future__ import annotations

import pytest

from bldgagent.errors import DataFileError, InputValueError
from bldgagent.lca import (FactorLibrary, en16449_biogenic_co2_kg, load_factor_set, reference_service_life,
                           replacements, transport_factor)
from bldgagent.lca.factors import FACTOR_COLUMNS


def test_packaged_sets_load_with_sources():
    for name, at_least in (("gbt51366_2019", 60), ("ice_v3", 40), ("kbob_2022", 80)):
        fs = load_factor_set(name)
        assert len(fs) >= at_least
        assert all(f.source and f.basis in ("CO2", "CO2e") for f in fs.factors.values())


def test_gbt51366_appendix_d_values():
    lib = FactorLibrary(["gbt51366_2019"])
    # GB/T 51366-2019 Table D.0.1: C30 295 kgCO2e/m3, C50 385 kgCO2e/m3, rebar 2340 kgCO2e/t
    assert lib["gbt_c30"].a1a3 == 295 and lib["gbt_c30"].declared_unit == "m3"
    assert lib["gbt_c50"].a1a3 == 385
    assert lib["gbt_rebar"].a1a3 == 2340 and lib["gbt_rebar"].declared_unit == "t"
    # the two values some transcriptions mistype by a factor of 10
    assert lib["gbt_win_al_wood_7030"].a1a3 == 122.5 and lib["gbt_win_al_pvc"].a1a3 == 129.5


def test_kbob_split_and_biogenic():
    lib = FactorLibrary(["kbob_2022"])
    concrete = lib["kbob_01.002"]
    # KBOB 2009/1:2022 building concrete: total 0.101 = 0.0887 production + 0.0126 disposal
    assert concrete.a1a3 + concrete.c4 == pytest.approx(0.1013)
    glulam = lib["kbob_07.003"]
    # 0.446 kg C per kg x 44/12 = 1.635 kg CO2 per kg, reported as biogenic content, not in A1-A3
    assert glulam.biogenic_kgco2 == pytest.approx(0.446 * 44 / 12, rel=1e-3)
    assert glulam.a1a3 > 0


def _write_set(tmp_path, rows, name="my_set.csv"):
    path = tmp_path / name
    lines = [",".join(FACTOR_COLUMNS)]
    for r in rows:
        lines.append(",".join(str(r.get(c, "")) for c in FACTOR_COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**kw):
    base = dict(id="my_c30", name="My C30 EPD", category="concrete", declared_unit="m3", a1a3=250, basis="CO2e",
                source="EPD 123", grade_cube_mpa=30)
    base.update(kw)
    return base


def test_bad_row_names_file_row_and_column(tmp_path):
    path = _write_set(tmp_path, [_row(), _row(id="bad", declared_unit="litre")])
    with pytest.raises(DataFileError) as exc:
        load_factor_set(path)
    msg = str(exc.value)
    assert str(path) in msg and "row 3" in msg and "'declared_unit'" in msg


@pytest.mark.parametrize("field,value,fragment", [
    ("a1a3", "-5", "negative"), ("a1a3", "abc", "not a number"), ("category", "unobtainium", "unknown category"),
    ("basis", "CH4", "CO2 or CO2e"), ("source", "", "source"), ("density_kg_m3", "0", "positive"),
])
def test_validation_errors(tmp_path, field, value, fragment):
    path = _write_set(tmp_path, [_row(**{field: value})], name=f"set_{field}.csv")
    with pytest.raises(DataFileError, match=fragment):
        load_factor_set(path)


def test_duplicate_ids_across_sets(tmp_path):
    path = _write_set(tmp_path, [_row(id="gbt_c30")], name="dup.csv")
    with pytest.raises(DataFileError, match="gbt_c30"):
        FactorLibrary([path, "gbt51366_2019"])


def test_user_set_takes_precedence(tmp_path):
    path = _write_set(tmp_path, [_row()])
    lib = FactorLibrary([path, "gbt51366_2019", "ice_v3"])
    f, why, conf = lib.select("concrete", grade_cube_mpa=30)
    assert f.id == "my_c30" and conf == 1.0 and "my_set" in why


def test_selection_rules_never_scale():
    lib = FactorLibrary()  # GB/T 51366 -> ICE v3 -> KBOB
    f, why, conf = lib.select("concrete", grade_cube_mpa=30)
    assert f.id == "gbt_c30" and conf == 1.0
    # C40 (cube 40 MPa) is not in GB/T: the exact grade comes from ICE (C32/40), not a scaled GB value
    f, why, _ = lib.select("concrete", grade_cube_mpa=40)
    assert f.set_name == "ice_v3" and f.grade_cube_mpa == 40
    # no grade: the GB/T default row (C30)
    assert lib.select("concrete")[0].id == "gbt_c30"
    # GB/T has no timber, gypsum board or XPS: supplementary sets, each labelled
    assert lib.select("timber")[0].set_name == "ice_v3"
    assert lib.select("xps")[0].set_name == "ice_v3"
    assert lib.select("gypsum_board")[0].set_name == "ice_v3"
    # proxy category with reduced confidence and a reason
    f, why, conf = lib.select("soil")
    assert f.category == "gravel" and conf < 1.0 and "proxy" in why


def test_replacements_rule():
    # N = ceil(period / RSL) - 1 (EN 15978 practice, BNB/QNG)
    assert replacements(50, 30) == 1
    assert replacements(50, 60) == 0
    assert replacements(50, 25) == 1
    assert replacements(50, 20) == 2
    assert replacements(50, 49) == 1
    assert replacements(60, 15) == 3
    assert replacements(50, None) == 0


def test_service_lives_from_table():
    life, src = reference_service_life("window", "window")
    assert life == 30 and "SIA 2032" in src
    life, _ = reference_service_life("slab", "concrete")
    assert life is None  # structure lasts the building life


def test_transport_factor_hand_check():
    # GB/T 51366 Table E.0.1: heavy diesel truck 30 t = 0.078 kgCO2e/(t km); 100 t x 500 km = 3.9 tCO2e
    assert 100 * 500 * transport_factor("diesel_truck_30t") == pytest.approx(3900.0)
    with pytest.raises(InputValueError, match="unknown transport mode"):
        transport_factor("donkey")


def test_en16449():
    # 112 kg of wood at 12 % moisture = 100 kg dry; 44/12 x 0.5 x 100 = 183.33 kg CO2
    assert en16449_biogenic_co2_kg(112.0) == pytest.approx(183.333, rel=1e-4)
