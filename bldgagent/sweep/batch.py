"""Portfolios and variant sweeps: one row per model (and per variant), through the one executor.

A work item is a :class:`BatchItem`: a model path, the climate as a name or path, and optionally a named change
set (design option id -> value). Workers load models and weather themselves (cached per process by path, size and
modification time), so only the item travels. A failing item becomes a row with its ``error``; the rest complete.
Rows are written to Parquet after every chunk, so an interrupted batch resumes where it stopped (rows already in
the output, keyed by ``model`` and ``variant``, are skipped). Rows hold no timings, so they are the same whatever
the scheduler and the number of workers.
"""
from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._cache import LRUCache
from ..errors import InputFileError
from .executor import Outcome, get_executor

log = logging.getLogger(__name__)

#: Headline figures copied into every row (keys of :meth:`bldgagent.assess.Assessment.headline`), in order.
HEADLINE_COLUMNS = (
    "gross_floor_area_m2", "heating_kwh", "cooling_kwh", "final_energy_kwh", "final_energy_kwh_m2",
    "upfront_a1_a5_kgco2e_m2", "embodied_kgco2e_m2", "b6_kgco2e_m2", "whole_life_en15978_kgco2e_m2",
    "whole_life_en15978_kgco2e_m2_yr", "gbt51366_total_kgco2e_m2", "biogenic_stored_kgco2_m2",
    "health_overall_score", "rooms_scored", "rooms_overheating_free_running",
)
#: Every column of a batch table, in order: keys, the headline, coverage and warnings, the error.
COLUMNS = ("model", "variant", "climate", *HEADLINE_COLUMNS, "carbon_mass_matched_share", "n_warnings", "error")


@dataclass(frozen=True)
class BatchItem:
    """One unit of work: small and cheap to pickle (paths and plain values, never a loaded model)."""

    model: str
    climate: str | None = None
    variant: str = ""
    changes: Mapping[str, Any] = field(default_factory=dict)
    irradiance: str = "auto"
    n_draws: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.model, self.variant)


#: Buildings loaded in this (worker) process, keyed by resolved path, size and modification time.
_MODELS = LRUCache("batch_models", 8)


def _cached(path: str):
    """The Building at ``path``, loaded once per worker process."""
    from ..ifc import load

    st = os.stat(path)
    return _MODELS.get_or_compute((os.path.realpath(path), st.st_size, st.st_mtime_ns), lambda: load(path))


def assess_item(item: BatchItem) -> dict[str, Any]:
    """The row of one item: the assessment's headline, coverage and the number of warnings (no timings)."""
    from ..assess import assess
    from ..climate import load_weather

    building = _cached(item.model)
    if item.changes:
        from ..design import apply_changes

        building = apply_changes(building, dict(item.changes))
    climate = load_weather(item.climate, irradiance=item.irradiance) if item.climate else None
    result = assess(building, climate, n_draws=item.n_draws)
    head = result.headline()
    row = {k: head.get(k) for k in HEADLINE_COLUMNS}
    row.update(carbon_mass_matched_share=head.get("carbon_mass_matched_share"), n_warnings=len(result._warnings()))
    return row


def _row(item: BatchItem, outcome: Outcome) -> dict[str, Any]:
    row = dict.fromkeys(COLUMNS)
    row.update(model=item.model, variant=item.variant, climate=item.climate, error=outcome.error)
    if outcome.ok:
        row.update({k: _finite(v) for k, v in outcome.value.items()})
    return row


def _finite(v: Any) -> Any:
    return None if isinstance(v, float) and not math.isfinite(v) else v


def expand_inputs(inputs: Iterable[str | Path]) -> list[str]:
    """IFC paths from files and folders (a folder gives its ``*.ifc`` files, sorted); missing paths refused."""
    out: list[str] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(str(f) for f in p.iterdir() if f.suffix.lower() == ".ifc" and f.is_file())
            if not found:
                raise InputFileError(f"batch input {p} is a folder with no .ifc file in it")
            out += found
        elif p.exists():
            out.append(str(p))
        else:
            raise InputFileError(f"batch input {p} does not exist; give IFC files or folders holding them")
    return out


