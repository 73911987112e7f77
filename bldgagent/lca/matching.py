"""Match messy, multilingual IFC material names to a material category and an emission factor.

``match_material("Beton C30/37", element_kind="wall")`` returns a :class:`Match` with the category, the factor the
library selects, a confidence 0-1, a human-readable reason and ranked candidates. Evidence, strongest first:

1. a project mapping (material name -> factor id, confirmed by a user or the agent): confidence 1.0;
2. keyword rules with English, German, French, Dutch, Spanish, Italian, Japanese, Chinese, Russian, Polish, Czech
   and Catalan synonyms
   (``Stahlbeton``, ``gewapend beton``, ``Dämmung``, ``断熱材``, ``钢筋``...), grade codes (``S355J2``, ``B500B``,
   ``GL24h``, ``C24`` timber, ``SS400``) and concrete strength classes (``C30/37``, ``C30``, ``B25``, ``4000 psi``):
   0.75-0.95;
3. a fuzzy (rapidfuzz) match of the name's words against the synonym vocabulary: 0.5-0.7 (a weaker resemblance
   is only listed as a candidate: the name is ``unknown``);
4. physical properties when the name says nothing (density and conductivity, e.g. 120 kg/m3 and 0.04 W/mK is an
   insulation): 0.35-0.45;
5. element context for placeholder names (``Solid``, ``Default Wall``, no name): a window is a window, a slab is
   concrete, a beam takes the dominant structural material of the model: 0.3-0.4.

A name it cannot place gets category ``"unknown"``, no factor and confidence 0, with its best candidates; the engine
lists it with its quantity, never counted as zero. Reinforced concrete is its own category (concrete factor + rebar
lines); insulation of unstated type is generic ``insulation`` (wide range) unless a density says which.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from rapidfuzz import fuzz, process

from ..errors import DataFileError, MappingError
from .factors import FactorLibrary, categories

# --- normalisation ----------------------------------------------------------------------------------------------
_CJK = re.compile(r"[\u3400-\u9fff]")
#: A lower-case letter followed by a capitalised word (CamelCase identifiers such as ``ReinforcingSteel``).
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def normalize_name(name: str | None) -> str:
    """Lower-case, fold umlauts (ä -> ae), accents and the letters NFKD keeps (Polish ł, Catalan l·l, Danish ø), split
    CamelCase and snake_case identifiers into words, drop ArchiCAD id suffixes (``Holz 102890359`` -> ``holz``)."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", str(name)).strip()
    s = _CAMEL.sub(" ", s).replace("_", " ").lower()  # identifiers: ReinforcingSteel, concrete_reinforced
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ł", "l"), ("l·l", "ll"), ("l.l", "ll"),
                 ("·", ""), ("đ", "d"), ("ø", "o")):
        s = s.replace(a, b)
    out: list[str] = []
    for c in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(c) and out and ord(out[-1]) < 0x250:
            continue  # accent on a Latin letter (é -> e); kana voicing marks (ガ) are kept
        out.append(c)
    s = unicodedata.normalize("NFKC", "".join(out))
    s = re.sub(r"\s+\d{5,}$", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


# --- keyword rules (bldgagent/data/lca/name_rules.csv): category, priority, regex on the normalised name ----------
# Priority resolves overlaps: "stahlbeton" (concrete, 75) beats "stahl" (steel, 55); "betonstahl" (rebar, 85) beats
# "beton" (concrete, 60); "glaswolle" (glass wool, 85) beats "glas" (glass, 65).
_W = r"(?<![a-z])"  # left word boundary for latin words


def _load_rules() -> tuple[list[tuple[str, int, re.Pattern]], list[tuple[str, re.Pattern]]]:
    """The keyword rules of ``bldgagent/data/lca/name_rules.csv``: (category, priority, regex) and (tag, regex).

    ``{W}`` in a pattern is the left word boundary for latin words. A pattern that does not compile is a
    :class:`~bldgagent.errors.DataFileError` naming its row."""
    from .._data import read_csv
    from ..errors import DataFileError

    table = read_csv("lca/name_rules.csv", required=("rule", "name", "priority", "pattern", "source"))
    categories, tags = [], []
    for i, row in enumerate(table.itertuples(index=False), start=2):
        try:
            rx = re.compile(str(row.pattern).replace("{W}", _W))
        except re.error as exc:
            raise DataFileError(f"bldgagent/data/lca/name_rules.csv line {i}: pattern does not compile ({exc})") from exc
        if row.rule == "category":
            categories.append((row.name, int(row.priority), rx))
        elif row.rule == "tag":
            tags.append((row.name, rx))
        else:
            raise DataFileError(f"bldgagent/data/lca/name_rules.csv line {i}: rule must be 'category' or 'tag'")
    return categories, tags


_COMPILED, _TAG_COMPILED = _load_rules()

#: Words that make a concrete plain (unreinforced): they veto the reinforced-concrete rule.
_PLAIN = re.compile(r"unbewehrt|ongewapend|non arme|non armato|unreinforced|plain concrete|素混凝土|無筋|en masa"
                    r"|(?<![a-z])hm ?-?\d{2}(?![0-9])|(?<![a-z])no reinforcement")

#: Names that say nothing about the material (ArchiCAD fills, Revit defaults, empty).
_PLACEHOLDER = re.compile(
    r"^(|-|solid|massiv|default|default (wall|floor|roof|slab|ceiling|column|beam|material)|generic|generic.*|unknown"
    r"|none|null|material|materials|unnamed|<unnamed>|<by category>|by category|radial gradient fill|linear gradient fill"
    r"|gradient|fill|surface|standard|basic|layer|schicht|material \d+|mat\d*|未命名|默认.*|材料|无)$")

#: Colour and rendering names that are not materials (Revit's "Render Material 255-255-255", "RGB 40,40,40",
#: colour tuples): treated like placeholders, so no keyword in them ("render") is read as a material.
_COLOUR_NAME = re.compile(r"^(render material|rgb|rgba|colou?r|farbe|couleur|kleur)?[\s\d,.;:/()\-]*$")
#: The matcher's own colour-name rule needs at least three numbers (an RGB triple).
_THREE_NUMBERS = re.compile(r"\d+\D+\d+\D+\d+")
#: A mix named with its constituents is the mix: concrete is cement + sand + gravel + water (EN 206 clause 3.1.1.1),
#: mortar and screed likewise (EN 998-2, EN 13813), so "Sabbia e Calcestruzzo" is concrete, not sand.
_MIXES = ("concrete", "reinforced_concrete", "precast_concrete", "lightweight_concrete", "mortar", "screed", "render",
          "plaster", "calcium_silicate", "aac")
_CONSTITUENTS = ("sand", "gravel", "cement", "water", "lime")

#: Category of a name the matcher cannot place (it lists candidates instead).
UNKNOWN = "unknown"
#: Concrete categories whose names carry a strength class.
CONCRETE_CATEGORIES = ("concrete", "reinforced_concrete", "precast_concrete")
#: Categories selected with another category's factor (reinforced concrete = concrete + rebar lines).
_FACTOR_CATEGORY = {"reinforced_concrete": "concrete"}
#: Confidence cap of a generic insulation (type not stated): its factor spans 31-367 kgCO2e/m3 of the known types.
_GENERIC_CONFIDENCE = 0.6
#: Categories whose factor is per m2 of a window/door/curtain wall; the element kind decides these.
OPENING_KINDS = {"window": "window", "door": "door", "curtain_wall": "curtain_wall"}
STRUCTURAL_KINDS = ("wall", "slab", "floor", "roof", "column", "beam", "member", "footing", "pile", "stair", "ramp", "plate")
STRUCTURAL_CATEGORIES = ("concrete", "reinforced_concrete", "precast_concrete", "steel", "timber", "glulam", "clt",
                         "brick", "concrete_block",
                         "lightweight_concrete", "aac", "calcium_silicate", "stone", "earth")
#: Default structural material when a placeholder name is all there is.
_KIND_DEFAULT = {"wall": "concrete", "slab": "concrete", "floor": "concrete", "roof": "concrete", "footing": "concrete",
                 "pile": "concrete", "column": "concrete", "beam": "timber", "stair": "concrete", "ramp": "concrete",
                 "plate": "steel_sheet", "member": "timber", "railing": "steel"}
# Unnamed beams and members are mostly secondary framing (rafters, joists, purlins): exporters write the same
# rafters as IfcBeam or IfcMember, so both default to timber; named structural beams carry their material.

# EN 206 cylinder/cube classes: cylinder -> cube strength (MPa)
_EN_CLASSES = {8: 10, 12: 15, 16: 20, 20: 25, 25: 30, 30: 37, 32: 40, 35: 45, 40: 50, 45: 55, 50: 60, 55: 67, 60: 75,
               70: 85, 80: 95, 90: 105, 100: 115}

def _tags(norm: str) -> set[str]:
    tags = {t for t, rx in _TAG_COMPILED if rx.search(norm)}
    return tags | {"plain"} if _PLAIN.search(norm) else tags


def parse_concrete_grade(name: str) -> tuple[float | None, str]:
    """Cube strength (MPa) of a concrete class in a name, and how it was read.

    ``C30/37`` (EN 206) -> 37; ``C30`` in a Chinese name (GB 50010 uses cube strength) -> 30; ``C30`` alone in a
    European name is read as the EN cylinder class C30/37 -> 37; ``B25`` (old DIN 1045, nominal cube) -> 25;
    ``4000 psi`` (cylinder) -> nearest EN class.
    """
    norm = normalize_name(name)
    m = re.search(rf"{_W}l?c ?(\d{{2,3}}) ?/ ?(\d{{2,3}})(?!\d)", norm)
    if m:
        return float(m.group(2)), f"EN 206 class C{m.group(1)}/{m.group(2)} (cube {m.group(2)} MPa)"
    m = re.search(r"(?<![a-z0-9])c ?(\d{2,3})(?![0-9/])", norm)
    if m:
        value = int(m.group(1))
        if _CJK.search(norm) or value not in _EN_CLASSES:
            return float(value), f"GB 50010 class C{value} (cube {value} MPa)"
        return float(_EN_CLASSES[value]), f"C{value} read as EN 206 C{value}/{_EN_CLASSES[value]} (cube {_EN_CLASSES[value]} MPa)"
    m = re.search(rf"{_W}b ?(\d{{2}})(?!\d)", norm)
    if m and re.search(r"beton|concrete", norm):
        return float(m.group(1)), f"DIN 1045 (1972) class B{m.group(1)} (nominal cube {m.group(1)} MPa)"
    m = re.search(r"(\d{4}) ?psi", norm)
    if m:
        cyl = int(m.group(1)) * 0.00689476
        best = min(_EN_CLASSES, key=lambda c: abs(c - cyl))
        return float(_EN_CLASSES[best]), f"{m.group(1)} psi = {cyl:.0f} MPa cylinder -> EN C{best}/{_EN_CLASSES[best]}"
    return None, ""


# --- fuzzy vocabulary --------------------------------------------------------------------------------------------
_VOCAB: dict[str, str] = {
    "concrete": "concrete", "beton": "concrete", "stahlbeton": "concrete", "reinforced": "concrete", "leichtbeton":
    "lightweight_concrete", "porenbeton": "aac", "brick": "brick", "ziegel": "brick", "backstein": "brick",
    "masonry": "brick", "mauerwerk": "brick", "steel": "steel", "stahl": "steel", "rebar": "rebar", "bewehrung": "rebar",
    "aluminium": "aluminium", "aluminum": "aluminium", "copper": "copper", "kupfer": "copper", "timber": "timber",
    "wood": "timber", "holz": "timber", "lumber": "timber", "plywood": "wood_panel", "sperrholz": "wood_panel",
    "plasterboard": "gypsum_board", "gipskarton": "gypsum_board", "gypsum": "gypsum_board", "plaster": "plaster",
    "putz": "render", "render": "render", "mortar": "mortar", "screed": "screed", "estrich": "screed",
    "insulation": "insulation", "daemmung": "insulation", "isolation": "insulation", "mineralwolle": "mineral_wool",
    "rockwool": "mineral_wool", "glasswool": "glass_wool", "polystyrene": "eps", "styropor": "eps",
    "polyurethane": "pur", "membrane": "membrane", "bitumen": "bitumen", "glass": "glass", "glazing": "glass",
    "ceramic": "ceramic_tile", "tiles": "ceramic_tile", "fliesen": "ceramic_tile", "parquet": "parquet",
    "laminate": "laminate", "carpet": "carpet", "linoleum": "linoleum", "vinyl": "vinyl_flooring", "paint": "paint",
    "gravel": "gravel", "sand": "sand", "soil": "soil", "stone": "stone", "granite": "stone", "marble": "stone",
    "window": "window", "door": "door", "plastic": "plastic", "kunststoff": "plastic", "cement": "cement",
}


@dataclass
class Candidate:
    """A ranked alternative: category, factor id (None if no set covers it), score 0-1 and reason."""

    category: str
    factor_id: str | None
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Match:
    """Result of matching one material name in its context."""

    name: str | None
    category: str | None
    factor_id: str | None
    confidence: float
    reason: str
    method: str
    candidates: list[Candidate] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    grade_cube_mpa: float | None = None
    excluded: bool = False

    @property
    def matched(self) -> bool:
        return self.factor_id is not None and self.confidence > 0

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "candidates"}
        out["tags"] = list(self.tags)
        out["candidates"] = [c.to_dict() for c in self.candidates]
        return out


