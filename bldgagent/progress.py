"""Progress of long work: a tqdm bar on stderr in a terminal, tqdm's widget in Jupyter, silent otherwise.

Every long call of the library shows its own progress: :func:`bldgagent.load` counts the elements it triangulates,
:func:`bldgagent.assess` and the engines name the stage that runs, searches and batches count their items. A bar
appears only when the work takes longer than :data:`DELAY_S` (short calls stay quiet), only when stderr is a
terminal or the caller is a Jupyter kernel, and never on stdout, so ``--json`` output is the same with or without it.

Turn it off for a block (the CLI's ``--quiet`` does this) with :func:`silenced`, for one call with
``progress=False``, or for the process with the environment variable ``BLDGAGENT_PROGRESS=0``; ``progress=True``
forces a bar where it would be hidden (e.g. stderr redirected to a log file).

    with Stages(["read model", "assess"], desc="assess") as stages:
        stages.start("read model"); building = load(path)
        stages.start("assess"); result = assess(building)

    with Steps(len(items), desc="load: geometry") as steps:
        for item in items:
            ...; steps.advance()
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import threading
import time
from typing import Any, Iterator, Sequence

__all__ = ["DELAY_S", "REFRESH_S", "Stages", "Steps", "progress_enabled", "silenced"]

#: Seconds between refreshes of a running stage's elapsed time (tqdm's own default minimum interval is 0.1 s).
REFRESH_S = 0.5
#: Seconds a call runs before its bar appears (tqdm's ``delay``): calls shorter than this draw nothing.
DELAY_S = 2.0

_SILENCED: contextvars.ContextVar[bool] = contextvars.ContextVar("bldgagent_progress_silenced", default=False)


def _in_jupyter() -> bool:
    shell = sys.modules.get("IPython")
    ip = getattr(shell, "get_ipython", lambda: None)() if shell else None
    return type(ip).__name__ == "ZMQInteractiveShell"


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        return False


def progress_enabled(quiet: bool = False, stream: Any = None, progress: bool | None = None) -> bool:
    """True when a bar should be drawn.

    ``progress=True`` / ``False`` decides outright; otherwise (``None``, the default) a bar is drawn when not
    ``quiet``, not inside :func:`silenced`, ``BLDGAGENT_PROGRESS`` is not ``0``, not in a worker process of a batch,
    and ``stream`` (default stderr) is a terminal or the caller is a Jupyter kernel.
    """
    if progress is not None:
        return bool(progress) and not quiet
    if quiet or _SILENCED.get() or os.environ.get("BLDGAGENT_PROGRESS", "").strip() in ("0", "false", "no", "off"):
        return False
    if _in_worker():   # a pool or Dask worker: its parent draws the one bar of the batch
        return False
    return _is_terminal(sys.stderr if stream is None else stream) or _in_jupyter()


def _in_worker() -> bool:
    """True in a process started by another Python process (multiprocessing pools, Dask's worker processes)."""
    import multiprocessing

    return multiprocessing.parent_process() is not None


@contextlib.contextmanager
def silenced(quiet: bool = True) -> Iterator[None]:
    """No bar from any library call inside the block (when ``quiet``); the CLI's ``--quiet``."""
    token = _SILENCED.set(True) if quiet else None
    try:
        yield
    finally:
        if token is not None:
            _SILENCED.reset(token)


def _bar(delay_s: float, **kwargs: Any):
    """A tqdm bar on stderr: tqdm.auto gives the ipywidgets bar in Jupyter (text there without ipywidgets)."""
    import warnings

    from tqdm.auto import tqdm

    with warnings.catch_warnings():  # tqdm.auto warns when Jupyter lacks ipywidgets; it then draws text
        warnings.simplefilter("ignore")
        return tqdm(file=sys.stderr, leave=False, delay=delay_s, dynamic_ncols=True, **kwargs)


class Steps:
    """A counted bar (``total`` steps): ``advance(n)`` after each step; a no-op when progress is off."""

    def __init__(self, total: int, desc: str, *, unit: str = "it", progress: bool | None = None,
                 delay_s: float | None = None):
        self.total, self.desc, self.unit = int(total), desc, unit
        self.delay_s = DELAY_S if delay_s is None else delay_s
        self.enabled = self.total > 0 and progress_enabled(progress=progress)
        self._bar = None

    def __enter__(self) -> "Steps":
        if self.enabled:
            self._bar = _bar(self.delay_s, total=self.total, desc=self.desc, unit=self.unit)
        return self

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Stages:
    """One bar over named stages; a background thread refreshes the elapsed time every :data:`REFRESH_S` seconds,
    since one stage (a simulation) can run for many seconds without steps to count. A no-op when progress is off.
    ``delay_s``: seconds before the bar appears (default :data:`DELAY_S`; the CLI's own stages use 0).
    """

    def __init__(self, names: Sequence[str], quiet: bool = False, desc: str = "bldgagent", *,
                 progress: bool | None = None, delay_s: float | None = None):
        self.names = list(names)
        self.desc = desc
        self.delay_s = DELAY_S if delay_s is None else delay_s
        self.enabled = progress_enabled(quiet, progress=progress)
        self._bar = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0
        self._t0 = 0.0

    def __enter__(self) -> "Stages":
        if self.enabled:
            self._bar = _bar(self.delay_s, total=len(self.names), desc=self.desc,
                             bar_format="{desc}: {n_fmt}/{total_fmt} stages |{bar}| {elapsed}")
            self._t0 = time.monotonic()
            self._thread = threading.Thread(target=self._tick, name="bldgagent-progress", daemon=True)
            self._thread.start()
        return self

    def _tick(self) -> None:
        while not self._done.wait(REFRESH_S):
            self._show()

    def _show(self) -> None:
        """Redraw, once the bar's delay has passed (tqdm's ``refresh`` itself ignores the delay)."""
        bar = self._bar
        if bar is not None and time.monotonic() - self._t0 >= self.delay_s:
            bar.refresh()

    def start(self, name: str) -> None:
        """Mark the previous stage done and show ``name`` as running."""
        if self._bar is None:
            return
        if self._started:
            self._bar.update(1)
        self._started += 1
        self._bar.set_description_str(f"{self.desc}: {name}", refresh=False)
        self._show()

    def __exit__(self, *exc: Any) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            if exc[0] is None and self._started:
                self._bar.update(1)
            self._bar.close()
            self._bar = None