def load_variants(path: str | Path | None) -> list[tuple[str, dict[str, Any]]]:
    """Named change sets from a JSON file: ``{"name": {option_id: value}}`` or ``[{"name", "changes"}]``.

    The baseline (no change, variant ``""``) always comes first."""
    import json

    if path is None:
        return [("", {})]
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(f"--variants {path}: not a readable JSON file ({exc})") from exc
    if isinstance(data, list):
        if not all(isinstance(d, dict) and isinstance(d.get("name"), str) and isinstance(d.get("changes"), dict)
                   for d in data):
            raise InputFileError(f"--variants {path}: a list must hold objects {{\"name\": str, \"changes\": {{}}}}")
        pairs = [(d["name"], d["changes"]) for d in data]
    elif isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        pairs = list(data.items())
    else:
        raise InputFileError(f"--variants {path}: give an object of variant name -> {{option id: value}}")
    names = [n for n, _ in pairs]
    if "" in names or len(set(names)) != len(names):
        raise InputFileError(f"--variants {path}: variant names must be unique and not empty")
    return [("", {})] + pairs


def _read_done(out: Path):
    import pandas as pd

    if not out.exists():
        return None
    try:
        done = pd.read_parquet(out)
    except Exception as exc:  # noqa: BLE001 - any unreadable file: refuse to overwrite it
        raise InputFileError(f"-o {out} exists but is not a batch table ({exc}); move it or give a new name") from exc
    if not {"model", "variant"} <= set(done.columns):
        raise InputFileError(f"-o {out} exists but has no model/variant columns; move it or give a new name")
    return done


def _write(frame, out: Path) -> None:
    tmp = out.with_name(out.name + ".part")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, out)


def run_batch(models: Sequence[str | Path], climate: str | None = None, *, variants: Sequence[tuple[str, Mapping]]
              = (("", {}),), out: str | Path | None = None, scheduler: Any = None, workers: int | None = None,
              progress: bool | None = None, chunk: int | None = None, n_draws: int = 0, irradiance: str = "auto"):
    """Assess every model (x every variant) and return the table (one row each, columns :data:`COLUMNS`).

    ``out``: a Parquet file written after every chunk of work; rows already in it are kept and skipped (resume).
    ``scheduler``/``workers``: see :func:`bldgagent.sweep.executor.get_executor`.
    """
    import pandas as pd

    items = [BatchItem(str(m), climate, name, dict(ch), irradiance, n_draws) for m in models for name, ch in variants]
    out = Path(out) if out is not None else None
    done = _read_done(out) if out is not None else None
    seen = set(zip(done["model"], done["variant"])) if done is not None else set()
    todo = [it for it in items if it.key not in seen]
    rows = [] if done is None else done.to_dict("records")
    ex = get_executor(scheduler, workers)
    size = chunk or max(4, 4 * ex.workers)
    try:
        for start in range(0, len(todo), size):
            part = todo[start:start + size]
            t0 = time.perf_counter()
            outcomes = ex.map(assess_item, part, progress=progress, desc="batch")
            log.info("batch: %d items in %.1f s on %s x%d", len(part), time.perf_counter() - t0, ex.name, ex.workers)
            rows += [_row(it, o) for it, o in zip(part, outcomes)]
            if out is not None:
                _write(_frame(rows), out)
    finally:
        close = getattr(ex, "close", None)
        if close is not None:
            close()
    order = {it.key: i for i, it in enumerate(items)}
    frame = _frame(rows)
    frame = frame.iloc[sorted(range(len(frame)), key=lambda i: order.get((frame.model[i], frame.variant[i]), -1))]
    return frame.reset_index(drop=True)


def _frame(rows: list[dict[str, Any]]):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("model", "variant", "climate", "error"):
        frame[name] = frame[name].fillna("").astype(str)
    for name in (*HEADLINE_COLUMNS, "carbon_mass_matched_share", "n_warnings"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame
