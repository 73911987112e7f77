"""The ``bldgagent`` command line: one-line errors with exit 2, JSON error objects, input checks before any work,
internal errors without a traceback, and the text renderers it prints."""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import bldgagent.ifc
import bldgagent.ifc.samples
import bldgagent.lca.assess
from bldgagent.cli import UsageError, build_parser, main
from bldgagent.cli._common import energy_by_carrier, finite_float, int_range
from bldgagent.report.text import num

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_work(monkeypatch):
    """Fail loudly if a command reads a model or writes the sample before its arguments were checked."""
    calls: list = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        raise AssertionError("work started before the arguments were checked")

    monkeypatch.setattr(bldgagent.ifc, "load", forbidden)
    monkeypatch.setattr(bldgagent.ifc.samples, "sample_building", forbidden)
    return calls


def _one_error_line(capsys, prefix: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(prefix), err
    return err.strip()


# --- argparse errors -----------------------------------------------------------------------------------
def test_real_entry_prints_one_line_and_exits_2(tmp_path):
    run = subprocess.run([sys.executable, "-m", "bldgagent.cli", "carbon", str(tmp_path / "x.ifc"), "--period",
                          "1000000"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.splitlines() == [
        "bldgagent carbon: error: argument --period: 1000000 is out of range: give a whole number from 1 to 200 years"]


@pytest.mark.parametrize("argv, prefix", [
    (["inspect", "m.ifc", "--bogus"], "bldgagent inspect: error: unrecognized arguments: --bogus"),
    (["carbon"], "bldgagent carbon: error: the following arguments are required: model"),
    (["frobnicate"], "bldgagent: error: argument COMMAND: invalid choice: 'frobnicate'"),
    (["energy", "m.ifc", "--pv-kwp", "3", "--pv-roof-fraction", "0.2"], "bldgagent energy: error: argument "
     "--pv-roof-fraction: not allowed with argument --pv-kwp"),
])
def test_usage_errors_are_one_line(argv, prefix, capsys, no_work):
    assert main(argv) == 2
    _one_error_line(capsys, prefix)
    assert no_work == []


def test_usage_error_as_json(capsys, no_work):
    assert main(["carbon", "m.ifc", "--json", "--draws", "-1"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == {"error": {
        "type": "UsageError", "message": "argument --draws: -1 is out of range: give a whole number from 0 to 100000",
        "hint": "see `bldgagent carbon --help`"}}
    assert err.count("\n") == 1


def test_input_error_as_json(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "missing.ifc"), "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["type"] == "InputFileError" and "no such file" in error["message"] and error["hint"] is None


def test_help_and_version_exit_0(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bldgagent {bldgagent.__version__}"
    assert main(["carbon", "--help"]) == 0
    assert "--write-ifc" in capsys.readouterr().out


# --- value ranges, checked by argparse before any work --------------------------------------------------
@pytest.mark.parametrize("argv, option", [
    (["carbon", "m.ifc", "--period", "1000000"], "--period"),
    (["carbon", "m.ifc", "--period", "0"], "--period"),
    (["carbon", "m.ifc", "--draws", "-1"], "--draws"),
    (["carbon", "m.ifc", "--draws", "100001"], "--draws"),
    (["carbon", "m.ifc", "--gfa", "inf"], "--gfa"),
    (["carbon", "m.ifc", "--gfa", "nan"], "--gfa"),
    (["carbon", "m.ifc", "--gfa", "0"], "--gfa"),
    (["health", "m.ifc", "--noise-day", "500"], "--noise-day"),
    (["health", "m.ifc", "--noise-day", "nan"], "--noise-day"),
    (["health", "m.ifc", "--noise-night", "-1"], "--noise-night"),
    (["health", "m.ifc", "--obstruction", "nan"], "--obstruction"),
    (["energy", "m.ifc", "--pv-kwp", "inf"], "--pv-kwp"),
    (["energy", "m.ifc", "--pv-roof-fraction", "1.5"], "--pv-roof-fraction"),
    (["energy", "m.ifc", "--b6-years", "201"], "--b6-years"),
    (["assess", "m.ifc", "--period", "1000000"], "--period"),
    (["assess", "m.ifc", "--draws", "1e9"], "--draws"),
    (["demo", "--draws", "100001"], "--draws"),
])
def test_out_of_range_values_are_refused(argv, option, capsys, no_work):
    assert main(argv) == 2
    line = _one_error_line(capsys, f"bldgagent {argv[0]}: error: argument {option}: ")
    assert "out of range" in line or "not a whole number" in line
    assert no_work == []


def test_range_limits_are_inclusive():
    parser = build_parser()
    a = parser.parse_args(["carbon", "m.ifc", "--period", "200", "--draws", "100000", "--gfa", "0.001"])
    assert (a.period, a.draws, a.gfa) == (200, 100000, 0.001)
    a = parser.parse_args(["health", "m.ifc", "--noise-day", "140", "--noise-night", "0"])
    assert (a.noise_day, a.noise_night) == (140.0, 0.0)
    with pytest.raises(UsageError, match="--period"):
        parser.parse_args(["carbon", "m.ifc", "--period", "201"])


def test_typed_helpers():
    db = finite_float(0, 140, unit="dB(A)")
    assert db("140") == 140.0 and db("0") == 0.0
    for bad in ("140.001", "-0.1", "nan", "-inf", "loud"):
        with pytest.raises(argparse.ArgumentTypeError):
            db(bad)
    positive = finite_float(0, None, lo_open=True)
    assert positive("1e-9") == 1e-9
    with pytest.raises(argparse.ArgumentTypeError, match="above 0"):
        positive("0")
    years = int_range(1, 200)
    assert years("1") == 1 and years("200") == 200
    for bad in ("0", "201", "1.5", "ten"):
        with pytest.raises(argparse.ArgumentTypeError):
            years(bad)


# --- carbon --energy ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["[1,2]", '{"electricity": -5}', '{"electricity": NaN}', '{"electricity": Infinity}',
                                  '{"electricity": "5"}', '{"electricity": true}', "{}", "40000", "not json"])
def test_energy_must_be_carrier_to_finite_kwh(text, capsys, no_work):
    assert main(["carbon", "m.ifc", "--energy", text]) == 2
    _one_error_line(capsys, "bldgagent carbon: error: argument --energy: ")
    assert no_work == []


def test_valid_energy_reaches_assess_carbon(monkeypatch, capsys):
    seen = {}

    class Result:
        def to_json(self):
            return "{}"

    def fake_assess_carbon(building, **kwargs):
        seen.update(kwargs)
        return Result()

    monkeypatch.setattr(bldgagent.ifc, "load", lambda path: "building")
    monkeypatch.setattr(bldgagent.lca.assess, "assess_carbon", fake_assess_carbon)
    assert main(["carbon", "m.ifc", "--json", "--energy", '{"electricity": 40000, "natural_gas": 0}']) == 0
    assert seen["energy_by_carrier_kwh"] == {"electricity": 40000.0, "natural_gas": 0.0}
    assert energy_by_carrier('{"district_heat": 1.5e3}') == {"district_heat": 1500.0}


# --- output paths, checked before the calculation -----------------------------------------------------------
@pytest.fixture
def model(tmp_path):
    path = tmp_path / "model.ifc"
    path.write_text("ISO-10303-21; not read: the output check comes first\n")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_write_ifc_onto_the_input_is_refused(model, capsys, no_work):
    before = _digest(model)
    for spelling in (model, model.parent / "sub" / ".." / model.name):
        (model.parent / "sub").mkdir(exist_ok=True)
        assert main(["carbon", str(model), "--write-ifc", str(spelling)]) == 2
        line = _one_error_line(capsys, "bldgagent carbon: error: --write-ifc ")
        assert "is an input file" in line
    assert _digest(model) == before and no_work == []


@pytest.mark.parametrize("where, message", [
    ("dir", "is a directory"),
    ("under_file", "is a file, not a directory"),
    ("missing_dir", "does not exist"),
    ("unwritable", "cannot be written"),
])
def test_write_ifc_to_a_bad_place_is_refused(where, message, model, tmp_path, capsys, no_work):
    if where == "unwritable" and not Path("/proc").is_dir():
        pytest.skip("needs /proc (a folder no one, root included, can create files in)")
    target = {"dir": tmp_path, "under_file": model / "out.ifc", "missing_dir": tmp_path / "nope" / "out.ifc",
              "unwritable": Path("/proc/bldgagent-out.ifc")}[where]
    assert main(["carbon", str(model), "--write-ifc", str(target)]) == 2
    assert message in _one_error_line(capsys, "bldgagent carbon: error: --write-ifc ")
    assert no_work == []


def test_write_ifc_end_to_end_keeps_the_input(tmp_path, capsys):
    src = tmp_path / "small.ifc"
    bldgagent.ifc.samples.sample_building(path=src, storeys=1)
    before = _digest(src)
    out = tmp_path / "small_carbon.ifc"
    assert main(["carbon", str(src), "--draws", "0", "--json", "--write-ifc", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["period_years"] == 50
    assert out.stat().st_size > src.stat().st_size and _digest(src) == before
    assert "Pset_bldgagent_Carbon" in out.read_text()


@pytest.mark.parametrize("where, message", [
    ("file", "is a file, not a folder"),
    ("unwritable", "cannot be written"),
    ("sample_is_dir", "is a folder"),
])
def test_demo_out_bad_place_is_refused(where, message, tmp_path, capsys, no_work):
    if where == "unwritable" and not Path("/proc").is_dir():
        pytest.skip("needs /proc")
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    (tmp_path / "box" / "sample_building.ifc").mkdir(parents=True)
    target = {"file": existing, "unwritable": Path("/proc/bldgagent-demo"), "sample_is_dir": tmp_path / "box"}[where]
    assert main(["demo", "--out", str(target)]) == 2
    assert message in _one_error_line(capsys, "bldgagent demo: error: --out ")
    assert existing.read_text() == "keep me" and no_work == []


# --- errors that are not argparse's ------------------------------------------------------------------------
def test_os_error_is_bad_input_exit_2(monkeypatch, capsys):
    def denied(path, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(bldgagent.ifc, "load", denied)
    assert main(["inspect", "locked.ifc"]) == 2
    assert "Permission denied" in _one_error_line(capsys, "bldgagent inspect: error: ")


def test_internal_error_is_one_line_naming_the_traceback_file(monkeypatch, capsys):
    def bug(path, **kwargs):
        return 1 / 0

    monkeypatch.setattr(bldgagent.ifc, "load", bug)
    assert main(["inspect", "m.ifc", "--json"]) == 3
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("bldgagent inspect: internal error: ZeroDivisionError: division by zero (this is a bug")
    report = Path(re.search(r"traceback in (\S+)\)", err).group(1))
    try:
        text = report.read_text()
        assert "Traceback (most recent call last)" in text and "1 / 0" in text
    finally:
        report.unlink()
    assert json.loads(out)["error"]["type"] == "ZeroDivisionError"


# --- text renderers ---------------------------------------------------------------------------------------
def test_num_helper():
    assert num(1234.56, 1, sep=True) == "1,234.6"
    assert num(None) == "-" and num(None, missing="?") == "?" and num(float("nan"), 1) == "-"
    assert num(-0.04, 1) == "0.0" and num(-12.6) == "-13"
    assert num(5, 1, width=6) == "   5.0"


def test_inspect_text_of_the_sample(tmp_path, capsys):
    """Sample building 24 m x 12 m, 3 storeys of 3.2 m, WWR S 0.40: 288 m2 a storey, 864 m2 gross; south wall
    24 x 9.6 = 230.4 m2 with 0.40 x 230.4 = 92.16 m2 of window (N: 0.25 x 230.4 = 57.6); the E/W walls run
    between the 0.35 m N/S walls (render 0.015 + wool 0.12 + concrete 0.20 + plaster 0.015):
    (12 - 2 x 0.35) x 9.6 = 108.48 m2, windows 0.25 x 108.48 = 27.12 m2."""
    path = tmp_path / "s.ifc"
    bldgagent.ifc.samples.sample_building(path=path)
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == "Storeys: Ground floor (0.00 m, 288.0 m2), Floor 1 (3.20 m, 288.0 m2), Floor 2 (6.40 m, 288.0 m2)"
    assert out[3].startswith("Gross floor area 864.0 m2")
    assert out[6] == "  wall m2     230.40   108.48   230.40   108.48"
    assert out[7] == "  window m2    57.60    27.12    92.16    27.12"


def test_validate_out_file_is_refused_before_the_run(tmp_path, capsys, monkeypatch):
    import bldgagent.energy.validation as validation

    ran = []
    monkeypatch.setattr(validation, "bestest_from_ifc", lambda *a, **k: ran.append(a))
    existing = tmp_path / "cells.txt"
    existing.write_text("keep me")
    assert main(["validate", "bestest", "--out", str(existing)]) == 2
    assert "is a file, not a folder" in _one_error_line(capsys, "bldgagent validate: error: --out ")
    assert ran == [] and existing.read_text() == "keep me"
