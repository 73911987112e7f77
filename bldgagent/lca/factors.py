"""Emission-factor sets and the library that picks a factor for a material category.

A *factor set* is a CSV file with one row per dataset (columns in :data:`FACTOR_COLUMNS`): the A1-A3 value per
declared unit, its basis (CO2 or CO2e), density, biogenic carbon content, end-of-life values where the source gives
them, data quality and uncertainty range, source/version/table and licence. Packaged sets (``bldgagent/data/lca``):

- ``gbt51366_2019``: GB/T 51366-2019 Appendix D, Table D.0.1 (Chinese national standard).
- ``ice_v3``: the ICE v3.0 values bldgagent uses (Circular Ecology / University of Bath), with attribution.
- ``kbob_2022``: KBOB Oekobilanzdaten im Baubereich 2009/1:2022, production (A1-A3) and disposal (C4) split.
- ``bldgagent_generic``: generic factors derived from the three sets above for names that do not state a type
  (insulation of unstated type: median and range of the packaged insulation factors per m3); last in every preset.

Users add their own sets in the same format and choose an ordered preference list per project::

    lib = FactorLibrary(["my_epds.csv", "gbt51366_2019", "ice_v3", "kbob_2022"])
    factor, why, conf = lib.select("concrete", grade_cube_mpa=30)

Selection never scales a factor (e.g. by cement content): it takes the exact category (and grade) from the first
set that has it, else the nearest listed grade, else a documented proxy category, and says which in ``why``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .._data import data_path, read_csv
from ..errors import DataFileError, InputValueError

#: Columns of a factor-set file, in order. ``id``, ``name``, ``category``, ``declared_unit``, ``a1a3``, ``basis``,
#: ``source`` are required; the others may be empty.
FACTOR_COLUMNS = (
    "id", "name", "name_zh", "category", "tags", "grade_cube_mpa", "declared_unit", "a1a3", "basis", "density_kg_m3",
    "mass_kg_per_unit", "biogenic_kgco2", "c3", "c4", "d", "rsl_years", "is_default", "data_quality", "unc_low",
    "unc_high", "source", "version", "table", "licence", "estimate", "verification", "note",
)
REQUIRED_COLUMNS = ("id", "name", "category", "declared_unit", "a1a3", "basis", "source")
#: Declared units a factor may use.
DECLARED_UNITS = ("kg", "t", "m3", "m2", "piece")
BASES = ("CO2", "CO2e")
NUMERIC_COLUMNS = ("grade_cube_mpa", "a1a3", "density_kg_m3", "mass_kg_per_unit", "biogenic_kgco2", "c3", "c4", "d",
                   "rsl_years", "unc_low", "unc_high")

#: Packaged sets by short name.
PACKAGED_SETS = {
    "gbt51366_2019": "lca/factors_gbt51366_2019.csv",
    "ice_v3": "lca/factors_ice_v3.csv",
    "kbob_2022": "lca/factors_kbob_2022.csv",
    "bldgagent_generic": "lca/factors_bldgagent_generic.csv",
}
#: Named preference lists. ``"cn"`` (default) puts Chinese national data first for a Chinese site; ``"eu"`` puts
#: KBOB first. The same list serves both methods so that EN 15978 A1-A3 and GB/T 51366 建材生产 reconcile.
PRESETS = {
    "cn": ("gbt51366_2019", "ice_v3", "kbob_2022", "bldgagent_generic"),
    "eu": ("kbob_2022", "ice_v3", "gbt51366_2019", "bldgagent_generic"),
    "uk": ("ice_v3", "kbob_2022", "gbt51366_2019", "bldgagent_generic"),
}
DEFAULT_FACTOR_SETS = PRESETS["cn"]

#: Default multiplicative uncertainty (low, high) by data quality when a row gives none.
DEFAULT_SPREAD = {
    "epd": (0.9, 1.1), "national-average": (0.85, 1.15), "national-generic": (0.8, 1.2), "generic": (0.7, 1.3),
    "estimate": (0.5, 1.5),
}


@lru_cache(maxsize=1)
def categories() -> pd.DataFrame:
    """The material-category table (``bldgagent/data/lca/categories.csv``), indexed by category."""
    frame = read_csv("lca/categories.csv", required=("category", "density_kg_m3", "density_source", "eol_source"))
    frame["proxies"] = frame["proxies"].fillna("")
    return frame.set_index("category")


def category_names() -> tuple[str, ...]:
    """All material categories bldgagent knows."""
    return tuple(categories().index)


@dataclass(frozen=True)
class Factor:
    """One dataset of a factor set. Values per declared unit; ``basis`` says CO2 or CO2e."""

    id: str
    name: str
    category: str
    declared_unit: str
    a1a3: float
    basis: str
    source: str
    set_name: str
    name_zh: str = ""
    tags: tuple[str, ...] = ()
    grade_cube_mpa: float | None = None
    density_kg_m3: float | None = None
    mass_kg_per_unit: float | None = None
    biogenic_kgco2: float | None = None
    c3: float | None = None
    c4: float | None = None
    d: float | None = None
    rsl_years: float | None = None
    is_default: bool = False
    data_quality: str = "generic"
    unc_low: float | None = None
    unc_high: float | None = None
    version: str = ""
    table: str = ""
    licence: str = ""
    estimate: bool = False
    verification: str = ""
    note: str = ""

    @property
    def spread(self) -> tuple[float, float]:
        """Multiplicative (low, high) range used by the Monte Carlo."""
        if self.unc_low is not None and self.unc_high is not None:
            return (self.unc_low, self.unc_high)
        if self.estimate:
            return DEFAULT_SPREAD["estimate"]
        return DEFAULT_SPREAD.get(self.data_quality, DEFAULT_SPREAD["generic"])

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, "", ())}
        out["tags"] = list(self.tags)
        return out


@dataclass
class FactorSet:
    """A validated factor-set file."""

    name: str
    path: str
    frame: pd.DataFrame
    factors: dict[str, Factor] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.factors)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _num(value: Any) -> float | None:
    return None if _is_blank(value) else float(value)


def load_factor_set(name_or_path: str | Path, name: str | None = None) -> FactorSet:
    """Load and validate a packaged set (``"gbt51366_2019"``, ``"ice_v3"``, ``"kbob_2022"``) or a user CSV file.

    Raises :class:`~bldgagent.errors.DataFileError` naming the file, the row (1-based line number in the file,
    header = line 1) and the column of the first bad value.
    """
    key = str(name_or_path)
    if key in PACKAGED_SETS:
        path = data_path(PACKAGED_SETS[key])
        set_name = name or key
    else:
        path = Path(name_or_path)
        if not path.exists():
            known = ", ".join(PACKAGED_SETS)
            raise DataFileError(f"factor set {key!r} is neither a packaged set ({known}) nor an existing CSV file")
        set_name = name or path.stem
    return _load_set_cached(str(path), set_name)


@lru_cache(maxsize=32)
def _load_set_cached(path: str, set_name: str) -> FactorSet:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read factor set {path}: {exc}") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise DataFileError(f"factor set {path} lacks column(s) {', '.join(missing)}; the format is described in "
                            f"docs/carbon.md (columns: {', '.join(FACTOR_COLUMNS)})")
    for col in FACTOR_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    known_categories = set(category_names())
    factors: dict[str, Factor] = {}
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2

        def bad(col: str, why: str) -> DataFileError:
            return DataFileError(f"factor set {path}, row {line}, column {col!r}: {why} (value {row.get(col)!r})")

        fid = row["id"].strip()
        if not fid:
            raise bad("id", "empty id")
        if fid in factors:
            raise bad("id", "duplicate id in this file")
        if row["category"].strip() not in known_categories:
            raise bad("category", "unknown category; use one of " + ", ".join(sorted(known_categories)))
        unit = row["declared_unit"].strip()
        if unit not in DECLARED_UNITS:
            raise bad("declared_unit", f"unknown unit; use one of {', '.join(DECLARED_UNITS)}")
        if row["basis"].strip() not in BASES:
            raise bad("basis", "basis must be CO2 or CO2e")
        if not row["source"].strip():
            raise bad("source", "every factor needs a source")
        values: dict[str, float | None] = {}
        for col in NUMERIC_COLUMNS:
            try:
                values[col] = _num(row[col])
            except ValueError:
                raise bad(col, "not a number") from None
            v = values[col]
            if v is not None and not math.isfinite(v):
                raise bad(col, "not a finite number")
        if values["a1a3"] is None:
            raise bad("a1a3", "A1-A3 value missing")
        if values["a1a3"] < 0:
            raise bad("a1a3", "negative A1-A3: report biogenic carbon in biogenic_kgco2, never netted into A1-A3")
        for col in ("density_kg_m3", "mass_kg_per_unit", "rsl_years", "grade_cube_mpa"):
            if values[col] is not None and values[col] <= 0:
                raise bad(col, "must be positive")
        lo, hi = values["unc_low"], values["unc_high"]
        if (lo is None) != (hi is None) or (lo is not None and not (0 < lo <= 1.0 <= hi)):
            raise bad("unc_low", "uncertainty range needs both unc_low <= 1 <= unc_high (multiplicative, > 0)")
        tags = tuple(t.strip().lower() for t in row["tags"].split(";") if t.strip())
        factors[fid] = Factor(
            id=fid, name=row["name"].strip(), category=row["category"].strip(), declared_unit=unit,
            a1a3=float(values["a1a3"]), basis=row["basis"].strip(), source=row["source"].strip(), set_name=set_name,
            name_zh=row["name_zh"].strip(), tags=tags, grade_cube_mpa=values["grade_cube_mpa"],
            density_kg_m3=values["density_kg_m3"], mass_kg_per_unit=values["mass_kg_per_unit"],
            biogenic_kgco2=values["biogenic_kgco2"], c3=values["c3"], c4=values["c4"], d=values["d"],
            rsl_years=values["rsl_years"], is_default=row["is_default"].strip() in ("1", "true", "True", "yes"),
            data_quality=row["data_quality"].strip() or "generic", unc_low=lo, unc_high=hi,
            version=row["version"].strip(), table=row["table"].strip(), licence=row["licence"].strip(),
            estimate=row["estimate"].strip() in ("1", "true", "True", "yes"),
            verification=row["verification"].strip(), note=row["note"].strip(),
        )
    return FactorSet(name=set_name, path=path, frame=frame, factors=factors)


class FactorLibrary:
    """Factor sets in order of preference, and the rules that pick one factor for a material.

    ``sets`` is a preset name (``"cn"``, ``"eu"``, ``"uk"``), or a sequence of packaged set names, CSV paths or
    :class:`FactorSet` objects; the first set that has a category wins. Factor ids must be unique across sets.
    """

    def __init__(self, sets: str | Sequence[str | Path | FactorSet] | None = None):
        if sets is None:
            sets = DEFAULT_FACTOR_SETS
        if isinstance(sets, (str, Path)):
            sets = PRESETS.get(str(sets), (sets,))
        self.sets: list[FactorSet] = [s if isinstance(s, FactorSet) else load_factor_set(s) for s in sets]
        if not self.sets:
            raise InputValueError("FactorLibrary needs at least one factor set")
        self.factors: dict[str, Factor] = {}
        for fs in self.sets:
            for fid, f in fs.factors.items():
                if fid in self.factors:
                    other = self.factors[fid].set_name
                    raise DataFileError(f"factor id {fid!r} appears in both {other} and {fs.path}; ids must be unique "
                                        "across the sets of one library (prefix your ids)")
                self.factors[fid] = f
        self._by_cat: dict[str, list[list[Factor]]] = {}
        for fs in self.sets:
            for f in fs.factors.values():
                self._by_cat.setdefault(f.category, [[] for _ in self.sets])
        for rank, fs in enumerate(self.sets):
            for f in fs.factors.values():
                self._by_cat[f.category][rank].append(f)

    @property
    def set_names(self) -> list[str]:
        return [s.name for s in self.sets]

    def __contains__(self, factor_id: str) -> bool:
        return factor_id in self.factors

    def __getitem__(self, factor_id: str) -> Factor:
        try:
            return self.factors[factor_id]
        except KeyError:
            raise KeyError(f"unknown factor id {factor_id!r} (sets: {', '.join(self.set_names)})") from None

    def has_category(self, category: str) -> bool:
        return any(self._by_cat.get(category, []))

    def candidates(self, category: str) -> list[Factor]:
        """All factors of a category, in order of set preference."""
        return [f for group in self._by_cat.get(category, []) for f in group]

    def to_frame(self) -> pd.DataFrame:
        """Every factor of every set as one table (with ``set`` and ``preference`` columns)."""
        rows = []
        for rank, fs in enumerate(self.sets):
            for f in fs.factors.values():
                d = f.to_dict()
                d["tags"] = ";".join(f.tags)
                d["preference"] = rank
                rows.append(d)
        return pd.DataFrame(rows)

    # --- selection -------------------------------------------------------------------------------------------
    def select(self, category: str, tags: Iterable[str] = (), grade_cube_mpa: float | None = None,
               _depth: int = 0) -> tuple[Factor | None, str, float]:
        """Pick the factor for ``category`` (with name ``tags`` and concrete ``grade_cube_mpa``).

        Returns ``(factor, reason, confidence_multiplier)``; ``factor`` is None when no set covers the category or
        its proxies. Rules, in order: exact grade (within 3 MPa cube strength) in the first set that lists it; the
        first set with the category (nearest grade within 10 MPa, else its default row); proxy categories from
        ``categories.csv``. Factors are never scaled.
        """
        tags = {t.lower() for t in tags}
        groups = self._by_cat.get(category, [])
        if any(groups):
            if grade_cube_mpa is not None:
                for group in groups:
                    graded = [f for f in group if f.grade_cube_mpa is not None
                              and abs(f.grade_cube_mpa - grade_cube_mpa) <= 3.0]
                    if graded:
                        best = self._best_by_tags(graded, tags, key=lambda f: abs(f.grade_cube_mpa - grade_cube_mpa))
                        return best, (f"{best.set_name}: grade {best.grade_cube_mpa:g} MPa cube strength matches "
                                      f"{grade_cube_mpa:g} MPa"), 1.0
            group = next(g for g in groups if g)
            if grade_cube_mpa is not None:
                graded = [f for f in group if f.grade_cube_mpa is not None]
                if graded:
                    best = min(graded, key=lambda f: abs(f.grade_cube_mpa - grade_cube_mpa))
                    delta = abs(best.grade_cube_mpa - grade_cube_mpa)
                    if delta <= 10.0:
                        listed = ", ".join(sorted({f"{f.grade_cube_mpa:g}" for f in graded}, key=float))
                        return best, (f"{best.set_name}: nearest listed grade {best.grade_cube_mpa:g} MPa for "
                                      f"{grade_cube_mpa:g} MPa (set lists {listed} MPa cube strength; not scaled)"), 0.8
            best = self._best_by_tags(group, tags)
            why = f"{best.set_name}: {best.name}"
            if tags & set(best.tags):
                why += f" (matches {', '.join(sorted(tags & set(best.tags)))})"
            elif best.is_default:
                why += " (set default for the category)"
            return best, why, 1.0
        if _depth < 2 and category in categories().index:
            for proxy in [p for p in categories().at[category, "proxies"].split(";") if p]:
                f, why, conf = self.select(proxy, tags, grade_cube_mpa, _depth + 1)
                if f is not None:
                    return f, f"no {category} factor in {', '.join(self.set_names)}; proxy {proxy}: {why}", conf * 0.8
        return None, f"no factor for category {category!r} in sets {', '.join(self.set_names)}", 0.0

    @staticmethod
    def _best_by_tags(group: list[Factor], tags: set[str], key=None) -> Factor:
        def score(f: Factor) -> tuple:
            overlap = len(tags & set(f.tags))
            return (-overlap, key(f) if key else 0, not f.is_default)
        return min(group, key=score)


@lru_cache(maxsize=1)
def transport_modes() -> pd.DataFrame:
    """GB/T 51366-2019 Appendix E transport factors (kgCO2e per t*km), indexed by mode id."""
    frame = read_csv("lca/transport_gbt51366_2019.csv", required=("mode", "kgco2e_per_tkm", "source"))
    return frame.set_index("mode")


def transport_factor(mode: str) -> float:
    """kgCO2e per tonne-kilometre for a transport mode id (GB/T 51366-2019 Table E.0.1)."""
    modes = transport_modes()
    if mode not in modes.index:
        raise InputValueError(f"unknown transport mode {mode!r}; use one of {', '.join(modes.index)}")
    return float(modes.at[mode, "kgco2e_per_tkm"])


@lru_cache(maxsize=1)
def construction_defaults() -> dict[str, Any]:
    """Defaults for A4/A5/C1/C2 and the GB/T rules (``construction_defaults.csv``), key -> value."""
    frame = read_csv("lca/construction_defaults.csv", required=("key", "value", "source"))
    out: dict[str, Any] = {}
    for key, value in zip(frame["key"], frame["value"]):
        try:
            out[key] = float(value)
        except ValueError:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def rebar_ratios() -> dict[str, float]:
    """Default reinforcement ratio in kg of rebar per m3 of concrete by element kind (``rebar_ratios.csv``)."""
    frame = read_csv("lca/rebar_ratios.csv", required=("element_kind", "kg_per_m3", "source"))
    return dict(zip(frame["element_kind"], frame["kg_per_m3"].astype(float)))


@lru_cache(maxsize=1)
def service_lives() -> pd.DataFrame:
    """Reference service lives by element kind and category (``service_lives.csv``)."""
    frame = read_csv("lca/service_lives.csv", required=("element_kind", "category", "rsl_years", "source"))
    return frame


def reference_service_life(kind: str, category: str, factor: Factor | None = None) -> tuple[float | None, str]:
    """RSL in years (None = lasts the building's life) and its source.

    Priority: the factor's own ``rsl_years``; (kind, category); (kind, any); (any, category); default none.
    """
    if factor is not None and factor.rsl_years:
        return factor.rsl_years, f"{factor.set_name} {factor.id}"
    table = _service_life_index()
    for key in ((kind, category), (kind, "*"), ("*", category)):
        if key in table:
            return table[key]
    return None, "building life (no replacement)"


@lru_cache(maxsize=1)
def _service_life_index() -> dict[tuple[str, str], tuple[float | None, str]]:
    out: dict[tuple[str, str], tuple[float | None, str]] = {}
    for k, c, v, src in service_lives()[["element_kind", "category", "rsl_years", "source"]].itertuples(index=False):
        out.setdefault((str(k), str(c)), (None if pd.isna(v) else float(v), str(src)))
    return out


def replacements(period_years: float, rsl_years: float | None) -> int:
    """Number of replacements over the study period: ceil(period / RSL) - 1, never negative (EN 15978 practice)."""
    if rsl_years is None or rsl_years <= 0:
        return 0
    return max(int(math.ceil(period_years / rsl_years - 1e-9)) - 1, 0)


def en16449_biogenic_co2_kg(mass_kg: float | np.ndarray, moisture_content: float = 0.12,
                            carbon_fraction: float = 0.5) -> float | np.ndarray:
    """CO2 stored in wood per EN 16449:2014: 44/12 x carbon fraction x dry mass, dry mass = mass / (1 + moisture)."""
    return 44.0 / 12.0 * carbon_fraction * np.asarray(mass_kg, dtype=float) / (1.0 + moisture_content)
