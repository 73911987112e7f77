"""apply() models shading devices and new materials exactly as write_ifc writes them, so the variant in memory and
its written file read back agree (to rounding), not just to the 1 % round-trip target.

Before: apply modelled an overhang of unlimited width at the window top while the file held one as wide as the
window (sample, London, 0.6 m overhangs: final energy -0.25 % read back), and write_ifc put a new insulation material
into the file's own material of the same name (the sample's "XPS insulation", with its own density and
conductivity) while apply used the libraries' (sample, roof EPS -> XPS: A1-A3 -3.7 % read back)."""
from __future__ import annotations

from design_fixtures import sample, sample_path  # noqa: F401  (pytest fixtures)

import ifcopenshell
import pytest

import bldgagent
from bldgagent.design import apply, apply_with_report, write_ifc
from bldgagent.design.devices import FIN_THICKNESS_M, OVERHANG_THICKNESS_M
from bldgagent.ifc.shading import window_shading_fields

from shared_data import shared_ifc

OVERHANG = {"shading_overhang_depth_m": 0.6}


def _fields(building) -> dict:
    return {w.global_id: window_shading_fields(building, w) for w in building.windows}


def _fins(building) -> dict:
    return {f"shading_fin_depth_m_{o}": 0.3 for o in "NESW" if any(w.orientation == o for w in building.windows)}


@pytest.mark.parametrize("name", [None, "AC20-FZK-Haus.ifc", "AC90R1-niedriha-V2-2x3.ifc"])
def test_window_shading_fields_equal_read_back(name, sample_path, sample, tmp_path):
    """Every window's overhang and fin fields (depth, gap, reach beyond its edges, its measured width and height)
    are the same in memory as read back from the written file, on the sample (IFC4), FZK-Haus (ArchiCAD IFC4) and
    AC90R1 (ArchiCAD IFC2X3, devices as proxies)."""
    path = sample_path if name is None else shared_ifc(name)
    building = sample if name is None else bldgagent.load(path, progress=False)
    for changes in (OVERHANG, _fins(building)):
        out = tmp_path / "devices.ifc"
        memory = apply(building, changes)
        write_ifc(path, changes, out, building=building)
        back = bldgagent.load(out, progress=False)
        assert len(memory.shading_devices) == len(back.shading_devices) > 0
        mem, got = _fields(memory), _fields(back)
        assert any(mem.values()), changes
        assert mem == got, changes


def test_overhang_sizes_by_hand(sample):
    """Sample, 0.6 m overhang: each south window is 4.8 m wide (window_shading_fields of the source geometry), so its
    overhang box is 4.8 m along the facade, 0.6 m out and OVERHANG_THICKNESS_M (0.1 m) high, sitting on the window
    top (gap 0) and reaching neither edge (left = right = 0); fins are FIN_THICKNESS_M (0.05 m) blades as high as the
    window, at offset 0 from its edges and ending at its top (fin_above 0)."""
    b2, report = apply_with_report(sample, OVERHANG)
    south = [w for w in b2.windows if w.orientation == "S"]
    for w in south:
        f = window_shading_fields(b2, w)
        assert f["width_m"] == pytest.approx(4.8, abs=1e-4)
        assert (f["overhang_depth_m"], f["overhang_gap_m"], f["overhang_left_m"], f["overhang_right_m"]) == (
            0.6, 0.0, 0.0, 0.0)
    boxes = [b for b in report.devices if b.window_id in {w.global_id for w in south}]
    assert len(boxes) == len(south)
    assert all(b.size == pytest.approx((4.8, 0.6, OVERHANG_THICKNESS_M), abs=1e-4) for b in boxes)
    # the report names the windows the overhangs shade (every external window of the sample)
    entry = next(e for e in report.entries if e["option"] == "shading_overhang_depth_m")
    assert set(entry["elements"]) == {w.global_id for w in b2.windows if w.is_external is not False}
    b3 = apply(sample, {"shading_fin_depth_m_S": 0.3})
    for w in [w for w in b3.windows if w.orientation == "S"]:
        f = window_shading_fields(b3, w)
        assert f["fin_left_depth_m"] == f["fin_right_depth_m"] == 0.3
        assert f["fin_offset_m"] == 0.0 and f["fin_above_m"] == 0.0
        assert f["height_m"] == pytest.approx(w.height_m, abs=1e-3)
    assert FIN_THICKNESS_M == 0.05
    assert sample.shading_devices == []            # apply is pure


def test_energy_equal_read_back(sample, sample_path, tmp_path):
    """Final energy of the variant in memory equals the read-back file's to 1e-6 for overhangs and fins (London)."""
    for changes in (OVERHANG, {"shading_overhang_depth_m_S": 0.8, "shading_fin_depth_m_E": 0.4}):
        out = tmp_path / "e.ifc"
        write_ifc(sample_path, changes, out, building=sample)
        a = bldgagent.assess_energy(apply(sample, changes), "london")
        b = bldgagent.assess_energy(bldgagent.load(out, progress=False), "london")
        assert b.heating_kwh == pytest.approx(a.heating_kwh, rel=1e-6)
        assert sum(b.by_carrier.values()) == pytest.approx(sum(a.by_carrier.values()), rel=1e-6)


def test_new_material_not_the_files_namesake(sample, sample_path, tmp_path):
    """Roof insulation EPS -> XPS on the sample: the file already has an "XPS insulation" (ground floor) with its own
    density 35 kg/m3 and conductivity 0.035 W/mK. The written roof layer is a new IfcMaterial of that name with no
    properties, as apply() builds it (the libraries' XPS), so A1-A3 and energy read back equal the variant's; the
    ground floor keeps the file's XPS entity."""
    changes = {"roof_insulation_material": "xps"}
    out = tmp_path / "xps.ifc"
    write_ifc(sample_path, changes, out, building=sample)
    model = ifcopenshell.open(str(out))
    xps = [m for m in model.by_type("IfcMaterial") if m.Name == "XPS insulation"]
    assert len(xps) == 2                                  # the file's, and the design's new one
    memory, back = apply(sample, changes), bldgagent.load(out, progress=False)
    roof = [e for e in back.elements if e.kind == "roof" and e.construction is not None]
    layer = [lay for e in roof for lay in e.construction.layers if lay.material.name == "XPS insulation"]
    assert layer and all(lay.material.conductivity_w_mk is None and lay.material.density_kg_m3 is None for lay in layer)
    ground = [lay.material for e in back.elements if e.is_ground_contact and e.construction is not None
              for lay in e.construction.layers if lay.material and lay.material.name == "XPS insulation"]
    assert ground and all(m.conductivity_w_mk == pytest.approx(0.035) for m in ground)
    a, b = bldgagent.assess_carbon(memory), bldgagent.assess_carbon(back)
    assert b.modules["A1-A3"] == pytest.approx(a.modules["A1-A3"], rel=1e-9)
    ea, eb = bldgagent.assess_energy(memory, "london"), bldgagent.assess_energy(back, "london")
    assert sum(eb.by_carrier.values()) == pytest.approx(sum(ea.by_carrier.values()), rel=1e-6)
    # and the change did something: the libraries' XPS differs from the file's
    assert a.modules["A1-A3"] != pytest.approx(bldgagent.assess_carbon(sample).modules["A1-A3"], rel=1e-6)
