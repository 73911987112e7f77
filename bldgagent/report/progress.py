"""Progress of long work in stages (reading a model, assessing it, drawing a report): a tqdm bar on stderr.

Shown in a terminal (stderr is a TTY) and in Jupyter (tqdm's widget), silent when asked to be (``--quiet``) or when
stderr is a pipe or a file; never written to stdout, so ``--json`` output is the same with or without it. A stage
can take many seconds without steps to count (one simulation), so a background thread refreshes the bar every
:data:`REFRESH_S` seconds: the elapsed time keeps moving while a stage runs.

    with Stages(["read model", "assess"], quiet=args.quiet) as stages:
        stages.start("read model"); building = load(path)
        stages.start("assess"); result = assess(building)
"""
from __future__ import annotations

import sys
import threading
from typing import Any, Sequence

__all__ = ["Stages", "progress_enabled"]

#: Seconds between refreshes of a running stage's elapsed time (tqdm's own default minimum interval is 0.1 s).
REFRESH_S = 0.5


def _in_jupyter() -> bool:
    shell = sys.modules.get("IPython")
    ip = getattr(shell, "get_ipython", lambda: None)() if shell else None
    return type(ip).__name__ == "ZMQInteractiveShell"


def progress_enabled(quiet: bool = False, stream: Any = None) -> bool:
    """True when a bar should be drawn: not ``quiet`` and ``stream`` (default stderr) is a terminal, or in Jupyter."""
    if quiet:
        return False
    stream = sys.stderr if stream is None else stream
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        tty = False
    return tty or _in_jupyter()


class Stages:
    """A context manager drawing one bar over named stages (no-op when :func:`progress_enabled` is False)."""

    def __init__(self, names: Sequence[str], quiet: bool = False, desc: str = "bldgagent"):
        self.names = list(names)
        self.desc = desc
        self.enabled = progress_enabled(quiet)
        self._bar = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0

    def __enter__(self) -> "Stages":
        if self.enabled:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=len(self.names), desc=self.desc, file=sys.stderr, leave=False,
                             bar_format="{desc}: {n_fmt}/{total_fmt} stages |{bar}| {elapsed}")
            self._thread = threading.Thread(target=self._tick, name="bldgagent-progress", daemon=True)
            self._thread.start()
        return self

    def _tick(self) -> None:
        while not self._done.wait(REFRESH_S):
            bar = self._bar
            if bar is not None:
                bar.refresh()

    def start(self, name: str) -> None:
        """Mark the previous stage done and show ``name`` as running."""
        if self._bar is None:
            return
        if self._started:
            self._bar.update(1)
        self._started += 1
        self._bar.set_description_str(f"{self.desc}: {name}")

    def __exit__(self, *exc: Any) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            if exc[0] is None and self._started:
                self._bar.update(1)
            self._bar.close()
            self._bar = None
