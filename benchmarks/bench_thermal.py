"""Speed of the hourly thermal engine (bldgagent.energy.thermal), one core.

Prints, after a warm-up (numba compilation, cached solar position):
- the compiled time loop for one zone-year (8760 h, BESTEST 900 network), target <= 2 ms;
- ``simulate()`` end to end for one zone and for a 20-zone building-year (network assembly, eigen-
  decomposition, BLAS input projection, loop, results), target <= 50 ms for 20 zones;
- the same time loop run as plain per-hour Python (same equations, ``_step_loop_py``) and the speed ratio.

Run: ``python benchmarks/bench_thermal.py`` (uses ../shared/data/epw/725650TYCST.epw when present, else a
synthetic year).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from bldgagent.energy import thermal  # noqa: E402
from bldgagent.energy.bestest import bestest_zone  # noqa: E402


def _weather():
    epw = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "epw" / "725650TYCST.epw"
    if epw.exists():
        from bldgagent.climate.epw import read_epw

        return read_epw(epw)
    from bldgagent.climate.synthetic import synthetic_year  # pragma: no cover - fallback without shared data

    return synthetic_year("Denver")


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    weather = _weather()
    zone = bestest_zone("900")
    captured = {}
    original = thermal._step_loop

    def capture(*args):
        captured["args"] = args
        return original(*args)

    thermal._step_loop = capture
    thermal.simulate(zone, weather)  # warm-up: compile + solar cache
    thermal._step_loop = original
    args = captured["args"]
    n_nodes = args[0].shape[0]

    def kernel():
        out = np.zeros_like(args[-1])
        original(*args[:-1], out)

    t_kernel = _best(kernel, 20)
    t_one = _best(lambda: thermal.simulate(zone, weather), 5)
    zones = [replace(bestest_zone("900" if i % 2 else "600"), name=f"zone {i}") for i in range(20)]
    t_twenty = _best(lambda: thermal.simulate(zones, weather), 3)
    t_py = _best(lambda: thermal._step_loop_py(*args[:-1], np.zeros_like(args[-1])), 1)

    hours = len(weather)
    print(f"weather: {weather.name} ({hours} h); BESTEST 900 network: {n_nodes} nodes; warm-up 14 days; 1 core")
    print(f"compiled time loop, 1 zone-year:       {t_kernel * 1e3:8.2f} ms   (target <= 2 ms)")
    print(f"simulate(), 1 zone-year end to end:    {t_one * 1e3:8.2f} ms")
    print(f"simulate(), 20-zone building-year:     {t_twenty * 1e3:8.2f} ms   (target <= 50 ms)")
    print(f"pure-Python per-hour loop, 1 zone-year: {t_py * 1e3:8.1f} ms")
    print(f"speed-up of the compiled loop over pure Python: {t_py / t_kernel:,.0f}x")


if __name__ == "__main__":
    main()