# --- project mapping ---------------------------------------------------------------------------------------------
@dataclass
class MappingEntry:
    material: str
    factor_id: str
    confirmed_by: str = ""
    note: str = ""


class MaterialMapping:
    """Project mapping: material name -> factor id with who confirmed it. Overrides automatic matches.

    Stored as JSON (``{"entries": [{"material", "factor_id", "confirmed_by", "note"}]}`` or a plain
    ``{name: factor_id}`` object) or CSV with columns ``material, factor_id, confirmed_by, note``. Names compare
    after :func:`normalize_name` (case, accents, ArchiCAD id suffixes).
    """

    def __init__(self, entries: Iterable[MappingEntry] = (), source: str | None = None):
        self.source = source
        self._entries: dict[str, MappingEntry] = {}
        for e in entries:
            self._entries[normalize_name(e.material)] = e

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries.values())

    def get(self, name: str | None) -> MappingEntry | None:
        return self._entries.get(normalize_name(name))

    def confirm(self, material: str, factor_id: str, confirmed_by: str = "agent", note: str = "") -> MappingEntry:
        """Add or replace a confirmation."""
        entry = MappingEntry(material, factor_id, confirmed_by, note)
        self._entries[normalize_name(material)] = entry
        return entry

    def validate(self, library: FactorLibrary) -> None:
        """Raise :class:`~bldgagent.errors.MappingError` naming the first entry whose factor id is unknown."""
        for e in self._entries.values():
            if e.factor_id not in library:
                raise MappingError(
                    f"mapping {self.source or '(in memory)'}: entry {e.material!r} names factor id {e.factor_id!r}, "
                    f"which is not in the factor sets {', '.join(library.set_names)}; fix the id or add the set")

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [dict(e.__dict__) for e in self._entries.values()]}

    def save(self, path: str | Path) -> Path:
        """Write as JSON (``.json``) or CSV (any other suffix)."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, ["material", "factor_id", "confirmed_by", "note"])
                w.writeheader()
                for e in self._entries.values():
                    w.writerow(dict(e.__dict__))
        return path


def load_mapping(source: str | Path | Mapping[str, Any] | MaterialMapping | None,
                 library: FactorLibrary | None = None) -> MaterialMapping:
    """Read a mapping file (JSON or CSV) or dict; with ``library`` given, validate its factor ids."""
    if source is None:
        mapping = MaterialMapping()
    elif isinstance(source, MaterialMapping):
        mapping = source
    elif isinstance(source, Mapping):
        mapping = _mapping_from_obj(dict(source), "(dict)")
    else:
        path = Path(source)
        if not path.exists():
            raise DataFileError(f"mapping file {path} does not exist")
        if path.suffix.lower() == ".json":
            try:
                obj = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise DataFileError(f"mapping file {path} is not valid JSON: {exc}") from exc
            mapping = _mapping_from_obj(obj, str(path))
        else:
            entries = []
            with path.open(newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if not reader.fieldnames or not {"material", "factor_id"} <= set(reader.fieldnames):
                    raise DataFileError(f"mapping file {path} needs columns material, factor_id (confirmed_by, note optional)")
                for i, row in enumerate(reader):
                    if not (row.get("material") or "").strip() or not (row.get("factor_id") or "").strip():
                        raise MappingError(f"mapping file {path}, row {i + 2}: material and factor_id must not be empty")
                    entries.append(MappingEntry(row["material"].strip(), row["factor_id"].strip(),
                                                (row.get("confirmed_by") or "").strip(), (row.get("note") or "").strip()))
            mapping = MaterialMapping(entries, str(path))
    if library is not None:
        mapping.validate(library)
    return mapping


def _mapping_from_obj(obj: Any, source: str) -> MaterialMapping:
    entries = []
    if isinstance(obj, dict) and "entries" in obj:
        for i, e in enumerate(obj["entries"]):
            if not isinstance(e, dict) or "material" not in e or "factor_id" not in e:
                raise MappingError(f"mapping {source}: entry {i} needs 'material' and 'factor_id'")
            entries.append(MappingEntry(str(e["material"]), str(e["factor_id"]), str(e.get("confirmed_by", "")),
                                        str(e.get("note", ""))))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if not isinstance(v, str):
                raise MappingError(f"mapping {source}: entry {k!r} must map to a factor id string, got {v!r}")
            entries.append(MappingEntry(str(k), v))
    else:
        raise MappingError(f"mapping {source}: expected an object with 'entries' or name -> factor id pairs")
    return MaterialMapping(entries, source)


# --- the matcher -------------------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _classify_cached(norm: str, element_kind: str | None, thickness_m: float | None, density_kg_m3: float | None,
                     conductivity_w_mk: float | None, ctx: tuple | None) -> tuple[Candidate, ...]:
    return tuple(_classify(norm, element_kind, thickness_m, density_kg_m3, conductivity_w_mk, dict(ctx) if ctx else None))


def _classify(norm: str, element_kind: str | None, thickness_m: float | None, density_kg_m3: float | None,
              conductivity_w_mk: float | None, context: Mapping[str, str] | None) -> list[Candidate]:
    cands: dict[str, Candidate] = {}

    def add(cat: str, score: float, reason: str) -> None:
        if cat not in cands or cands[cat].score < score:
            cands[cat] = Candidate(cat, None, round(score, 3), reason)

    kind = element_kind or ""
    if kind in OPENING_KINDS:
        add(OPENING_KINDS[kind], 0.9, f"element is a {kind}; its material names only refine the frame type")
        return sorted(cands.values(), key=lambda c: -c.score)
    if _COLOUR_NAME.match(norm) and _THREE_NUMBERS.search(norm):
        norm = ""  # a colour, not a material: the placeholder path below decides
    hits = _keyword_hits(norm)
    if hits:
        top = max(p for _, p, _ in hits)
        for cat, prio, word in sorted(hits, key=lambda h: -h[1]):
            score = 0.9 if prio == top else 0.9 - (top - prio) / 100.0 - 0.1
            add(cat, score, f"keyword {word!r}")
    if norm and not hits and not _PLACEHOLDER.match(norm):
        for token in set(re.split(r"[\s,;/()\-_.]+", norm)):
            if len(token) < 4:
                continue
            got = process.extractOne(token, list(_VOCAB), scorer=fuzz.ratio, score_cutoff=60)
            if got:  # >= 80 %: 0.4-0.7; 60-80 %: below 0.4, a candidate to list, never used (see match)
                word, s, _ = got
                score = 0.4 + 0.3 * (s - 80) / 20.0 if s >= 80 else 0.2 + 0.2 * (s - 60) / 20.0
                add(_VOCAB[word], score, f"fuzzy match {token!r} ~ {word!r} ({s:.0f} %)")
    # generic insulation and density/conductivity evidence
    top_cat = max(cands.values(), key=lambda c: c.score).category if cands else None
    if top_cat == "insulation":
        # the type follows from the density when the model gives one; without it the name stays a generic
        # insulation (wide uncertainty), and the likeliest types are listed as candidates
        sub, why = _insulation_by_density(density_kg_m3, conductivity_w_mk)
        step = 0.02 if density_kg_m3 else -0.1
        add(sub, cands["insulation"].score + step, f"insulation type from {why}")
    if not cands or max(c.score for c in cands.values()) < 0.5:
        by_rho = _by_density(density_kg_m3, conductivity_w_mk)
        if by_rho:
            add(by_rho[0], by_rho[1], by_rho[2])
    if not cands and (not norm or _PLACEHOLDER.match(norm) or re.fullmatch(r"[\W\d_]*", norm)):
        cat, score, why = MaterialMatcher._context_default(kind, thickness_m, context)
        if cat:
            add(cat, score, why)
    return sorted(cands.values(), key=lambda c: -c.score)


def _keyword_hits(norm: str) -> list[tuple[str, int, str]]:
    """(category, priority, matched word) of every keyword rule that matches the normalised name.

    Three name-level rules adjust the rule priorities: a plain-concrete word vetoes reinforced concrete; a mix named
    with its constituents is the mix (``_MIXES``); a paint or coating word after a material word describes that
    material's finish and a name led by a paint word is a paint (Revit's "Class - Description" names: "Metal - Paint
    Finish - Grey" is the metal, "Paint - Aluminium" is a paint)."""
    found = [(cat, prio, m.group(0), m.start()) for cat, prio, rx in _COMPILED if (m := rx.search(norm))]
    if _PLAIN.search(norm):  # "ongewapend", "non armato", "unbewehrt": plain concrete, never reinforced
        found = [h for h in found if h[0] != "reinforced_concrete"]
    if any(h[0] in _MIXES for h in found):
        found = [h for h in found if h[0] not in _CONSTITUENTS]
    paint_at = min((h[3] for h in found if h[0] == "paint"), default=None)
    others = [h for h in found if h[0] != "paint"]
    if paint_at is not None and others:  # the leading class word names the material: coating or coated material
        before = [h for h in others if h[3] < paint_at]
        new = max(h[1] for h in before) - 1 if before else max(h[1] for h in others) + 1
        found = [(c, new if c == "paint" else p, w, at) for c, p, w, at in found]
    return [(c, p, w) for c, p, w, _ in found]


