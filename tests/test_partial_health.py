"""A model with no room to score gives energy and carbon, health marked "not assessed" (issue 11, trust on unseen
models: a structure or shell export without IfcSpace used to end `assess`, `report` and `propose` with exit 2).

The model is the package's sample building (IfcOpenShell API) with its IfcSpaces removed by
``ifcopenshell.api.root.remove_product``: one storey of 8.0 m x 6.0 m, so its gross floor area is 48 m2.
"""
from __future__ import annotations

import json
from functools import lru_cache

import ifcopenshell.api.root
import pytest

import bldgagent
from bldgagent.cli import main
from bldgagent.errors import NoRoomsError
from bldgagent.health.building import assess_health
from bldgagent.ifc.samples import sample_building


@lru_cache(maxsize=None)
def _no_space_file() -> str:
    import tempfile
    from pathlib import Path

    f = sample_building(storeys=1, width_m=8.0, depth_m=6.0)
    for space in list(f.by_type("IfcSpace")):
        ifcopenshell.api.root.remove_product(f, product=space)
    assert not f.by_type("IfcSpace")
    path = Path(tempfile.mkdtemp()) / "shell.ifc"
    f.write(str(path))
    return str(path)


@lru_cache(maxsize=None)
def _partial():
    building = bldgagent.load(_no_space_file())
    return building, bldgagent.assess(building, "london", n_draws=0)


def test_assess_without_rooms_gives_energy_and_carbon_with_health_not_assessed():
    building, a = _partial()
    assert a.health is None
    assert [d.code for d in a.notes] == ["health_not_assessed"] and a.notes[0].level == "warning"
    h = a.headline()
    assert h["health_status"] == "not assessed" and h["health_overall_score"] is None
    assert h["gross_floor_area_m2"] == pytest.approx(8.0 * 6.0, rel=1e-6)     # one storey, 8 m x 6 m
    assert h["heating_kwh"] > 0 and h["embodied_kgco2e_m2"] > 0
    # the partial result is the same account as one with health switched off: nothing else is lost
    skipped = bldgagent.assess(building, "london", n_draws=0, health=False)
    assert a.carbon.total_kgco2e == pytest.approx(skipped.carbon.total_kgco2e, rel=1e-12)
    assert a.energy.heating_kwh == pytest.approx(skipped.energy.heating_kwh, rel=1e-12)
    d = a.to_dict()
    assert d["health"]["status"] == "not assessed" and "no occupied rooms" in d["health"]["reason"]
    assert d["health"]["diagnostics"][0]["code"] == "health_not_assessed"
    assert any(w.startswith("assess: warning health_not_assessed") for w in a._warnings())
    text = a.report()
    assert "Health: not assessed" in text and text.index("health not assessed") < text.index("Energy:")
    # health switched off on request says so, without the warning
    assert skipped.to_dict()["health"]["reason"].startswith("skipped on request")
    assert not skipped.notes


def test_health_alone_still_refuses_a_model_without_rooms():
    """assess_health has nothing to give without rooms: a NoRoomsError (an InputValueError) naming the file."""
    building, a = _partial()
    with pytest.raises(NoRoomsError, match="shell.ifc: no occupied rooms"):
        assess_health(building, energy=a.energy)


def test_spaces_none_of_them_occupied_is_partial_too():
    """Spaces exist but none is occupied (all storage): the same partial result, not an error."""
    building, _ = _partial()
    from bldgagent.model import Space

    store = Space(global_id="0000000000000000000001", name="S1", long_name="Store", usage="storage",
                  storey_id=building.storeys[0].global_id, net_floor_area_m2=40.0, height_m=3.0, volume_m3=120.0)
    b = building.replace(spaces=[store])
    a = bldgagent.assess(b, "london", n_draws=0)
    assert a.health is None and a.notes[0].code == "health_not_assessed" and "spaces: 1" in a.notes[0].message


