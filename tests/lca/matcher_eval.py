"""Evaluate the material matcher on ``material_names_eval.csv`` (tuning and untouched test parts).

The split is fixed by the name's SHA-1 (``int(sha1(name), 16) % 10 < 4`` -> test, 40 %); it was written into the CSV
before any tuning. Only tuning-part misses may be printed while developing (``python tests/lca/matcher_eval.py``);
the test part is reported as accuracy per language only. A third part, ``holdout``, holds real IfcMaterial names from
public IFC files collected after tuning and labelled before the matcher saw them; it is never tuned on (its misses
are printed for the record, not for fixing).
"""
from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path

from bldgagent.lca import MaterialMatcher

EVAL_CSV = Path(__file__).with_name("material_names_eval.csv")


def split_of(name: str) -> str:
    """'test' for 40 % of names by SHA-1 of the UTF-8 name, else 'tune'."""
    return "test" if int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 10 < 4 else "tune"


def rows() -> list[dict[str, str]]:
    with EVAL_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def predicted(matcher: MaterialMatcher, row: dict[str, str]) -> str:
    """The category the matcher reports, ``unknown`` when it places the name nowhere."""
    m = matcher.match(row["name"], row["element_kind"] or None)
    return m.category or "unknown"


def evaluate(split: str, matcher: MaterialMatcher | None = None) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(language -> (correct, total), misses) for one split; ``misses`` only for the tuning split."""
    matcher = matcher or MaterialMatcher()
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for r in rows():
        if r["split"] != split:
            continue
        got = predicted(matcher, r)
        ok = got == r["expected_category"]
        score[r["language"]][0] += ok
        score[r["language"]][1] += 1
        if not ok and split in ("tune", "holdout", "holdout2", "holdout3", "holdout4"):
            misses.append(f"{r['name']!r} ({r['language']}): expected {r['expected_category']}, got {got}")
    return {k: (v[0], v[1]) for k, v in sorted(score.items())}, misses


if __name__ == "__main__":  # pragma: no cover
    import sys
    split = sys.argv[1] if len(sys.argv) > 1 else "tune"
    by_lang, misses = evaluate(split)
    c = sum(v[0] for v in by_lang.values())
    n = sum(v[1] for v in by_lang.values())
    print(f"{split}: {c}/{n} = {100 * c / n:.1f} %")
    for lang, (a, b) in by_lang.items():
        print(f"  {lang}: {a}/{b} = {100 * a / b:.0f} %")
    print("\n".join(misses))
