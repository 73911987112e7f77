"""Training data: the physics on parametric sample buildings x packaged climates x design changes, per zone.

A :class:`Case` is one sample building (:class:`~bldgagent.ifc.samples.SampleSpec` fields) in one packaged climate
(its synthetic year, seed 0) with a few design-change sets; :func:`run_case` writes the building, runs the energy
engine on every change set as :class:`~bldgagent.variants.VariantEvaluator` does (weather and scenario once,
mixed mode for residential use, the free-running run alongside) and returns one row per zone: the features of
:mod:`.features`, the targets of :mod:`.targets` and bookkeeping. :func:`generate` draws cases with a Latin
hypercube (seeded: same seed, same data) and runs them through :func:`bldgagent.sweep.get_executor`.

The split is by building AND climate: every building and every place belongs to one of train / val / test, and a
case pairs a building with a place of the same group, so val and test rows come from buildings and places never
seen in training.
"""
from __future__ import annotations

import functools
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputValueError
from .features import FEATURE_SCHEMA_VERSION, zone_features
from .targets import zone_targets

#: Sample-building parameter ranges of the shipped data (uniform, Latin hypercube); lengths m, angles deg.
BUILDING_RANGES: dict[str, tuple[float, float]] = {
    "width_m": (8.0, 30.0), "depth_m": (6.0, 14.0), "storeys": (1, 3), "storey_height_m": (2.8, 3.6),
    "rotation_deg": (0.0, 360.0), "wwr_s": (0.1, 0.6), "wwr_e": (0.05, 0.5), "wwr_n": (0.05, 0.5),
    "wwr_w": (0.05, 0.5), "wall_insulation_scale": (0.25, 2.0), "roof_insulation_scale": (0.3, 1.8),
}
STRUCTURES = ("concrete", "steel", "timber")
USAGES = ("residential", "office", "school", "hotel", "retail")

#: Design-change ranges applied through energy options (until the design-space package supplies its options).
#: Infiltration 0.2-1.2 ach spans airtight to leaky stock (CIBSE Guide A Table 4.20 ranges); window U 1.0-3.5 and
#: g 0.25-0.70 triple low-e to double clear (EN 673 / EN 410 typical products); shading factor 0.4-1 (external
#: blinds to none, ISO 52016-1 Annex B); solar absorptance 0.3-0.9 light to dark finishes (ASHRAE Fundamentals
#: 2021 Ch. 4 Table 3); heat recovery 0-0.8 (EN 13053 class H1 ~ 0.75).
CHANGE_RANGES: dict[str, tuple[float, float]] = {
    "infiltration_ach": (0.2, 1.2), "window_u_w_m2k": (1.0, 3.5), "window_g": (0.25, 0.70),
    "window_shading": (0.4, 1.0), "solar_absorptance": (0.3, 0.9), "heat_recovery": (0.0, 0.8),
}


def engine_version() -> str:
    """The version of the physics the data and models come from: the package version and the physics revision
    (:data:`bldgagent.energy.revision.PHYSICS_REVISION`, bumped on every physics change), ``0.1.0+physics.2``."""
    from .. import __version__
    from ..energy.revision import PHYSICS_REVISION

    return f"{__version__}+physics.{PHYSICS_REVISION}"


@dataclass(frozen=True)
class Case:
    """One building in one climate with its design-change sets (energy-option dicts); ``split`` its group."""

    case_id: str
    building_id: str
    spec: dict = field(hash=False)
    climate: str
    changes: tuple = field(hash=False)
    split: str = "train"


def _lhs(n: int, d: int, seed: int) -> np.ndarray:
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=d, seed=seed).random(n)


def _scale(u: np.ndarray, ranges: dict[str, tuple[float, float]]) -> list[dict[str, float]]:
    return [{k: lo + float(x) * (hi - lo) for (k, (lo, hi)), x in zip(ranges.items(), row)} for row in u]


def changes_to_options(ch: dict[str, float]) -> dict[str, Any]:
    """One design-change set (keys of :data:`CHANGE_RANGES`) as :class:`~bldgagent.energy.EnergyOptions` fields."""
    return {"overrides": {"infiltration_ach": ch["infiltration_ach"], "heat_recovery_efficiency": ch["heat_recovery"]},
            "windows": {"u_w_m2k": ch["window_u_w_m2k"], "g_normal": ch["window_g"],
                        "shading_factor": ch["window_shading"]},
            "surfaces": {"wall": {"solar_absorptance": ch["solar_absorptance"]},
                         "roof": {"solar_absorptance": ch["solar_absorptance"]}}}