class MaterialMatcher:
    """Matches material names in context to categories and factors of a :class:`FactorLibrary`."""

    def __init__(self, library: FactorLibrary | None = None, mapping: Any = None):
        self.library = library or FactorLibrary()
        self.mapping = load_mapping(mapping, self.library)
        self._cat = categories()

    # public ---------------------------------------------------------------------------------------------------
    def classify(self, name: str | None, element_kind: str | None = None, thickness_m: float | None = None,
                 density_kg_m3: float | None = None, conductivity_w_mk: float | None = None,
                 context: Mapping[str, str] | None = None) -> list[Candidate]:
        """Ranked category candidates (no factor selection). ``context`` maps element kind -> dominant category."""
        ctx = tuple(sorted(context.items())) if context else None
        return [Candidate(c.category, c.factor_id, c.score, c.reason) for c in
                _classify_cached(normalize_name(name), element_kind, thickness_m, density_kg_m3, conductivity_w_mk, ctx)]


    def match(self, name: str | None, element_kind: str | None = None, thickness_m: float | None = None,
              density_kg_m3: float | None = None, conductivity_w_mk: float | None = None,
              context: Mapping[str, str] | None = None, is_external: bool | None = None, n: int = 5) -> Match:
        """Best factor for a material in its context, with confidence, reason and up to ``n`` candidates.

        A name with no evidence, or only a weak fuzzy resemblance (score < 0.5), gets category ``"unknown"``, no
        factor and confidence 0, with its best candidates listed for a user or an agent to confirm.
        """
        entry = self.mapping.get(name) if name else None
        if entry is not None:
            f = self.library[entry.factor_id]
            who = f" by {entry.confirmed_by}" if entry.confirmed_by else ""
            return Match(name, f.category, f.id, 1.0, f"project mapping{who}: {f.name}" +
                         (f" ({entry.note})" if entry.note else ""), "mapping",
                         [Candidate(f.category, f.id, 1.0, "project mapping")])
        norm = normalize_name(name)
        cands = self.classify(name, element_kind, thickness_m, density_kg_m3, conductivity_w_mk, context)
        if not cands:
            return Match(name, UNKNOWN, None, 0.0, "no keyword, fuzzy, density or context evidence", "none")
        tags = _tags(norm)
        if element_kind in ("beam", "column", "member") and not tags & {"bof", "eaf"}:   # a named route decides
            tags |= {"section", "beam", "column"}
        if element_kind == "door" and is_external is not None:
            tags.add("external" if is_external else "internal")
        out = [self._with_factor(c, name or "", tags) for c in cands[:n]]
        out.sort(key=lambda c: -c.score)
        best = out[0]
        grade = parse_concrete_grade(name or "")[0] if best.category in CONCRETE_CATEGORIES else None
        method = _method_of(best.reason)
        if method == "fuzzy" and best.score < 0.5:
            return Match(name, UNKNOWN, None, 0.0, "only a weak resemblance (" + best.reason + "): confirm one of the "
                         "candidates", "none", out, tuple(sorted(tags)))
        if self._is_excluded(best.category):
            return Match(name, best.category, None, best.score, best.reason, method, out, tuple(sorted(tags)), None, True)
        if best.factor_id is None:
            return Match(name, best.category, None, 0.0, best.reason, "none", out, tuple(sorted(tags)), grade)
        score = min(best.score, _GENERIC_CONFIDENCE) if best.category == "insulation" else best.score
        return Match(name, best.category, best.factor_id, score, best.reason, method, out, tuple(sorted(tags)), grade)

    def _is_excluded(self, category: str) -> bool:
        return bool(self._cat.at[category, "excluded"]) if category in self._cat.index else False

    def _with_factor(self, c: Candidate, name: str, tags: set[str]) -> Candidate:
        """The candidate with the factor the library selects for it (reinforced concrete uses the concrete factor;
        its rebar is added by the engine at the element's reinforcement ratio)."""
        if self._is_excluded(c.category):
            return Candidate(c.category, None, c.score, c.reason + "; not a material (excluded)")
        g, grade_why = parse_concrete_grade(name) if c.category in CONCRETE_CATEGORIES else (None, "")
        f, why, mult = self.library.select(_FACTOR_CATEGORY.get(c.category, c.category), tags, g)
        if c.category in _FACTOR_CATEGORY:
            why = f"concrete factor + rebar at the element's ratio: {why}"
        reason = c.reason + (f"; {grade_why}" if g is not None else "") + f"; {why}"
        return Candidate(c.category, f.id if f else None, round(c.score * mult, 3), reason)

    def suggest(self, name: str | None, n: int = 5, **context: Any) -> list[Candidate]:
        """Ranked candidates (category, factor id, score, reason) for an agent or a user to confirm."""
        return self.match(name, n=n, **context).candidates

    # helpers --------------------------------------------------------------------------------------------------
    @staticmethod
    def _context_default(kind: str, thickness_m: float | None, context: Mapping[str, str] | None
                         ) -> tuple[str | None, float, str]:
        if thickness_m is not None and 0 < thickness_m <= 0.003:
            return "membrane", 0.3, f"placeholder name, layer {thickness_m * 1000:.1f} mm thin: assumed a membrane"
        if context and kind in context:
            return context[kind], 0.4, f"placeholder name: dominant material of the model's {kind} elements"
        if kind in _KIND_DEFAULT:
            if context and context.get("*") and kind in ("beam", "column", "member"):
                return context["*"], 0.35, f"placeholder name: dominant structural material of the model for a {kind}"
            return _KIND_DEFAULT[kind], 0.3, f"placeholder name: assumed {_KIND_DEFAULT[kind]} for a {kind} (confirm)"
        return None, 0.0, ""


