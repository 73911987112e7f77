"""The search space: the building's design options as mixed variables (a number within bounds, or a choice).

Every choice option gets the extra value ``"keep"`` (leave the model as it is), so a proposal lists only the
options it changes; continuous options are searched within their bounds (docs/design-json.md) and, when ``options``
gives ``[low, high]`` for one, within that narrower range.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..errors import DesignOptionError

KEEP = "keep"
#: Options left out of the default search (name them in ``options=`` to search them): in the engines infiltration is
#: part of the rooms' fresh air, so a tighter envelope without added ventilation lowers the air score (measured on the
#: sample building in Harbin: room air scores 67 -> 0 at low infiltration).
#: The per-orientation shading and the window-operation options (design issue 13) are searched when named, so the
#: default search space stays the one its budgets were tuned on.
NOT_BY_DEFAULT = ("infiltration_ach", "night_ventilation", "openable_fraction",
                  *(f"{p}_{o}" for p in ("shading_overhang_depth_m", "shading_fin_depth_m", "shading_factor")
                    for o in "NESW"))
#: Narrower default ranges of shading options: the surrogate's comfort figures miss how much shading lowers the health
#: engine's thermal scores in heated rooms (measured, sample building in London: a 1.85 m overhang alone -14.7 points
#: in a living room, a shading factor of 0.91 alone -3.2), so the default search stays near what the physics accepts;
#: widen them through ``options={"shading_overhang_depth_m": [0, 2]}``.
DEFAULT_RANGES = {"shading_overhang_depth_m": (0.0, 0.5), "shading_factor": (0.8, 1.0)}


@dataclass(frozen=True)
class Variable:
    """One searched option: ``kind`` ``"continuous"`` (``bounds``) or ``"choice"`` (``choices``, KEEP first)."""

    id: str
    kind: str
    bounds: tuple[float, float] | None
    choices: tuple[str, ...] | None
    current: Any
    label: str


def search_space(building, options: Iterable[str] | Mapping[str, Any] | None = None) -> list[Variable]:
    """The variables of ``building``'s applicable design options, all of them or those named in ``options`` (a list
    of option ids, or a dict id -> ``[low, high]`` for a narrower continuous range / a list of choices / None)."""
    from ..design import design_options

    offered = {o.id: o for o in design_options(building)}
    if options is None:
        wanted: dict[str, Any] = {k: None for k in offered if k not in NOT_BY_DEFAULT}
    elif isinstance(options, Mapping):
        wanted = dict(options)
    elif isinstance(options, (str, bytes)):
        raise DesignOptionError(f"propose(options={options!r}): give a list of option ids, not one string")
    else:
        wanted = {k: None for k in options}
    unknown = sorted(set(wanted) - set(offered))
    if unknown:
        raise DesignOptionError(f"propose(options=...): option(s) {unknown} do not apply to "
                                f"{building.source_path or building.name}; applicable: {', '.join(sorted(offered))}")
    if not wanted:
        raise DesignOptionError("propose(options=...): name at least one design option to search")
    return [_variable(offered[k], wanted[k]) for k in offered if k in wanted]


#: Default search range of a window-to-wall ratio, as factors of its current value: a proposal changes facade
#: proportions by at most a quarter unless ``options`` widens it (larger ratios soon outgrow their walls).
WWR_FACTORS = (0.75, 1.25)


def _variable(o, narrow: Any) -> Variable:
    if o.kind == "continuous":
        lo, hi = o.bounds
        if o.id.startswith("wwr_") and o.current and narrow is None:
            lo, hi = max(lo, o.current * WWR_FACTORS[0]), min(hi, o.current * WWR_FACTORS[1])
        if o.id in DEFAULT_RANGES and narrow is None:
            lo, hi = max(lo, DEFAULT_RANGES[o.id][0]), min(hi, DEFAULT_RANGES[o.id][1])
        if lo > hi:   # the current value lies far outside the option's bounds (e.g. a window-to-wall ratio over 1
            lo, hi = o.bounds    # read from a model whose windows exceed their walls): search the option's own bounds
        if narrow is not None:
            try:
                a, b = (float(x) for x in narrow)
            except (TypeError, ValueError):
                raise DesignOptionError(f"propose(options): {o.id!r} takes [low, high] in {o.unit}, got {narrow!r}") \
                    from None
            if not lo <= a < b <= hi:
                raise DesignOptionError(f"propose(options): {o.id!r} range {[a, b]} must lie within its bounds "
                                        f"[{lo}, {hi}] {o.unit} with low < high")
            lo, hi = a, b
        return Variable(o.id, "continuous", (float(lo), float(hi)), None, o.current, o.label)
    choices = tuple(o.choices)
    if narrow is not None:
        bad = sorted(set(narrow) - set(choices))
        if bad or not narrow:
            raise DesignOptionError(f"propose(options): {o.id!r} choices {bad or narrow!r} are not among "
                                    f"{', '.join(choices)}")
        choices = tuple(c for c in choices if c in set(narrow))
    return Variable(o.id, "choice", None, (KEEP,) + tuple(c for c in choices if c != o.current), o.current, o.label)


def pymoo_vars(space: list[Variable]) -> dict[str, Any]:
    """The pymoo variables (``Real`` / ``Choice``) of ``space``, keyed by option id."""
    from pymoo.core.variable import Choice, Real

    return {v.id: (Real(bounds=v.bounds) if v.kind == "continuous" else Choice(options=list(v.choices)))
            for v in space}


def decode(space: list[Variable], x: Mapping[str, Any]) -> dict[str, Any]:
    """A change set from one pymoo solution (KEEP values and unchanged choices dropped; numbers as floats rounded to
    4 decimals, the precision the design space writes; a number that rounds to the model's own value is no change
    and is dropped too, so a proposal never lists "0.25 -> 0.25")."""
    out: dict[str, Any] = {}
    for v in space:
        val = x[v.id]
        if v.kind == "continuous":
            out[v.id] = round(float(val), 4)
        elif val != KEEP:
            out[v.id] = str(val)
    return _drop_unchanged(space, repair_daylight(space, out))


def _drop_unchanged(space: list[Variable], changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` without the continuous values equal, at 4 decimals, to the model's current value."""
    current = {v.id: v.current for v in space if v.kind == "continuous" and isinstance(v.current, (int, float))}
    return {k: val for k, val in changes.items()
            if not (k in current and isinstance(val, float) and val == round(float(current[k]), 4))}


