"""What a model lacks is said first in every output (issue 11, item 11).

Models are written with IfcOpenShell (the package's sample writer, then ``ifcopenshell.api.root.remove_product``
to take the roof, slabs and structure out, as in the issue's Revit office).
"""
from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache

import ifcopenshell
import ifcopenshell.api.root
import pytest

import bldgagent
from bldgagent.completeness import PLACEHOLDER_SITES, annotate, completeness
from bldgagent.model import Diagnostics, Site
from bldgagent.summary import building_summary
from bldgagent.ifc.samples import sample_building


def _write(tmp, walls_only: bool):
    f = sample_building(storeys=1, width_m=8.0, depth_m=6.0)
    if walls_only:
        for cls in ("IfcSlab", "IfcRoof", "IfcColumn", "IfcBeam"):
            for e in list(f.by_type(cls)):
                ifcopenshell.api.root.remove_product(f, product=e)
        for prop in f.by_type("IfcPropertySingleValue"):
            if prop.Name == "LoadBearing":
                prop.NominalValue = f.createIfcBoolean(False)
    path = tmp / ("walls.ifc" if walls_only else "full.ifc")
    f.write(str(path))
    return bldgagent.load(path)


@lru_cache(maxsize=None)
def _models():
    import tempfile
    from pathlib import Path

    tmp = Path(tempfile.mkdtemp())
    return _write(tmp, False), _write(tmp, True)


def codes(diagnostics) -> list[str]:
    return [d["code"] if isinstance(d, dict) else d.code for d in diagnostics]


def test_a_whole_model_lacks_nothing():
    full, _ = _models()
    lacks = completeness(full)
    assert lacks.complete and lacks.absent_element_kinds == []
    assert lacks.measures["roof_count"] == 1 and lacks.measures["external_wall_count"] == 4


def test_walls_only_model_lacks_roof_floors_and_structure():
    _, walls = _models()
    lacks = completeness(walls)
    assert codes(lacks.findings) == ["no_roof", "no_floors", "no_structure"]
    assert lacks.absent_element_kinds == ["roof", "floor", "column", "beam", "footing"]
    assert {"energy", "carbon"} <= set(lacks.engines["no_roof"])
    assert all(d.level == "warning" for d in lacks.findings)


def test_inspect_summary_puts_the_findings_first():
    full, walls = _models()
    s = building_summary(walls)
    assert codes(s["diagnostics"]["items"][:3]) == ["no_roof", "no_floors", "no_structure"]
    assert s["diagnostics"]["counts"]["no_roof"] == 1
    assert s["completeness"]["complete"] is False
    assert s["coverage"]["absent_element_kinds"] == ["roof", "floor", "column", "beam", "footing"]
    from bldgagent.report.text import format_summary
    assert format_summary(s).splitlines()[2].startswith("Warning: the model has no roof")
    assert building_summary(full)["completeness"]["complete"] is True


def test_ground_contact_and_external_walls():
    full, _ = _models()
    no_ground = full.replace(elements=[replace(e, is_ground_contact=False, predefined_type=None)
                                       if e.kind in ("slab", "floor") and e.predefined_type != "ROOF" else e
                                       for e in full.elements])
    assert "no_ground_floor" in codes(completeness(no_ground).findings)
    internal = full.replace(elements=[replace(e, is_external=False) if e.kind == "wall" else e for e in full.elements])
    assert "no_external_walls" in codes(completeness(internal).findings)


def test_spaces_missing_or_without_usage():
    full, _ = _models()
    assert "no_spaces" in codes(completeness(full.replace(spaces=[])).findings)
    unknown = full.replace(spaces=[replace(s, usage="unknown") for s in full.spaces])
    lacks = completeness(unknown)
    assert "spaces_without_usage" in codes(lacks.findings) and lacks.measures["spaces_without_usage"] == 1


@pytest.mark.parametrize("lat, lon, flagged", [
    (0.0, 0.0, "null island"),
    (42.358661, -71.056739, "Boston"),        # LargeBuilding.ifc (Revit 2021): 42 21 31.18 N, 71 03 24.26 W
    (47.4979, 19.0402, "Budapest"),
    (51.4779, -0.0015, "Greenwich"),
    (37.7749, -122.4194, "San Francisco"),
    (20.03, 110.35, None),                     # Haikou: a real site
    (42.45, -71.06, None),                     # 10 km north of the Boston default: not a placeholder
])
def test_placeholder_sites(lat, lon, flagged):
    full, _ = _models()
    lacks = completeness(full.replace(site=Site("Default", lat, lon)))
    if flagged is None:
        assert "site_placeholder" not in codes(lacks.findings)
    else:
        assert codes(lacks.findings) == ["site_placeholder"]
        assert flagged in lacks.measures["site_placeholder"]


