"""The matcher on names it was not tuned on (material_names_eval.csv) and the categories added for them."""
from __future__ import annotations

import re

import pytest

from bldgagent.lca import MaterialMatcher, assess_carbon
from bldgagent.model import Building
from lca_buildings import element, mat
from matcher_eval import evaluate, rows, split_of


def test_eval_table_shape_and_fixed_split():
    table = rows()
    assert len(table) >= 480
    langs = {r["language"] for r in table}
    assert {"en", "de", "fr", "nl", "es", "it", "ja", "zh"} <= langs
    # the split is the SHA-1 rule, not hand-picked (holdout: real IFC names added after tuning, never tuned on)
    holdouts = ("holdout", "holdout2", "holdout3", "holdout4")
    assert all(r["split"] == split_of(r["name"]) for r in table if r["split"] not in holdouts)
    assert sum(r["split"] == "holdout" for r in table) >= 30
    assert sum(r["split"] == "test" for r in table) >= 150
    assert all(r["source"] for r in table)


def test_untouched_test_part_accuracy():
    by_lang, _ = evaluate("test")
    correct = sum(c for c, _ in by_lang.values())
    total = sum(n for _, n in by_lang.values())
    print("\n" + ", ".join(f"{k} {c}/{n}" for k, (c, n) in by_lang.items()))
    assert correct / total >= 0.90
    assert all(c / n >= 0.8 for c, n in by_lang.values())


def test_holdout_of_real_ifc_names():
    # 32 real names collected after tuning, never tuned on: 25/32 at the time of writing (misses in docs/carbon.md);
    # a floor against regressions, not a target
    by_lang, misses = evaluate("holdout")
    total = sum(n for _, n in by_lang.values())
    assert total >= 30 and 1 - len(misses) / total >= 0.75, "\n".join(misses)


def test_second_holdout_untouched_real_names():
    # 165 real IfcMaterial names from public IFC files not used before, labelled by hand and committed (9e8eabc)
    # before the matcher ran on them; never tuned on. Measured 141/165 = 85.5 % (en 107/119, de 15/17, ja 8/9,
    # it 5/8, fr 4/6, ru 1/5, zh 1/1; misses in docs/carbon.md). Its failure classes were then fixed by class
    # (2026-12 round 3): 164/165, no longer an untouched figure; the floor guards the class fixes.
    table = [r for r in rows() if r["split"] == "holdout2"]
    assert len(table) >= 80 and all(r["source"] and r["expected_category"] for r in table)
    assert len({r["language"] for r in table}) >= 6
    assert len({r["source"] for r in table}) >= 20          # many files, not one export
    by_lang, misses = evaluate("holdout2")
    correct = sum(c for c, _ in by_lang.values())
    assert correct >= 164, "\n".join(misses)


def test_tuning_part_accuracy():
    by_lang, misses = evaluate("tune")
    total = sum(n for _, n in by_lang.values())
    assert 1 - len(misses) / total >= 0.95, "\n".join(misses)


@pytest.mark.parametrize("name,category", [
    ("Gewapend beton", "reinforced_concrete"), ("Hormigón armado", "reinforced_concrete"),
    ("鉄筋コンクリート", "reinforced_concrete"), ("Ongewapend beton", "concrete"), ("Calcestruzzo non armato", "concrete"),
    ("Beton unbewehrt", "concrete"), ("Prédalle béton", "precast_concrete"), ("コンクリート", "concrete"),
    ("グラスウール", "glass_wool"), ("ガラス", "glass"), ("镀锌钢板", "steel_sheet"), ("Titanzinkblech", "zinc"),
])
def test_languages_and_concrete_kinds(name, category):
    assert MaterialMatcher().match(name).category == category


