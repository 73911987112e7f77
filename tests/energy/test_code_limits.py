"""A defaulted external construction worse than the location's code limit is never used silently (issue 11, 12b).

U-values are ISO 6946 hand calculations of DEFAULT_LAYERS (outside -> inside, d / lambda):
wall 0.08/0.035 + 0.20/2.0 + 0.015/0.43 = 2.2857 + 0.1 + 0.0349 = 2.4206; + R_si 0.13 + R_se 0.04 -> U = 0.386;
roof 0.12/0.035 + 0.20/2.0 = 3.5286; + 0.10 + 0.04 -> U = 0.273.
A 2 mm steel sheet (lambda 50 from the library) as a wall: 1 / (0.13 + 0.00004 + 0.04) = 5.88 W/m2K.
"""
from __future__ import annotations

import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

import bldgagent
from bldgagent.energy.zoning import zones_from_building
from bldgagent.energy.zoning.defaults import DEFAULT_LAYERS, code_u_limit
from bldgagent.energy.zoning.layers import _u
from bldgagent.ifc.samples import sample_building
from bldgagent.model import Construction, Material, Site

LONDON = Site("London", 51.5074, -0.1278)
HAIKOU = Site("Haikou", 20.03, 110.35)
HARBIN = Site("Harbin", 45.75, 126.77)


@lru_cache(maxsize=None)
def _sample():
    path = Path(tempfile.mkdtemp()) / "s.ifc"
    sample_building(storeys=1, width_m=8.0, depth_m=6.0, path=path)
    return bldgagent.load(path)


def _walls(construction):
    """The sample with every external wall's construction replaced (None: nothing known about it)."""
    b = _sample()
    return b.replace(elements=[replace(e, construction=construction, thermal_transmittance_w_m2k=None)
                               if e.kind == "wall" and e.is_external else e for e in b.elements])


def _above_code(zoning):
    return [d for d in zoning.diagnostics if d.code == "construction_default_above_code"]


def test_default_layers_u_by_hand():
    assert _u(DEFAULT_LAYERS["wall"], "wall") == pytest.approx(1 / (0.13 + 2.4206 + 0.04), abs=1e-3)
    assert _u(DEFAULT_LAYERS["wall"], "wall") == pytest.approx(0.386, abs=1e-3)
    assert _u(DEFAULT_LAYERS["roof"], "roof") == pytest.approx(0.273, abs=1e-3)


def test_code_limits_by_location():
    assert code_u_limit("GBR", None, "wall") == (0.26, "Approved Document L 2021")
    assert code_u_limit("CHN", "hsww", "wall") == (2.0, "JGJ 75-2012")
    assert code_u_limit("CHN", "severe_cold", "roof") == (0.35, "GB 50189-2015")
    assert code_u_limit("DEU", "", "ground_floor") == (0.30, "GEG 2020")
    assert code_u_limit("FRA", None, "wall") is None       # nothing packaged: no limit claimed


def test_default_wall_in_london_is_worse_than_part_l():
    zoning = zones_from_building(_walls(None).replace(site=LONDON))
    found = _above_code(zoning)
    assert found, "the default wall (U 0.386) exceeds Part L's 0.26 and must be flagged"
    walls = {d.entity for d in found if d.message.startswith("wall")}
    assert len(walls) == 4                                  # each external wall named
    assert "U = 0.39 W/m2K used" in found[0].message and "U <= 0.26 W/m2K for GBR;" in found[0].message
    default = [d for d in zoning.diagnostics if d.code == "construction_default"]
    assert default and "U = 0.39 W/m2K" in default[0].message


def test_default_wall_meets_the_code_in_harbin_and_haikou():
    for site in (HARBIN, HAIKOU):                           # 0.386 <= 0.43 (GB 50189 severe cold C), <= 2.0
        zoning = zones_from_building(_walls(None).replace(site=site))
        assert not [d for d in _above_code(zoning) if d.message.startswith("wall")]


def test_steel_sheet_of_unknown_conductivity_is_flagged_in_haikou():
    sheet = Construction(kind="single", material=Material("Steel sheet"))
    b = _walls(sheet)
    b = b.replace(site=HAIKOU, elements=[replace(e, quantities=replace(e.quantities, thickness_m=0.002))
                                         if e.kind == "wall" and e.is_external else e for e in b.elements])
    found = [d for d in _above_code(zones_from_building(b)) if d.message.startswith("wall")]
    assert len({d.entity for d in found}) == 4
    assert "U = 5.88 W/m2K used" in found[0].message
    assert "JGJ 75-2012 limit U <= 2 W/m2K for CHN climate zone hsww" in found[0].message


def test_authored_conductivity_is_the_models_own_choice():
    """The same sheet with its conductivity in the file (only density and heat capacity defaulted): the U is the
    model's, not a default, so no code warning (the reader's thermal_default diagnostics still list the gaps)."""
    sheet = Construction(kind="single", material=Material("Steel sheet", conductivity_w_mk=50.0))
    b = _walls(sheet)
    b = b.replace(site=HAIKOU, elements=[replace(e, quantities=replace(e.quantities, thickness_m=0.002))
                                         if e.kind == "wall" and e.is_external else e for e in b.elements])
    zoning = zones_from_building(b)
    assert not [d for d in _above_code(zoning) if d.message.startswith("wall")]
    assert any(d.code == "thermal_default" for d in zoning.diagnostics)
