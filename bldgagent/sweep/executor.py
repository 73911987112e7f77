"""One executor interface for bulk work: serial, local processes (default) or a Dask cluster.

``get_executor(scheduler, workers)`` returns an object with one method, ``map(fn, items, progress=...)``,
which calls ``fn(item)`` for every item and returns a list of :class:`Outcome` in input order. ``fn`` must be
a module-level function (it is pickled to worker processes) and items should be small (a path, a change
set); workers load and cache models and weather themselves through the library's content-keyed caches.
Exceptions are caught per item, so results are the same whatever the scheduler and worker count.
"""
from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import BldgAgentError, InputValueError


@dataclass(frozen=True)
class Outcome:
    """The result of one work item: ``value`` when it ran, else ``error`` (``"Type: message"``)."""

    value: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def run_one(fn: Callable[[Any], Any], item: Any) -> Outcome:
    """Call ``fn(item)``; a library error becomes its one-line message, anything else its type and message."""
    try:
        return Outcome(value=fn(item))
    except BldgAgentError as exc:
        return Outcome(error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one failing item must not end a batch; the row says why
        last = traceback.extract_tb(exc.__traceback__)[-1:] or [None]
        where = f" (at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last[0] else ""
        return Outcome(error=f"{type(exc).__name__}: {exc}{where}")


class Executor(Protocol):
    """What every bulk operation needs: an ordered, error-isolating map."""

    name: str
    workers: int

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], *, progress: bool | None = None,
            desc: str = "") -> list[Outcome]: ...


def _bar(total: int, progress: bool | None, desc: str):
    """A tqdm bar on stderr when asked, or by default when stderr is a terminal; None otherwise."""
    show = sys.stderr.isatty() if progress is None else progress
    if not show or total < 2:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc or "runs", file=sys.stderr, leave=False)


def _gather(futures: list, done: Iterable, key: Callable[[Any], Any], progress: bool | None, desc: str) -> list[Outcome]:
    """The outcomes of ``futures`` in their order, collected as ``done`` yields them (``key`` identifies a future),
    with a progress bar."""
    index = {key(f): i for i, f in enumerate(futures)}
    out: list[Outcome | None] = [None] * len(futures)
    bar = _bar(len(futures), progress, desc)
    for future in done:
        out[index[key(future)]] = future.result()
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    return out  # type: ignore[return-value]


class SerialExecutor:
    """Runs items one after another in this process (debugging, tiny batches, deterministic baselines)."""

    name = "serial"
    workers = 1

    def map(self, fn, items, *, progress=None, desc=""):
        items = list(items)
        bar = _bar(len(items), progress, desc)
        out = []
        for item in items:
            out.append(run_one(fn, item))
            if bar is not None:
                bar.update()
        if bar is not None:
            bar.close()
        return out


class ProcessExecutor:
    """Local worker processes (``concurrent.futures``); the default for bulk runs on one machine.

    The pool starts on the first ``map`` and is kept for later ones (workers keep their warm caches: models,
    weather, compiled kernels) until :meth:`close`."""

    name = "processes"

    def __init__(self, workers: int | None = None):
        self.workers = workers or max(1, os.cpu_count() or 1)
        self._pool = None

    def map(self, fn, items, *, progress=None, desc=""):
        from concurrent.futures import ProcessPoolExecutor, as_completed

        items = list(items)
        if self.workers == 1 or len(items) < 2:
            return SerialExecutor().map(fn, items, progress=progress, desc=desc)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        futures = [self._pool.submit(run_one, fn, item) for item in items]
        return _gather(futures, as_completed(futures), lambda f: f, progress, desc)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskExecutor:
    """A ``dask.distributed`` client: an address (``tcp://...``), a ``Client``, or a new local cluster."""

    name = "dask"

    def __init__(self, client: Any, workers: int | None = None, own: bool = False):
        self.client, self._own = client, own
        self.workers = workers or max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, fn, items, *, progress=None, desc=""):
        from distributed import as_completed

        items = list(items)
        futures = self.client.map(run_one, [fn] * len(items), items, pure=False)
        return _gather(futures, as_completed(futures), lambda f: f.key, progress, desc)

    def close(self) -> None:
        if self._own:
            self.client.close()


def _dask_client(scheduler: Any, workers: int | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise InputValueError("a Dask scheduler needs the 'scale' extra: pip install 'bldgagent[scale]'") from exc
    if isinstance(scheduler, Client):
        return scheduler, False
    if scheduler == "dask":
        import logging

        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, silence_logs=logging.WARNING,
                               host="127.0.0.1", dashboard_address="127.0.0.1:0")   # loopback only, any free port
        return Client(cluster), True
    return Client(scheduler), True


def get_executor(scheduler: Any = None, workers: int | None = None) -> Executor:
    """The executor for ``scheduler``.

    ``None`` or ``"processes"``/``"local"``: local worker processes (``workers``, default all cores);
    ``"serial"``: this process; ``"dask"``: a new Dask ``LocalCluster`` on loopback; ``"tcp://host:port"``
    or a ``distributed.Client``: that Dask cluster.
    """
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputValueError(f"workers must be a positive whole number, got {workers!r}")
    if scheduler in (None, "processes", "local"):
        return ProcessExecutor(workers)
    if scheduler == "serial":
        return SerialExecutor()
    if scheduler == "dask" or (isinstance(scheduler, str) and "://" in scheduler) or hasattr(scheduler, "submit"):
        client, own = _dask_client(scheduler, workers)
        return DaskExecutor(client, workers, own)
    raise InputValueError(f"unknown scheduler {scheduler!r}; use 'serial', 'processes' (or 'local'), 'dask', "
                          f"a 'tcp://host:port' address or a distributed.Client")


def map_items(fn: Callable[[Any], Any], items: Sequence[Any], scheduler: Any = None, workers: int | None = None,
              progress: bool | None = None, desc: str = "") -> list[Outcome]:
    """``get_executor(scheduler, workers).map(fn, items)``, closing a cluster this call started."""
    ex = get_executor(scheduler, workers)
    try:
        return ex.map(fn, items, progress=progress, desc=desc)
    finally:
        close = getattr(ex, "close", None)
        if close is not None:
            close()
