"""Access to the packaged data files in ``bldgagent/data`` (CSV/JSON, every row with its source)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DataFileError


def data_path(relpath: str) -> Path:
    """Filesystem path of a packaged data file, e.g. ``data_path("lca/gbt51366.csv")``."""
    path = Path(str(resources.files("bldgagent") / "data" / relpath))
    if not path.exists():
        raise DataFileError(f"packaged data file bldgagent/data/{relpath} is missing: reinstall bldgagent")
    return path


@lru_cache(maxsize=None)
def _read_csv_cached(path: str) -> pd.DataFrame:
    return pd.read_csv(path, comment=None, keep_default_na=True)


def read_csv(relpath_or_path: str | Path, required: tuple[str, ...] = ("source",)) -> pd.DataFrame:
    """Read a packaged (relative name) or user (existing path) CSV file and check its required columns.

    Returns a copy, so callers may modify it. Raises :class:`DataFileError` naming the file and the
    missing columns.
    """
    p = Path(relpath_or_path)
    path = p if p.is_absolute() or p.exists() else data_path(str(relpath_or_path))
    try:
        frame = _read_csv_cached(str(path))
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read data file {path}: {exc}") from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(f"data file {path} lacks column(s) {', '.join(missing)}; add them (see docs/data.md)")
    return frame.copy()


@lru_cache(maxsize=None)
def read_json(relpath: str) -> Any:
    """Read a packaged JSON data file."""
    path = data_path(relpath)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"cannot read data file {path}: {exc}") from exc
