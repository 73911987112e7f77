"""Timing helper shared by the benchmark scripts (run them as ``python benchmarks/NAME.py``)."""
from __future__ import annotations

import time
from typing import Any, Callable


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Shortest wall-clock time of ``repeat`` calls of ``fn()`` in s, and the result of the last call."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out
