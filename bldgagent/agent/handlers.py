"""The handlers of the read-only tools: ``handler(session, arguments) -> dict`` (arguments already checked and
defaulted against the tool's input schema by :func:`bldgagent.agent.schemas.check_arguments`)."""
from __future__ import annotations

from typing import Any

from .digest import (assessment_summary, carbon_digest, compact_size, energy_digest, health_digest, rooms_table,
                     rounded)
from .safety import LimitError, ToolArgumentError
from .session import Session

#: Items kept of each list in an ``inspect_model`` answer (spaces, materials, storeys, diagnostics); the count of all
#: is given beside it, so the answer stays small on a 1 000-room model.
MAX_LIST_ITEMS = 40
#: Arguments of :func:`bldgagent.assess` a tool passes through (the rest are the tool's own: path, detail...).
ASSESS_KEYS = ("climate", "operation", "period_years", "grid", "n_draws")


def assess_options(args: dict[str, Any], health: bool) -> dict[str, Any]:
    """The :func:`bldgagent.assess` keywords of a call (with ``health`` set by the tool)."""
    out = {k: args.get(k) for k in ASSESS_KEYS}
    out["n_draws"] = int(out["n_draws"] or 0)
    out["operation"] = out["operation"] or "auto"
    out["health"] = health
    return out


def _full(session: Session, data: Any) -> Any:
    """A full result, refused when larger than the server's limit."""
    data = rounded(data)
    size = compact_size(data)
    if size > session.limits.max_result_bytes:
        raise LimitError(f"the full result is {size / 1e6:.1f} MB, above this server's limit of "
                         f"{session.limits.max_result_bytes / 1e6:g} MB",
                         "ask for detail='summary' or 'rooms', then explain a figure for its inputs and sources")
    return data


def _truncate_lists(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
            out[key] = value[:MAX_LIST_ITEMS]
            out[f"{key}_total"] = len(value)
        elif isinstance(value, dict) and len(value) > MAX_LIST_ITEMS:
            out[key] = dict(list(value.items())[:MAX_LIST_ITEMS])
            out[f"{key}_total"] = len(value)
        else:
            out[key] = value
    return out


def inspect_model(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """What the model holds: storeys, areas, envelope by orientation, materials, spaces, what it lacks."""
    from ..summary import building_summary

    building = session.building(args["path"])
    summary = building_summary(building, max_diagnostics=MAX_LIST_ITEMS)
    summary["source"] = session.workspace.relative(summary.get("source") or args["path"])
    return {"model": args["path"], **rounded(_truncate_lists(summary))}


def assess(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Energy, whole-life carbon and health in one run, at the detail asked for."""
    detail = args["detail"]

    def make(a):
        if detail == "full":
            return _full(session, a.to_dict())
        out = assessment_summary(a)
        if detail == "rooms":
            out["rooms"] = rooms_table(a.health)
        return out

    body = session.view(f"assess:{detail}", args["path"], assess_options(args, health=args["health"]), make)
    return {"model": args["path"], "detail": detail, **body}


def assess_carbon(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Whole-life carbon (EN 15978 modules, GB/T 51366 phases), B6 from the simulated energy."""
    def make(a):
        carbon = _full(session, a.carbon.to_dict()) if args["detail"] == "full" else carbon_digest(a.carbon)
        return {"settings": rounded(a.settings), "carbon": carbon}

    body = session.view(f"carbon:{args['detail']}", args["path"], assess_options(args, health=False), make,
                        reuse_fuller=True)
    return {"model": args["path"], "detail": args["detail"], **body}


def assess_energy(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Hourly simulation summed to annual and monthly energy."""
    def make(a):
        if args["detail"] == "full":
            energy = _full(session, a.energy.to_dict())
        else:
            energy = energy_digest(a.energy)
            energy["monthly"] = rounded(a.energy.to_dict().get("monthly"))
        return {"settings": rounded(a.settings), "energy": energy}

    body = session.view(f"energy:{args['detail']}", args["path"], assess_options(args, health=False), make,
                        reuse_fuller=True)
    return {"model": args["path"], "detail": args["detail"], **body}


def assess_health(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Room-by-room health scores and overheating risk."""
    def make(a):
        if args["detail"] == "full":
            health = _full(session, a.health.to_dict())
        else:
            health = health_digest(a.health)
            if args["detail"] == "rooms":
                health["rooms"] = rooms_table(a.health)
        return {"settings": rounded(a.settings), "health": health}

    body = session.view(f"health:{args['detail']}", args["path"], assess_options(args, health=True), make)
    return {"model": args["path"], "detail": args["detail"], **body}


def list_climates(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """The packaged places (synthetic years from climate normals), optionally of one country or climate zone."""
    from ..climate.normals import list_places

    table = list_places()
    for column, key in (("country", "country"), ("climate_zone", "climate_zone")):
        if args.get(key):
            table = table[table[column].astype(str).str.lower() == args[key].strip().lower()]
    cols = ["place", "name_zh", "country", "climate_zone", "lat", "lon", "elevation_m", "t_mean_c", "ghi_kwh_m2",
            "dataset"]
    places = rounded(table[cols].to_dict("records"))
    return {"count": len(places), "places": places,
            "note": "pass a place name as climate=..., or the path of an .epw file inside the workspace"}


def compare(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """Deltas b - a of two models assessed with the same settings."""
    from ..comparison import compare as compare_results

    if args["path_a"] == args["path_b"]:
        raise ToolArgumentError("compare: path_a and path_b are the same file", "give two different models")
    opts = assess_options(args, health=args["health"])
    a = session.assessment(args["path_a"], opts, "path_a")
    b = session.assessment(args["path_b"], opts, "path_b")
    result = compare_results(a, b)
    rows = result.to_frame()
    if args.get("metrics"):
        wanted = set(args["metrics"])
        rows = rows[rows["metric"].isin(wanted)]
    return {"a": args["path_a"], "b": args["path_b"], "notes": list(result.notes),
            "deltas": rounded(rows.to_dict("records"))}