def test_generic_insulation_is_not_guessed_as_mineral_wool():
    m = MaterialMatcher().match("Wärmedämmung")
    assert m.category == "insulation" and m.factor_id == "bldgagent_generic_insulation"
    assert m.confidence <= 0.6  # wide range: 31-367 kgCO2e/m3 across the packaged insulation factors
    assert "mineral_wool" in [c.category for c in m.candidates]
    # a density decides the type: 18 kg/m3 is EPS
    assert MaterialMatcher().match("Wärmedämmung", density_kg_m3=18.0).category == "eps"
    # 1 m3 of generic insulation = 111.1 kgCO2e (median per m3 of the 11 packaged insulation factors)
    b = Building(name="i", elements=[element("w", "wall", [(mat("Isolatie"), 1.0, None)])], gross_floor_area_m2=10)
    r = assess_carbon(b, n_draws=0, waste=False)
    assert r.modules["A1-A3"] == pytest.approx(111.1)


def test_unknown_names_get_candidates_not_a_category():
    m = MaterialMatcher()
    none = m.match("Xyzzy 42")
    assert none.category == "unknown" and none.factor_id is None and none.confidence == 0
    weak = m.match("Conkreet")  # a weak resemblance only: listed, never used
    assert weak.category == "unknown" and weak.factor_id is None and weak.confidence == 0
    assert weak.candidates and weak.candidates[0].category == "concrete" and weak.candidates[0].score < 0.5


def test_reinforced_concrete_gets_rebar_plain_does_not():
    # reinforced concrete in a stair (no ratio of its own): the '*' default 100 kg/m3; 2 m3 -> 200 kg of rebar
    # plain concrete in a slab (ratio 100 kg/m3): no rebar; generic concrete in a slab: the slab ratio
    els = [element("st", "stair", [(mat("Gewapend beton"), 2.0, None)]),
           element("s1", "slab", [(mat("Beton unbewehrt"), 5.0, None)]),
           element("s2", "slab", [(mat("Beton"), 3.0, None)])]
    r = assess_carbon(Building(name="rc", elements=els, gross_floor_area_m2=50), n_draws=0)
    rebar = r.lines[r.lines["category"] == "rebar"].set_index("element_id")["mass_kg"]
    assert rebar.to_dict() == pytest.approx({"st": 200.0, "s2": 300.0})
    rc = r.lines[r.lines["element_id"] == "st"].iloc[0]
    assert rc["category"] == "reinforced_concrete" and rc["factor_id"] == "gbt_c30"
    # the concrete of reinforced concrete travels like concrete (GB/T 51366 40 km): 2 m3 x 2.4 t x 40 km x 0.078
    assert rc["a4"] == pytest.approx(2 * 2.4 * 40 * 0.078)


def test_unmatched_lines_list_their_candidates():
    b = Building(name="u", elements=[element("w", "wall", [(mat("Conkreet"), 4.0, None)])], gross_floor_area_m2=20)
    r = assess_carbon(b, n_draws=0)
    top = r.coverage["top_unmatched"][0]
    assert top["material"] == "Conkreet" and top["volume_m3"] == 4.0
    assert top["candidates"].startswith("concrete:")


@pytest.mark.parametrize("name,category", [
    # Russian: the words of the GOST product-standard titles (GOST 25192 бетоны, 26633/13015 железобетон, 31359
    # ячеистые бетоны, 530 кирпич, 6266 гипсокартон, 9573 минеральная вата, 15588 пенополистирол, 34028 арматура)
    ("Бетон", "concrete"), ("Железобетон", "reinforced_concrete"), ("Пенобетон", "aac"), ("Кирпич", "brick"),
    ("Гипсокартон", "gypsum_board"), ("Гипс", "plaster"), ("Минеральная вата", "mineral_wool"),
    ("Пенополистирол", "eps"), ("Экструдированный пенополистирол", "xps"), ("Арматура", "rebar"),
    ("Сталь", "steel"), ("Деревянный пол", "parquet"), ("Силикатный кирпич", "calcium_silicate"),
    ("Гидроизоляция", "membrane"), ("Теплоизоляция", "insulation"),
])
def test_russian_vocabulary(name, category):
    assert MaterialMatcher().match(name).category == category


