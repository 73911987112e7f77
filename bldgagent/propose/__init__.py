"""Proposals: lower-carbon design changes that keep every room healthy, verified by physics (issue 15).

    import bldgagent
    p = bldgagent.propose(building, "haikou", budget=64, top=3)    # a Proposals result
    p.to_dict()["proposals"][0]["changes"]                          # the best change set (design option ids)
    p.to_frame(); p.abatement_frame(); p.plot("tradeoff")
    bldgagent.write_ifc("model.ifc", p.best()["changes"], "model-v2.ifc")

The search (:mod:`.search`) runs on estimates (:mod:`.estimate`: the surrogate for the hourly physics, the exact
carbon engine for the materials); every returned proposal is re-run with the physics and checked room by room
(:mod:`.verify`); a rejected change set is repaired (:mod:`.repair`); :mod:`.run` ties them together. JSON
contract: docs/propose-json.md.
This module stays light: the work is imported when :func:`propose` runs.
"""
from __future__ import annotations

import sys
import types
from typing import Any

__all__ = ["propose", "report_frames", "Proposals", "OBJECTIVES"]


def propose(building, climate=None, **kwargs: Any):
    """See :func:`bldgagent.propose.run.propose` (keyword arguments: objectives, constraints, options, budget,
    seed, top, verify_extra, refine_budget, repair_budget, surrogate, n_draws, progress)."""
    from .run import propose as _propose

    return _propose(building, climate, **kwargs)


def report_frames(assessment, **kwargs: Any):
    """The proposals section of ``bldgagent report --proposals``: :func:`propose` for the assessed building in its
    weather (keyword arguments as :func:`propose`), as the report's plain frames (``tradeoff``, ``abatement``)."""
    return propose(assessment.building, assessment.energy.weather, **kwargs).report_frames()


def __getattr__(name: str):
    if name == "Proposals":
        from .result import Proposals
        return Proposals
    if name == "OBJECTIVES":
        from .search import OBJECTIVES
        return OBJECTIVES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallablePackage(types.ModuleType):
    """``bldgagent.propose`` is both this package and the function: once the package is imported it is the
    attribute ``bldgagent.propose``, so the package itself calls :func:`propose`."""

    def __call__(self, building, climate=None, **kwargs: Any):
        return propose(building, climate, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
