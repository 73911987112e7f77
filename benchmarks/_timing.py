"""Timing helper shared by the benchmark scripts (run them as ``python benchmarks/NAME.py``)."""
from __future__ import annotations

import time
from typing import Any, Callable


def best_of(fn: Callable[[], Any], repeat: int = 3, cpu: bool = False) -> tuple[float, Any]:
    """Shortest wall-clock time (``cpu``: CPU time of the process, less disturbed by other work on a shared
    machine) of ``repeat`` calls of ``fn()`` in s, and the result of the last call."""
    clock = time.process_time if cpu else time.perf_counter
    times, out = [], None
    for _ in range(repeat):
        t0 = clock()
        out = fn()
        times.append(clock() - t0)
    return min(times), out