def test_every_placeholder_says_where_it_comes_from():
    assert all(len(source) > 20 for *_, source in PLACEHOLDER_SITES)


def test_missing_site_location():
    full, _ = _models()
    assert codes(completeness(full.replace(site=None)).findings) == ["site_location_missing"]
    assert codes(completeness(full.replace(site=Site("S"))).findings) == ["site_location_missing"]


class _Zoning:
    """What completeness reads of a Zoning: the issue's office left 25 % of 400 m2 of wall out of every zone."""

    def __init__(self, share: float, defaults: int):
        self.coverage = {"external_wall": {"assigned_m2": 400.0 * share, "total_m2": 400.0, "share": share}}
        self.diagnostics = Diagnostics()
        for i in range(defaults):
            self.diagnostics.add("warning", "construction_default", "no layers or U-value", f"wall {i}")


def test_zone_assignment_and_default_constructions():
    full, _ = _models()
    lacks = completeness(full, _Zoning(0.75, 473))
    assert codes(lacks.findings) == ["envelope_unassigned", "default_constructions"]
    assert lacks.measures == {**lacks.measures, "external_wall_unassigned_share": 0.25, "default_constructions": 473}
    assert "25 % of the external wall area (100 of 400 m2)" in lacks.findings[0].message
    assert "473 envelope surfaces" in lacks.findings[1].message
    assert completeness(full, _Zoning(0.97, 0)).complete      # 3 % unassigned: under the 5 % threshold


def test_annotate_is_idempotent_and_engine_specific():
    _, walls = _models()
    lacks = completeness(walls)

    class R:
        diagnostics = Diagnostics()
        coverage: dict = {}

    r = R()
    r.diagnostics.add("info", "other", "x")
    annotate(annotate(r, lacks, "carbon"), lacks, "carbon")
    assert codes(r.diagnostics) == ["no_roof", "no_floors", "no_structure", "other"]
    assert r.coverage == {"absent_element_kinds": ["roof", "floor", "column", "beam", "footing"],
                          "model_complete": False}
    h = R()
    h.diagnostics = Diagnostics()
    annotate(h, lacks, "health")
    assert codes(h.diagnostics) == []          # no roof, floor or structure finding concerns the health engine


def test_assessment_says_what_the_model_lacks_first():
    _, walls = _models()
    a = bldgagent.assess(walls, "haikou", n_draws=0, health=False)
    d = a.to_dict()
    lacks = d["building"]["completeness"]    # with the zoning's measures: the energy engine's view
    assert codes(lacks["findings"]) == ["no_roof", "no_floors", "no_structure"]
    assert lacks["measures"]["external_wall_unassigned_share"] == 0.0
    assert codes(d["building"]["diagnostics"]["items"][:3]) == ["no_roof", "no_floors", "no_structure"]
    assert a.report().splitlines()[0].startswith("Warning: the model has no roof")
    assert codes(a.energy.diagnostics[:2]) == ["no_roof", "no_floors"]
    assert codes(a.carbon.diagnostics[:3]) == ["no_roof", "no_floors", "no_structure"]
    assert d["carbon"]["coverage"]["absent_element_kinds"] == ["roof", "floor", "column", "beam", "footing"]
    assert a._warnings()[0].startswith("model: warning no_roof")
    json.dumps(d, allow_nan=False)


def test_engines_called_alone_say_it_too():
    from bldgagent.energy import assess_energy
    from bldgagent.lca import assess_carbon

    _, walls = _models()
    c = assess_carbon(walls, n_draws=0)
    assert codes(c.diagnostics[:3]) == ["no_roof", "no_floors", "no_structure"]
    assert c.coverage["absent_element_kinds"] == ["roof", "floor", "column", "beam", "footing"]
    assert c.coverage["model_complete"] is False
    assert c.to_dict()["coverage"]["absent_element_kinds"][0] == "roof"
    e = assess_energy(walls, "haikou")
    assert codes(e.diagnostics[:2]) == ["no_roof", "no_floors"]
    full, _ = _models()
    assert assess_carbon(full, n_draws=0).coverage["model_complete"] is True


def test_energy_and_carbon_text_reports_start_with_the_findings():
    from bldgagent.energy import assess_energy
    from bldgagent.lca import assess_carbon
    from bldgagent.report.text import format_carbon, format_energy

    _, walls = _models()
    carbon = format_carbon(assess_carbon(walls, n_draws=0)).splitlines()
    assert [line.split(":")[0] for line in carbon[:3]] == ["Warning"] * 3
    assert carbon[0].startswith("Warning: the model has no roof") and "no structure" in carbon[2]
    energy = format_energy(assess_energy(walls, "haikou").to_dict()).splitlines()
    assert energy[0].startswith("Warning: the model has no roof") and energy[1].startswith("Warning: the model has no floor")
    assert not energy[2].startswith("Warning")
