"""Speed of zones coupled through shared walls (bldgagent.energy.thermal.coupling), one core.

Prints ``simulate()`` for a 20-zone building-year (BESTEST 600/900 boxes, templates reused) uncoupled and as a row
of 20 rooms, each sharing its east and west walls with its neighbours (19 shared 0.2 m concrete walls), and
with 150 m3/h of air exchanged between neighbours as well. Target (issue 12): the 20-zone building-year within
50 ms.

Run: ``PYTHONPATH=. python benchmarks/bench_coupling.py`` from the project root (uses
../shared/data/epw/725650TYCST.epw when present, else a synthetic year).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from dataclasses import replace  # noqa: E402

from bench_thermal import _weather  # noqa: E402
from _timing import best_of  # noqa: E402

from bldgagent.energy import thermal  # noqa: E402
from bldgagent.energy.bestest import bestest_zone  # noqa: E402

CONCRETE = [(0.2, 0.51, 1400.0, 1000.0)]


def row_of_rooms(n: int, air_m3_h: float = 0.0) -> list:
    """``n`` BESTEST boxes in a row, alternately light and heavy, neighbours sharing their east / west walls."""
    zones = []
    for i in range(n):
        z = replace(bestest_zone("900" if i % 2 else "600"), name=f"room {i}")
        keep = [s for s in z.surfaces if not ((s.name == "wall_E" and i < n - 1) or (s.name == "wall_W" and i > 0))]
        if i < n - 1:
            keep.append(thermal.SurfaceSpec("wall_to_next", 6.0 * 2.7, CONCRETE, "zone", 90.0, 90.0,
                                            adjacent_zone=f"room {i + 1}"))
            if air_m3_h:
                z.interzone_air_m3_h = {f"room {i + 1}": air_m3_h}
        z.surfaces = keep
        zones.append(z)
    return zones


def main() -> None:
    weather = _weather()
    plain = [replace(bestest_zone("900" if i % 2 else "600"), name=f"zone {i}") for i in range(20)]
    walls = row_of_rooms(20)
    walls_air = row_of_rooms(20, 150.0)
    for label, zones in (("uncoupled", plain), ("19 shared walls", walls), ("walls + air exchange", walls_air)):
        thermal.simulate(zones, weather)      # compile, templates
        t = best_of(lambda: thermal.simulate(zones, weather), 15)[0]
        print(f"simulate(), 20-zone building-year, {label + ':':24s}{t * 1e3:8.2f} ms   (target <= 50 ms)")


if __name__ == "__main__":
    main()
