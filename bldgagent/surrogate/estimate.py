"""Schema-3 inputs: a monthly quasi-steady estimate of each zone's heating and cooling need (EN ISO 13790:2008,
the monthly method of clause 12 with the intermittency reduction of clause 13.2) that the network corrects, and the
zone's coupled neighbours (the zones it exchanges heat with through shared partitions, floors and air).

The estimate treats the zone alone (partitions to other zones adiabatic) with:

- heat transfer H = H_tr + H_ve per m2 of floor, W/(m2 K): U x A of walls, roof, ground and windows plus air
  (EN ISO 13789, :func:`.features.add_derived`'s ``h_total_w_k_m2``);
- monthly mean outdoor temperature and hours of the month from the weather; the zone's heating / cooling set-point
  (mean of the hours it applies) and the share of the month's hours it applies, f;
- gains Q_gn = internal + F_w x (glazing g x area x shading x irradiation) + R_se U A alpha F_sh x irradiation of
  opaque parts - the long-wave loss to the sky (clauses 11.3-11.4; F_w = 0.9, R_se 0.04, h_r 4.5, 11 K);
- time constant tau = C_m / H with C_m the inner areal heat capacity (10 cm rule, the ``kappa`` feature), and the
  utilisation factors eta_H,gn = (1 - gamma^a) / (1 - gamma^(a+1)), gamma = Q_gn / Q_H,ht, and eta_C,ls likewise
  in 1 / lambda, lambda = Q_C,ht / Q_gn, a = 1 + tau / 15 h (clause 12.2.1, monthly method);
- Q_H,nd = Q_H,ht - eta_H,gn Q_gn and Q_C,nd = Q_gn - eta_C,ls Q_C,ht per month (at least 0), times the
  intermittency factor a_red = 1 - 3 (15 h / tau) gamma (1 - f) bounded to [f, 1] (clause 13.2.2; the cooling side in
  the same form with 1 / lambda), 0 in a month without a set-point.

Neighbours: W_ij, the conductance between zones i and j (U x A of every shared ``"zone"`` surface, with films, plus
0.34 Wh/(m3 K) x the air exchanged), gives per zone the coupling per m2 of floor and the W-weighted means of the
neighbours' estimates, gains, set-points and the shares of hours they apply (0 for a zone without neighbours).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .features import AIR_WH_M3K, C_ON, GAINS, H_ON, OPQ_SOL, WIN_SOL

#: ISO 13790:2008 12.2.1.1 (monthly method): a_0 = 1, tau_0 = 15 h; 13.2.2: b_red = 3; 11.4.2: F_w = 0.9.
A_0, TAU_0_H, B_RED, F_W = 1.0, 15.0, 3.0, 0.9
TEMPS = [f"clim_temp_m{m:02d}_c" for m in range(1, 13)]
HOURS = [f"aux_hours_m{m:02d}_h" for m in range(1, 13)]
ESTIMATES = ("est_heating_kwh_m2", "est_cooling_kwh_m2")
#: Zone columns averaged over the neighbours (weighted by the coupling conductance).
NEIGHBOUR_OF = ("est_heating_kwh_m2", "est_cooling_kwh_m2", "gains_w_m2", "heating_setpoint_c", "cooling_setpoint_c",
                "heating_on_share", "cooling_on_share", "win_solar_kwh_m2")
NEIGHBOURS = ("nbr_h_w_k_m2",) + tuple(f"nbr_{c}" for c in NEIGHBOUR_OF)
#: The estimates on the scale the network learns its demands on (log(1 + kWh/m2), :data:`~.targets.LOG_TARGETS`).
LOGS = tuple(f"{c}_log" for c in ESTIMATES + ("nbr_est_heating_kwh_m2", "nbr_est_cooling_kwh_m2"))
#: Every column this module adds, in order.
COLUMNS = ESTIMATES + NEIGHBOURS + LOGS


def coupling_matrix(zones) -> np.ndarray:
    """Conductance between the zones (W/K, symmetric, zero diagonal): U x A of each ``"zone"`` surface (given in one
    of the two zones) plus the air exchanged (``interzone_air_m3_h``, each way, x 0.34 Wh/(m3 K))."""
    index = {z.name: i for i, z in enumerate(zones)}
    w = np.zeros((len(zones), len(zones)))
    for i, z in enumerate(zones):
        pairs = [(s.adjacent_zone, s.area_m2 * s.u_value_w_m2k()) for s in z.surfaces if s.boundary == "zone"]
        pairs += [(o, AIR_WH_M3K * float(v)) for o, v in (z.interzone_air_m3_h or {}).items()]
        for other, g in pairs:
            j = index.get(other)
            if j is not None and j != i:
                w[i, j] += g
                w[j, i] += g
    return w


def _utilisation(r: np.ndarray, a: np.ndarray) -> np.ndarray:
    """(1 - r^a) / (1 - r^(a+1)) for r > 0 (a / (a + 1) at r = 1; evaluated in 1 / r above 1, no overflow); 1 for
    r <= 0 (ISO 13790:2008 12.2.1.1 / 12.2.1.2)."""
    r = np.asarray(r, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.where(r > 1.0, 1.0 / np.where(r > 1.0, r, 1.0), np.clip(r, 1e-12, None))
        low = (1.0 - x ** a) / (1.0 - x ** (a + 1.0))                     # r < 1
        high = (x - x ** (a + 1.0)) / (1.0 - x ** (a + 1.0))              # r > 1, x = 1 / r
        out = np.where(r > 1.0, high, low)
    out = np.where(np.abs(r - 1.0) < 1e-9, a / (a + 1.0), out)
    return np.where(r <= 0.0, 1.0, out)


def monthly_estimate(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Annual heating and cooling need per m2 of floor (kWh/(m2 a)) of every row (module docstring)."""
    col = lambda c: frame[c].to_numpy(dtype=float)                                       # noqa: E731
    m = lambda cs: frame[list(cs)].to_numpy(dtype=float)                                 # noqa: E731
    air = AIR_WH_M3K * (col("infiltration_ach") * col("height_m")
                        + col("ventilation_m3_h_m2") * (1.0 - col("heat_recovery")))
    h = np.maximum(col("ua_wall_w_k_m2") + col("ua_roof_w_k_m2") + col("ua_win_w_k_m2") + col("ua_ground_w_k_m2")
                   + air, 1e-6)[:, None]
    tau = np.maximum(col("kappa_kj_m2k_m2") * 1000.0 / 3600.0, 1e-3)[:, None] / h            # h
    a = A_0 + tau / TAU_0_H
    hours, te = m(HOURS), m(TEMPS)
    gains = m(GAINS) + F_W * m(WIN_SOL) + m(OPQ_SOL) - col("aux_sky_loss_w_m2")[:, None] * hours / 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        q_ht = h * (col("heating_setpoint_c")[:, None] - te) * hours / 1000.0
        gamma = np.where(q_ht > 0, gains / np.where(q_ht > 0, q_ht, 1.0), 0.0)
        heat = np.where(q_ht > 0, np.maximum(q_ht - _utilisation(gamma, a) * gains, 0.0), 0.0)
        f_h = m(H_ON)
        heat *= np.where(f_h > 0, np.clip(1.0 - B_RED * (TAU_0_H / tau) * gamma * (1.0 - f_h), f_h, 1.0), 0.0)
        q_ct = h * (col("cooling_setpoint_c")[:, None] - te) * hours / 1000.0
        lam = np.where(gains > 0, q_ct / np.where(gains > 0, gains, 1.0), 0.0)
        inv = np.where(lam > 0, 1.0 / np.where(lam > 0, lam, 1.0), -1.0)   # gamma_C = 1 / lambda; -1: eta_ls = 1
        cool = np.maximum(gains - _utilisation(inv, a) * q_ct, 0.0)
        f_c = m(C_ON)
        red = np.clip(1.0 - B_RED * (TAU_0_H / tau) * np.maximum(inv, 0.0) * (1.0 - f_c), f_c, 1.0)
        cool *= np.where(f_c > 0, red, 0.0)
    return heat.sum(axis=1), cool.sum(axis=1)


