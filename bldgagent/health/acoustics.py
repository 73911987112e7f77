"""Facade sound insulation and indoor noise from outdoor noise.

- Walls: weighted sound reduction index from the surface mass m' (kg/m2), mass law of
  EN 12354-1:2000 Annex B, R_w = 37.5 lg m' - 42 dB (m' >= 150 kg/m2) with C_tr = 16 - 9 lg m'
  (-7..-1 dB), or DIN 4109-32:2016, R_w = 30.9 lg m' - 22.2 dB (65-720 kg/m2). Outside these ranges
  no value is given (flagged): light and double-leaf walls need test data (``rw_db``).
- Windows: R_w (C; C_tr) by glazing type, ``data/health/glazing_acoustics.csv`` (EN 12758 typical values).
- Composite facade: R = -10 lg(sum S_i 10^(-R_i/10) / sum S_i), computed on R_w + C_tr (the
  road-traffic spectrum term of EN ISO 717-1) and on R_w.
- Indoor level (EN 12354-3:2000 simplified model, flanking neglected, no small elements such as
  trickle vents): D_2m,nT = R + Delta_L_fs + 10 lg(V / (6 T_0 S)), L_in = L_2m - D_2m,nT with
  T_0 = 0.5 s, S the facade area of the room, V its volume.
- Targets: GB 50118-2010 (basic and high requirement) and WHO (1999) indoor levels by usage and
  period, ``data/health/noise_limits.csv``.
Windows are assumed closed: an open window gives roughly 10-15 dB of reduction only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import InputValueError
from ..model import Construction, Diagnostic, Diagnostics, orientation_of
from ._common import Result, check_range, params, records
from .inputs import RoomInput


def _d(parameter: str) -> float:
    return float(params("acoustic_defaults")[parameter])


@dataclass
class WallSoundReduction(Result):
    """R_w and C_tr of a wall, or None with the reason in ``flags``."""

    surface_mass_kg_m2: float | None
    rw_db: float | None
    ctr_db: float | None
    method: str
    flags: list[str] = field(default_factory=list)


def surface_mass_kg_m2(construction: Construction, *, carbon_densities: bool = True) -> tuple[float | None, list[str]]:
    """Surface mass (kg/m2) of a layered construction from its layer densities and thicknesses.

    A layer whose material carries no density takes the density the carbon engine uses for it
    (:func:`carbon_engine_density`: the matched factor's density, else the category default of
    ``lca/categories.csv``) when ``carbon_densities``; flagged ``density_from_carbon_engine:NAME``. Returns
    ``(None, flags)`` if a layer still has no density. Flags ``double_leaf_or_lined`` when a light layer
    (< 100 kg/m3, insulation or air) has mass on both sides of it.
    """
    if construction.kind != "layers" or not construction.layers:
        return None, ["construction_not_layered"]
    masses, light, flags = [], [], []
    limit = _d("light_layer_density_kg_m3")
    for layer in construction.layers_outside_in():
        rho = layer.material.density_kg_m3 if layer.material is not None else None
        rho = rho if rho is not None and rho > 0 else None  # ArchiCAD writes 0.0 for "unknown"
        if layer.is_ventilated:
            masses.append(0.0)
            light.append(True)
            continue
        name = layer.material.name if layer.material is not None else layer.name
        if rho is None and carbon_densities:
            found = carbon_engine_density(name, layer.thickness_m)
            if found is not None:
                rho = found[0]
                flags.append(f"density_from_carbon_engine:{name}={rho:g} kg/m3 ({found[1]})")
        if rho is None:
            return None, [*flags, f"layer_without_density:{name}"]
        masses.append(rho * layer.thickness_m)
        light.append(rho < limit)
    for i, is_light in enumerate(light):
        if is_light and sum(masses[:i]) >= 10.0 and sum(masses[i + 1 :]) >= 10.0:
            flags.append("double_leaf_or_lined")
            break
    return float(sum(masses)), flags


def carbon_engine_density(name: str | None, thickness_m: float | None = None) -> tuple[float, str] | None:
    """Density (kg/m3) the carbon engine uses for a material of that name in a wall, and where it comes from:
    the factor the default matcher picks (:func:`bldgagent.lca.matching.match_material`), else its category's
    default (``lca/categories.csv``, with its source), else the category's kg per m2 spread over the layer's
    thickness (stud layers, which the carbon engine also counts per m2). None when the name matches no category or neither gives a
    density."""
    from ..lca.factors import categories
    from ..lca import matching
    from ..lca.matching import match_material

    if not name:
        return None
    match = match_material(name, "wall", thickness_m)
    if not match.category or match.category not in categories().index or match.method == "context" \
            or match.confidence < _d("carbon_density_min_confidence"):
        return None
    library = matching._DEFAULT_MATCHER.library
    factor = library.factors.get(match.factor_id) if match.factor_id else None
    if factor is not None and factor.density_kg_m3 and factor.density_kg_m3 > 0:
        return float(factor.density_kg_m3), f"factor {factor.id}"
    row = categories().loc[match.category]
    rho = pd.to_numeric(row["density_kg_m3"], errors="coerce")
    if pd.notna(rho) and rho > 0:
        return float(rho), f"category {match.category} default, {row['density_source']}"
    per_m2 = pd.to_numeric(row.get("mass_kg_per_m2"), errors="coerce")
    if pd.notna(per_m2) and per_m2 > 0 and thickness_m:  # layers the carbon engine counts per m2 (stud layers)
        return float(per_m2) / float(thickness_m), f"category {match.category}: {per_m2:g} kg per m2 over the layer"
    return None


def rw_mass_law_db(surface_mass: float, method: str = "en12354") -> WallSoundReduction:
    """Weighted sound reduction index of a homogeneous single-leaf wall from its surface mass.

    ``method="en12354"``: EN 12354-1:2000 Annex B (m' >= 150 kg/m2, also gives C_tr);
    ``"din4109"``: DIN 4109-32:2016 (65-720 kg/m2, C_tr from the EN 12354-1 relation).
    Outside the validity range, R_w is None and the flag says why.
    """
    m = check_range(surface_mass, "surface_mass_kg_m2", 0.0, 1e4)
    if method == "en12354":
        lo, hi = _d("mass_law_en12354_min_kg_m2"), np.inf
        slope, icpt = _d("mass_law_en12354_slope"), _d("mass_law_en12354_intercept")
    elif method == "din4109":
        lo, hi = _d("mass_law_din4109_min_kg_m2"), _d("mass_law_din4109_max_kg_m2")
        slope, icpt = _d("mass_law_din4109_slope"), _d("mass_law_din4109_intercept")
    else:
        raise InputValueError(f"mass-law method {method!r} must be 'en12354' or 'din4109'")
    if not lo <= m <= hi:
        return WallSoundReduction(m, None, None, method, [f"mass_law_outside_validity_{lo:g}_{hi:g}_kg_m2"])
    rw = slope * np.log10(m) + icpt
    ctr = float(
        np.clip(_d("ctr_en12354_a") + _d("ctr_en12354_b") * np.log10(m), _d("ctr_en12354_min"), _d("ctr_en12354_max"))
    )
    return WallSoundReduction(m, float(rw), ctr, method)


def glazing_rw_db(glazing: str) -> tuple[float, float]:
    """(R_w, C_tr) in dB of a glazing type from ``data/health/glazing_acoustics.csv``."""
    rows = {str(r["glazing"]): r for r in records("glazing_acoustics")}
    if str(glazing) not in rows:
        raise InputValueError(f"unknown glazing type {glazing!r}; known: {', '.join(rows)} (or give rw_db)")
    r = rows[str(glazing)]
    return float(r["rw_db"]), float(r["ctr_db"])


def composite_r_db(areas_m2: Sequence[float], r_db: Sequence[float]) -> float:
    """Composite sound reduction index (dB) of facade parts: -10 lg(sum S_i 10^(-R_i/10) / sum S_i)."""
    s = np.asarray(areas_m2, dtype=float)
    r = np.asarray(r_db, dtype=float)
    if s.shape != r.shape or s.size == 0 or (s < 0).any() or s.sum() <= 0:
        raise InputValueError("composite_r_db needs matching, non-negative areas with a positive total")
    return float(-10.0 * np.log10((s * 10.0 ** (-r / 10.0)).sum() / s.sum()))


def indoor_level_db(
    outdoor_level_db: float,
    facade_r_db: float,
    facade_area_m2: float,
    volume_m3: float,
    delta_l_fs_db: float = 0.0,
    t0_s: float | None = None,
) -> float:
    """Indoor A-weighted level (dB) from the level 2 m in front of the facade, EN 12354-3 simplified:
    L_in = L_2m - (R + Delta_L_fs + 10 lg(V / (6 T_0 S))), T_0 = 0.5 s by default.

    ``facade_r_db`` should be R'_w + C_tr for road-traffic noise.
    """
    t0 = _d("reference_reverberation_time_s") if t0_s is None else t0_s
    s = check_range(facade_area_m2, "facade_area_m2", 1e-6, 1e5)
    v = check_range(volume_m3, "volume_m3", 1e-6, 1e7)
    d2m = facade_r_db + delta_l_fs_db + 10.0 * np.log10(v / (6.0 * t0 * s))
    return float(outdoor_level_db - d2m)


def noise_limits(usage: str) -> list[dict[str, Any]]:
    """Indoor noise limits for a usage: rows with framework, period, limit_db, source."""
    return [r for r in records("noise_limits") if r["usage"] == usage]


@dataclass
class AcousticResult(Result):
    """Facade insulation and indoor noise of one room. ``assessed`` False: see ``diagnostics``."""

    name: str
    assessed: bool
    facade_area_m2: float | None = None
    composite_rw_db: float | None = None
    composite_rw_ctr_db: float | None = None
    indoor_day_db: float | None = None
    indoor_night_db: float | None = None
    outdoor_day_db: float | None = None
    outdoor_night_db: float | None = None
    checks: list[dict[str, Any]] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """One row per target check (framework, period, indoor level, limit, pass)."""
        return pd.DataFrame(self.checks) if self.checks else super().to_frame()


def _facade_level(level: float | dict[str, float] | None, sectors: set[str]) -> float | None:
    if level is None:
        return None
    if isinstance(level, dict):
        vals = [level[s] for s in sectors if s in level]
        if not vals:
            vals = list(level.values())
        return float(max(vals))
    return float(level)


def assess_acoustics(
    room: RoomInput,
    noise_day_db: float | dict[str, float] | None,
    noise_night_db: float | dict[str, float] | None = None,
    *,
    mass_law: str = "en12354",
) -> AcousticResult:
    """Facade sound insulation and indoor noise of a room against GB 50118 / WHO targets.

    Uses every external wall (``room.external_walls``) and window. A part without a usable R_w
    leaves the room not assessed (never a guessed value).
    """
    diags = Diagnostics()
    res = AcousticResult(name=room.name, assessed=False, diagnostics=diags)
    if not _can_assess(room, noise_day_db, noise_night_db, diags):
        return res
    areas, rw, rwtr, sectors = [], [], [], set()
    parts = [(w, "wall") for w in room.external_walls] + [(w, "window") for w in room.windows]
    for w, kind in parts:
        part = _wall_part(w, room, mass_law, diags) if kind == "wall" else _window_part(w, room, diags)
        if part is None:
            return res
        areas.append(check_range(w.area_m2, f"{kind} area_m2", 0.0, 1e5, room.name))
        rw.append(part["rw_db"])
        rwtr.append(part["rw_db"] + part["ctr_db"])
        res.parts.append(part)
        if w.azimuth_deg is not None:
            sectors.add(orientation_of(w.azimuth_deg))
    s = float(sum(areas))
    res.facade_area_m2 = s
    res.composite_rw_db = composite_r_db(areas, rw)
    res.composite_rw_ctr_db = composite_r_db(areas, rwtr)
    res.outdoor_day_db = _facade_level(noise_day_db, sectors)
    res.outdoor_night_db = _facade_level(noise_night_db, sectors)
    if res.outdoor_day_db is not None:
        res.indoor_day_db = indoor_level_db(res.outdoor_day_db, res.composite_rw_ctr_db, s, room.volume_m3)
    if res.outdoor_night_db is not None:
        res.indoor_night_db = indoor_level_db(res.outdoor_night_db, res.composite_rw_ctr_db, s, room.volume_m3)
    res.checks.extend(_noise_checks(room.usage, res.indoor_day_db, res.indoor_night_db))
    res.assessed = True
    return res


def _can_assess(room: RoomInput, noise_day_db, noise_night_db, diags: Diagnostics) -> bool:
    """True when the room has a facade, a site noise level and a volume; else a diagnostic says which lacks."""
    if not room.external_walls and not room.windows:
        diags.add("info", "acoustic_no_facade", "room has no external facade: facade noise not assessed", room.name)
        return False
    if noise_day_db is None and noise_night_db is None:
        diags.add(
            "warning", "acoustic_no_site_noise", "site noise level not given: indoor noise not assessed", room.name
        )
        return False
    if not room.volume_m3:
        diags.add("warning", "acoustic_no_volume", "volume_m3 missing: indoor noise not assessed", room.name)
        return False
    return True


def _ctr_missing(label: str, room: RoomInput, diags: Diagnostics) -> None:
    diags.add(
        "warning",
        "acoustic_ctr_missing",
        f"{label}: C_tr not given, taken as 0 dB (optimistic for traffic noise)",
        room.name,
    )


def _wall_part(w, room: RoomInput, mass_law: str, diags: Diagnostics) -> dict[str, Any] | None:
    """R_w and C_tr (dB) of an external wall, given or by the mass law on its surface mass; None (with a
    diagnostic) when neither is usable."""
    label = w.name or "wall"
    if w.rw_db is not None:
        r, ctr = float(w.rw_db), w.ctr_db
        if ctr is None:
            _ctr_missing(label, room, diags)
            ctr = 0.0
        how = "given"
    else:
        m = w.surface_mass_kg_m2
        flags: list[str] = []
        if m is None and w.construction is not None:
            m, flags = surface_mass_kg_m2(w.construction)
        if m is None:
            diags.add(
                "warning",
                "acoustic_wall_no_mass",
                f"{label}: no surface mass or R_w ({', '.join(flags) or 'no data'}): not assessed",
                room.name,
            )
            return None
        est = rw_mass_law_db(m, mass_law)
        if est.rw_db is None:
            diags.add(
                "warning",
                "acoustic_mass_law_invalid",
                f"{label}: m' = {m:.0f} kg/m2 outside the mass-law range ({est.flags[0]}); give rw_db from test data",
                room.name,
            )
            return None
        borrowed = list(dict.fromkeys(f.split(":", 1)[1] for f in flags if f.startswith("density_from_carbon_engine:")))
        if borrowed:
            diags.add("info", "acoustic_density_from_carbon_engine",
                      f"{label}: the model gives no density for {', '.join(borrowed)}; the carbon engine's density "
                      f"used, m' = {m:.0f} kg/m2", room.name)
        if "double_leaf_or_lined" in flags:
            diags.add(
                "warning",
                "acoustic_double_leaf",
                f"{label}: double-leaf or lined wall, mass law on the total mass is only indicative (mass-air-mass resonance)",
                room.name,
            )
        r, ctr, how = est.rw_db, est.ctr_db, f"mass law {mass_law}"
    return {"part": label, "kind": "wall", "area_m2": w.area_m2, "rw_db": r, "ctr_db": ctr, "method": how}


def _window_part(w, room: RoomInput, diags: Diagnostics) -> dict[str, Any] | None:
    """R_w and C_tr (dB) of a window, given or from its glazing type; None (with a diagnostic) if neither."""
    label = w.name or "window"
    if w.rw_db is not None:
        r, ctr = float(w.rw_db), (w.ctr_db if w.ctr_db is not None else 0.0)
        if w.ctr_db is None:
            _ctr_missing(label, room, diags)
        how = "given"
    elif w.glazing is not None:
        r, ctr = glazing_rw_db(w.glazing)
        how = f"glazing {w.glazing}"
    else:
        diags.add(
            "warning",
            "acoustic_window_no_rw",
            f"{label}: neither glazing type nor rw_db given: not assessed",
            room.name,
        )
        return None
    return {"part": label, "kind": "window", "area_m2": w.area_m2, "rw_db": r, "ctr_db": ctr, "method": how}


def _noise_checks(usage: str, indoor_day_db: float | None, indoor_night_db: float | None) -> list[dict[str, Any]]:
    """One row per packaged indoor noise limit of the usage (``data/health/noise_limits.csv``) with a level."""
    checks = []
    for row in noise_limits(usage):
        lin = indoor_day_db if row["period"] == "day" else indoor_night_db
        if lin is None:
            continue
        checks.append(
            {
                "framework": row["framework"],
                "period": row["period"],
                "indoor_db": lin,
                "limit_db": float(row["limit_db"]),
                "passes": bool(lin <= row["limit_db"]),
                "source": row["source"],
            }
        )
    return checks
