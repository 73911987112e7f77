"""A deep ensemble of small MLPs (torch, CPU): mean, spread, 90 % interval and an out-of-distribution flag.

Lakshminarayanan, Pritzel, Blundell, "Simple and scalable predictive uncertainty estimation using deep ensembles",
NeurIPS 2017: every member predicts a mean and a variance (Gaussian negative log-likelihood), members differ by
initialisation and a bootstrap weighting of the rows; the ensemble's variance is the members' mean variance plus
the variance of their means. All members run in one batched forward pass (weights stacked on a member axis).

Inputs are standardised; outputs of :data:`~.targets.LOG_TARGETS` are learnt as log(1 + y / c), c the training
mean (near-linear for small values, logarithmic for large), then standardised.
The 90 % interval is mean +/- 1.645 sigma with sigma scaled per output by a factor fitted on validation rows
(split by building and climate) so that 90 % of them fall inside (split-conformal style calibration, Angelopoulos
& Bates 2021). The OOD flag (Westermann & Evins, Energy and AI 3, 2021: defer to simulation when unsure) is set
when a feature lies outside the training range (by more than 5 % of it), the nearest training row in standardised
space is farther than the 99th percentile of validation rows' nearest distances, or the members disagree more than
on 99 % of validation rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputValueError
from .targets import LOG_TARGETS, TARGETS

#: Two-sided 90 % normal quantile.
Z90 = 1.6448536269514722
#: Training-range tolerance of the OOD flag, share of each feature's training range.
RANGE_TOLERANCE = 0.05
#: Training rows kept for the nearest-neighbour distance of the OOD flag.
KNN_REFERENCE_ROWS = 512
#: Principal components of the standardised inputs the nearest-neighbour distance is measured in (the features are
#: strongly correlated: monthly climate, areas and their products); keeps the OOD check cheap on large batches.
KNN_COMPONENTS = 16


@dataclass
class Prediction:
    """Predictions for n rows and the outputs ``names``: ``mean``/``std``/``lo90``/``hi90`` (n, T) in the outputs'
    units, ``members`` (M, n, T), ``ood`` (n,) bool and ``ood_reasons`` (one string per row, '' when in range)."""

    names: list[str]
    mean: np.ndarray
    std: np.ndarray
    lo90: np.ndarray
    hi90: np.ndarray
    members: np.ndarray
    ood: np.ndarray
    ood_reasons: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """One row per input row: ``<output>``, ``<output>_std``, ``_lo90``, ``_hi90``, ``ood``."""
        cols: dict[str, Any] = {}
        for j, n in enumerate(self.names):
            cols[n], cols[f"{n}_std"] = self.mean[:, j], self.std[:, j]
            cols[f"{n}_lo90"], cols[f"{n}_hi90"] = self.lo90[:, j], self.hi90[:, j]
        cols["ood"] = self.ood
        return pd.DataFrame(cols)


def _torch():
    import torch

    return torch


class _Net:
    """M stacked MLPs (d -> h -> h -> 2T) evaluated in one batched pass; parameters in a dict of tensors."""

    def __init__(self, d: int, t: int, members: int, hidden: int, seed: int):
        torch = _torch()
        g = torch.Generator().manual_seed(seed)
        shapes = [(d, hidden), (hidden, hidden), (hidden, 2 * t)]
        self.params: dict[str, Any] = {}
        for i, (a, b) in enumerate(shapes):
            bound = 1.0 / np.sqrt(a)
            self.params[f"w{i}"] = ((torch.rand(members, a, b, generator=g) * 2 - 1) * bound).requires_grad_()
            self.params[f"b{i}"] = ((torch.rand(members, 1, b, generator=g) * 2 - 1) * bound).requires_grad_()
        self.t = t

    def __call__(self, x):
        torch = _torch()
        p = self.params
        inplace = not torch.is_grad_enabled()            # inference: no copies of the (M, n, h) activations
        h = torch.nn.functional.silu(self._first(x), inplace=inplace)
        h = torch.nn.functional.silu(torch.baddbmm(p["b1"], h, p["w1"]), inplace=inplace)
        out = torch.baddbmm(p["b2"], h, p["w2"])
        return out[..., : self.t], out[..., self.t:].clamp(-9.0, 4.0)   # mean, log variance (standardised)

    def _first(self, x):
        """First layer's pre-activation. In inference on a large batch, inputs equal on every row (a design
        search's climate and the unchanged building context) are folded into the bias once: the same sums."""
        torch = _torch()
        p = self.params
        m = p["w0"].shape[0]
        if not torch.is_grad_enabled() and len(x) >= 256:
            const = x.amax(dim=0) == x.amin(dim=0)
            if int(const.sum()) >= 8:
                bias = p["b0"] + torch.matmul(x[:1, const], p["w0"][:, const, :])        # (M, 1, h)
                return torch.baddbmm(bias, x[:, ~const].unsqueeze(0).expand(m, -1, -1), p["w0"][:, ~const, :])
        return torch.baddbmm(p["b0"], x.unsqueeze(0).expand(m, -1, -1), p["w0"])


