"""The B6 grid follows the SITE's country (not the weather file's nearest packaged place), falls back to a
documented default with a warning where no factor is packaged, and is the same in `carbon --energy` and `assess`."""
from __future__ import annotations

import json

import pytest

import bldgagent
from bldgagent.climate import nearest_place
from bldgagent.cli import main
from bldgagent.energy.assess import default_grid, grid_choice
from bldgagent.energy.zoning import zones_from_building
from bldgagent.energy.zoning.location import locate
from bldgagent.ifc.samples import sample_building
from bldgagent.lca.grid import country_at, grid_factor, grid_for_country
from bldgagent.model import Building, Site

KARLSRUHE = (49.01, 8.40)   # FZK-Haus site; its nearest packaged climate is Zurich (CHE), 180 km away
ZURICH = (47.37, 8.54)
LONDON = (51.51, -0.13)
TOKYO = (35.68, 139.69)


def _site(lat, lon):
    return Building(name="b", site=Site(latitude_deg=lat, longitude_deg=lon))


@pytest.mark.parametrize("point, country", [(KARLSRUHE, "DEU"), (ZURICH, "CHE"), (LONDON, "GBR"),
                                            ((46.20, 6.14), "CHE"), ((48.86, 2.35), "FRA"), (TOKYO, "JPN")])
def test_country_of_a_point(point, country):
    assert country_at(*point) == country


def test_german_site_gets_the_german_grid_not_its_nearest_climates():
    """Before: the site's country was that of the nearest packaged place (Zurich): CHE, then 'no packaged grid'."""
    assert nearest_place(*KARLSRUHE)[0].country == "CHE"
    location = locate(_site(*KARLSRUHE))
    assert location.site_country == "DEU"
    assert default_grid(location) == "DE"
    # the weather of another place (here Zurich's) changes the profiles' place, not the grid
    class Zurich:
        latitude_deg, longitude_deg = ZURICH
    far = locate(_site(*KARLSRUHE), Zurich())
    assert far.country == "CHE" and default_grid(far) == "DE"


def test_country_without_a_factor_falls_back_with_a_warning():
    """Switzerland: EU-27 (EEA) as the European default; Japan: the world average (Ember 2023, 0.436 kg/kWh)."""
    swiss = grid_choice(locate(_site(*ZURICH)))
    assert swiss.region == "EU27"
    assert "'CHE'" in swiss.warning and "--grid" in swiss.warning and "grid=" in swiss.warning
    japan = grid_for_country("JPN")
    assert japan.region == "WORLD" and "'JPN'" in japan.warning
    assert grid_factor("WORLD").kg_per_kwh == pytest.approx(0.436)
    assert grid_for_country("DEU").warning is None and grid_for_country("AUT").region == "EU27"


def test_zoning_reports_the_grid_fallback(tmp_path):
    path = tmp_path / "zurich.ifc"
    sample_building(path=path, storeys=1, latitude_deg=ZURICH[0], longitude_deg=ZURICH[1], site_name="Zurich")
    zoning = zones_from_building(bldgagent.load(path))
    notes = [d for d in zoning.diagnostics if d.code == "grid_fallback"]
    assert len(notes) == 1 and notes[0].level == "warning" and "'CHE'" in notes[0].message


@pytest.fixture(scope="module")
def london_model(tmp_path_factory):
    path = tmp_path_factory.mktemp("london") / "london.ifc"
    sample_building(path=path, storeys=1, latitude_deg=LONDON[0], longitude_deg=LONDON[1], site_name="London")
    return path


def test_carbon_energy_uses_the_assess_default_grid(london_model, capsys):
    """Before: `carbon --energy` used the Chinese grid (--grid default CN) for a London site; assess used UK."""
    assert default_grid(locate(bldgagent.load(london_model))) == "UK"
    assert main(["carbon", str(london_model), "--json", "--draws", "0", "--energy", '{"electricity": 10000}']) == 0
    b6 = json.loads(capsys.readouterr().out)["b6"]
    assert b6["region"] == "UK"
    # 10,000 kWh x 0.20707 kg/kWh (DESNZ 2023) x 50 years
    assert b6["total_kgco2e"] == pytest.approx(10000 * 0.20707 * 50)


def test_method_both_prints_one_side_by_side_table(london_model, capsys):
    assert main(["carbon", str(london_model), "--method", "both", "--draws", "0"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "en15978_kgco2e" in line)
    assert "gbt51366_kgco2e" in header and "en15978_modules" in header
    assert sum("kgco2e" in line and "module" in line for line in out.splitlines()) == 1  # one table, one header
    for phase, modules in (("建材生产", "A1-A3"), ("建材运输", "A4"), ("拆除", "C1")):
        assert any(phase in line and modules in line for line in out.splitlines())


def test_assess_on_a_swiss_site_runs_with_the_eu27_grid(tmp_path, capsys):
    """Before: `bldgagent assess` exited 2 with "no packaged grid factor for country 'CHE'"."""
    path = tmp_path / "zurich_office.ifc"
    sample_building(path=path, storeys=1, usage="office", latitude_deg=ZURICH[0], longitude_deg=ZURICH[1],
                    site_name="Zurich")
    assert main(["assess", str(path), "--draws", "0", "--no-health", "--json"]) == 0
    out = capsys.readouterr().out
    payload = json.loads(out)
    assert payload["settings"]["grid"] == "EU27"
    assert "grid_fallback" in out and "'CHE'" in out
    assert main(["carbon", str(path), "--draws", "0", "--energy", '{"electricity": 1000}']) == 0
    assert "[warning] grid_fallback" in capsys.readouterr().out


def test_python_api_default_grid_follows_the_site():
    """assess_carbon with energy and no grid= takes the site's country, as bldgagent.assess does (London -> UK)."""
    from bldgagent.lca import assess_carbon
    from bldgagent.model import Building, Site
    from lca_buildings import element, mat

    def building(lat, lon):
        return Building(name="b", elements=[element("w", "wall", [(mat("Concrete"), 10.0, 0.2)])],
                        gross_floor_area_m2=100.0, site=Site(latitude_deg=lat, longitude_deg=lon))

    london = assess_carbon(building(51.5, -0.12), energy_by_carrier_kwh={"electricity": 10000.0}, n_draws=0)
    assert london.assumptions["grid"] == "UK"
    uk = assess_carbon(building(51.5, -0.12), energy_by_carrier_kwh={"electricity": 10000.0}, grid="UK", n_draws=0)
    assert london.modules["B6"] == uk.modules["B6"]
    nowhere = assess_carbon(building(None, None), energy_by_carrier_kwh={"electricity": 10000.0}, n_draws=0)
    assert nowhere.assumptions["grid"] == "CN" and any(d.code == "grid_assumed" for d in nowhere.diagnostics)