def sample_design_changes(building, n: int, seed: int) -> list[dict[str, float]]:
    """``n`` design-change sets for ``building`` (space-filling, seeded).

    DESIGN PLUG-IN: when :mod:`bldgagent.design` lands, this becomes ``design.sample_changes(building, n, seed)``
    (and :func:`changes_to_options` its ``apply``); until then the changes are the energy-option ranges of
    :data:`CHANGE_RANGES`, the same for every building."""
    if n < 1:
        raise InputValueError(f"sample_design_changes: n={n}; ask for at least one change set")
    return _scale(_lhs(n, len(CHANGE_RANGES), seed), CHANGE_RANGES)


def _spec(p: dict[str, float], structure: str, usage: str) -> dict[str, Any]:
    """SampleSpec keyword arguments from drawn parameters (insulation layers scaled by the two factors)."""
    from ..ifc.samples import CONSTRUCTIONS, MATERIALS

    cons = {}
    for role, key in (("external_wall", "wall_insulation_scale"), ("roof", "roof_insulation_scale")):
        cons[role] = [(m, round(d * p[key], 4) if MATERIALS[m][0] == "insulation" else d)
                      for m, d in CONSTRUCTIONS[structure][role]]
    return {"width_m": round(p["width_m"], 2), "depth_m": round(p["depth_m"], 2),
            "storeys": int(round(p["storeys"])), "storey_height_m": round(p["storey_height_m"], 2),
            "rotation_deg": round(p["rotation_deg"], 1), "structure": structure, "usage": usage,
            "wwr": {o: round(p[f"wwr_{o.lower()}"], 3) for o in ("S", "E", "N", "W")}, "constructions": cons}


def split_places(places: list[str], seed: int, shares=(0.7, 0.1, 0.2)) -> dict[str, str]:
    """Each place -> ``train``/``val``/``test`` (seeded shuffle, by the given shares)."""
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(sorted(places)))
    n_tr, n_va = int(round(shares[0] * len(order))), int(round(shares[1] * len(order)))
    return {p: ("train" if i < n_tr else "val" if i < n_tr + n_va else "test") for i, p in enumerate(order)}


def draw_cases(n_buildings: int, *, climates_per_building: int = 2, changes_per_case: int = 3, seed: int = 0,
               places: list[str] | None = None, shares=(0.7, 0.1, 0.2),
               ranges: dict[str, tuple[float, float]] | None = None, batch: int = 0) -> list[Case]:
    """Cases for ``n_buildings`` sample buildings, each in ``climates_per_building`` places of its split group;
    ``ranges`` replaces some of :data:`BUILDING_RANGES` (e.g. small buildings for tests). ``batch`` > 0 draws
    another set of buildings (own Latin hypercube and ids ``b<seed>.<batch>-i``) with the SAME place split, so
    batches add to one data set without leaking held-out places into training."""
    from ..climate import list_places

    places = places or [str(p) for p in list_places()["place"]]
    groups = split_places(places, seed, shares)
    by_group = {g: sorted(p for p, gg in groups.items() if gg == g) for g in ("train", "val", "test")}
    bseed = seed + 7919 * batch                                  # batch 0 keeps the round-1 draws
    rng = np.random.default_rng(bseed + 1)
    ranges = {**BUILDING_RANGES, **(ranges or {})}
    params = _scale(_lhs(n_buildings, len(ranges), bseed), ranges)
    cases = []
    for i, p in enumerate(params):
        split = str(rng.choice(["train", "val", "test"], p=list(shares)))
        if not by_group[split]:
            split = "train"
        spec = _spec(p, STRUCTURES[i % len(STRUCTURES)], USAGES[int(rng.integers(len(USAGES)))])
        bid = f"b{seed}-{i:04d}" if batch == 0 else f"b{seed}.{batch}-{i:04d}"
        for place in rng.choice(by_group[split], size=min(climates_per_building, len(by_group[split])), replace=False):
            changes = sample_design_changes(None, changes_per_case, int(rng.integers(2**31)))
            cases.append(Case(f"{bid}@{place}", bid, spec, str(place), tuple(changes), split))
    return cases


@functools.lru_cache(maxsize=4)
def _weather(place: str):
    from ..climate import load_weather

    return load_weather(place, seed=0)


def _building(spec_json: str):
    from ..ifc import load
    from ..ifc.samples import SampleSpec, sample_building

    spec = json.loads(spec_json)
    spec["constructions"] = {k: [tuple(x) for x in v] for k, v in spec["constructions"].items()}
    tmp = Path(tempfile.mkdtemp(prefix="bldgagent-surrogate-"))
    path = tmp / (hashlib.sha1(spec_json.encode()).hexdigest()[:12] + ".ifc")
    sample_building(SampleSpec(**spec), path=path)
    try:
        return load(path)
    finally:
        path.unlink(missing_ok=True)
        tmp.rmdir()


