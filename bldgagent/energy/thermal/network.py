"""Per-construction node chains (sub-layers, modal form of the interior) and per-zone exchange constants
(shortwave distribution, Walton's mean-radiant-temperature correction); pure functions of values, cached."""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# --------------------------------------------------------------------------------------------------------
# network assembly: every construction is a chain of nodes; only its end nodes touch the zone or outside
# --------------------------------------------------------------------------------------------------------
def _sublayers(layers) -> list[tuple[float, float]]:
    """(resistance m2K/W, capacity J/m2K) per sub-layer, outside -> inside."""
    out = []
    for d, k, rho, c in layers:
        cap = rho * c * d
        if cap <= 0.0:
            out.append((d / k, 0.0))
            continue
        alpha = k / (rho * c)
        n = int(min(8, max(1, math.ceil(d / math.sqrt(alpha * 3600.0)))))
        for _ in range(n):
            out.append((d / n / k, cap / n))
    return out


@lru_cache(maxsize=1024)
def _chain_nodes(layers: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Per-m2 node capacities (J/m2K) and link conductances (W/m2K) of a construction, outside -> inside."""
    subs = _sublayers(layers)
    cap = np.zeros(len(subs) + 1)
    g = np.zeros(len(subs) + 1)
    for i, (r, c) in enumerate(subs):
        cap[i] += 0.5 * c
        cap[i + 1] += 0.5 * c
        g[i] = 1.0 / r
    cap.setflags(write=False)
    g.setflags(write=False)
    return cap, g


#: Interior modes whose one-step decay factor is below this hold no heat (massless interior nodes).
_LAMBDA_MIN = 1e-12


@lru_cache(maxsize=1024)
def _chain_modal(layers: tuple, dt: float) -> dict:
    """Per-m2 constants of a construction chain for step ``dt``: end capacities and links, the interior's
    implicit-step operators (``A T_int = D T_int_old + g_0 e_1 T_0 + g_m e_m T_L``) and their modal form
    (generalised eigenproblem ``D v = lambda A v``, ``V^T A V = I``)."""
    cap, g = _chain_nodes(layers)
    L = cap.size
    m = L - 2
    out = dict(L=L, c0=cap[0], cl=cap[-1], g0=g[0], gl=g[L - 2], m=m)
    if m == 0:
        return out
    d = cap[1:-1] / dt
    A = np.diag(d + g[:m] + g[1:m + 1]) - np.diag(g[1:m], 1) - np.diag(g[1:m], -1)
    Ainv = np.linalg.inv(A)
    li = np.linalg.inv(np.linalg.cholesky(A))
    lam, Q = np.linalg.eigh(li @ np.diag(d) @ li.T)
    V = li.T @ Q
    keep = lam >= _LAMBDA_MIN
    lam, V = lam[keep][::-1], V[:, keep][:, ::-1]
    out.update(u1=g[0] * Ainv[0, 0], w1=g[m] * Ainv[0, m - 1], um=g[0] * Ainv[m - 1, 0], wm=g[m] * Ainv[m - 1, m - 1],
               lam=lam, v0=V[0].copy(), vm=V[m - 1].copy(), cy=(cap[1:-1] @ V) / dt, y1=V.T @ A @ np.ones(m))
    return out


@lru_cache(maxsize=1024)
def _chain_template(layers: tuple, dt: float) -> tuple:
    """Per-m2 lane constants of a construction for step ``dt``: the end-node equations with the interior condensed
    (A00, A0L, AL0, ALL), end capacities / dt (D0, DL), storage weights (SA, SB), and per mode (per sqrt(m2)): decay,
    responses to the outer / inner end temperature, initial amplitude x decay for 20 C everywhere."""
    mo = _chain_modal(layers, dt)
    d0, dl, g0, gl = mo["c0"] / dt, mo["cl"] / dt, mo["g0"], mo["gl"]
    if mo["m"] == 0:
        ends = (d0 + g0, -g0, -g0, dl + g0, d0, dl, d0, dl)
        modes = np.zeros((4, 0))
    else:
        a00, a0l = d0 + g0 * (1.0 - mo["u1"]), -g0 * mo["w1"]
        al0, all_ = -gl * mo["um"], dl + gl * (1.0 - mo["wm"])
        # storage rate of the end nodes plus the interior (= g0 (T0 - T1) + gl (TL - Tm), the net conduction into
        # it): SA T0_new + SB TL_new - D0 T0_old - DL TL_old - history
        ends = (a00, a0l, al0, all_, d0, dl, a00 + al0, all_ + a0l)
        lam = mo["lam"]
        modes = np.stack([lam, g0 * mo["v0"], gl * mo["vm"], lam * 20.0 * mo["y1"]])
    modes.setflags(write=False)
    return np.array(ends), modes
def _distribution(area: np.ndarray, absorb: np.ndarray, lose: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, float]:
    ab, lost = _distribution_cached(tuple(area.tolist()), tuple(absorb.tolist()), tuple(lose.tolist()),
                                    tuple(first.tolist()))
    return np.array(ab), lost


@lru_cache(maxsize=1024)
def _distribution_cached(area: tuple, absorb: tuple, lose: tuple, first: tuple) -> tuple[tuple, float]:
    """Absorbed share per face and the share lost out through windows for unit shortwave with first-incidence
    distribution ``first``. Reflections are diffuse; a face sends its reflected light to the *other* faces in
    proportion to their areas (a plane face does not see itself), and the inter-reflections are solved
    exactly: ``I = first + P^T (rho * I)``."""
    area, absorb, lose, first = (np.array(v) for v in (area, absorb, lose, first))
    refl = np.clip(1.0 - absorb - lose, 0.0, 1.0)
    n = area.size
    if n == 1:
        return tuple((absorb * first).tolist()), float(lose @ first)
    others = area.sum() - area
    P = area[None, :] / np.where(others > 0, others, 1.0)[:, None]
    np.fill_diagonal(P, 0.0)
    arriving = np.linalg.solve(np.eye(n) - P.T * refl[None, :], first)
    return tuple((absorb * arriving).tolist()), float(lose @ arriving)


def _mrt_factors(g0: Sequence[float]) -> list[float]:
    return list(_mrt_factors_cached(tuple(float(g) for g in g0)))


@lru_cache(maxsize=1024)
def _mrt_factors_cached(g0: tuple) -> tuple:
    """Walton's (1980) mean-radiant-temperature network correction: ``F_i = 1 / (1 - G_i F_i / W)`` with
    ``W = sum G_j F_j`` (a face's own share of the star temperature is removed from its exchange). For a given
    ``W`` each ``F_i`` is the root near 1 of ``(G_i / W) F^2 - F + 1 = 0``; the fixed point ``W = g(W)`` is found
    by Steffensen's (Aitken-accelerated) iteration. A face holding over a quarter of the exchange is capped at
    that share (F = 2)."""
    n = len(g0)
    total = float(sum(g0))
    if n < 2 or total <= 0:
        return (1.0,) * n

    def factors(w: float) -> list[float]:
        out = []
        for g in g0:
            r = min(g / w, 0.25)
            out.append((1.0 - math.sqrt(1.0 - 4.0 * r)) / (2.0 * r) if r > 1e-12 else 1.0)
        return out

    def gmap(w: float) -> float:
        return sum(g * f for g, f in zip(g0, factors(w)))

    w = total
    for _ in range(50):
        w1 = gmap(w)
        w2 = gmap(w1)
        den = w2 - 2.0 * w1 + w
        w_new = w2 if abs(den) < 1e-300 else w - (w1 - w) ** 2 / den
        if abs(w_new - w) <= 1e-13 * total:
            w = w_new
            break
        w = w_new
    return tuple(factors(w))
