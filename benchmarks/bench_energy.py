"""Speed of the operational-energy assessment from a building model (bldgagent.energy.assess), one core.

Prints, after a warm-up (numba compilation, synthetic year cached in memory):
- zoning (``zones_from_building``) of the sample building (24 rooms, 3 storeys), per room and per storey;
- ``simulate()`` of those zones on the Haikou synthetic year;
- ``assess_energy()`` end to end (weather, zoning, simulation, systems, PV), the `bldgagent demo`-scale run;
- a 20-zone building-year: a 2-storey sample building with 10 rooms per storey, zoning + simulation;
- reading the Haikou CSWD weather file (../shared/data/epw, skipped without it) with its two irradiance repairs
  and as written (``irradiance="file"``);
- as the baseline measured in the same run, the reading of the IFC file (``bldgagent.load``), with the ratios.

Run: ``python benchmarks/bench_energy.py``.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from bldgagent import load  # noqa: E402
from bldgagent.climate import read_epw, synthetic_year  # noqa: E402
from bldgagent.energy import assess_energy, zones_from_building  # noqa: E402
from bldgagent.energy.thermal import simulate  # noqa: E402
from bldgagent.ifc.samples import sample_building  # noqa: E402
from _timing import best_of  # noqa: E402


def _best(fn, repeat: int = 3) -> float:
    return best_of(fn, repeat)[0]


def main() -> None:
    weather = synthetic_year("haikou")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.ifc"
        sample_building(path=path)
        big = Path(tmp) / "twenty.ifc"
        sample_building(path=big, storeys=2, width_m=30.0, depth_m=12.0, rooms_per_row=5)
        t_load = _best(lambda: load(path), 2)
        b = load(path)
        b20 = load(big)
    assess_energy(b, weather, zoning="storey")  # warm-up: numba, solar position cache
    zones = zones_from_building(b, weather=weather)
    zones_st = zones_from_building(b, weather=weather, zoning="storey")
    z20 = zones_from_building(b20, weather=weather)
    rows = [
        ("load IFC (baseline)", t_load),
        ("zoning, 24 rooms", _best(lambda: zones_from_building(b, weather=weather))),
        ("zoning, 3 storeys", _best(lambda: zones_from_building(b, weather=weather, zoning="storey"))),
        (f"simulate, {len(zones)} zones", _best(lambda: simulate(zones.zones, weather))),
        (f"simulate, {len(zones_st)} zones", _best(lambda: simulate(zones_st.zones, weather))),
        ("assess_energy, per room (demo scale)", _best(lambda: assess_energy(b, weather))),
        ("assess_energy, per storey", _best(lambda: assess_energy(b, weather, zoning="storey"))),
        ("assess_energy, per room, weather 'haikou' + PV", _best(lambda: assess_energy(b, "haikou", pv={"kwp": 10}), 2)),
        (f"{len(z20)}-zone building-year: zoning + simulate",
         _best(lambda: simulate(zones_from_building(b20, weather=weather).zones, weather))),
    ]
    epw = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "epw" / "CHN_Hainan.Haikou.597580_CSWD.epw"
    if epw.is_file():
        rows += [("read_epw, Haikou CSWD (re-timed, DNI derived)", _best(lambda: read_epw(epw))),
                 ("read_epw, Haikou CSWD, irradiance='file'", _best(lambda: read_epw(epw, irradiance="file")))]
    print(f"{'step':<48}{'time s':>9}{'x load':>9}")
    for name, t in rows:
        print(f"{name:<48}{t:>9.3f}{t / t_load:>9.2f}")


if __name__ == "__main__":
    main()
