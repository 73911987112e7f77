"""Shading in the engine: ASHRAE 140 Cases 620/630/920/930, the free-float cases (950FF), a horizon, and
IfcShadingDevice elements read from IFC (built with ifcopenshell.api here).

Ranges: Std 140-2020 acceptance and example-program min-max as transcribed in bldgagent.energy.bestest (LBNL
Modelica Buildings BESTEST records, staRes / heaCri / cooCri).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from shared_data import shared_epw

from bldgagent.climate.epw import read_epw
from bldgagent.energy.bestest import (ACCEPTANCE, EXAMPLE_PROGRAMS, FREE_FLOAT_EXAMPLE, bestest_zone,
                                      night_ventilation_m3_h, run_bestest, run_free_float)
from bldgagent.energy.thermal import WindowSpec, simulate
from bldgagent.energy.thermal.run import _auto_substeps
from bldgagent.errors import InputValueError


@pytest.fixture(scope="module")
def denver():
    return read_epw(shared_epw("denver"))


@pytest.fixture(scope="module")
def shaded(denver):
    return run_bestest(denver, cases=("620", "630", "920", "930"))


@pytest.mark.parametrize("case", ["620", "630", "920", "930"])
@pytest.mark.parametrize("quantity", ["heating_mwh", "cooling_mwh"])
def test_east_west_cases_inside_acceptance_and_example_range(shaded, case, quantity):
    lo, hi = ACCEPTANCE[case][quantity]
    assert lo <= shaded[case][quantity] <= hi, (case, quantity, shaded[case][quantity])
    lo, hi = EXAMPLE_PROGRAMS[case][quantity]
    assert lo <= shaded[case][quantity] <= hi, (case, quantity, shaded[case][quantity])


def test_overhang_and_fins_cut_cooling_and_raise_heating(shaded):
    # Std 140-2020 example programs: 620 -> 630 cooling falls by 1.28 MWh (means 4.090 -> 2.814), heating rises 0.41
    drop = shaded["620"]["cooling_mwh"] - shaded["630"]["cooling_mwh"]
    rise = shaded["630"]["heating_mwh"] - shaded["620"]["heating_mwh"]
    assert 1.0 < drop < 1.6 and 0.2 < rise < 0.6, (drop, rise)


def test_950ff_peak_inside_example_range(denver):
    r = run_free_float(denver, cases=("950FF",))["950FF"]
    lo, hi = FREE_FLOAT_EXAMPLE["950FF"]["max_c"]
    assert lo <= r["max_c"] <= hi, r
    assert all(r["in_example_range"].values()), r


def test_night_ventilation_schedule_and_auto_substeps(denver):
    vent = night_ventilation_m3_h(denver)
    # rows are stamped at the hour's end: the first row (00:00-01:00) is on, 07:00-08:00 (row 7) off, 18:00-19:00 on
    assert vent[0] == 1700.0 and vent[6] == 1700.0 and vent[7] == 0.0 and vent[17] == 0.0 and vent[18] == 1700.0
    assert vent.sum() == pytest.approx(13 * 365 * 1700.0)
    # 0.5 + 1700 / 129.6 = 13.6 ACH -> ceil(13.6 / 4) = 4 steps an hour; 0.5 ACH -> 1
    z = bestest_zone("900", ventilation_m3_h=vent)
    assert _auto_substeps([z]) == 4
    assert _auto_substeps([bestest_zone("900")]) == 1
    assert simulate(bestest_zone("600"), denver, terrain="country").settings["substeps"] == 1


def _window_solar_kwh(weather, window: WindowSpec, **kw) -> float:
    z = bestest_zone("600", windows=[window])
    return float(simulate(z, weather, terrain="country", **kw).solar_transmitted_w.sum() / 1000.0)


def test_finite_overhang_lets_in_more_than_an_infinite_one_and_fins_less(denver):
    base = dict(glazing="bestest", frame_fraction=0.0, azimuth_deg=90.0, height_m=2.0, width_m=3.0)
    open_ = _window_solar_kwh(denver, WindowSpec("w", 6.0, **base))
    infinite = _window_solar_kwh(denver, WindowSpec("w", 6.0, overhang_depth_m=1.0, overhang_gap_m=0.5, **base))
    finite = _window_solar_kwh(denver, WindowSpec("w", 6.0, overhang_depth_m=1.0, overhang_gap_m=0.5,
                                                  overhang_left_m=0.0, overhang_right_m=0.0, **base))
    fins = _window_solar_kwh(denver, WindowSpec("w", 6.0, overhang_depth_m=1.0, overhang_gap_m=0.5,
                                                overhang_left_m=0.0, overhang_right_m=0.0, fin_left_depth_m=1.0,
                                                fin_right_depth_m=1.0, fin_above_m=0.5, **base))
    assert open_ > finite > infinite and finite > fins
    # a very wide finite overhang is the infinite one
    wide = _window_solar_kwh(denver, WindowSpec("w", 6.0, overhang_depth_m=1.0, overhang_gap_m=0.5,
                                                overhang_left_m=1e4, overhang_right_m=1e4, **base))
    assert wide == pytest.approx(infinite, rel=1e-3)


def test_horizon_blocks_beam_and_sky(denver):
    w = WindowSpec("w", 6.0, glazing="bestest", frame_fraction=0.0, azimuth_deg=180.0, height_m=2.0)
    open_ = _window_solar_kwh(denver, w)
    assert _window_solar_kwh(denver, w, horizon=[(0.0, 0.0), (180.0, 0.0)]) == pytest.approx(open_, rel=1e-12)
    high = _window_solar_kwh(denver, w, horizon=[(0.0, 89.0), (180.0, 89.0)])
    # behind an 89 deg horizon only ground-reflected light (and a sliver of sky) is left: Std 140 ground
    # reflectance 0.2 on a vertical window, tau_dif ~0.7: well under a fifth of the open window's
    assert high < 0.2 * open_
    # a 20 deg horizon to the south: less, not nothing
    mid = _window_solar_kwh(denver, w, horizon=[(90.0, 0.0), (180.0, 20.0), (270.0, 0.0)])
    assert high < mid < open_
    with pytest.raises(InputValueError, match="horizon"):
        simulate(bestest_zone("600"), denver, horizon=[(0.0, 95.0)])


def test_fins_need_the_window_width():
    z = bestest_zone("600", windows=[WindowSpec("w", 6.0, height_m=2.0, fin_left_depth_m=0.5)])
    with pytest.raises(InputValueError, match="width_m"):
        simulate(z, _tiny_weather())
    z = bestest_zone("600", windows=[WindowSpec("w", 6.0, height_m=2.0, width_m=3.0, overhang_depth_m=-1.0)])
    with pytest.raises(InputValueError, match="overhang_depth_m"):
        simulate(z, _tiny_weather())


def _tiny_weather():
    from bldgagent.climate import get_place, synthetic_year

    return synthetic_year(get_place("Denver"), seed=0)


# --- IfcShadingDevice ------------------------------------------------------------------------------------
def _add_overhang(f, x0: float, width: float, depth: float, z: float, kind: str = "overhang"):
    """An IfcShadingDevice slab (1 m x ``depth`` x 0.1 m extrusion) in front of the south facade (y = 0), as the
    design-space writer makes it: PredefinedType SHADING, Pset_BldgAgentShading {DepthM, Kind}."""
    import ifcopenshell.api
    import ifcopenshell.util.representation

    body = ifcopenshell.util.representation.get_context(f, "Model", "Body", "MODEL_VIEW")
    storey = f.by_type("IfcBuildingStorey")[0]
    dev = ifcopenshell.api.root.create_entity(f, ifc_class="IfcShadingDevice", name="Overhang",
                                              predefined_type="SHADING")
    rep = ifcopenshell.api.geometry.add_wall_representation(f, context=body, length=width, height=0.1,
                                                            thickness=depth)
    ifcopenshell.api.geometry.assign_representation(f, product=dev, representation=rep)
    m = np.eye(4)
    m[:3, 3] = [x0, -depth, z]
    ifcopenshell.api.geometry.edit_object_placement(f, product=dev, matrix=m, is_si=True)
    ifcopenshell.api.spatial.assign_container(f, products=[dev], relating_structure=storey)
    p = ifcopenshell.api.pset.add_pset(f, product=dev, name="Pset_BldgAgentShading")
    ifcopenshell.api.pset.edit_pset(f, pset=p, properties={"DepthM": depth, "Kind": kind})
    return dev


def test_ifc_shading_device_read_and_shades_the_window_below(tmp_path, denver):
    from bldgagent.energy.validation import BESTEST_OPERATION, BESTEST_SURFACES
    from bldgagent.energy.zoning import zones_from_building
    from bldgagent.ifc import load
    from bldgagent.ifc.samples import bestest_box

    plain = tmp_path / "plain.ifc"
    bestest_box(600, plain)
    f = bestest_box(600)
    # Case 600 windows: x 0.5-3.5 and 4.5-7.5 m, sill 0.2 m, top 2.2 m; a 1 m deep overhang over the first one at
    # roof level (underside 2.7 m: gap 0.5 m), reaching 0.5 m beyond its left edge (x 0.0) and 0.25 m past its right
    dev = _add_overhang(f, 0.0, 3.75, 1.0, 2.7)
    path = tmp_path / "shaded.ifc"
    f.write(str(path))
    b = load(path)
    assert len(b.shading_devices) == 1
    d = b.shading_devices[0]
    assert d.global_id == dev.GlobalId and d.kind == "overhang" and d.predefined_type == "SHADING"
    assert d.depth_m == pytest.approx(1.0)
    assert len(d.shades) == 1          # the other window (x 4.5-7.5) is not under it
    (wid, fields_), = d.shades.items()
    assert b.element(wid).kind == "window"
    assert fields_["overhang_gap_m"] == pytest.approx(0.5, abs=1e-3)
    assert fields_["overhang_left_m"] == pytest.approx(0.5, abs=1e-3)
    assert fields_["overhang_right_m"] == pytest.approx(0.25, abs=1e-3)
    assert fields_["width_m"] == pytest.approx(3.0, abs=1e-3) and fields_["height_m"] == pytest.approx(2.0, abs=1e-3)

    def solar(building):
        z = zones_from_building(building, weather=denver, usage="office", overrides=BESTEST_OPERATION,
                                surfaces=BESTEST_SURFACES)
        shaded_windows = [w for w in z.zones[0].windows if w.overhang_depth_m > 0]
        res = simulate(z.zones, denver, terrain="country")
        return float(res.solar_transmitted_w.sum() / 1000.0), shaded_windows

    open_kwh, none = solar(load(plain))
    shaded_kwh, windows = solar(b)
    assert none == [] and len(windows) == 1 and windows[0].overhang_depth_m == pytest.approx(1.0)
    # one of two south windows under a 1 m overhang at 0.5 m: Std 140 Case 610 (both windows, an infinitely wide
    # overhang) transmits about a quarter less; half of that here, so 5-20 % less in all
    assert 0.80 * open_kwh < shaded_kwh < 0.95 * open_kwh, (open_kwh, shaded_kwh)


def test_ifc_shading_device_on_another_facade_or_too_high_is_ignored(tmp_path):
    from bldgagent.ifc import load
    from bldgagent.ifc.samples import bestest_box

    f = bestest_box(600)
    _add_overhang(f, 0.5, 3.0, 1.0, 5.0)            # 2.8 m above the window top: beyond MAX_GAP_M
    path = tmp_path / "high.ifc"
    f.write(str(path))
    b = load(path)
    assert [d.shades for d in b.shading_devices] == [{}]
    assert any(d.code == "shading_device_unmatched" for d in b.diagnostics)


def test_energy_options_horizon_reaches_the_simulation(denver):
    from bldgagent.energy import assess_energy
    from bldgagent.energy.options import EnergyOptions
    from bldgagent.ifc import load
    from bldgagent.ifc.samples import bestest_box

    with pytest.raises(InputValueError, match="horizon"):
        EnergyOptions(horizon=[(0.0, "high")])
    assert EnergyOptions(horizon=[]).horizon is None
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        bestest_box(600, Path(tmp) / "b.ifc")
        b = load(Path(tmp) / "b.ifc")
    opts = {"usage": "office", "overrides": {"internal_gains_w": 200.0}}
    open_ = assess_energy(b, denver, options=opts)
    behind = assess_energy(b, denver, options={**opts, "horizon": [(0.0, 40.0), (180.0, 40.0)]})
    # a 40 deg horizon all round takes the low winter sun off the south windows: more heating, less cooling
    assert behind.heating_kwh > open_.heating_kwh and behind.cooling_kwh < open_.cooling_kwh


def test_ifc_fins_and_overhang_combine_on_one_window(tmp_path):
    import ifcopenshell.api
    import ifcopenshell.util.representation

    from bldgagent.ifc import load
    from bldgagent.ifc.samples import bestest_box
    from bldgagent.ifc.shading import window_shading_fields

    f = bestest_box(600)
    _add_overhang(f, 0.5, 3.0, 1.0, 2.7)             # over window x 0.5-3.5: no extension, gap 0.5
    body = ifcopenshell.util.representation.get_context(f, "Model", "Body", "MODEL_VIEW")
    storey = f.by_type("IfcBuildingStorey")[0]
    # a 0.8 m deep, 0.1 m thick fin from the ground to the roof (2.7 m) just left of the window (x 0.4-0.5):
    # left fin (seen from outside the south facade, west is left), offset 0, 0.5 m above the window top
    fin = ifcopenshell.api.root.create_entity(f, ifc_class="IfcShadingDevice", name="Fin", predefined_type="SHADING")
    rep = ifcopenshell.api.geometry.add_wall_representation(f, context=body, length=0.1, height=2.7, thickness=0.8)
    ifcopenshell.api.geometry.assign_representation(f, product=fin, representation=rep)
    m = np.eye(4)
    m[:3, 3] = [0.4, -0.8, 0.0]
    ifcopenshell.api.geometry.edit_object_placement(f, product=fin, matrix=m, is_si=True)
    ifcopenshell.api.spatial.assign_container(f, products=[fin], relating_structure=storey)
    path = tmp_path / "fins.ifc"
    f.write(str(path))
    b = load(path)
    kinds = sorted(d.kind for d in b.shading_devices)
    assert kinds == ["fin", "overhang"]              # the fin's kind from its shape (taller than wide, no pset)
    (wid,) = {w for d in b.shading_devices for w in d.shades}
    got = window_shading_fields(b, wid)
    assert got["overhang_depth_m"] == pytest.approx(1.0) and got["overhang_left_m"] == pytest.approx(0.0, abs=1e-3)
    assert got["fin_left_depth_m"] == pytest.approx(0.8, abs=0.01)   # from the facade plane to the fin's edge
    assert got["fin_offset_m"] == pytest.approx(0.0, abs=1e-3) and got["fin_above_m"] == pytest.approx(0.5, abs=1e-3)
    assert "fin_right_depth_m" not in got
