"""Bad input gets a clear BldgAgentError naming the file and what to do, or a diagnostic: never a traceback."""
from __future__ import annotations

import ifcopenshell
import ifcopenshell.api.pset
import ifcopenshell.api.root
import pytest

import bldgagent
from bldgagent.cli import main
from bldgagent.errors import (BldgAgentError, IfcReadError, InputFileError, InputValueError, ModelContentError,
                              UnsupportedSchemaError)
from bldgagent.ifc.samples import sample_building


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.ifc"
    sample_building(path=path, storeys=1)
    return path


def test_missing_path(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        bldgagent.load(tmp_path / "nope.ifc")


def test_directory(tmp_path):
    with pytest.raises(InputFileError, match="directory"):
        bldgagent.load(tmp_path)


def test_not_ifc(tmp_path):
    path = tmp_path / "notes.ifc"
    path.write_text("these are not the droids you are looking for\n")
    with pytest.raises(IfcReadError, match="not an IFC STEP file"):
        bldgagent.load(path)


def test_ifcxml_hint(tmp_path):
    path = tmp_path / "model.ifc"
    path.write_text('<?xml version="1.0"?><ifcXML/>')
    with pytest.raises(IfcReadError, match="ifcXML"):
        bldgagent.load(path)


def test_truncated(tmp_path, good):
    text = good.read_bytes()
    path = tmp_path / "cut.ifc"
    path.write_bytes(text[: len(text) // 2])
    with pytest.raises(IfcReadError, match="truncated"):
        bldgagent.load(path)


def test_corrupt_step(tmp_path, good):
    text = good.read_text()
    i = text.index("DATA;") + 6
    path = tmp_path / "corrupt.ifc"
    path.write_text(text[:i] + "#1=IFCWALL(((garbage;\n" + text[i:])
    with pytest.raises(IfcReadError, match="corrupt"):
        bldgagent.load(path)


def test_unsupported_schema(tmp_path, good):
    path = tmp_path / "old.ifc"
    path.write_text(good.read_text().replace("FILE_SCHEMA(('IFC4'))", "FILE_SCHEMA(('IFC2X2_FINAL'))"))
    with pytest.raises(UnsupportedSchemaError, match="IFC2X2_FINAL"):
        bldgagent.load(path)


def test_no_building(tmp_path):
    f = ifcopenshell.file(schema="IFC4")
    ifcopenshell.api.root.create_entity(f, ifc_class="IfcProject", name="empty")
    path = tmp_path / "empty.ifc"
    f.write(str(path))
    with pytest.raises(ModelContentError, match="no IfcBuilding"):
        bldgagent.load(path)


def test_element_without_geometry_and_bad_quantity(tmp_path, good):
    """A wall with no body and a slab with a negative NetVolume: diagnostics, and no silent zero."""
    f = ifcopenshell.open(str(good))
    ghost = ifcopenshell.api.root.create_entity(f, ifc_class="IfcWall", name="Ghost wall")
    storey = f.by_type("IfcBuildingStorey")[0]
    ifcopenshell.api.spatial.assign_container(f, products=[ghost], relating_structure=storey)
    slab = f.by_type("IfcSlab")[0]
    qto = ifcopenshell.util.element.get_psets(slab, qtos_only=True)["Qto_SlabBaseQuantities"]
    ifcopenshell.api.pset.edit_qto(f, qto=f.by_id(qto["id"]), properties={"NetVolume": -3.0})
    path = tmp_path / "odd.ifc"
    f.write(str(path))
    b = bldgagent.load(path)
    wall = next(e for e in b.elements if e.name == "Ghost wall")
    assert wall.volume_m3 is None  # unknown, not zero
    assert wall.material_quantities[0].volume_m3 is None
    codes = b.diagnostics.by_code()
    assert codes["quantity_nonpositive"] == 1
    assert codes["elements_without_volume"] == 1
    assert b.coverage()["with_volume"] < 1.0
    # the slab falls back to its gross volume, never to the negative value
    s = b.element(slab.GlobalId)
    assert s.volume_m3 > 0


def test_input_file_never_modified(good):
    before = good.read_bytes()
    bldgagent.load(good, geometry="all")
    assert good.read_bytes() == before


def test_bad_geometry_mode(good):
    with pytest.raises(InputValueError):
        bldgagent.load(good, geometry="some")


def test_all_errors_share_one_base():
    for cls in (InputFileError, IfcReadError, UnsupportedSchemaError, ModelContentError, InputValueError):
        assert issubclass(cls, BldgAgentError)


def test_cli_one_line_error(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "missing.ifc")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err and "Traceback" not in err


@pytest.mark.parametrize("path", [None, 123, "", ["a.ifc"]])
def test_load_wrong_type(path):
    with pytest.raises(InputValueError, match=r"load\(path=.*expected the path of an \.ifc file"):
        bldgagent.load(path)


def test_load_missing_relative_path():
    with pytest.raises(InputFileError, match="missing.ifc: no such file"):
        bldgagent.load("missing.ifc")


@pytest.mark.parametrize("value", [None, 123, "model.ifc"])
def test_building_summary_wrong_type(value):
    with pytest.raises(InputValueError, match=r"building_summary\(building=.*expected a bldgagent.Building"):
        bldgagent.building_summary(value)


def test_ifc2x3_without_project_units(tmp_path):
    """IfcProject.UnitsInContext = $ in an IFC2X3 file (FZK-Haus, drawn in metres) made the geometry
    iterator raise a RuntimeError: now SI units are assumed with a warning, and the figures match the
    original file's (240 m2 gross floor area, see test_reader_shared)."""
    import re

    from shared_data import shared_ifc
    text = shared_ifc("AC11-FZK-Haus-IFC.ifc").read_text(encoding="latin-1")
    project = re.search(r"(#\d+\s*=\s*IFCPROJECT\(.*?),#\d+\);", text)
    path = tmp_path / "no_units.ifc"
    path.write_text(text.replace(project.group(0), project.group(1) + ",$);"), encoding="latin-1")
    b = bldgagent.load(path)
    assert b.diagnostics.by_code()["units_missing"] == 1
    assert b.gross_floor_area_m2 == pytest.approx(240.0, rel=0.001)
    assert "$);" in path.read_text(encoding="latin-1")  # the file itself is untouched
