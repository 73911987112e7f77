"""One reference area per quantity, named in every output (issue 11, item 10): energy per m2 used the zones' net
floor area (e.g. 185.1 m2) while `assess` divided by the gross floor area (205.7 m2), so "kWh/m2" meant two
things. Now every per-m2 figure is per the gross floor area of ISO 9836 (the carbon engine's reference area), and
every output says so.

Model: the package's sample building (IfcOpenShell API), 2 storeys of 10.0 m x 8.0 m, so GFA = 2 x 10 x 8 = 160 m2;
its rooms' net floor area is smaller (walls take their footprint).
"""
from __future__ import annotations

import json
from functools import lru_cache

import pytest

import bldgagent
from bldgagent.energy.assess import NET_REFERENCE_AREA, energy_reference_area
from bldgagent.ifc.samples import sample_building
from bldgagent.lca.sanity import REFERENCE_AREA
from bldgagent.report.text import format_energy

GFA_M2 = 2 * 10.0 * 8.0


@lru_cache(maxsize=None)
def _assessed():
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "two.ifc"
    sample_building(storeys=2, width_m=10.0, depth_m=8.0).write(str(path))
    building = bldgagent.load(path)
    return building, bldgagent.assess(building, "london", n_draws=0, health=False)


def test_energy_per_m2_is_per_the_gross_floor_area_as_assess_and_carbon():
    _, a = _assessed()
    e, c = a.energy, a.carbon
    assert c.gfa_m2 == pytest.approx(GFA_M2, rel=1e-6)
    assert e.reference_area["name"] == REFERENCE_AREA == c.reference_area["name"]
    assert e.reference_area_m2 == pytest.approx(GFA_M2, rel=1e-6)
    assert e.floor_area_m2 < 0.95 * GFA_M2          # the net area of the zoned rooms is not the reference
    final = sum(v for k, v in e.by_carrier.items() if k != "solar_thermal")
    per_m2 = e.per_m2()
    assert sum(v for k, v in per_m2.items() if k.startswith("final_") and "solar_thermal" not in k) \
        == pytest.approx(final / GFA_M2, rel=1e-9)
    assert per_m2["heating_kwh_m2"] == pytest.approx(e.heating_kwh / GFA_M2, rel=1e-9)
    # the same quantity, the same number in `energy` and in `assess`
    assert a.headline()["final_energy_kwh_m2"] == pytest.approx(final / GFA_M2, rel=1e-9)


def test_every_output_names_the_reference_area():
    _, a = _assessed()
    d = json.loads(a.to_json())
    assert d["headline"]["per_m2_reference_area"] == REFERENCE_AREA
    assert d["energy"]["reference_area"] == {"name": REFERENCE_AREA, "value_m2": pytest.approx(GFA_M2),
                                             "source": a.carbon.gfa_source, "why_not_gross": None}
    assert d["carbon"]["reference_area"]["name"] == REFERENCE_AREA
    text = format_energy(a.energy.to_dict())
    assert f"kWh/m2 per {REFERENCE_AREA} 160.0 m2" in text.splitlines()[0]
    assert "160 m2 gross floor area (the reference area of every per-m2 figure)" in a.report()
    assert f"per m2 of the {REFERENCE_AREA}" in a.energy._html_body().replace("²", "2")
    from bldgagent.report.html import render_report
    assert "Every per-m² figure is per m² of gross floor area (ISO 9836)" in render_report(a)


def test_without_a_credible_gross_area_energy_names_the_net_area_it_falls_back_to():
    """A structure-only export with 0.3 m2 of floor area (the issue's case): no credible GFA (below
    lca.sanity.MIN_CREDIBLE_GFA_M2 = 1 m2), so energy per m2 is per the zones' net area, and says why."""
    building, a = _assessed()
    tiny = building.replace(gross_floor_area_m2=0.3)
    ref = energy_reference_area(tiny, 133.8)
    assert ref["name"] == NET_REFERENCE_AREA and ref["value_m2"] == 133.8
    assert "0.3 m2" in ref["why_not_gross"] and "below 1 m2" in ref["why_not_gross"]
    assert energy_reference_area(building, 133.8)["value_m2"] == pytest.approx(GFA_M2)
