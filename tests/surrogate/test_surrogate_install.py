"""The shipped model is found after a non-editable install: setup.cfg installs models/surrogate under
<prefix>/share/bldgagent/models/surrogate and the store looks there when no source tree holds it."""
from __future__ import annotations

import configparser
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from bldgagent.surrogate import store

ROOT = Path(__file__).resolve().parents[2]


def test_setup_cfg_installs_every_model_file_under_share():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    key = "/".join(store.INSTALLED_SUBDIR)
    files = [f.strip() for f in cfg["options.data_files"][key].replace("\n", ",").split(",") if f.strip()]
    shipped = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "models" / "surrogate").iterdir())
    assert sorted(files) == shipped          # weights, model card and metrics: all of them, nothing else


def test_load_finds_the_model_under_an_installed_prefix(tmp_path, monkeypatch):
    prefix = tmp_path / "venv"
    installed = prefix.joinpath(*store.INSTALLED_SUBDIR)
    shutil.copytree(ROOT / "models" / "surrogate", installed)
    # an installed package has no source tree next to it: point the module's file into the fake site-packages
    fake = prefix / "lib" / "site-packages" / "bldgagent" / "surrogate" / "store.py"
    monkeypatch.setattr(store, "__file__", str(fake))
    monkeypatch.setattr(sys, "prefix", str(prefix))
    cands = store.model_dir_candidates()
    assert cands[0] == fake.parents[2] / "models" / "surrogate" and not cands[0].exists()
    assert store.shipped_model_dir() == installed
    installed_model = store.load()
    source_model = store.load(ROOT / "models" / "surrogate")
    x = pd.DataFrame([source_model.meta["x_mean"]], columns=source_model.meta["features"])
    np.testing.assert_array_equal(installed_model.predict(x).mean, source_model.predict(x).mean)


def test_no_model_anywhere_names_the_place_and_the_fix(tmp_path, monkeypatch):
    import pytest

    from bldgagent.errors import InputFileError

    monkeypatch.setattr(store, "__file__", str(tmp_path / "a" / "b" / "c" / "store.py"))
    monkeypatch.setattr(store, "model_dir_candidates", lambda: [tmp_path / "nowhere"])
    with pytest.raises(InputFileError, match="train_surrogate"):
        store.load()
