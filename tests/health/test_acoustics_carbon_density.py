"""A wall whose materials carry no density takes the densities the carbon engine uses for them (matched factor,
else category default), so the facade gets a mass-law R_w instead of None."""
from __future__ import annotations

import math

import pytest

from bldgagent.health import RoomInput, WallInput, WindowInput
from bldgagent.health.acoustics import assess_acoustics, carbon_engine_density, surface_mass_kg_m2
from bldgagent.lca.factors import categories
from bldgagent.model import Construction, Layer, Material


def _wall() -> Construction:
    return Construction("layers", layers=[Layer(Material("Beton C25/30"), 0.20),
                                          Layer(Material("Mineral wool insulation"), 0.10)], outside_first=False)


def test_density_is_the_carbon_engines():
    """'Beton C25/30' matches the concrete category; its density is the category default of categories.csv."""
    rho, source = carbon_engine_density("Beton C25/30", 0.2)
    assert rho == float(categories().loc["concrete", "density_kg_m3"]) == 2400.0
    assert "concrete" in source
    assert carbon_engine_density("Default", 0.2) is None       # a guess from the element kind lends no density
    assert carbon_engine_density("Wall 1", 0.2) is None        # no category at all


def test_surface_mass_from_carbon_densities():
    """m' = 2400 x 0.20 + 100 x 0.10 = 490 kg/m2 (concrete and mineral-wool category defaults)."""
    m, flags = surface_mass_kg_m2(_wall())
    assert m == pytest.approx(2400 * 0.20 + 100 * 0.10)
    assert sum(f.startswith("density_from_carbon_engine:") for f in flags) == 2
    assert surface_mass_kg_m2(_wall(), carbon_densities=False) == (None, ["layer_without_density:Mineral wool insulation"])


def test_facade_assessed_with_the_borrowed_mass():
    """EN 12354-1 Annex B: R_w = 37.5 lg 490 - 42 = 58.9 dB (before: wall not assessed, acoustics None)."""
    room = RoomInput(name="Office 1", usage="office", floor_area_m2=20.0, volume_m3=60.0,
                     windows=[WindowInput(3.0, glazing="4-16-4", azimuth_deg=180.0)],
                     external_walls=[WallInput(10.0, construction=_wall(), azimuth_deg=180.0)])
    res = assess_acoustics(room, noise_day_db=65.0, noise_night_db=55.0)
    assert res.assessed
    wall = next(p for p in res.parts if p["kind"] == "wall")
    assert wall["rw_db"] == pytest.approx(37.5 * math.log10(490.0) - 42.0)
    assert wall["rw_db"] == pytest.approx(58.9, abs=0.05)
    assert any(d.code == "acoustic_density_from_carbon_engine" for d in res.diagnostics)


def test_stud_layer_counts_per_m2_as_in_the_carbon_engine():
    """'Metal - Stud Layer' (Revit): the carbon engine counts 2.1 kg/m2 (categories.csv steel_stud_layer), so a
    41 mm layer weighs 2.1 kg/m2 here too: 12.5 mm board 850 x 0.0125 + 2.1 + block 2000 x 0.19 = 392.7 kg/m2."""
    wall = Construction("layers", layers=[Layer(Material("Masonry - Concrete Block"), 0.19),
                                          Layer(Material("Metal - Stud Layer"), 0.041),
                                          Layer(Material("Plasterboard"), 0.0125)], outside_first=True)
    per_m2 = float(categories().loc["steel_stud_layer", "mass_kg_per_m2"])
    assert per_m2 == 2.1
    m, flags = surface_mass_kg_m2(wall)
    assert m == pytest.approx(2000 * 0.19 + 2.1 + 850 * 0.0125)
    assert "double_leaf_or_lined" in flags   # a light stud-and-cavity layer between two massive leaves