def add_schema3(frame: pd.DataFrame, coupling: np.ndarray) -> pd.DataFrame:
    """Add (or replace) :data:`COLUMNS` on ``frame``: rows in blocks of ``len(coupling)`` zones (one block per variant
    of the same building, zones in the order of ``coupling``); returns ``frame``."""
    n = len(coupling)
    if n == 0 or len(frame) % n:
        from ..errors import InputValueError

        raise InputValueError(f"add_schema3: {len(frame)} rows are not blocks of the {n} zones of the coupling matrix")
    heat, cool = monthly_estimate(frame)
    frame["est_heating_kwh_m2"] = heat
    frame["est_cooling_kwh_m2"] = cool
    blocks = len(frame) // n
    ws = coupling.sum(axis=1)
    area = frame["floor_area_m2"].to_numpy(dtype=float).reshape(blocks, n)
    frame["nbr_h_w_k_m2"] = (ws[None, :] / np.maximum(area, 1e-9)).ravel()
    norm = np.where(ws > 0, ws, 1.0)
    values = frame[list(NEIGHBOUR_OF)].to_numpy(dtype=float).reshape(blocks, n, len(NEIGHBOUR_OF))
    mean = np.einsum("ij,bjk->bik", coupling, values) / norm[None, :, None]
    for k, c in enumerate(NEIGHBOUR_OF):
        frame[f"nbr_{c}"] = mean[:, :, k].ravel()
    return add_logs(frame, force=True)


def add_logs(frame: pd.DataFrame, force: bool = False) -> pd.DataFrame:
    """Add :data:`LOGS` (log(1 + x), x in kWh/m2) when missing or incomplete (data sets written before they were
    defined) or when ``force``; returns ``frame``."""
    for name in LOGS:
        if force or name not in frame.columns or frame[name].isna().any():
            frame[name] = np.log1p(np.clip(frame[name[:-4]].to_numpy(dtype=float), 0.0, None))
    return frame
