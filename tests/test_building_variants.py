"""Variant-safe Building: changed copies leave the original untouched; index and graph follow the data."""
from __future__ import annotations

import dataclasses
import re

import pytest

import bldgagent
from bldgagent.errors import InputValueError
from bldgagent.ifc.graph import neighbours
from bldgagent.ifc.samples import sample_building
from bldgagent.model import Layer
from bldgagent.summary import building_summary


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("variants") / "sample.ifc"
    sample_building(path=path)
    return bldgagent.load(path)


def _south_wall(building):
    return next(e for e in building.elements if e.kind == "wall" and e.is_external and e.orientation == "S"
                and any(o.host_id == e.global_id for o in building.openings))


def test_area_edit_of_a_copy(sample):
    wall = _south_wall(sample)
    before = building_summary(sample)["envelope"]["by_orientation"]["S"]
    bigger = dataclasses.replace(wall, quantities=dataclasses.replace(
        wall.quantities, net_side_area_m2=wall.quantities.net_side_area_m2 + 10.0))
    variant = sample.with_elements({wall.global_id: bigger})
    # summary wall area = net wall + hosted openings, so the south wall area grows by exactly 10 m2
    south = building_summary(variant)["envelope"]["by_orientation"]["S"]
    assert south["wall_area_m2"] == pytest.approx(before["wall_area_m2"] + 10.0, abs=0.01)
    assert south["wwr"] == pytest.approx(before["window_area_m2"] / (before["wall_area_m2"] + 10.0), abs=0.01)
    assert variant.element(wall.global_id).area_m2 == pytest.approx(wall.area_m2 + 10.0)
    # the original is untouched
    assert building_summary(sample)["envelope"]["by_orientation"]["S"] == before
    assert sample.element(wall.global_id) is wall and wall.area_m2 == pytest.approx(bigger.area_m2 - 10.0)
    assert len(variant.elements) == len(sample.elements)
    assert [e.global_id for e in variant.elements] == [e.global_id for e in sample.elements]  # order kept


def test_construction_edit_of_a_copy(sample):
    wall = _south_wall(sample)
    layers = wall.construction.layers
    assert [round(layer.thickness_m, 3) for layer in layers] == [0.015, 0.12, 0.2, 0.015]
    thicker = [Layer(layers[1].material, 0.20, layers[1].name) if i == 1 else layer for i, layer in enumerate(layers)]
    new_wall = dataclasses.replace(wall, construction=dataclasses.replace(wall.construction, layers=thicker))
    variant = sample.with_elements({wall.global_id: new_wall})
    # 15 + 200 + 200 + 15 mm in the copy; 15 + 120 + 200 + 15 mm in the original
    assert variant.element(wall.global_id).construction.thickness_m == pytest.approx(0.43)
    assert sample.element(wall.global_id).construction.thickness_m == pytest.approx(0.35)
    # the copy owns its data: editing it in place afterwards cannot reach the original
    copied = variant.element(wall.global_id)
    copied.construction.layers[0].material.properties["edited"] = True
    copied.quantities.source["net_side_area_m2"] = "edited"
    variant.elements[0].name = "edited"
    assert "edited" not in wall.construction.layers[0].material.properties
    assert wall.quantities.source["net_side_area_m2"].startswith("qto:")
    assert sample.elements[0].name != "edited"


def test_copy_keeps_material_sharing(sample):
    def distinct_materials(b):
        return len({id(m) for e in b.elements for m in e.materials})

    variant = sample.replace(name="variant")
    assert distinct_materials(variant) == distinct_materials(sample)
    assert not {id(m) for e in variant.elements for m in e.materials} & {id(m) for e in sample.elements
                                                                           for m in e.materials}
    assert variant.name == "variant" and sample.name != "variant"
    assert variant.diagnostics is not sample.diagnostics and variant.diagnostics.to_list() == sample.diagnostics.to_list()


def test_swap_keeping_the_count_updates_index_and_graph(sample):
    window = next(e for e in sample.elements if e.kind == "window")
    host = window.host_id
    other_wall = next(e for e in sample.elements if e.kind == "wall" and e.global_id != host)
    renamed = dataclasses.replace(window, global_id="NEW_WINDOW_ID_0000000", host_id=other_wall.global_id)
    variant = sample.with_elements({window.global_id: renamed})
    assert len(variant.elements) == len(sample.elements)
    assert variant.element("NEW_WINDOW_ID_0000000").host_id == other_wall.global_id
    with pytest.raises(KeyError, match=re.escape(window.global_id)):
        variant.element(window.global_id)
    g, g0 = variant.graph, sample.graph
    assert "NEW_WINDOW_ID_0000000" in g and window.global_id not in g
    hosts = {u for u, _, d in g.in_edges("NEW_WINDOW_ID_0000000", data=True) if d["relation"] == "hosts"}
    assert hosts == {other_wall.global_id}
    # the original still has the old window, hosted by its old wall
    assert window.global_id in g0 and "NEW_WINDOW_ID_0000000" not in g0
    assert sample.element(window.global_id) is window


def test_in_place_swap_with_same_count_refreshes_the_index(sample):
    b = sample.replace()
    i = next(i for i, e in enumerate(b.elements) if e.kind == "door")
    old = b.elements[i]
    assert b.element(old.global_id) is old  # index built
    b.elements[i] = dataclasses.replace(old, global_id="SWAPPED_DOOR_000000000")  # same count, other element
    assert b.element("SWAPPED_DOOR_000000000") is b.elements[i]
    with pytest.raises(KeyError):
        b.element(old.global_id)
    b.elements[i].global_id = "RENAMED_DOOR_000000000"  # an in-place rename is seen too
    assert b.element("RENAMED_DOOR_000000000") is b.elements[i]
    assert "RENAMED_DOOR_000000000" in b.graph and "SWAPPED_DOOR_000000000" not in b.graph


def test_graph_follows_space_edits(sample):
    space = next(s for s in sample.spaces if neighbours(sample.graph, s.global_id))
    lonely = dataclasses.replace(space, bounding_ids=[])
    variant = sample.with_spaces({space.global_id: lonely})
    assert neighbours(variant.graph, space.global_id) == []
    assert neighbours(sample.graph, space.global_id)  # original unchanged
    assert variant.graph is variant.graph  # cached while nothing changes


def test_bad_replacements_name_the_problem(sample):
    with pytest.raises(InputValueError, match="unknown field.*colour"):
        sample.replace(colour="red")
    with pytest.raises(InputValueError, match="graph is derived"):
        sample.replace(graph=None)
    with pytest.raises(InputValueError, match="no element with GlobalId 'missing'"):
        sample.with_elements({"missing": sample.elements[0]})
    with pytest.raises(InputValueError, match="is not a Space"):
        sample.with_spaces({sample.spaces[0].global_id: sample.elements[0]})