def test_cli_assess_json_exits_0_with_health_not_assessed(capsys):
    rc = main(["assess", _no_space_file(), "--climate", "london", "--draws", "0", "--json", "--quiet"])
    out = capsys.readouterr().out
    assert rc == 0
    d = json.loads(out)
    assert d["health"]["status"] == "not assessed"
    assert d["headline"]["gross_floor_area_m2"] == pytest.approx(48.0, rel=1e-6)
    assert d["headline"]["embodied_kgco2e_m2"] > 0 and d["headline"]["heating_kwh"] > 0


def test_cli_report_writes_the_report_with_health_not_assessed(tmp_path, capsys):
    out = tmp_path / "r.html"
    rc = main(["report", _no_space_file(), "--climate", "london", "--draws", "0", "--quiet", "-o", str(out)])
    assert rc == 0
    text = out.read_text(encoding="utf-8")
    assert "<section id='section_health'><h2>" in text and "not assessed" in text
    assert "health_not_assessed" in text                     # the warning in the diagnostics section


def test_propose_without_rooms_checks_carbon_only_and_says_so():
    from bldgagent.propose import propose

    building, _ = _partial()
    p = propose(building, "london", budget=8, top=1, verify_extra=0, refine_budget=0, n_draws=0)
    assert [d["code"] for d in p.diagnostics] == ["health_not_assessed"]
    assert p.baseline["health_score"] is None
    text = p.report()
    assert text.startswith("Warning: health not assessed") and "health not assessed," in text
    assert p.to_dict()["diagnostics"][0]["level"] == "warning"


# --- no zone for the energy engine: carbon alone (a walls-only shell: no rooms, no slabs, no roof) -----------------
@lru_cache(maxsize=None)
def _walls_only_file() -> str:
    import tempfile
    from pathlib import Path

    f = sample_building(storeys=1, width_m=8.0, depth_m=6.0)
    for cls in ("IfcSpace", "IfcSlab", "IfcRoof"):
        for e in list(f.by_type(cls)):
            ifcopenshell.api.root.remove_product(f, product=e)
    path = Path(tempfile.mkdtemp()) / "walls.ifc"
    f.write(str(path))
    return str(path)


def test_no_zone_raises_by_default_and_gives_carbon_alone_when_allowed():
    from bldgagent.errors import NoZonesError
    from bldgagent.lca import assess_carbon

    building = bldgagent.load(_walls_only_file())
    with pytest.raises(NoZonesError, match="no zone could be formed"):
        bldgagent.assess(building, "london", n_draws=0)
    a = bldgagent.assess(building, "london", n_draws=0, allow_partial=True)
    assert a.energy is None and a.health is None
    assert [d.code for d in a.notes] == ["energy_not_assessed", "health_not_assessed"]
    # the same account as the carbon engine alone without energy: B6 not assessed, not zero
    alone = assess_carbon(building, n_draws=0, factor_sets="cn")
    assert a.carbon.total_kgco2e == pytest.approx(alone.total_kgco2e, rel=1e-12) and a.carbon.total_kgco2e > 0
    h = a.headline()
    assert h["energy_status"] == "not assessed" and h["b6_kgco2e_m2"] is None and h["heating_kwh"] is None
    d = json.loads(a.to_json())
    assert d["energy"]["status"] == "not assessed" and "no zone could be formed" in d["energy"]["reason"]
    text = a.report()
    assert "Energy: not assessed" in text and "Carbon totals (no per-m2 figures" in text


def test_cli_assess_gives_carbon_alone_and_report_refuses_in_one_line(tmp_path, capsys):
    rc = main(["assess", _walls_only_file(), "--climate", "london", "--draws", "0", "--json", "--quiet"])
    d = json.loads(capsys.readouterr().out)
    assert rc == 0 and d["energy"]["status"] == "not assessed" and d["health"]["status"] == "not assessed"
    assert d["carbon"]["totals"]["total_a1_c4_kgco2e"] > 0
    rc = main(["report", _walls_only_file(), "--climate", "london", "--draws", "0", "--quiet",
               "-o", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("bldgagent report: error:") and "no zone could be formed" in err
    assert len(err.strip().splitlines()) == 1
