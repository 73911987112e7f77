"""Space usage vocabulary: one normalised list of room uses and a classifier for IFC space names.

The IFC reader calls :func:`classify_usage` for every ``IfcSpace`` with its ``LongName``, ``Name`` and
``ObjectType`` (in that order of trust); the energy and health engines then look up profiles by the
returned category (see :func:`bldgagent.energy.profiles.usage_profile`).

Categories are listed in :data:`USAGE_CATEGORIES`. The keyword table lives in
``bldgagent/data/energy/usage_keywords.csv`` (columns ``keyword, category, language, match, priority,
source``): English, German, French and Chinese names as they appear in real models ("Wohnen",
"Schlafzimmer", "Living Room", "卧室", "Séjour"...). ``match`` is ``word`` (the keyword must stand as
a word, an optional plural ``s`` allowed) or ``sub`` (substring: German compounds such as
"Elternschlafzimmer", and Chinese, which has no word breaks).

Example
-------
>>> classify_usage("Schlafzimmer")
('residential_bedroom', 'Schlafzimmer')
>>> classify_usage("B204", "Bathroom 2")
('residential_bathroom', 'Bathroom 2')
>>> classify_usage("Room")
('unknown', None)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ._data import read_csv
from .errors import DataFileError, InputValueError

__all__ = [
    "CONTEXT_REMAP", "UsageCategory", "USAGE_CATEGORIES", "USAGES", "classify_usage", "keyword_table",
    "normalise_text", "usage_category", "ANCILLARY_USAGES", "UsageInference", "infer_unknown_usage",
]


@dataclass(frozen=True)
class UsageCategory:
    """One room-use category.

    ``profile_usage`` is the category whose standard profile applies when a standard has no row of
    its own (e.g. the residential standards give whole-dwelling values, so a bedroom uses the dwelling
    profile); ``conditioned`` says whether the room is normally heated/cooled.
    """

    name: str
    description: str
    conditioned: bool
    profile_usage: str


#: The normalised vocabulary. ``unknown`` is what :func:`classify_usage` returns when nothing matches.
USAGE_CATEGORIES: dict[str, UsageCategory] = {c.name: c for c in (
    UsageCategory("residential", "dwelling, room use not specified (whole flat or house)", True, "residential"),
    UsageCategory("residential_living", "living room, dining room, study/hobby room in a dwelling", True, "residential"),
    UsageCategory("residential_bedroom", "bedroom, children's room in a dwelling", True, "residential"),
    UsageCategory("residential_kitchen", "kitchen in a dwelling", True, "residential"),
    UsageCategory("residential_bathroom", "bathroom, shower, WC in a dwelling", True, "residential"),
    UsageCategory("office", "cellular or open-plan office", True, "office"),
    UsageCategory("meeting", "meeting / conference room", True, "meeting"),
    UsageCategory("classroom", "school classroom, lecture or seminar room", True, "classroom"),
    UsageCategory("retail", "shop, sales area", True, "retail"),
    UsageCategory("hotel_room", "hotel guest room", True, "hotel_room"),
    UsageCategory("hospital_ward", "hospital bed room / ward", True, "hospital_ward"),
    UsageCategory("hospital_treatment", "consulting, examination or treatment room", True, "hospital_treatment"),
    UsageCategory("restaurant", "restaurant, canteen, dining hall", True, "restaurant"),
    UsageCategory("lobby", "entrance hall, lobby, reception", True, "lobby"),
    UsageCategory("circulation", "corridor, hall, stair, lift lobby", True, "circulation"),
    UsageCategory("toilet", "WC / washroom in a non-residential building", True, "toilet"),
    UsageCategory("storage", "store room, archive, attic, cellar, utility room", False, "storage"),
    UsageCategory("technical", "plant room, electrical / server room, shafts", False, "technical"),
    UsageCategory("parking", "garage, car park", False, "parking"),
    UsageCategory("outdoor", "balcony, terrace, loggia, roof (not part of the conditioned volume)", False, "outdoor"),
    UsageCategory("unknown", "no keyword matched: the caller must choose a fallback and report it", True, "unknown"),
)}

#: Category names, in the order above.
USAGES: tuple[str, ...] = tuple(USAGE_CATEGORIES)

_MATCH_KINDS = ("word", "sub")


def usage_category(name: str) -> UsageCategory:
    """The :class:`UsageCategory` called ``name``; :class:`InputValueError` listing the valid names."""
    try:
        return USAGE_CATEGORIES[name]
    except KeyError:
        raise InputValueError(
            f"unknown usage category {name!r}; use one of {', '.join(USAGES)}"
        ) from None


def normalise_text(text: str) -> str:
    """Lower-case, Unicode-normalised text with accents folded and digits/punctuation turned to spaces.

    German umlauts are folded the way IFC exports spell them without umlauts ("Küche" and "Kueche" both
    give "kuche"/"kueche" so both spellings are in the keyword table); CJK characters are kept.
    """
    text = unicodedata.normalize("NFKC", str(text)).lower().replace("ß", "ss")
    # split camelCase / letter-digit joins common in exported names ("Bath9", "atticZone")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = re.sub(r"[^\w]+|[\d_]+", " ", text)
    return " ".join(text.split())


def _split_camel(text: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(text))


@lru_cache(maxsize=1)
def keyword_table() -> tuple[tuple[str, str, str, int, re.Pattern[str] | None], ...]:
    """The packaged keyword table as ``(keyword, category, match, priority, compiled)`` tuples, best first.

    Rows are sorted by priority (high first) then keyword length (long first), so "living room" wins
    over "room" and "Badezimmer" over "Bad".
    """
    frame = read_csv("energy/usage_keywords.csv", required=("keyword", "category", "language", "match",
                                                            "priority", "source"))
    rows = []
    for i, rec in enumerate(frame.itertuples(index=False), start=2):
        if rec.category not in USAGE_CATEGORIES or rec.category == "unknown":
            raise DataFileError(
                f"energy/usage_keywords.csv line {i}: category {rec.category!r} is not a usage category; "
                f"use one of {', '.join(USAGES)}"
            )
        if rec.match not in _MATCH_KINDS:
            raise DataFileError(f"energy/usage_keywords.csv line {i}: match must be 'word' or 'sub', "
                                f"got {rec.match!r}")
        key = normalise_text(rec.keyword)
        if not key:
            raise DataFileError(f"energy/usage_keywords.csv line {i}: empty keyword")
        pattern = re.compile(r"(?:^| )" + re.escape(key) + r"s?(?: |$)") if rec.match == "word" else None
        rows.append((key, rec.category, rec.match, int(rec.priority), pattern))
    rows.sort(key=lambda r: (-r[3], -len(r[0])))
    return tuple(rows)


def _classify_one(text: str) -> str | None:
    """Category of one text: the best keyword (priority, then length) decides; when that is a substring
    keyword inside a compound word, the keyword ending furthest right in that word wins, since the head
    of a German or Chinese compound comes last ("Kellerflur" is a corridor, "Flurlager" a store)."""
    norm = normalise_text(_split_camel(text))
    if not norm:
        return None
    for key, category, match, _priority, pattern in keyword_table():
        if match == "sub":
            if key in norm:
                return _compound_head(norm, key, category)
        elif pattern.search(norm):
            return category
    return None


def _compound_head(norm: str, key: str, category: str) -> str:
    """Among substring keywords in the word that contains ``key``, the category of the one ending last."""
    start = norm.index(key)
    word_start = norm.rfind(" ", 0, start) + 1
    word_end = norm.find(" ", start)
    word = norm[word_start:] if word_end < 0 else norm[word_start:word_end]
    best_end, best = start - word_start + len(key), category
    for other, other_category, match, _priority, _pattern in keyword_table():
        if match == "sub" and other in word:
            end = word.rindex(other) + len(other)
            if end > best_end:
                best_end, best = end, other_category
    return best


#: Remapping applied when the caller knows the building type (``context`` of :func:`classify_usage`):
#: a "Büro" or "Foyer" in a house is part of the dwelling; a "WC" or "卫生间" in an office block is a
#: public toilet.
CONTEXT_REMAP: dict[str, dict[str, str]] = {
    "residential": {
        "office": "residential_living",
        "meeting": "residential_living",
        "restaurant": "residential_living",
        "lobby": "circulation",
        "toilet": "residential_bathroom",
        "hotel_room": "residential_bedroom",
    },
    "non_residential": {
        "residential_bathroom": "toilet",
    },
}


def classify_usage(*texts: str | None, context: str | None = None) -> tuple[str, str | None]:
    """Usage category of a space from its names: ``(category, matched_text)``.

    Pass the texts most telling first (typically ``LongName``, ``Name``, ``ObjectType``); ``None`` and
    empty strings are skipped. The first text that matches a keyword decides. ``context`` is
    ``"residential"``, ``"non_residential"`` or None (no remapping): see :data:`CONTEXT_REMAP`.
    Returns ``("unknown", None)`` when no text matches: the caller should pick a fallback profile and
    report the space (:func:`bldgagent.energy.profiles.usage_profile` flags fallbacks).
    """
    if context is not None and context not in CONTEXT_REMAP:
        raise InputValueError(
            f"classify_usage: context must be None, 'residential' or 'non_residential', got {context!r}"
        )
    remap = CONTEXT_REMAP.get(context, {}) if context else {}
    for text in texts:
        if text is None:
            continue
        if not isinstance(text, str):
            text = str(text)
        if not text.strip():
            continue
        category = _classify_one(text)
        if category is not None:
            return remap.get(category, category), text
    return "unknown", None


#: Room uses that serve a building of any kind (corridors, WCs, stores, plant, parking, outdoor space): they do not
#: tell what an unnamed room is, so :func:`infer_unknown_usage` leaves them out of the dominant usage.
ANCILLARY_USAGES = frozenset({"circulation", "lobby", "toilet", "storage", "technical", "parking", "outdoor",
                              "residential_bathroom"})


@dataclass(frozen=True)
class UsageInference:
    """The usage given to rooms of unknown usage: ``usage`` (a category), ``basis`` (why, for diagnostics)."""

    usage: str
    basis: str

    def message(self) -> str:
        """Diagnostic text for one room of unknown usage."""
        return f"usage unknown: taken as '{self.usage}' ({self.basis})"


def infer_unknown_usage(spaces) -> UsageInference:
    """The usage of a building's rooms of unknown usage: its dominant usage, the profile usage
    (:attr:`UsageCategory.profile_usage`, so bedrooms and kitchens count as ``residential``) holding the largest
    net floor area among rooms of known, non-ancillary usage (:data:`ANCILLARY_USAGES`); ``residential`` when no
    such room is known. The one rule the energy zoning and the health engine both apply."""
    areas: dict[str, float] = {}
    for s in spaces:
        usage = getattr(s, "usage", None) or "unknown"
        if usage == "unknown" or usage in ANCILLARY_USAGES or usage not in USAGE_CATEGORIES:
            continue
        area = getattr(s, "net_floor_area_m2", None) or getattr(s, "gross_floor_area_m2", None) or 0.0
        key = USAGE_CATEGORIES[usage].profile_usage
        areas[key] = areas.get(key, 0.0) + float(area)
    if not areas or max(areas.values()) <= 0:
        return UsageInference("residential", "no room of known main usage: residential assumed")
    best = max(sorted(areas), key=lambda k: areas[k])
    total = sum(areas.values())
    return UsageInference(best, f"the building's dominant usage: {best} on {areas[best]:.0f} of {total:.0f} m2 of "
                                "rooms of known main usage")
