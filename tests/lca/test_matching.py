"""Material matching: the multilingual test table, grades, context, mappings."""
from __future__ import annotations

import json

import pytest

from bldgagent.errors import DataFileError, MappingError
from bldgagent.lca import FactorLibrary, MaterialMatcher, load_mapping, normalize_name, parse_concrete_grade
from lca_material_names import INSULATION_FAMILY, NAMES


def test_matcher_category_accuracy():
    matcher = MaterialMatcher()
    misses = []
    for name, kind, expected, origin, rho, lam in NAMES:
        m = matcher.match(name, kind, None, rho, lam)
        ok = m.category == expected or (expected == "insulation" and m.category in INSULATION_FAMILY)
        if not ok:
            misses.append(f"{name!r} ({kind}, {origin}): expected {expected}, got {m.category} - {m.reason}")
    accuracy = 1 - len(misses) / len(NAMES)
    print(f"\nmatcher accuracy {100 * accuracy:.1f} % on {len(NAMES)} names; misses:\n" + "\n".join(misses))
    assert len(NAMES) >= 150
    assert accuracy >= 0.95


def test_normalize():
    assert normalize_name("Leichtbeton 102890359") == "leichtbeton"
    assert normalize_name("Dämmung WLG 035") == "daemmung wlg 035"
    assert normalize_name("Béton armé") == "beton arme"


@pytest.mark.parametrize("name,cube", [
    ("Beton C30/37", 37), ("混凝土C30", 30), ("C30混凝土", 30), ("Beton C25", 30), ("Beton B25", 25),
    ("Concrete 4000 psi", 37), ("Leichtbeton LC20/22", 22), ("Concrete", None),
])
def test_concrete_grades(name, cube):
    assert parse_concrete_grade(name)[0] == cube


def test_grade_drives_factor():
    m = MaterialMatcher()
    assert m.match("混凝土C30", "slab").factor_id == "gbt_c30"
    assert m.match("C50混凝土", "column").factor_id == "gbt_c50"
    # EN C30/37 has cube strength 37 MPa: the exact ICE class, not the GB/T C30 row
    assert m.match("Beton C30/37", "wall").factor_id == "ice_concrete_c30_37"


def test_context_and_confidence():
    m = MaterialMatcher()
    solid = m.match("Solid", "slab", 0.2)
    assert solid.category == "concrete" and solid.method == "context" and solid.confidence < 0.5
    beam = m.match(None, "beam", context={"*": "steel"})
    assert beam.category == "steel" and "dominant" in beam.reason
    membrane = m.match("Default", "roof", 0.002)
    assert membrane.category == "membrane"
    assert m.match("Stahlbeton", "slab").confidence >= 0.85
    unknown = m.match("Xyzzy 42", "other")
    assert unknown.factor_id is None and unknown.confidence == 0


def test_candidates_ranked_with_reasons():
    cands = MaterialMatcher().suggest("Insulation / Thermal Barriers - Rigid insulation", element_kind="wall",
                                      density_kg_m3=30.0)
    assert cands[0].score >= cands[-1].score
    assert cands[0].category == "xps" and "density" in cands[0].reason


def test_mapping_overrides_and_roundtrip(tmp_path):
    lib = FactorLibrary()
    m = MaterialMatcher(lib, {"Solid": "kbob_07.011"})
    hit = m.match("Solid 397409098", "slab")
    assert hit.factor_id == "kbob_07.011" and hit.confidence == 1.0 and hit.method == "mapping"
    mapping = load_mapping({"Solid": "kbob_07.011"}, lib)
    mapping.confirm("Masonry - Brick", "gbt_shale_hollow_brick", "architect", "hollow blocks per spec")
    for suffix in (".json", ".csv"):
        path = mapping.save(tmp_path / f"map{suffix}")
        again = load_mapping(path, lib)
        assert again.get("masonry - brick").confirmed_by == "architect"


def test_mapping_unknown_factor_names_entry(tmp_path):
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps({"entries": [{"material": "Beton", "factor_id": "gbt_c30"},
                                            {"material": "Ziegel", "factor_id": "no_such_factor"}]}))
    with pytest.raises(MappingError, match="Ziegel.*no_such_factor"):
        MaterialMatcher(FactorLibrary(), path)
    bad_csv = tmp_path / "m.csv"
    bad_csv.write_text("name,id\nx,y\n")
    with pytest.raises(DataFileError, match="material, factor_id"):
        load_mapping(bad_csv)
