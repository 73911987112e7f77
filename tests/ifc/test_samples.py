"""Sample buildings: valid IFC4 that reads back with the quantities it was generated with."""
from __future__ import annotations

from collections import Counter

import ifcopenshell
import ifcopenshell.validate
import pytest

import bldgagent
from bldgagent.errors import InputValueError
from bldgagent.ifc.samples import CONSTRUCTIONS, SampleSpec, bestest_box, sample_building


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The default sample written with and without quantity sets."""
    folder = tmp_path_factory.mktemp("samples")
    with_q = folder / "with_qto.ifc"
    without_q = folder / "without_qto.ifc"
    sample_building(path=with_q)
    sample_building(path=without_q, quantities=False)
    return bldgagent.load(with_q), bldgagent.load(without_q), with_q


@pytest.mark.parametrize("structure", ["concrete", "steel", "timber"])
def test_samples_pass_ifcopenshell_validate(tmp_path, structure):
    path = tmp_path / f"{structure}.ifc"
    sample_building(path=path, structure=structure, storeys=2)
    logger = ifcopenshell.validate.json_logger()
    ifcopenshell.validate.validate(ifcopenshell.open(str(path)), logger, express_rules=True)
    assert [s for s in logger.statements if s["level"] == "error"] == []


@pytest.mark.parametrize("case", [600, 900])
def test_bestest_boxes_validate_and_read(tmp_path, case):
    path = tmp_path / f"case{case}.ifc"
    bestest_box(case, path)
    logger = ifcopenshell.validate.json_logger()
    ifcopenshell.validate.validate(ifcopenshell.open(str(path)), logger, express_rules=True)
    assert [s for s in logger.statements if s["level"] == "error"] == []
    b = bldgagent.load(path)
    # ASHRAE 140: N/S walls 8 x 2.7 = 21.6 m2 gross, south net 21.6 - 12 = 9.6; E/W 6 x 2.7 = 16.2 m2
    walls = {e.orientation: e.area_m2 for e in b.elements if e.kind == "wall"}
    assert walls == pytest.approx({"N": 21.6, "S": 9.6, "E": 16.2, "W": 16.2})
    assert sum(w.area_m2 for w in b.windows) == pytest.approx(12.0)
    assert {w.orientation for w in b.windows} == {"S"}
    assert b.spaces[0].net_floor_area_m2 == pytest.approx(48.0)
    assert b.spaces[0].volume_m3 == pytest.approx(129.6)
    assert b.site.latitude_deg == pytest.approx(39.83, abs=1e-6)
    assert b.site.elevation_m == pytest.approx(1650.0)
    wall = next(e for e in b.elements if e.kind == "wall")
    assert wall.construction.outside_first is True
    assert wall.construction.layers_outside_in()[0].material.name == "BESTEST wood siding"
    floor = next(e for e in b.elements if e.kind == "floor")
    assert floor.is_ground_contact and floor.construction.layers_outside_in()[0].material.name == "BESTEST floor insulation"
    roof = next(e for e in b.elements if e.kind == "roof")
    assert roof.construction.layers_outside_in()[0].material.name == "BESTEST roof deck"
    mass = {"600": "BESTEST plasterboard", "900": "BESTEST concrete block"}[str(case)]
    assert wall.construction.layers_outside_in()[-1].material.name == mass
    assert wall.construction.layers[0].material.conductivity_w_mk == pytest.approx(0.14)


def test_sample_reads_back_generated_quantities(pair):
    b, _, _ = pair
    spec = SampleSpec()
    layers = CONSTRUCTIONS["concrete"]
    # ground slab = full footprint 24 x 12 m; roof the same
    ground = next(e for e in b.elements if e.kind == "floor" and e.is_ground_contact)
    assert ground.area_m2 == pytest.approx(spec.width_m * spec.depth_m)
    assert ground.quantities.source["net_area_m2"] == "qto:Qto_SlabBaseQuantities.NetArea"
    roof = next(e for e in b.elements if e.kind == "roof")
    assert roof.volume_m3 == pytest.approx(24 * 12 * sum(t for _, t in layers["roof"]))
    # south wall of the ground floor: gross 24 x 3.2 minus its windows and the door
    south = next(e for e in b.elements if e.name == "External wall S 0")
    openings = sum(o.area_m2 for o in b.openings if o.host_id == south.global_id)
    assert south.area_m2 == pytest.approx(24 * 3.2 - openings)
    assert south.quantities.source["net_volume_m3"] == "qto:Qto_WallBaseQuantities.NetVolume"
    assert south.volume_m3 == pytest.approx((24 * 3.2 - openings) * sum(t for _, t in layers["external_wall"]))
    # windows: per facade WWR x gross wall area (S 0.40, others 0.25), door bay excepted on the ground floor
    gross = {"S": 24 * 3.2, "N": 24 * 3.2, "E": (12 - 2 * 0.35) * 3.2, "W": (12 - 2 * 0.35) * 3.2}
    for orient, ratio in spec.wwr.items():
        area = sum(w.area_m2 for w in b.windows if w.orientation == orient)
        if orient == "S":
            assert 0.95 * ratio * gross[orient] * 3 <= area <= ratio * gross[orient] * 3 + 1e-6
        else:
            assert area == pytest.approx(ratio * gross[orient] * 3, rel=1e-6)
    # 2 rows x 4 rooms per storey, names cycling Living, Bedroom, Kitchen, Bedroom, Bathroom: 3 bedrooms each
    assert Counter(s.usage for s in b.spaces)["residential_bedroom"] == 9


def test_geometry_path_agrees_with_quantity_path(pair):
    with_q, without_q, _ = pair
    by_name = {}
    for e in without_q.elements:
        by_name.setdefault((e.name, round(e.elevation_m or 0, 1) if e.kind != "window" else e.global_id), e)
    assert len(with_q.elements) == len(without_q.elements)
    total_q = sum(e.volume_m3 for e in with_q.elements if e.volume_m3 and e.kind != "window")
    total_g = sum(e.volume_m3 for e in without_q.elements if e.volume_m3 and e.kind != "window")
    assert total_g == pytest.approx(total_q, rel=0.005)
    assert all(e.quantities.volume_source == "geometry" for e in without_q.elements
               if e.kind in ("wall", "floor", "roof"))
    assert without_q.gross_floor_area_m2 == pytest.approx(with_q.gross_floor_area_m2, rel=0.01)
    assert sum(w.area_m2 for w in without_q.windows) == pytest.approx(sum(w.area_m2 for w in with_q.windows))
    for a, b in zip(sorted(with_q.spaces, key=lambda s: s.name), sorted(without_q.spaces, key=lambda s: s.name)):
        assert b.net_floor_area_m2 == pytest.approx(a.net_floor_area_m2, rel=1e-3)
        assert b.volume_m3 == pytest.approx(a.volume_m3, rel=1e-3)


def _azimuths(building):
    return {e.name: e.azimuth_deg for e in building.elements if e.kind == "wall" and e.is_external}


@pytest.mark.parametrize("how", ["rotation_deg", "true_north_deg"])
def test_rotation_by_90_degrees_rotates_azimuths(tmp_path, how):
    base = bldgagent.load(sample_building(path=tmp_path / "a.ifc", storeys=1) and tmp_path / "a.ifc")
    turned = bldgagent.load(sample_building(path=tmp_path / "b.ifc", storeys=1, **{how: 90.0}) and tmp_path / "b.ifc")
    a, b = _azimuths(base), _azimuths(turned)
    assert a.keys() == b.keys() and len(a) == 4
    assert a["External wall S 0"] == pytest.approx(180.0, abs=1e-6)
    for name in a:
        assert (b[name] - a[name]) % 360 == pytest.approx(90.0, abs=1e-6), name
    wa = {w.global_id: w.azimuth_deg for w in base.windows}
    assert sorted(((w.azimuth_deg - 90) % 360) for w in turned.windows) == pytest.approx(sorted(wa.values()))


def test_steel_frame_has_profiles(tmp_path):
    b = bldgagent.load(sample_building(path=tmp_path / "s.ifc", structure="steel", storeys=2) and tmp_path / "s.ifc")
    columns = [e for e in b.elements if e.kind == "column"]
    beams = [e for e in b.elements if e.kind == "beam"]
    assert columns and beams
    col = columns[0]
    assert col.construction.kind == "profile"
    # HEB 200 without fillets: 2 x 0.2 x 0.015 + (0.2 - 0.03) x 0.009 = 0.00753 m2
    assert col.construction.profile_area_m2 == pytest.approx(0.00753)
    assert col.volume_m3 == pytest.approx(0.00753 * col.quantities.length_m)
    assert col.material_quantities[0].material.name == "Structural steel S355"


def test_timber_sample_materials(tmp_path):
    b = bldgagent.load(sample_building(path=tmp_path / "t.ifc", structure="timber", storeys=1) and tmp_path / "t.ifc")
    names = {line.material.name for e in b.elements for line in e.material_quantities if line.material}
    assert "Cross-laminated timber" in names


@pytest.mark.parametrize("bad", [dict(structure="adobe"), dict(storeys=0), dict(width_m=-1.0),
                                 dict(wwr={"S": 1.2}), dict(wwr={"up": 0.2}), dict(window_g=1.5)])
def test_bad_sample_parameters(bad):
    with pytest.raises(InputValueError):
        sample_building(**bad)
