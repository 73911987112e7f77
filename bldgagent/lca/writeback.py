"""Write per-element carbon results into a new IFC file as a property set.

The only module of ``bldgagent.lca`` that imports ifcopenshell (it writes IFC). Elements are found by GlobalId; each
gets ``Pset_bldgagent_Carbon`` with A1-A3, A1-A5, B4, C (C2-C4) and total embodied kgCO2e, biogenic CO2 stored, the
factor ids and the lowest match confidence. The source file is never overwritten.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputFileError, IfcReadError

if TYPE_CHECKING:  # pragma: no cover
    from .results import CarbonResult

PSET_NAME = "Pset_bldgagent_Carbon"


def element_results(result: "CarbonResult") -> dict[str, dict[str, object]]:
    """Per element GlobalId: the values written to the property set."""
    lines = result.lines[result.lines["a1a3"].notna()]
    out: dict[str, dict[str, object]] = {}
    for gid, g in lines.groupby("element_id"):
        s = lambda c: float(np.nansum(g[c].to_numpy(float)))  # noqa: E731
        a1a3, a4, a5, b4 = s("a1a3"), s("a4"), s("a5_waste"), s("b4")
        c = s("c2") + s("c3") + s("c4")
        out[str(gid)] = {
            "A1A3_kgCO2e": a1a3, "A1A5_kgCO2e": a1a3 + a4 + a5, "B4_kgCO2e": b4, "C2C4_kgCO2e": c,
            "Total_kgCO2e": a1a3 + a4 + a5 + b4 + c, "BiogenicStored_kgCO2": s("biogenic_kgco2"),
            "FactorIds": ";".join(sorted(set(g["factor_id"].astype(str)))),
            "MatchConfidence": float(g["confidence"].min()), "StudyPeriod_years": int(result.period_years),
            "FactorSets": ";".join(result.factor_sets),
        }
    return out


def write_carbon_pset(result: "CarbonResult", source_path: str | Path, out_path: str | Path | None = None,
                      pset_name: str = PSET_NAME) -> Path:
    """Copy ``source_path`` to ``out_path`` (default ``<stem>_carbon.ifc`` next to it) with the carbon pset added.

    Raises :class:`~bldgagent.errors.InputFileError` when ``out_path`` is the source file, and
    :class:`~bldgagent.errors.IfcReadError` when the source cannot be opened. Returns the path written.
    """
    import ifcopenshell
    import ifcopenshell.api

    src = Path(source_path)
    if not src.exists():
        raise InputFileError(f"IFC file {src} does not exist")
    dst = Path(out_path) if out_path is not None else src.with_name(src.stem + "_carbon.ifc")
    if dst.resolve() == src.resolve():
        raise InputFileError(f"refusing to overwrite the source model {src}: give write_carbon_pset a new out_path")
    try:
        model = ifcopenshell.open(str(src))
    except Exception as exc:  # ifcopenshell raises several types for unreadable files
        raise IfcReadError(f"cannot open IFC file {src}: {exc}") from exc
    values = element_results(result)
    missing = []
    for gid, props in values.items():
        try:
            entity = model.by_guid(gid)
        except RuntimeError:
            missing.append(gid)
            continue
        pset = ifcopenshell.api.run("pset.add_pset", model, product=entity, name=pset_name)
        ifcopenshell.api.run("pset.edit_pset", model, pset=pset, properties=props)
    if missing:
        result.diagnostics.add("warning", "writeback_missing", f"{len(missing)} element(s) not found by GlobalId in "
                               f"{src.name}: {', '.join(missing[:5])}")
    dst.parent.mkdir(parents=True, exist_ok=True)
    model.write(str(dst))
    return dst
