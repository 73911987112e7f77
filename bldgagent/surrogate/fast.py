"""Features of many design variants of one building without re-zoning it: the baseline's zones are built once,
and each design change updates the features it touches analytically (one batched frame, one forward pass).

The design changes of :data:`~.data.CHANGE_RANGES` are forced on every window / wall / roof / zone by
:func:`~.data.changes_to_options`, so each feature they touch is either replaced or affine in the change
(a + b x per zone; a holds what the change does not reach, e.g. doors keep their own absorptance), with a and b
taken from two zonings (the reference changes and a second set with every affine lever halved):

- ``infiltration_ach``, ``heat_recovery``: replaced by the change's value;
- ``ua_win_w_k_m2`` = sum(A_win U) / A_floor: affine in the forced window U;
- ``win_g_area_m2_m2``, ``win_solar_kwh_m2``, ``win_solar_warm_kwh_m2`` = sum(A (1 - f_frame) g F_sh [I]) /
  A_floor: affine in g x shading factor;
- ``opaque_solar_w_k_kwh_m2`` = sum(U A alpha F_sh I) / A_floor: affine in the walls' and roof's alpha;
- the building context (``bldg_*``, floor-area weighted means), the derived proxies
  (:func:`~.features.add_derived`) and the schema-3 ISO 13790 estimate and neighbour features
  (:func:`~.estimate.add_schema3`, from the monthly ``aux_`` columns, affine like their annual sums) are recomputed
  from those.

:func:`variant_features` of :mod:`.data` (full re-zoning) stays the reference: the fast frame equals it (tested to
1e-9 relative); changes outside :data:`~.data.CHANGE_RANGES` go through it.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputValueError
from .estimate import COLUMNS as SCHEMA3, add_schema3
from .features import CONTEXT, OPQ_SOL, WIN_SOL, add_derived

#: Feature -> the change key(s) whose product it is affine in (the monthly ``aux_`` inputs of the ISO 13790
#: estimate too: window solar in g x shading, opaque solar in alpha, the sky loss in the window U).
AFFINE: dict[str, tuple[str, ...]] = {
    "ua_win_w_k_m2": ("window_u_w_m2k",),
    "win_g_area_m2_m2": ("window_g", "window_shading"),
    "win_solar_kwh_m2": ("window_g", "window_shading"),
    "win_solar_warm_kwh_m2": ("window_g", "window_shading"),
    "opaque_solar_w_k_kwh_m2": ("solar_absorptance",),
    "aux_sky_loss_w_m2": ("window_u_w_m2k",),
    **{c: ("window_g", "window_shading") for c in WIN_SOL},
    **{c: ("solar_absorptance",) for c in OPQ_SOL},
}
REPLACED = {"infiltration_ach": "infiltration_ach", "heat_recovery": "heat_recovery"}
DERIVED = ("h_air_w_k_m2", "h_total_w_k_m2", "loss_heating_kwh_m2", "loss_cooling_kwh_m2", "gains_kwh_m2",
           "gains_warm_kwh_m2", "gain_loss_ratio")


class VariantFeaturizer:
    """Zones and features of ``building`` in ``weather`` built once (under ``reference`` changes, default the
    middle of :data:`~.data.CHANGE_RANGES`); :meth:`frame` gives the rows of many change sets at once."""

    def __init__(self, building, weather, reference: dict[str, float] | None = None, mixed: bool | None = None):
        from .data import CHANGE_RANGES, changes_to_options, variant_features

        self.keys = tuple(CHANGE_RANGES)
        self.reference = reference or {k: 0.5 * (lo + hi) for k, (lo, hi) in CHANGE_RANGES.items()}
        for k in self.keys:
            if k not in self.reference or not np.isfinite(self.reference[k]) or (
                    k not in REPLACED and self.reference[k] == 0):
                raise InputValueError(f"VariantFeaturizer: reference change {k!r} must be a finite non-zero number")
        base = variant_features(building, weather, changes_to_options(self.reference), mixed)
        half = {k: (x if k in REPLACED or k == "window_shading" else 0.5 * x) for k, x in self.reference.items()}
        other = variant_features(building, weather, changes_to_options(half), mixed)
        # the neighbours' conductances: partitions and floors are not changed by these levers
        self.coupling = np.asarray(base.attrs["coupling"], dtype=float).reshape(len(base), len(base))
        self.base = base.drop(columns=[c for c in DERIVED + SCHEMA3 if c in base.columns])
        self.area = self.base["floor_area_m2"].to_numpy(dtype=float)
        self.affine: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for feat, keys in AFFINE.items():
            x1 = float(np.prod([self.reference[k] for k in keys]))
            x2 = float(np.prod([half[k] for k in keys]))
            f1, f2 = base[feat].to_numpy(dtype=float), other[feat].to_numpy(dtype=float)
            slope = (f1 - f2) / (x1 - x2)
            self.affine[feat] = (f1 - slope * x1, slope)

    def frame(self, changes: list[dict[str, float]], start_id: int = 0) -> pd.DataFrame:
        """Feature rows of every change set (zones of variant i consecutive, ``case_id`` = start_id + i)."""
        if not changes:
            raise InputValueError("VariantFeaturizer.frame: no change sets given")
        missing = sorted({k for ch in changes for k in self.keys if k not in ch})
        if missing:
            raise InputValueError(f"VariantFeaturizer.frame: change sets lack {missing}; give every key of "
                                  "bldgagent.surrogate.data.CHANGE_RANGES")
        v = np.array([[float(ch[k]) for k in self.keys] for ch in changes])        # (N, K)
        col = {k: i for i, k in enumerate(self.keys)}
        n, z = len(changes), len(self.base)
        out = {c: np.tile(self.base[c].to_numpy(), n) for c in self.base.columns}
        for feat, keys in AFFINE.items():
            x = np.prod([v[:, col[k]] for k in keys], axis=0)                      # (N,)
            a, b = self.affine[feat]
            out[feat] = (a[None, :] + x[:, None] * b[None, :]).ravel()
        for feat, key in REPLACED.items():
            out[feat] = np.repeat(v[:, col[key]], z)
        w = self.area / self.area.sum()
        for k in CONTEXT:
            out[f"bldg_{k}"] = np.repeat(out[k].reshape(n, z) @ w, z)
        frame = pd.DataFrame(out)
        frame.insert(0, "case_id", np.repeat(np.arange(start_id, start_id + n), z))
        return add_schema3(add_derived(frame), self.coupling)


def predict_variants(model, building, weather, changes: list[dict[str, float]], featurizer: Any = None):
    """Building figures of every change set in one forward pass: ``(case ids, Prediction)`` (see
    :func:`~.ensemble.building_prediction`). Pass a :class:`VariantFeaturizer` to reuse its zones."""
    from .ensemble import building_prediction

    fz = featurizer or VariantFeaturizer(building, weather)
    rows = fz.frame(changes)
    return building_prediction(model, rows[model.meta["features"]], rows["case_id"].to_numpy(),
                               rows["floor_area_m2"].to_numpy())
