"""Batch of models: one row per model, errors as rows, resumable, the same whatever the scheduler."""
import json
import subprocess
import sys

import pandas as pd
import pytest

from bldgagent.assess import assess
from bldgagent.errors import InputFileError
from bldgagent.ifc import load
from bldgagent.ifc.samples import sample_building
from bldgagent.sweep.batch import COLUMNS, expand_inputs, load_variants, run_batch
from bldgagent.sweep.portfolio import portfolio_summary


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("portfolio")
    sample_building(path=d / "a_house.ifc", storeys=2)
    sample_building(path=d / "b_house_rotated.ifc", rotation_deg=90.0, storeys=2)
    (d / "c_corrupt.ifc").write_text("ISO-10303-21;\nHEADER;\nthis is not a model\n")
    return d


@pytest.fixture(scope="module")
def serial(folder):
    return run_batch(expand_inputs([folder]), "haikou", scheduler="serial", progress=False)


def test_rows_equal_assess_and_corrupt_file_is_an_error_row(folder, serial):
    assert list(serial.columns) == list(COLUMNS)
    assert [p.rsplit("/", 1)[-1] for p in serial.model] == ["a_house.ifc", "b_house_rotated.ifc", "c_corrupt.ifc"]
    assert serial.error[:2].tolist() == ["", ""]
    assert serial.error[2].startswith("UnsupportedSchemaError:")   # an IfcReadError: no schema in the header
    assert serial.iloc[2][["whole_life_en15978_kgco2e_m2", "health_overall_score"]].isna().all()
    direct = assess(load(folder / "a_house.ifc"), "haikou", n_draws=0).headline()
    for key in ("whole_life_en15978_kgco2e_m2", "gbt51366_total_kgco2e_m2", "final_energy_kwh_m2",
                "health_overall_score"):
        assert serial[key][0] == pytest.approx(direct[key], rel=1e-12)
    # turning the house by 90 degrees changes its solar gains, so its energy (not its materials)
    assert serial.final_energy_kwh_m2[1] != serial.final_energy_kwh_m2[0]
    assert serial.upfront_a1_a5_kgco2e_m2[1] == pytest.approx(serial.upfront_a1_a5_kgco2e_m2[0], rel=1e-9)


def test_processes_and_dask_give_the_same_rows(folder, serial):
    pytest.importorskip("distributed")
    models = expand_inputs([folder])
    procs = run_batch(models, "haikou", scheduler="processes", workers=2, progress=False)
    pd.testing.assert_frame_equal(procs, serial)
    dask = run_batch(models, "haikou", scheduler="dask", workers=2, progress=False)
    pd.testing.assert_frame_equal(dask, serial)


def test_resume_skips_rows_already_written(folder, serial, tmp_path, monkeypatch):
    out = tmp_path / "r.parquet"
    models = expand_inputs([folder])
    run_batch(models[:1], "haikou", out=out, scheduler="serial", progress=False)   # "interrupted" after one
    calls = []
    import bldgagent.sweep.batch as batch
    real = batch.assess_item
    monkeypatch.setattr(batch, "assess_item", lambda item: calls.append(item.model) or real(item))
    full = run_batch(models, "haikou", out=out, scheduler="serial", progress=False)
    assert [c.rsplit("/", 1)[-1] for c in calls] == ["b_house_rotated.ifc", "c_corrupt.ifc"]
    pd.testing.assert_frame_equal(full, serial)
    pd.testing.assert_frame_equal(pd.read_parquet(out), serial)


def test_summary_and_bad_inputs(serial, tmp_path):
    s = portfolio_summary(serial)
    assert (s.n_rows, s.n_errors) == (3, 1)
    row = s.distribution.loc["Whole life, EN 15978 A-C [kgCO2e/m2]"]
    assert row["count"] == 2 and row["max"] == pytest.approx(serial.whole_life_en15978_kgco2e_m2.max())
    json.dumps(s.to_dict(), allow_nan=False)
    assert "1 failed" in s.report()
    with pytest.raises(InputFileError, match="does not exist"):
        expand_inputs([tmp_path / "nope.ifc"])
    bad = tmp_path / "v.json"
    bad.write_text('[{"name": "x"}]')
    with pytest.raises(InputFileError, match="--variants"):
        load_variants(bad)
    bad.write_text('{"thin": {"wall_insulation_thickness_m": 0.05}}')
    assert load_variants(bad) == [("", {}), ("thin", {"wall_insulation_thickness_m": 0.05})]
    notable = tmp_path / "x.parquet"
    notable.write_text("not parquet")
    with pytest.raises(InputFileError, match="not a batch table"):
        run_batch([], None, out=notable, scheduler="serial")


def test_cli_batch_one_line_error_and_json(folder, tmp_path):
    out = tmp_path / "cli.parquet"
    run = subprocess.run([sys.executable, "-m", "bldgagent.cli", "batch", str(folder / "a_house.ifc"), "--climate",
                          "haikou", "--scheduler", "serial", "-o", str(out), "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["n_rows"] == 1 and run.stderr == ""
    run = subprocess.run([sys.executable, "-m", "bldgagent.cli", "batch", str(tmp_path / "none.ifc"), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1


def test_in_process_dask_cluster_gives_the_same_rows(folder, serial):
    """A Client of an in-process LocalCluster (threads, no worker processes) passed as the scheduler."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address="127.0.0.1:0")
    with distributed.Client(cluster) as client:
        table = run_batch(expand_inputs([folder]), "haikou", scheduler=client, progress=False)
    cluster.close()
    pd.testing.assert_frame_equal(table, serial)


def test_portfolio_report_page(folder, serial, tmp_path):
    """The batch's report section: distribution, chart, worst performers and the failed row, self-contained."""
    pytest.importorskip("matplotlib")
    from bldgagent.report.portfolio import render_portfolio

    for lang, title in (("en", "Portfolio"), ("zh", "项目组合")):
        text = render_portfolio(serial, lang)
        assert title in text and text.count("<svg") == 1 and "c_corrupt.ifc" in text
        assert "https://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
            'xmlns:xlink="http://www.w3.org/1999/xlink"', "") and "http://" not in text.replace(
            'xmlns="http://www.w3.org/2000/svg"', "").replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    out, page = tmp_path / "p.parquet", tmp_path / "p.html"
    run = subprocess.run([sys.executable, "-m", "bldgagent.cli", "batch", str(folder / "a_house.ifc"), "--climate",
                          "haikou", "--scheduler", "serial", "-o", str(out), "--report", str(page), "--quiet"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert page.read_text(encoding="utf-8").count("<svg") == 1
