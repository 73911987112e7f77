"""Time the health scoring of a 100-room building-year (8760 h per room).

Synthetic, deterministic inputs (seed 0): offices and homes, mixed-mode (conditioned in winter and
summer office hours, free-running otherwise), hourly operative/air temperature, humidity, occupancy,
ventilation. Prints the time of a first call (includes numba compilation unless cached) and the best
of three warm calls, and the time spent in the PMV alone for reference. Run:
``python benchmarks/bench_health.py``.
"""

from __future__ import annotations

import time

import numpy as np

from bldgagent.health import RoomInput, SiteInput, WallInput, WindowInput, score_rooms
from bldgagent.health.comfort import pmv_ppd

N_ROOMS, H = 100, 8760


def make_rooms(n: int = N_ROOMS, seed: int = 0) -> tuple[list[RoomInput], SiteInput]:
    rng = np.random.default_rng(seed)
    hours = np.arange(H)
    hod, day = hours % 24, hours // 24
    t_out = (
        11.0
        - 9.0 * np.cos(2 * np.pi * (day - 15) / 365)
        + 4.0 * np.sin(2 * np.pi * (hod - 9) / 24)
        + rng.normal(0, 1.5, H)
    )
    site = SiteInput(temp_out_c=t_out, median_diffuse_illuminance_lx=14000.0, noise_day_db=65.0, noise_night_db=55.0)
    usages = ["office", "meeting", "living", "bedroom", "kitchen"]
    weekday = (day % 7) < 5
    rooms = []
    for i in range(n):
        usage = usages[i % len(usages)]
        if usage in ("office", "meeting"):
            occ = np.where(weekday & (hod >= 8) & (hod < 18), 2.0 + (i % 3), 0.0)
        elif usage == "bedroom":
            occ = np.where((hod >= 22) | (hod < 7), 2.0, 0.0)
        else:
            occ = np.where((hod >= 7) & (hod < 22), 2.0, 0.0)
        top = 22.0 + 0.45 * (t_out - 11.0) + rng.normal(0, 0.8, H)
        cond = (t_out < 12.0) | (t_out > 26.0)
        top = np.where(cond, np.clip(top, 20.0, 26.0), top)
        area = 12.0 + (i % 7) * 4.0
        rooms.append(
            RoomInput(
                name=f"R{i:03d}",
                usage=usage,
                floor_area_m2=area,
                volume_m3=area * 2.8,
                mean_reflectance=0.5,
                windows=[
                    WindowInput(
                        area * 0.2, visible_transmittance=0.7, glazing_fraction=0.8, glazing="4-16-4", azimuth_deg=180.0
                    )
                ],
                external_walls=[WallInput(area * 0.8, surface_mass_kg_m2=350.0, azimuth_deg=180.0)],
                operative_temp_c=top,
                air_temp_c=top + 0.3,
                relative_humidity_pct=np.clip(45 + rng.normal(0, 8, H), 15, 90),
                occupancy=occ,
                conditioned=cond,
                ventilation_l_s=8.0 * (2 + i % 3) + 0.7 * area,
                materials=["gypsum board", "MDF"] if i % 4 == 0 else ["concrete", "ceramic tile"],
            )
        )
    return rooms, site


def main() -> None:
    rooms, site = make_rooms()
    t0 = time.perf_counter()
    result = score_rooms(rooms, site)
    first = time.perf_counter() - t0
    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = score_rooms(rooms, site)
        warm.append(time.perf_counter() - t0)
    n_pmv = sum(r.comfort.hours_conditioned for r in result.rooms if r.comfort)
    x = np.full(n_pmv, 23.0)
    t0 = time.perf_counter()
    pmv_ppd(x, x, 0.1, 50.0, 1.2, 0.7)
    t_pmv = time.perf_counter() - t0
    print(
        f"health scoring, {len(rooms)} rooms x {H} h: first call {first:.3f} s, warm best of 3 {min(warm):.3f} s "
        f"(budget 0.5 s); PMV on {n_pmv} occupied conditioned hours alone {t_pmv:.3f} s"
    )
    print(
        f"building overall {result.overall:.1f}; "
        + ", ".join(f"{c} {s.score:.1f}" for c, s in result.concepts.items() if s.score is not None)
    )


if __name__ == "__main__":
    main()
