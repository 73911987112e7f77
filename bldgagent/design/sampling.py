"""Space-filling samples of the design space (scipy.stats.qmc Sobol), for the surrogate and the optimiser."""
from __future__ import annotations

from typing import Any

from ..errors import DesignOptionError
from ..model import Building
from .options import design_options


def sample_changes(building: Building, n: int, seed: int = 0, option_ids: list[str] | None = None
                   ) -> list[dict[str, Any]]:
    """``n`` change dicts over the applicable options (or ``option_ids``), drawn from a scrambled Sobol sequence
    (scipy.stats.qmc): a continuous option maps its coordinate linearly onto its bounds, a choice picks
    ``choices[floor(u * len(choices))]``. Deterministic for a given ``seed``."""
    from scipy.stats import qmc

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DesignOptionError(f"sample_changes(n={n!r}): give a positive integer number of samples")
    opts = design_options(building)
    if option_ids is not None:
        known = {o.id for o in opts}
        unknown = sorted(set(option_ids) - known)
        if unknown:
            raise DesignOptionError(f"sample_changes: option(s) {unknown} do not apply; applicable: {sorted(known)}")
        opts = [o for o in opts if o.id in set(option_ids)]
    if not opts:
        return [{} for _ in range(n)]
    points = qmc.Sobol(d=len(opts), scramble=True, seed=seed).random(n)
    out = []
    for row in points:
        change: dict[str, Any] = {}
        for o, u in zip(opts, row):
            if o.kind == "continuous":
                lo, hi = o.bounds
                change[o.id] = float(lo + u * (hi - lo))
            else:
                change[o.id] = o.choices[min(int(u * len(o.choices)), len(o.choices) - 1)]
        out.append(change)
    return out