def describe(changes: Mapping[str, Any], space_or_building) -> list[str]:
    """The change set in plain words, one line per option (label: current -> new value)."""
    from ..design import design_options

    opts = {o.id: o for o in design_options(space_or_building)}
    lines = []
    for k, v in changes.items():
        o = opts.get(k)
        if o is None:
            lines.append(f"{k}: {v}")
            continue
        unit = "" if o.unit in (None, "1") else f" {o.unit}"
        cur = "engine default" if o.current is None else f"{o.current}{unit}"
        lines.append(f"{o.label}: {cur} -> {v}{unit}")
    return lines



def repair_daylight(space: list[Variable], changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with no orientation losing daylight-transmitting glazing: window-to-wall ratio x visible
    transmittance of the glazing type (data/design/glazing.csv) stays at least the model's (the average daylight
    factor is proportional to glazed area times transmittance, BRE BR 209:2011 Appendix C), the search's guard for
    the EN 17037 constraint. A darker glazing raises the ratio to compensate, within the searched range; where
    it cannot, the glazing is kept and the ratio is not lowered."""
    from ..design.catalogue import glazing_choices

    vt = {k: float(v["visible_transmittance"]) for k, v in glazing_choices().items()}
    var = {v.id: v for v in space}
    out = dict(changes)
    for o in "NESW":
        w, g = var.get(f"wwr_{o}"), var.get(f"glazing_type_{o}")
        w0 = w.current if w is not None and w.current else None
        g0 = g.current if g is not None else None
        g1 = out.get(f"glazing_type_{o}", g0)
        t = vt[g1] / vt[g0] if g0 in vt and g1 in vt else 1.0
        if w0 is None:
            if t < 1.0:
                out.pop(f"glazing_type_{o}", None)
            continue
        w1 = float(out.get(f"wwr_{o}", w0))
        if w1 * t >= w0 - 1e-9:
            continue
        need = w0 / t
        if need <= w.bounds[1] + 1e-9:
            out[f"wwr_{o}"] = round(min(need + 5e-5, w.bounds[1]), 4)
        else:
            out.pop(f"glazing_type_{o}", None)
            out[f"wwr_{o}"] = round(max(w1, w0), 4)
    return out
