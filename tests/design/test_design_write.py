"""write_ifc: refusals, schema validation, and the round trip (read back = apply() in memory, to 1 %)."""
from __future__ import annotations

from design_fixtures import sample, sample_path  # noqa: F401  (pytest fixtures)

import os

import ifcopenshell
import ifcopenshell.util.element
import ifcopenshell.validate
import pytest

import bldgagent
from bldgagent.design import apply, energy_options_for, read_changes, write_ifc
from bldgagent.design.sampling import every_kind_changes as every_kind
from bldgagent.errors import DesignOptionError, IfcWriteError

from shared_data import shared_ifc


def _errors(path) -> set[str]:
    logger = ifcopenshell.validate.json_logger()
    ifcopenshell.validate.validate(ifcopenshell.open(str(path)), logger)
    return {str(s.get("message", s))[:120] for s in logger.statements if s.get("level", "ERROR") == "ERROR"}


def test_refuses_source_and_unwritable(sample_path, tmp_path):
    with pytest.raises(IfcWriteError, match="is the source file"):
        write_ifc(sample_path, {"shading_factor": 0.8}, sample_path)
    with pytest.raises(IfcWriteError, match="does not exist"):
        write_ifc(sample_path, {"shading_factor": 0.8}, tmp_path / "no" / "out.ifc")
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if not os.access(locked, os.W_OK):     # root ignores permissions: nothing to test then
            with pytest.raises(IfcWriteError, match="not writable"):
                write_ifc(sample_path, {"shading_factor": 0.8}, locked / "out.ifc")
    finally:
        os.chmod(locked, 0o700)
    with pytest.raises(DesignOptionError, match="unknown option 'nope'"):
        write_ifc(sample_path, {"nope": 1}, tmp_path / "out.ifc")
    assert not (tmp_path / "out.ifc").exists()


def test_written_entities(sample, sample_path, tmp_path):
    out = tmp_path / "v2.ifc"
    ch = {"wall_insulation_thickness_m": 0.2, "glazing_type_S": "triple_lowe", "shading_overhang_depth_m": 0.6,
          "heating_system": "air_water_hp"}
    rep = write_ifc(sample_path, ch, out, building=sample)
    model = ifcopenshell.open(str(out))
    assert read_changes(out) == ch
    assert any(a.ApplicationIdentifier == "bldgagent" for a in model.by_type("IfcApplication"))
    devices = model.by_type("IfcShadingDevice")
    assert len(devices) == len(sample.windows) == len(rep.shading_devices)     # one overhang per window
    pset = ifcopenshell.util.element.get_psets(devices[0])["Pset_BldgAgentShading"]
    assert pset["DepthM"] == 0.6 and pset["Kind"] == "overhang" and devices[0].PredefinedType == "AWNING"
    south = [w for w in sample.windows if w.orientation == "S"][0]
    psets = ifcopenshell.util.element.get_psets(model.by_guid(south.global_id))
    assert psets["Pset_WindowCommon"]["ThermalTransmittance"] == 0.9
    assert psets["Pset_BldgAgentGlazing"]["GlazingType"] == "triple_lowe"
    op = ifcopenshell.util.element.get_psets(model.by_type("IfcBuilding")[0])["Pset_BldgAgentOperation"]
    assert op["HeatingSystem"] == "air_water_hp"
    # the sample's wall bodies are arbitrary profiles: thickness written as layers + quantities, said so
    assert "thickness_not_geometric" in rep.diagnostics.by_code()
    assert not _errors(out) - _errors(sample_path)


def _close(a, b, rel=0.01):
    return a == pytest.approx(b, rel=rel, abs=1e-6)


def _round_trip(path, tmp_path, building=None):
    building = building or bldgagent.load(path)
    ch = every_kind(building)
    out = tmp_path / "changed.ifc"
    rep = write_ifc(path, ch, out, building=building)
    assert not _errors(out) - _errors(path)
    back = bldgagent.load(out)
    assert read_changes(out) == ch
    a = bldgagent.assess(apply(building, ch), "haikou", energy_options=energy_options_for(ch))
    b = bldgagent.assess(back, "haikou", energy_options=energy_options_for(read_changes(out)))
    ha, hb = a.headline(), b.headline()
    for key in ("upfront_a1_a5_kgco2e_m2", "embodied_kgco2e_m2", "b6_kgco2e_m2", "final_energy_kwh",
                "gbt51366_total_kgco2e_m2", "health_overall_score"):
        if ha.get(key) is not None:
            assert _close(hb[key], ha[key]), (key, ha[key], hb[key])
    # the change did something: the variant differs from the original model
    base = bldgagent.assess(building, "haikou")
    assert abs(base.headline()["upfront_a1_a5_kgco2e_m2"] - ha["upfront_a1_a5_kgco2e_m2"]) > 0.01
    return rep


def test_round_trip_sample(sample, sample_path, tmp_path):
    rep = _round_trip(sample_path, tmp_path, sample)
    assert rep.properties and rep.shading_devices


@pytest.mark.parametrize("name", ["AC20-FZK-Haus.ifc", "AC90R1-niedriha-V2-2x3.ifc", "Duplex_A_20110907.ifc"])
def test_round_trip_shared(name, tmp_path):
    """IFC4 from ArchiCAD, IFC2X3 from ArchiCAD, IFC2X3 from Revit (the Duplex)."""
    _round_trip(shared_ifc(name), tmp_path)