@pytest.mark.parametrize("name,category", [
    ("Metal - Paint Finish - Grey", "steel"),       # the leading class word is the material; the paint is its finish
    ("Paint - Aluminium", "paint"),                 # led by the paint word: a paint (Revit class "Paint")
    ("Paint Finish", "paint"),
    ("Sabbia e Calcestruzzo", "concrete"),          # a mix named with its constituent (EN 206: concrete contains sand)
    ("Door - Frame/Mullion", "door"),               # a frame-part word is weaker than the element word
    ("Plaster - Gypsum", "plaster"),                # gypsum plaster (EN 13279-1), not gypsum board
    ("Gipskarton", "gypsum_board"), ("Gips", "plaster"),
    ("Cavity Fill", "insulation"), ("Air Cavity", "air"),  # BS 8208 cavity fill is insulation; the cavity is air
    ("Fiberglass Batt", "glass_wool"), ("Batt Insulation", "insulation"),  # a batt of unstated fibre is generic
    ("Coppi", "roof_tile"), ("Divers - Vide", "air"), ("Cloison - Stratifié", "laminate"), ("壁材-下塗り", "plaster"),
])
def test_holdout2_failure_classes(name, category):
    assert MaterialMatcher().match(name).category == category


def test_colour_names_are_not_materials():
    m = MaterialMatcher()
    for name in ("Render Material 255-255-255", "RGB 40,40,40", "RGB 128 128 128"):
        got = m.match(name)
        assert got.category == "unknown" and got.factor_id is None, name
    # a colour name on a wall is a placeholder: the wall's context default at placeholder confidence (0.3)
    on_wall = m.match("Render Material 255-255-255", "wall")
    assert on_wall.category == "concrete" and on_wall.confidence == pytest.approx(0.3)
    assert m.match("Render").category == "render"  # the word alone is still a render


def test_third_holdout_untouched_real_names():
    # 156 real names from 46 public IFC files in 19 repositories never used before (source = repo@commit:path);
    # 120 committed (e66e751) before the round-3 matcher changes, 36 collected after them (5efdd3b), all labelled
    # before the matcher ran on them; run once, never tuned on. Measured 120/156 = 76.9 % (before the round-3
    # changes 118/156), below the 90 % target; misses in docs/carbon.md. A floor against regressions only.
    table = [r for r in rows() if r["split"] == "holdout3"]
    assert len(table) >= 150 and all(r["expected_category"] for r in table)
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}:.+", r["source"]) for r in table)
    assert len({r["source"] for r in table}) >= 40 and len({r["language"] for r in table}) >= 6
    known = {r["name"].lower() for r in rows() if r["split"] != "holdout3"}
    assert not any(r["name"].lower() in known for r in table)   # no name of the other parts is reused
    by_lang, misses = evaluate("holdout3")
    assert sum(c for c, _ in by_lang.values()) >= 120, "\n".join(misses)


def test_fourth_holdout_untouched_real_names():
    # 165 real names from 69 public IFC files in 11 repositories never used before (source = repo@commit:path),
    # labelled by hand and committed (8d9f06f) before the matcher ran on them; run once, never tuned on. Measured
    # 128/165 = 77.6 % (Norwegian 26/57, all others 102/108), below the 90 % target; every miss in docs/carbon.md.
    # A floor against regressions only.
    table = [r for r in rows() if r["split"] == "holdout4"]
    assert len(table) >= 150 and all(r["expected_category"] for r in table)
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}:.+", r["source"]) for r in table)
    assert len({r["source"] for r in table}) >= 60 and len({r["language"] for r in table}) >= 6
    known = {r["name"].lower() for r in rows() if r["split"] != "holdout4"}
    assert not any(r["name"].lower() in known for r in table)
    by_lang, misses = evaluate("holdout4")
    assert sum(c for c, _ in by_lang.values()) >= 128, "\n".join(misses)
