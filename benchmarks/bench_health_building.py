"""What health scoring adds to the energy run, for a 100-room building-year.

Writes a 5-storey office sample building with 20 rooms per storey (100 rooms), runs the two energy
simulations the health engine needs (operated, and free-running with windows), then times
``assess_health`` given those results: the rooms' inputs from the model, comfort, overheating, daylight,
air, acoustics, materials and scores. Target: at most 0.5 s beyond the energy runs. Best of 5.

    python benchmarks/bench_health_building.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import bldgagent
from bldgagent.energy import assess_energy
from bldgagent.health.building import assess_health
from bldgagent.ifc.samples import sample_building
from _timing import best_of


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "office100.ifc"
        sample_building(path=path, usage="office", storeys=5, width_m=60.0, depth_m=12.0, rooms_per_row=10)
        building = bldgagent.load(path)
    weather = bldgagent.climate.load_weather("haikou")
    assess_energy(building, weather)  # warm-up (numba, caches)
    t_energy, energy = best_of(lambda: assess_energy(building, weather), 5)
    t_free, free = best_of(lambda: assess_energy(building, weather, free_running=True, natural_ventilation=True), 5)
    assess_health(building, weather, energy=energy, free_running=free)  # warm-up
    t_health, result = best_of(lambda: assess_health(building, weather, energy=energy, free_running=free), 5)
    rooms = len(result.rooms)
    print(f"{rooms} rooms, {len(energy.zoning)} zones, 8760 h, Haikou synthetic year")
    print(f"energy run (operated)                  {t_energy:6.2f} s")
    print(f"energy run (free-running, windows)     {t_free:6.2f} s")
    print(f"health on top of the energy runs       {t_health:6.2f} s   (target <= 0.5 s)")
    return 0


if __name__ == "__main__":
    import bldgagent.climate  # noqa: F401
    sys.exit(main())
