"""Speed of the hourly thermal engine (bldgagent.energy.thermal), one core.

Prints, after a warm-up (numba compilation; sun position, Perez transposition and the derived hourly rows
cached on the Weather; the zones' lane templates cached per weather and settings):
- the compiled time loop for one zone-year (8760 h + 14 days warm-up, BESTEST 900 zone);
- ``simulate()`` end to end for one zone (target <= 2 ms) and for a 20-zone building-year (target <= 50 ms):
  input checks, the loop and the result (the zones' templates reused);
- the same two for zones never seen before (templates assembled in the call: network assembly, solar rows);
- the same time loop run as plain per-hour Python (``_step_loop_py``, the same function uncompiled, so it also
  works through the unused lanes of a block) and the speed ratio.

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
from bldgagent.energy.thermal import kernel as thermal_kernel  # noqa: E402
from bldgagent.energy.bestest import bestest_zone  # noqa: E402
from _timing import best_of  # noqa: E402


def _weather():
    epw = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "epw" / "725650TYCST.epw"
    if epw.exists():
        from bldgagent.climate.epw import read_epw

        return read_epw(epw)
    from bldgagent.climate.synthetic import synthetic_year  # pragma: no cover - fallback without shared data

    return synthetic_year("Denver")


def _best(fn, repeat: int) -> float:
    return best_of(fn, repeat)[0]


def _best_each(make, fn, repeat: int) -> float:
    """Like :func:`_best` with fresh input from ``make()`` (not timed) for every run."""
    times = []
    for _ in range(repeat):
        arg = make()
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    weather = _weather()
    zone = bestest_zone("900")
    captured = {}
    original = thermal_kernel._step_loop

    def capture(*args):
        captured["args"] = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        return original(*args)

    thermal_kernel._step_loop = capture
    thermal.simulate(zone, weather)  # warm-up: compile + solar caches
    thermal_kernel._step_loop = original
    args = captured["args"]
    names = thermal._step_loop_py.__code__.co_varnames[:thermal._step_loop_py.__code__.co_argcount]
    state = {n: args[names.index(n)].copy() for n in ("W", "MX", "t_air")}

    def fresh():
        out = list(args)
        for n, v in state.items():
            out[names.index(n)] = v.copy()
        return out

    def kernel():
        original(*fresh())

    t_kernel = _best(kernel, 100)
    t_one = _best(lambda: thermal.simulate(zone, weather), 100)
    zones = [replace(bestest_zone("900" if i % 2 else "600"), name=f"zone {i}") for i in range(20)]
    thermal.simulate(zones, weather)
    t_twenty = _best(lambda: thermal.simulate(zones, weather), 20)
    fresh_names = iter(range(10**6))

    def new_zones(n: int):
        k = next(fresh_names)
        return [replace(z, name=f"{z.name} / new {k}") for z in (zones[:n] if n > 1 else [zone])]

    t_one_new = _best_each(lambda: new_zones(1), lambda zs: thermal.simulate(zs, weather), 30)
    t_twenty_new = _best_each(lambda: new_zones(20), lambda zs: thermal.simulate(zs, weather), 10)
    t_py = _best(lambda: thermal._step_loop_py(*fresh()), 1)

    n_chains = int(args[names.index("bk")][:, thermal._B_N].sum())
    print(f"weather: {weather.name} ({len(weather)} h); BESTEST 900 zone: {n_chains} chains "
          "(constructions and windows); warm-up 14 days; 1 core")
    print(f"compiled time loop, 1 zone-year:       {t_kernel * 1e3:8.2f} ms")
    print(f"simulate(), 1 zone-year end to end:    {t_one * 1e3:8.2f} ms   (target <= 2 ms)")
    print(f"simulate(), 20-zone building-year:     {t_twenty * 1e3:8.2f} ms   (target <= 50 ms)")
    print(f"  the same, zones never seen before:   {t_one_new * 1e3:8.2f} ms / {t_twenty_new * 1e3:.2f} ms "
          "(1 / 20 zones; templates assembled)")
    print(f"pure-Python per-hour loop, 1 zone-year: {t_py * 1e3:8.1f} ms")
    print(f"speed-up of the compiled loop over pure Python: {t_py / t_kernel:,.0f}x")


if __name__ == "__main__":
    main()