class EnsembleSurrogate:
    """scikit-learn-like: ``fit(X, Y)``, ``predict(X)``, ``get_params()``. ``X`` a DataFrame of feature columns,
    ``Y`` a DataFrame of :data:`~.targets.TARGETS` columns (NaN = unknown, ignored by the loss)."""

    def __init__(self, members: int = 5, hidden: int = 96, epochs: int = 300, lr: float = 3e-3,
                 weight_decay: float = 1e-5, batch_size: int = 256, seed: int = 0):
        if members < 1 or hidden < 1 or epochs < 1:
            raise InputValueError("EnsembleSurrogate: members, hidden and epochs must be positive")
        self.members, self.hidden, self.epochs, self.lr = members, hidden, epochs, lr
        self.weight_decay, self.batch_size, self.seed = weight_decay, batch_size, seed
        self.meta: dict[str, Any] = {}
        self.net: _Net | None = None

    def get_params(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("members", "hidden", "epochs", "lr", "weight_decay", "batch_size",
                                              "seed")}

    # --- transforms ------------------------------------------------------------------------------------
    def _x(self, X: pd.DataFrame) -> np.ndarray:
        names = self.meta["features"]
        missing = [n for n in names if n not in X.columns]
        if missing:
            raise InputValueError(f"surrogate input lacks feature(s) {missing[:5]}; build rows with "
                                  "bldgagent.surrogate.features.zone_features")
        x = X[names].to_numpy(dtype=float)
        return (x - np.asarray(self.meta["x_mean"])) / np.asarray(self.meta["x_std"])

    def _x32(self, X: pd.DataFrame) -> np.ndarray:
        """:meth:`_x` in float32 throughout (inference: the network runs in float32 anyway)."""
        names = self.meta["features"]
        if any(n not in X.columns for n in names):
            return self._x(X).astype(np.float32)           # raises the named error
        x = X[names].to_numpy(dtype=np.float32, copy=True)       # never a view of the caller's frame
        x -= np.asarray(self.meta["x_mean"], dtype=np.float32)
        x /= np.asarray(self.meta["x_std"], dtype=np.float32)
        return x

    def _y(self, Y: pd.DataFrame) -> np.ndarray:
        y = Y[self.meta["targets"]].to_numpy(dtype=float).copy()
        c = self.meta["y_scale"]
        for j, n in enumerate(self.meta["targets"]):
            if n in LOG_TARGETS:
                y[:, j] = np.log1p(np.clip(y[:, j], 0, None) / c[j])
        return (y - np.asarray(self.meta["y_mean"])) / np.asarray(self.meta["y_std"])

    def _inverse(self, z: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Standardised mean/std -> outputs' units (delta method for the log outputs)."""
        mu = z * np.asarray(self.meta["y_std"]) + np.asarray(self.meta["y_mean"])
        if "y_min" in self.meta:           # no extrapolation beyond half the training range on either side
            lo, hi = np.asarray(self.meta["y_min"]), np.asarray(self.meta["y_max"])
            mu = np.clip(mu, lo - 0.5 * (hi - lo), hi + 0.5 * (hi - lo))
        sd = s * np.asarray(self.meta["y_std"])
        for j, n in enumerate(self.meta["targets"]):
            if n in LOG_TARGETS:           # log-normal mean and sd of 1 + y/c (retransformation bias, capped)
                c = self.meta["y_scale"][j]
                var = np.minimum(sd[..., j] ** 2, 0.1)
                mean1 = np.exp(mu[..., j] + 0.5 * var)
                sd[..., j] = c * np.exp(mu[..., j]) * sd[..., j]
                mu[..., j] = c * (mean1 - 1.0)
        return mu, sd

    # --- fit ---------------------------------------------------------------------------------------------
    def fit(self, X: pd.DataFrame, Y: pd.DataFrame, X_val: pd.DataFrame | None = None,
            Y_val: pd.DataFrame | None = None, init: "EnsembleSurrogate | None" = None) -> "EnsembleSurrogate":
        """Train every member (best validation epoch kept when validation rows are given), then calibrate the
        intervals and the OOD thresholds on them. ``init``: a trained ensemble of the same members, hidden size and
        outputs to start from (warm start, :meth:`_warm`)."""
        targets = [c for c in TARGETS if c in Y.columns]
        x_raw = X.to_numpy(dtype=float)
        if not np.isfinite(x_raw).all():
            raise InputValueError("surrogate training features hold NaN or infinite values")
        self.meta = {"features": list(X.columns), "targets": targets,
                     "x_mean": x_raw.mean(axis=0).tolist(), "x_std": np.where(x_raw.std(axis=0) > 1e-12,
                                                                               x_raw.std(axis=0), 1.0).tolist(),
                     "x_min": x_raw.min(axis=0).tolist(), "x_max": x_raw.max(axis=0).tolist(),
                     "y_mean": [0.0] * len(targets), "y_std": [1.0] * len(targets),
                     "y_scale": [max(float(np.nanmean(Y[t].to_numpy(dtype=float))), 1e-6) for t in targets]}
        self._init = self._warm(init) if init is not None else None
        y0 = self._y(Y) * np.asarray(self.meta["y_std"]) + np.asarray(self.meta["y_mean"])     # learnt scale
        if init is None:
            self.meta["y_mean"] = np.nanmean(y0, axis=0).tolist()
            self.meta["y_std"] = np.where(np.nanstd(y0, axis=0) > 1e-12, np.nanstd(y0, axis=0), 1.0).tolist()
        self.meta["y_min"], self.meta["y_max"] = np.nanmin(y0, axis=0).tolist(), np.nanmax(y0, axis=0).tolist()
        self._train(self._x(X), self._y(Y), None if X_val is None else self._x(X_val),
                    None if Y_val is None else self._y(Y_val))
        self._init = None
        ref = self._x(X)
        rng = np.random.default_rng(self.seed)
        if len(ref) > KNN_REFERENCE_ROWS:
            ref = ref[rng.choice(len(ref), KNN_REFERENCE_ROWS, replace=False)]
        k = min(KNN_COMPONENTS, ref.shape[1], len(ref))
        self.knn_basis = np.linalg.svd(ref - ref.mean(axis=0), full_matrices=False)[2][:k].T.astype(np.float32)
        self.reference = (ref @ self.knn_basis).astype(np.float32)
        self._calibrate(X_val if X_val is not None else X, Y_val if Y_val is not None else Y)
        return self

    def _warm(self, init: "EnsembleSurrogate") -> dict[str, Any]:
        """Starting parameters from ``init`` (e.g. a model of an older engine or feature schema): the inputs it
        knows keep its normalisation and first-layer weights, new inputs start at weight 0 (so the start predicts
        what ``init`` predicts), the outputs keep its scaling; ``meta["warm_start"]`` records it."""
        if (init.net is None or init.members != self.members or init.hidden != self.hidden
                or list(init.meta["targets"]) != list(self.meta["targets"])):
            raise InputValueError("warm start: the initial model must be trained, with the same members, hidden "
                                  "size and outputs")
        torch = _torch()
        old = {n: i for i, n in enumerate(init.meta["features"])}
        for key in ("x_mean", "x_std"):
            self.meta[key] = [init.meta[key][old[n]] if n in old else v
                              for n, v in zip(self.meta["features"], self.meta[key])]
        for key in ("y_scale", "y_mean", "y_std"):
            self.meta[key] = list(init.meta[key])
        w0 = torch.zeros(self.members, len(self.meta["features"]), self.hidden)
        for j, n in enumerate(self.meta["features"]):
            if n in old:
                w0[:, j, :] = init.net.params["w0"].detach()[:, old[n], :]
        params = {k: v.detach().clone() for k, v in init.net.params.items()}
        params["w0"] = w0
        self.meta["warm_start"] = {"engine_version": getattr(init, "engine_version", None),
                                   "features_kept": sum(n in old for n in self.meta["features"]),
                                   "features_new": sum(n not in old for n in self.meta["features"])}
        return params

    def _train(self, x, y, xv, yv) -> None:
        torch = _torch()
        torch.manual_seed(self.seed)
        threads = torch.get_num_threads()
        torch.set_num_threads(1)          # small matrices: one thread is faster, and kind to a shared machine
        try:
            self._epochs(x, y, xv, yv)
        finally:
            torch.set_num_threads(threads)

    def _epochs(self, x, y, xv, yv) -> None:
        torch = _torch()
        self.net = _Net(x.shape[1], y.shape[1], self.members, self.hidden, self.seed)
        for k, v in (getattr(self, "_init", None) or {}).items():
            self.net.params[k] = v.clone().requires_grad_()
        params = list(self.net.params.values())
        opt = torch.optim.AdamW(params, lr=self.lr, weight_decay=self.weight_decay)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, self.epochs)
        xt, yt = torch.tensor(x, dtype=torch.float32), torch.tensor(np.nan_to_num(y), dtype=torch.float32)
        mt = torch.tensor(np.isfinite(y), dtype=torch.float32)
        gen = torch.Generator().manual_seed(self.seed + 1)
        boot = torch.distributions.Poisson(torch.ones(self.members, len(x))).sample()   # bootstrap weights
        best, best_state, warm = np.inf, None, max(1, self.epochs // 4)
        for epoch in range(self.epochs):
            for idx in torch.randperm(len(x), generator=gen).split(self.batch_size):
                mu, logv = self.net(xt[idx])
                w = boot[:, idx].unsqueeze(-1) * mt[idx].unsqueeze(0)
                err = (mu - yt[idx].unsqueeze(0)) ** 2
                loss_rows = err if epoch < warm else 0.5 * (logv + err / logv.exp())
                loss = (loss_rows * w).sum() / w.sum().clamp(min=1.0)
                opt.zero_grad()
                loss.backward()
                opt.step()
            sched.step()
            if xv is not None and (epoch >= warm and (epoch % 5 == 4 or epoch == self.epochs - 1)):
                score = self._val_loss(xv, yv)
                if score < best:
                    best, best_state = score, {k: v.detach().clone() for k, v in self.net.params.items()}
        if best_state is not None:
            for k, v in best_state.items():
                self.net.params[k].data.copy_(v)

    def _val_loss(self, xv, yv) -> float:
        torch = _torch()
        with torch.no_grad():
            mu, logv = self.net(torch.tensor(xv, dtype=torch.float32))
            m = np.isfinite(yv)
            y = torch.tensor(np.nan_to_num(yv), dtype=torch.float32)
            mask = torch.tensor(m, dtype=torch.float32)
            nll = 0.5 * (logv + (mu - y) ** 2 / logv.exp())
            return float((nll * mask).sum() / mask.sum() / self.members)

    # --- predict -----------------------------------------------------------------------------------------
    def _raw(self, X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Member means and standard deviations in the outputs' units (M, n, T), and standardised inputs."""
        torch = _torch()
        if self.net is None:
            raise InputValueError("the surrogate is not trained; call fit() or load a saved model")
        x = self._x32(X)
        with torch.no_grad():
            mu, logv = self.net(torch.from_numpy(x))
        m, s = self._inverse(mu.numpy().astype(float), np.exp(0.5 * logv.numpy().astype(float)))
        return m, s, x

    def predict(self, X: pd.DataFrame, ood: bool = True) -> Prediction:
        """Predictions with intervals and OOD flags for the feature rows ``X`` (one batched forward pass)."""
        m, s, x = self._raw(X)
        mean = m.mean(axis=0)
        std = np.sqrt(m.var(axis=0) + (s ** 2).mean(axis=0))
        scale = np.asarray(self.meta.get("interval_scale", [1.0] * len(self.meta["targets"])))
        lo, hi = mean - Z90 * scale * std, mean + Z90 * scale * std
        lo, mean = self._clip(lo), self._clip(mean)
        flags, reasons = self._ood(x, m) if ood else (np.zeros(len(x), bool), [""] * len(x))
        return Prediction(list(self.meta["targets"]), mean, std, lo, self._clip(hi), m, flags, reasons)

    def _clip(self, v: np.ndarray) -> np.ndarray:
        v = np.clip(v, 0.0, None)
        for j, n in enumerate(self.meta["targets"]):
            if n == "comfort_share":
                v[..., j] = np.clip(v[..., j], 0.0, 1.0)
        return v

    def _disagreement(self, x: np.ndarray, members: np.ndarray) -> np.ndarray:
        """Members' spread in standardised output units, worst output per row."""
        z = members.copy()
        for j, n in enumerate(self.meta["targets"]):
            if n in LOG_TARGETS:
                z[..., j] = np.log1p(np.clip(z[..., j], 0, None) / self.meta["y_scale"][j])
        return (z.std(axis=0) / np.asarray(self.meta["y_std"])).max(axis=1)

    def _nearest(self, x: np.ndarray) -> np.ndarray:
        """Distance to the nearest reference training row, in the principal components of ``knn_basis`` (models
        saved without one: in all standardised inputs)."""
        ref = self.reference
        basis = getattr(self, "knn_basis", None)
        if basis is not None:
            x = x.astype(np.float32) @ basis
        out = np.empty(len(x))
        r2 = (ref ** 2).sum(1)[None, :]
        for i in range(0, len(x), 4096):
            chunk = np.ascontiguousarray(x[i:i + 4096], dtype=np.float32)
            d2 = (chunk ** 2).sum(1)[:, None] - 2 * chunk @ ref.T + r2
            out[i:i + 4096] = np.sqrt(np.clip(d2.min(axis=1), 0, None))
        return out

    def _ood(self, x: np.ndarray, members: np.ndarray, reasons: bool = True) -> tuple[np.ndarray, list[str]]:
        lo, hi = np.asarray(self.meta["x_min"]), np.asarray(self.meta["x_max"])
        tol = RANGE_TOLERANCE * (hi - lo) + 1e-9
        mean, sd = np.asarray(self.meta["x_mean"]), np.asarray(self.meta["x_std"])
        out_range = (x < (lo - tol - mean) / sd) | (x > (hi + tol - mean) / sd)      # in standardised units
        far = self._nearest(x) > self.meta.get("knn_threshold", np.inf)
        unsure = self._disagreement(x, members) > self.meta.get("disagreement_threshold", np.inf)
        names = self.meta["features"]
        flags = out_range.any(axis=1) | far | unsure
        if not reasons:
            return flags, []
        reasons = [""] * len(x)
        for i in np.flatnonzero(flags):
            r = [f"outside training range: {', '.join(names[j] for j in np.flatnonzero(out_range[i])[:3])}"] \
                if out_range[i].any() else []
            r += ["far from the training data"] if far[i] else []
            r += ["ensemble members disagree"] if unsure[i] else []
            reasons[i] = "; ".join(r)
        return flags, reasons

    # --- calibration -------------------------------------------------------------------------------------
    def _calibrate(self, X: pd.DataFrame, Y: pd.DataFrame) -> None:
        """Interval scale per output (90 % of validation rows inside) and the OOD thresholds."""
        m, s, x = self._raw(X)
        mean = m.mean(axis=0)
        std = np.sqrt(m.var(axis=0) + (s ** 2).mean(axis=0))
        y = Y[self.meta["targets"]].to_numpy(dtype=float)
        scales = []
        for j in range(y.shape[1]):
            ok = np.isfinite(y[:, j])
            ratio = np.abs(y[ok, j] - mean[ok, j]) / np.maximum(std[ok, j], 1e-9) / Z90
            scales.append(conformal_scale(ratio))
        self.meta["interval_scale"] = scales
        self.meta["knn_threshold"] = float(np.quantile(self._nearest(x), 0.99))
        self.meta["disagreement_threshold"] = float(np.quantile(self._disagreement(x, m), 0.99))


def conformal_scale(ratio: np.ndarray, level: float = 0.9) -> float:
    """Split-conformal factor: the k-th smallest of the calibration rows' normalised errors |y - mean| / (Z90 std),
    k = ceil((n + 1) level) (capped at n) (Angelopoulos & Bates 2021, eq. 1), so that at least ``level`` of new
    exchangeable rows fall inside; 1.0 without calibration rows."""
    r = np.sort(np.asarray(ratio, dtype=float))
    r = r[np.isfinite(r)]
    if len(r) == 0:
        return 1.0
    k = min(int(np.ceil((len(r) + 1) * level - 1e-9)), len(r))
    return float(r[k - 1])


def building_prediction(model: EnsembleSurrogate, X: pd.DataFrame, groups, area_m2, raw=None
                        ) -> tuple[np.ndarray, Prediction]:
    """Building figures (floor-area weighted over the zones of each ``groups`` label, see
    :func:`~.targets.building_figures`) per member, with the interval of the members' spread plus the zones'
    own spread (area-weighted, taken as fully correlated between the zones of a building), scaled by
    ``meta['building_interval_scale']``: ``(labels, Prediction)``;
    a building is OOD when any of its zones is. ``raw``: ``model._raw(X)`` when the caller already has it (a
    caller that also reads the zones' figures then runs the network once)."""
    from .targets import building_figures

    m, s, x = model._raw(X) if raw is None else raw
    labels, per_member = building_figures(np.moveaxis(m, 0, 1), area_m2, groups)     # (B, M, T)
    w = np.asarray(area_m2, dtype=float)
    _, inv = np.unique(groups, return_inverse=True)
    wsum = np.bincount(inv, weights=w)
    zone_sd = np.sqrt((s ** 2).mean(axis=0))                                            # (n, T)
    ale = np.stack([np.bincount(inv, weights=w * zone_sd[:, j]) for j in range(zone_sd.shape[1])], axis=1)
    ale = (ale / wsum[:, None]) ** 2          # zones' errors fully correlated (same climate, same construction)
    per_member = np.moveaxis(per_member, 1, 0)                                          # (M, B, T)
    mean = per_member.mean(axis=0)
    std = np.sqrt(per_member.var(axis=0) + ale)
    scale = np.asarray(model.meta.get("building_interval_scale", model.meta.get("interval_scale",
                                                                                 [1.0] * mean.shape[1])))
    flags, _ = model._ood(x, m, reasons=False)
    _, bad = building_figures(flags.astype(float), np.ones(len(w)), groups)
    pred = Prediction(list(model.meta["targets"]), model._clip(mean), std, model._clip(mean - Z90 * scale * std),
                      model._clip(mean + Z90 * scale * std), per_member, bad > 0,
                      [""] * len(labels))
    return labels, pred


def calibrate_buildings(model: EnsembleSurrogate, X: pd.DataFrame, Y: pd.DataFrame, groups, area_m2) -> None:
    """Fit ``meta['building_interval_scale']`` so 90 % of the validation buildings fall inside."""
    from .targets import building_figures

    model.meta.pop("building_interval_scale", None)
    model.meta["building_interval_scale"] = [1.0] * len(model.meta["targets"])
    _, pred = building_prediction(model, X, groups, area_m2)
    _, y = building_figures(Y[model.meta["targets"]].to_numpy(dtype=float), area_m2, groups)
    scales = []
    for j in range(y.shape[1]):
        ok = np.isfinite(y[:, j])
        ratio = np.abs(y[ok, j] - pred.mean[ok, j]) / np.maximum(pred.std[ok, j], 1e-9) / Z90
        scales.append(conformal_scale(ratio))
    model.meta["building_interval_scale"] = scales


def _save(self, directory):
    """Write the model (safetensors + JSON) into ``directory``; see :mod:`.store`."""
    from .store import save

    return save(self, directory)


EnsembleSurrogate.save = _save


def fine_tune(model: EnsembleSurrogate, X: pd.DataFrame, Y: pd.DataFrame, *, epochs: int = 100,
              lr: float = 1e-3) -> EnsembleSurrogate:
    """A copy of ``model`` trained further on ``(X, Y)`` (Gaussian NLL, every member, normalisation unchanged)."""
    import copy

    torch = _torch()
    out = copy.deepcopy(model)
    x = torch.tensor(out._x(X), dtype=torch.float32)
    yv = out._y(Y)
    y, mask = torch.tensor(np.nan_to_num(yv), dtype=torch.float32), torch.tensor(np.isfinite(yv), dtype=torch.float32)
    params = list(out.net.params.values())
    opt = torch.optim.Adam(params, lr=lr)
    for _ in range(epochs):
        mu, logv = out.net(x)
        loss = ((0.5 * (logv + (mu - y) ** 2 / logv.exp())) * mask).sum() / mask.sum().clamp(min=1.0)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return out
