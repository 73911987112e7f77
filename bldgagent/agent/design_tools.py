"""Handlers of the design tools: ``list_design_options``, ``apply_changes``, ``propose_changes``, and
``explain``'s handler. The design and propose layers are optional in a build: when their module is missing the
tool answers with a :class:`NotAvailableError` result instead of failing."""
from __future__ import annotations

import importlib
from typing import Any

from .digest import rounded
from .explain import explain_figure
from .handlers import assess_options
from .safety import NotAvailableError, WorkspaceError
from .session import Session


def _optional(module: str, name: str):
    """``module.name`` if this build has it, else :class:`NotAvailableError`."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise NotAvailableError(f"{name} is not available in this build ({module}.{name} is missing)",
                                "use inspect_model, assess and compare; design tools come with bldgagent's design "
                                "module") from None


def list_design_options(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """The changes a model admits (:func:`bldgagent.design.design_options`)."""
    design_options = _optional("bldgagent.design", "design_options")
    options = design_options(session.building(args["path"]))
    return {"model": args["path"], "options": rounded(options)}


def apply_changes(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Write a new IFC with ``changes`` applied (:func:`bldgagent.design.write_ifc`), never over a file."""
    source = session.workspace.model(args["path"])
    out = session.workspace.output(args["out"])
    write_ifc = _optional("bldgagent.design", "write_ifc")
    changes = {c["option"]: c["value"] for c in args["changes"]}
    written = write_ifc(str(source), changes, str(out))
    if not out.is_file():
        raise WorkspaceError(f"apply_changes: {args['out']!r} was not written", "check the changes and try again")
    return {"model": args["path"], "written": session.workspace.relative(out), "changes": args["changes"],
            "report": rounded(written) if isinstance(written, (dict, list)) else None}


def propose_changes(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Ranked change proposals towards an objective (:func:`bldgagent.propose`)."""
    propose = _optional("bldgagent", "propose")
    building = session.building(args["path"])
    result = propose(building, session.weather(args.get("climate")), objectives=_OBJECTIVES[args["objective"]],
                     top=args["n_proposals"], seed=0)
    data = result.to_dict()
    for p in data.get("proposals", []):   # the form apply_changes takes: a list of {option, value}
        p["apply_changes_input"] = [{"option": k, "value": v} for k, v in p.get("changes", {}).items()]
    return {"model": args["path"], "objective": args["objective"], "proposals": rounded(data)}


#: The tool's objective -> bldgagent.propose objectives (the first ranks; health is always kept as the second).
_OBJECTIVES = {"whole_life_carbon": ["whole_life", "health"], "embodied_carbon": ["upfront", "health"],
               "energy": ["energy", "health"], "health": ["health", "whole_life"]}


def explain(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Value, method, inputs and sources of one figure of the model's assessment (same settings as ``assess``)."""
    opts = assess_options(args, health=args["health"])
    full = session.view("full-dict", args["path"], opts, lambda a: a.to_dict())
    return {"model": args["path"], **explain_figure(full, args["figure"])}