def zoning_for(building, weather, options: dict[str, Any] | None):
    """The zones of ``building`` under energy ``options`` as :func:`bldgagent.energy.assess_energy` builds them,
    before any simulation (no window air flows yet): what the surrogate sees of a variant."""
    from ..energy.options import EnergyOptions
    from ..energy.profiles import hourly_index
    from ..energy.zoning import zones_from_building

    opts = EnergyOptions.coerce(options)
    index = weather.data.index
    prof_index = index if opts.year is None else hourly_index(int(opts.year), tz=weather.tz_hours)
    return zones_from_building(building, index=prof_index, weather=weather, **opts.zoning_kwargs())


def is_mixed_mode(building) -> bool:
    """True when the building runs windows-first (mostly residential), as :func:`bldgagent.assess` decides."""
    from ..energy.scenario import decide_scenario

    return decide_scenario(building).operation == "mixed"


def variant_features(building, weather, options: dict[str, Any] | None, mixed: bool | None = None) -> pd.DataFrame:
    """Feature rows (one per zone, with a ``zone`` column) of one variant, without simulating it."""
    zoning = zoning_for(building, weather, options)
    frame = zone_features(zoning, weather, mixed_mode=is_mixed_mode(building) if mixed is None else mixed)
    frame.insert(0, "zone", [z.name for z in zoning.zones])
    return frame


def physics_rows(building, weather, options_list: list[dict[str, Any]], seed: int = 0) -> list[pd.DataFrame]:
    """Features and targets per zone for each energy-options dict, as VariantEvaluator runs the physics: the
    weather and scenario once, mixed mode for mostly residential buildings, the free-running run alongside.
    Each frame's ``attrs`` hold ``physics_s`` (the simulation's wall time)."""
    import time

    from ..energy import assess_energy

    mixed = is_mixed_mode(building)
    out = []
    for opts in options_list:
        feats = variant_features(building, weather, opts, mixed)
        t0 = time.perf_counter()
        energy = assess_energy(building, weather, options=opts, seed=seed, natural_ventilation=mixed,
                               with_free_running=True)
        physics_s = time.perf_counter() - t0
        targ = zone_targets(energy)
        if list(targ["zone"]) != list(feats["zone"]):
            raise InputValueError("surrogate: the simulated zones differ from the zones of the features")
        frame = pd.concat([feats, targ.drop(columns="zone")], axis=1)
        frame.attrs["physics_s"] = physics_s
        out.append(frame)
    return out


def run_case(case: Case) -> pd.DataFrame:
    """Rows (one per zone and change set) of one case; module-level so executors can pickle it."""
    building = _building(json.dumps(case.spec, sort_keys=True))
    weather = _weather(case.climate)
    frames = physics_rows(building, weather, [changes_to_options(c) for c in case.changes])
    for j, (frame, ch) in enumerate(zip(frames, case.changes)):
        frame.insert(0, "variant", j)
        frame.insert(0, "split", case.split)
        frame.insert(0, "climate", case.climate)
        frame.insert(0, "building_id", case.building_id)
        frame.insert(0, "case_id", f"{case.case_id}#{j}")
    out = pd.concat(frames, ignore_index=True)
    out["engine_version"] = engine_version()
    out["feature_schema"] = FEATURE_SCHEMA_VERSION
    return out


def generate(cases: list[Case], *, scheduler: Any = "processes", workers: int | None = None,
             progress: bool | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Run ``cases`` through the executor: ``(rows, errors)`` (one line per failed case)."""
    from ..sweep.executor import map_items

    outcomes = map_items(run_case, cases, scheduler, workers, progress=progress, desc="surrogate data")
    frames = [o.value for o in outcomes if o.ok]
    errors = [f"{c.case_id}: {o.error}" for c, o in zip(cases, outcomes) if not o.ok]
    if not frames:
        raise InputValueError(f"no case ran; first error: {errors[0] if errors else 'no cases'}")
    return pd.concat(frames, ignore_index=True), errors


def write_parquet(rows: pd.DataFrame, path: str | Path, **meta: Any) -> Path:
    """Write ``rows`` to Parquet with the engine version, feature schema and ``meta`` (JSON) in the file metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(rows, preserve_index=False)
    info = {"engine_version": engine_version(), "feature_schema": FEATURE_SCHEMA_VERSION,
            "building_ranges": BUILDING_RANGES, "change_ranges": CHANGE_RANGES, **meta}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"bldgagent": json.dumps(info).encode()})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def read_parquet(path: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Rows and the metadata written by :func:`write_parquet`."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    meta = json.loads((table.schema.metadata or {}).get(b"bldgagent", b"{}"))
    return table.to_pandas(), meta
