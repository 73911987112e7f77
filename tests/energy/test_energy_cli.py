"""``bldgagent energy`` and ``bldgagent validate bestest``."""
from __future__ import annotations

import json

import pytest

from bldgagent.cli import main
from bldgagent.ifc.samples import sample_building

from shared_data import shared_epw


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "sample.ifc"
    sample_building(path=path, storeys=1)
    return path


def test_energy_json(model, capsys):
    assert main(["energy", str(model), "--climate", "haikou", "--zoning", "storey", "--json", "--b6-years", "50"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["heating_kwh"] >= 0 and d["cooling_kwh"] > 0
    assert len(d["zones"]) == 1 and d["b6"]["period_years"] == 50


def test_energy_text_and_errors(model, capsys):
    assert main(["energy", str(model), "--climate", "haikou", "--pv-kwp", "5"]) == 0
    out = capsys.readouterr().out
    assert "cooling" in out and "PV 5.0 kWp" in out
    assert main(["energy", str(model), "--climate", "atlantis"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown place 'atlantis'" in err[0]
    assert main(["energy", str(model), "--climate", "missing.epw"]) == 2


def test_validate_bestest(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default ../shared/data/epw path does not exist from here
    assert main(["validate", "bestest"]) == 2
    err = capsys.readouterr().err
    assert "725650TYCST.epw" in err and "--epw" in err
    epw = shared_epw("denver")
    assert main(["validate", "bestest", "--epw", str(epw), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert all(all(v.values()) for v in (c["in_acceptance"] for c in d["cases"].values()))


def test_energy_epw_irradiance_auto_and_file(model, capsys):
    """Beijing CSWD: read as written (--epw-irradiance file, as EnergyPlus reads it) the building gets less winter
    sun, since DNI cos z falls 7.6 % short of GHI - DHI over the year: more heating, less cooling than with the
    default repairs, which the JSON diagnostics report."""
    epw = str(shared_epw("beijing"))
    out = {}
    for mode in ("auto", "file"):
        assert main(["energy", str(model), "--climate", epw, "--zoning", "storey", "--epw-irradiance", mode,
                     "--json"]) == 0
        out[mode] = json.loads(capsys.readouterr().out)
    assert out["file"]["heating_kwh"] > 1.05 * out["auto"]["heating_kwh"]
    assert out["file"]["cooling_kwh"] < out["auto"]["cooling_kwh"]
    messages = {d["code"]: d["message"] for d in out["auto"]["diagnostics"]}
    assert "DNI derived from GHI - DHI" in messages["irradiance_closure"]
    assert "moved 0.50 h earlier" in messages["irradiance_time_shift"]
    assert "moved" not in {d["code"]: d["message"] for d in out["file"]["diagnostics"]}["irradiance_time_shift"]
