"""Overhangs written by write_ifc sit on the window's real extent: as wide as the window, on its top edge, projecting
from its outer face (read back from the written geometry, to 1 cm), on the sample (IFC4), FZK-Haus (ArchiCAD IFC4)
and AC90R1 (ArchiCAD IFC2X3, where the overhang is an IfcBuildingElementProxy)."""
from __future__ import annotations

from design_fixtures import sample, sample_path  # noqa: F401  (pytest fixtures)

import ifcopenshell
import ifcopenshell.geom
import numpy as np
import pytest

import bldgagent
from bldgagent.design import write_ifc
from bldgagent.ifc.shading import window_shading_fields
from bldgagent.ifc.write import outward_vector

from shared_data import shared_ifc

DEPTH_M = 0.6
CM = 0.01


def _box(entity) -> tuple[np.ndarray, np.ndarray]:
    """World bounding box of an entity's body, m."""
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    v = np.asarray(ifcopenshell.geom.create_shape(settings, entity).geometry.verts, dtype=float).reshape(-1, 3)
    return v.min(axis=0), v.max(axis=0)


def _written(path, tmp_path, building=None):
    """(report, source model, written model) of an all-window 0.6 m overhang."""
    building = building or bldgagent.load(path)
    out = tmp_path / "overhang.ifc"
    rep = write_ifc(path, {"shading_overhang_depth_m": DEPTH_M}, out, building=building)
    return rep, building, ifcopenshell.open(str(path)), ifcopenshell.open(str(out))


def _pairs(rep):
    """(device GlobalId, window GlobalId) of every overhang written."""
    return [(g["element"], g["what"].rsplit(" ", 1)[-1]) for g in rep.geometric if g["what"].startswith("overhang")]


@pytest.mark.parametrize("name", [None, "AC20-FZK-Haus.ifc", "AC90R1-niedriha-V2-2x3.ifc"])
def test_overhang_on_the_window_extent(name, sample_path, sample, tmp_path):
    """For every window: the device spans the window's width along the facade and starts at its top edge and outer
    face, 0.1 m thick and DepthM deep (each to 1 cm), with the window's extent measured here from its own mesh."""
    path = sample_path if name is None else shared_ifc(name)
    rep, b, src, out = _written(path, tmp_path, sample if name is None else None)
    north = b.site.true_north_deg if b.site is not None else 0.0
    pairs = _pairs(rep)
    assert len(pairs) == len([w for w in b.windows if w.is_external is not False and w.azimuth_deg is not None])
    for dev_id, win_id in pairs:
        ox, oy = outward_vector(b.element(win_id).azimuth_deg, north)
        along, normal = np.array([oy, -ox]), np.array([ox, oy])
        (wlo, whi), (dlo, dhi) = _box(src.by_guid(win_id)), _box(out.by_guid(dev_id))
        corners = lambda lo, hi: np.array([[x, y] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])])  # noqa: E731
        wt, dt = corners(wlo, whi) @ along, corners(dlo, dhi) @ along
        wn, dn = corners(wlo, whi) @ normal, corners(dlo, dhi) @ normal
        assert dt.min() == pytest.approx(wt.min(), abs=CM) and dt.max() == pytest.approx(wt.max(), abs=CM), win_id
        assert dlo[2] == pytest.approx(whi[2], abs=CM) and dhi[2] - dlo[2] == pytest.approx(0.1, abs=CM)
        assert dn.min() == pytest.approx(wn.max(), abs=CM) and dn.max() - dn.min() == pytest.approx(DEPTH_M, abs=CM)


def test_overhang_positions_by_hand(tmp_path):
    """Hand-read positions. FZK-Haus window 1srAI$R4T8ihLXSNHmUSET: placed at (0, 6.495, 0.8) m with OverallWidth
    2.0 m along +y and OverallHeight 1.2 m, its frame's outer face at x = 0.12 m, facing -x: the overhang spans y
    6.495..8.495, its underside at 0.8 + 1.2 = 2.0 m, from x = 0.12 out to 0.12 - 0.6 = -0.48 m. AC90R1 window
    334fgHmob0awWoCVsisUob: placed at (4.875, 0.12, 0.9) m, OverallWidth 1.2 m along -x, OverallHeight 1.36 m, outer
    face at y = 0.0505 m, facing -y: x 3.675..4.875, underside 0.9 + 1.36 = 2.26 m, y from 0.0505 to -0.5495 m."""
    for name, win, (x0, x1, y0, y1, z0) in (
            ("AC20-FZK-Haus.ifc", "1srAI$R4T8ihLXSNHmUSET", (-0.48, 0.12, 6.495, 8.495, 2.0)),
            ("AC90R1-niedriha-V2-2x3.ifc", "334fgHmob0awWoCVsisUob", (3.675, 4.875, -0.5495, 0.0505, 2.26))):
        rep, _, src, out = _written(shared_ifc(name), tmp_path)
        dev = next(d for d, w in _pairs(rep) if w == win)
        lo, hi = _box(out.by_guid(dev))
        assert np.allclose([lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]], [x0, x1, y0, y1, z0, z0 + 0.1], atol=CM), name


def test_overhang_read_back_as_window_wide(sample_path, sample, tmp_path):
    """The reader finds each overhang over its own window only: no reach beyond either edge, no gap above the top,
    the window's own width (the sample's south windows are 4.8 m wide) and the depth written."""
    rep, _, _, _ = _written(sample_path, tmp_path, sample)
    back = bldgagent.load(tmp_path / "overhang.ifc")
    assert len(back.shading_devices) == len(_pairs(rep))
    assert all(len(d.shades) == 1 for d in back.shading_devices)
    for w in back.windows:
        f = window_shading_fields(back, w)
        assert f["overhang_depth_m"] == DEPTH_M and f["overhang_gap_m"] == pytest.approx(0.0, abs=CM)
        assert f["overhang_left_m"] == pytest.approx(0.0, abs=CM) and f["overhang_right_m"] == pytest.approx(0.0, abs=CM)
        assert f["width_m"] == pytest.approx(w.width_m, abs=CM)
    assert {round(window_shading_fields(back, w)["width_m"], 3) for w in back.windows if w.orientation == "S"} == {4.8}


def test_ifc2x3_overhangs_read_back(tmp_path):
    """IFC2X3 has no IfcShadingDevice: the writer makes each overhang an IfcBuildingElementProxy with ObjectType
    SHADING, and the reader must find those again (before: none read back, so the written AC90R1 lost its shading).
    Each proxy shades the one window it was written over, at the depth written."""
    path = shared_ifc("AC90R1-niedriha-V2-2x3.ifc")
    rep, _, _, out = _written(path, tmp_path)
    assert out.schema == "IFC2X3" and out.by_type("IfcBuildingElementProxy")
    back = bldgagent.load(tmp_path / "overhang.ifc")
    assert len(back.shading_devices) == len(_pairs(rep)) > 0
    by_id = {d.global_id: d for d in back.shading_devices}
    for dev_id, win_id in _pairs(rep):
        assert list(by_id[dev_id].shades) == [win_id]
        assert by_id[dev_id].shades[win_id]["overhang_depth_m"] == DEPTH_M
