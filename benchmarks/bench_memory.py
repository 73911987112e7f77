"""Peak memory of ``assess_energy`` and of the whole ``assess`` (energy, carbon, health) per zone.

Writes office sample buildings of 2 storeys with 2 x ``rooms_per_row`` rooms per storey (two sizes), runs
each under ``tracemalloc`` (after a warm-up run, so compiled code and the weather's caches
are not counted) and prints the peak of traced memory and its growth per zone between the two sizes (target: at most
2 MB per zone).

    python benchmarks/bench_memory.py [rooms_per_row_small rooms_per_row_large]
"""
from __future__ import annotations

import gc
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # this checkout's bldgagent

import bldgagent  # noqa: E402
import bldgagent.climate  # noqa: F401,E402
from bldgagent._cache import clear  # noqa: E402
from bldgagent.energy import assess_energy  # noqa: E402
from bldgagent.ifc.samples import sample_building  # noqa: E402


def _building(tmp: Path, rooms_per_row: int):
    path = tmp / f"office{rooms_per_row}.ifc"
    sample_building(path=path, usage="office", storeys=2, width_m=6.0 * rooms_per_row, depth_m=12.0,
                    rooms_per_row=rooms_per_row)
    return bldgagent.load(path)


def _peak_mb(run, building, weather) -> tuple[float, int]:
    """Peak traced memory (MB) of one run, with empty engine caches, and the number of zones."""
    clear()
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = run(building, weather)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    zoning = result.zoning if hasattr(result, "zoning") else result.energy.zoning
    n = len(zoning)
    del result
    gc.collect()
    return peak / 1e6, n


def main() -> int:
    small, large = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (5, 20)
    weather = bldgagent.climate.load_weather("haikou")
    with tempfile.TemporaryDirectory() as tmp:
        b_small, b_large = _building(Path(tmp), small), _building(Path(tmp), large)
    runs = {"assess_energy": assess_energy,
            "assess (energy, carbon, health)": lambda b, w: bldgagent.assess(b, w, n_draws=0)}
    for name, run in runs.items():
        run(b_small, weather)   # warm-up: numba compilation, profiles
        p_small, n_small = _peak_mb(run, b_small, weather)
        p_large, n_large = _peak_mb(run, b_large, weather)
        per_zone = (p_large - p_small) / (n_large - n_small)
        print(f"{name}: {n_small} zones peak {p_small:7.1f} MB, {n_large} zones peak {p_large:7.1f} MB, "
              f"growth per zone {per_zone:5.2f} MB (target <= 2 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
