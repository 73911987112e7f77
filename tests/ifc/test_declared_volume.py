"""A quantity-set volume 1000 x its element's geometry is caught per element (issue 11, trust on unseen models).

Three 10 x 10 x 0.2 m C30 concrete slabs (IfcOpenShell API, millimetre IFC4 file) with Qto_SlabBaseQuantities
GrossArea 100 m2 and Width 200 mm; two declare NetVolume 20 m3 (= 10 x 10 x 0.2), the third 20,000 m3 (a value in
dm3). The declared area x width (20 m3) is the second source, independent of the geometry, that settles it. The file's
units are right, so the whole-file unit check (unit_scale_inconsistent, a median over all elements) does not move;
before, the third slab carried 20,000 m3 of concrete into the carbon account (A1-A3 x 334).
"""
from __future__ import annotations

import ifcopenshell.api.material
import ifcopenshell.api.pset
import pytest

from bldgagent.lca import assess_carbon
from test_floor_area import Model


def _slabs(tmp_path, volumes, area=100.0, width_mm=200.0):
    m = Model()
    concrete = ifcopenshell.api.material.add_material(m.f, name="C30 concrete", category="concrete")
    for i, volume in enumerate(volumes):
        slab = m.slab(f"S{i}", 12.0 * i, 0.0, 0.0, 10.0, 10.0)
        ifcopenshell.api.material.assign_material(m.f, products=[slab], material=concrete)
        q = ifcopenshell.api.pset.add_qto(m.f, product=slab, name="Qto_SlabBaseQuantities")
        props = {"GrossArea": area, "NetVolume": volume} | ({"Width": width_mm} if width_mm else {})
        ifcopenshell.api.pset.edit_qto(m.f, qto=q, properties=props)
    return m.load(tmp_path / "slabs.ifc")


def test_a_1000x_declared_volume_is_replaced_by_the_geometry(tmp_path):
    b = _slabs(tmp_path, (20.0, 20.0, 20000.0))
    volumes = {e.name: e.volume_m3 for e in b.elements}
    assert volumes == {"S0": pytest.approx(20.0), "S1": pytest.approx(20.0), "S2": pytest.approx(20.0, rel=1e-6)}
    assert b.elements[2].quantities.volume_source == "geometry (quantity set rejected)"
    warn = [d for d in b.diagnostics if d.code == "declared_volume_rejected"]
    assert len(warn) == 1 and "S2" in warn[0].entity
    assert "2e+04 m3" in warn[0].message and "1e+03 x" in warn[0].message and "unit slip" in warn[0].message
    assert "unit_scale_inconsistent" not in b.diagnostics.by_code()
    # carbon: three equal slabs, so A1-A3 is 3 x that of one correct slab (not 1002 x)
    one = _slabs(tmp_path / "one", (20.0,)) if (tmp_path / "one").mkdir() is None else None
    assert assess_carbon(b, n_draws=0).modules["A1-A3"] == pytest.approx(
        3 * assess_carbon(one, n_draws=0).modules["A1-A3"], rel=1e-6)


def test_a_declared_volume_no_second_source_contradicts_is_kept(tmp_path):
    """Declared GrossArea 40 m2 and NetVolume 8 m3 (0.2 m thick) against 20 m3 of geometry: the declared area x
    thickness (8 m3) sides with the declared volume, not with the geometry, so the declaration stands (warned)."""
    b = _slabs(tmp_path, (8.0,), area=40.0)
    assert b.elements[0].volume_m3 == pytest.approx(8.0)
    assert "declared_volume_rejected" not in b.diagnostics.by_code()
    assert any(d.code == "derived_value_rejected" and "quantity-set volume 8 m3" in d.message for d in b.diagnostics)


def test_a_1000x_declared_volume_without_a_declared_thickness_is_flagged_and_kept(tmp_path):
    """No layer set and no Width: nothing independent of the geometry confirms it, so the declared 20,000 m3 stays
    (issue 11, item 2: a derived value never overrules a declaration alone), but it is caught with a warning."""
    b = _slabs(tmp_path, (20.0, 20.0, 20000.0), width_mm=None)
    assert b.elements[2].volume_m3 == pytest.approx(20000.0)
    assert any(d.code == "derived_value_rejected" and "quantity-set volume 2e+04 m3" in d.message
               and "geometry's 20 m3" in d.message for d in b.diagnostics)