def _method_of(reason: str) -> str:
    for key, method in (("project mapping", "mapping"), ("keyword", "keyword"), ("fuzzy", "fuzzy"),
                        ("density", "density"), ("placeholder", "context"), ("element is a", "context")):
        if reason.startswith(key) or key in reason.split(";")[0]:
            return method
    return "keyword"


def _insulation_by_density(rho: float | None, lam: float | None) -> tuple[str, str]:
    if rho is not None and rho > 0:
        if rho <= 25:
            return "eps", f"density {rho:g} kg/m3 (<= 25: EPS)"
        if rho <= 45 and (lam is None or lam <= 0.036):
            return "xps", f"density {rho:g} kg/m3 (25-45: XPS)"
        if rho > 200:
            return "wood_fibre_insulation", f"density {rho:g} kg/m3 (> 200: wood-fibre board)"
        return "mineral_wool", f"density {rho:g} kg/m3 (45-200: mineral wool)"
    return "mineral_wool", "no density: mineral wool is the likeliest type (candidate only; GB/T 51366 lists rock wool)"


def _by_density(rho: float | None, lam: float | None) -> tuple[str, float, str] | None:
    """Category from density (kg/m3) and conductivity (W/mK) when the name says nothing."""
    if rho is None or rho <= 0:
        return None
    why = f"density {rho:g} kg/m3" + (f" and conductivity {lam:g} W/mK" if lam else "")
    ins = lam is None or lam <= 0.07
    if rho <= 5:
        return "air", 0.45, why + ": air layer"
    if rho <= 25 and ins:
        return "eps", 0.4, why + ": light insulation (EPS)"
    if rho <= 200 and ins:
        return "mineral_wool", 0.4, why + ": insulation (mineral wool)"
    if rho <= 350 and (lam is None or lam <= 0.11):
        return "wood_fibre_insulation", 0.35, why + ": wood-fibre board"
    if rho <= 800:
        if lam is not None and lam > 0.2:
            return "aac", 0.35, why + ": aerated concrete"
        return "timber", 0.35, why + ": timber"
    if rho <= 1000:
        return "gypsum_board", 0.35, why + ": gypsum board"
    if rho <= 1450:
        return "plaster", 0.35, why + ": plaster"
    if rho <= 1950:
        if lam is not None and lam <= 1.1:
            return "brick", 0.35, why + ": brick masonry"
        return "render", 0.35, why + ": render / mortar"
    if rho <= 2150:
        return "screed", 0.35, why + ": screed"
    if rho <= 2600:
        return "concrete", 0.4, why + ": concrete"
    if rho <= 3000:
        return "stone", 0.35, why + ": stone"
    if 6500 <= rho <= 8100:
        return "steel", 0.4, why + ": steel"
    return None


_DEFAULT_MATCHER: MaterialMatcher | None = None


def match_material(name: str | None, element_kind: str | None = None, thickness_m: float | None = None,
                   density_kg_m3: float | None = None, **kwargs: Any) -> Match:
    """Match one material with the default library (GB/T 51366 -> ICE v3 -> KBOB) and no project mapping."""
    global _DEFAULT_MATCHER
    if _DEFAULT_MATCHER is None:
        _DEFAULT_MATCHER = MaterialMatcher()
    return _DEFAULT_MATCHER.match(name, element_kind, thickness_m, density_kg_m3, **kwargs)
