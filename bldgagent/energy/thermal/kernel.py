"""The compiled hourly loop of the thermal engine: the only module that imports numba (imported by
:func:`~bldgagent.energy.thermal.simulate` on its first run, not with the specifications).

:func:`_step_loop_py` is one function of about 350 lines on purpose, the project's one exception to the 120-line
rule: it is the single compiled loop over zones, hours, sub-steps and lane blocks, and every quantity of a step
stays in registers or in the block's contiguous lane rows. Splitting it into called functions makes numba pass
the block state through calls it does not always inline, which breaks the SIMD vectorisation of the lane loops;
a shared inlined helper for the film coefficients alone measured 1.6x slower (see the comment at the inside
films below).
"""
from __future__ import annotations

import numba
import numpy as np

from .layout import *  # noqa: F401,F403

def _step_loop_py(zb, zr, air_cap, conv_frac, bk, bi, W, MX, sigs, gap_tab, cbrt_pairs, t_out, int_model, ext_model,
                  order, n_warm, ns, dt, t_air, out, ctrl_mode, ctrl_area, ctrl_occ, ctrl_wind, ctrl_par,
                  zc, cp_i, cp_g, rc, cp_r, grp, grp_start):
    """Time loop of all zones over ``order`` (hour indices; the first ``n_warm`` are warm-up), ``ns`` implicit
    steps of ``dt`` s per hour.

    Zone ``z`` owns the blocks ``zb[z, 0]:zb[z, 1]`` of ``_LANES`` chains (constructions and windows); block ``b``
    keeps per lane its constants, state and work space in ``W[b]`` (fields ``_W_*``), its integer data in
    ``bi[b]`` (``_I_*``), its size and extension rows of interior modes in ``bk[b]`` (``MX``, 4 modes per row).
    Hourly inputs are rows of ``sigs`` (row 0 is zero); per zone ``zr[zone]`` = (transmitted beam, transmitted
    diffuse, internal gains, ventilation conductance, heating and cooling set-points, heating and cooling
    capacities). ``t_air[zone]`` is state. Writes hourly means into
    ``out[zone]`` rows: 0 heating W, 1 cooling W, 2 air C, 3 mean radiant C, 4 operative C, 5 transmission W,
    6 ventilation W, 7 storage W, 8 hvac W (heating - cooling), 9 windows open (0/1).

    Window control (``ctrl_mode[zone]`` 1; 0: none), decided at the start of each hour from the zone's previous
    hour, as an occupant acts on what the room was: in an hour with no heating or cooling set-point the windows
    open when the room is occupied (``ctrl_occ[zone, h] > 0``), its operative temperature exceeded ``ctrl_par[0]``
    and the outdoor air is cooler than the room's air; in an hour with a set-point they stay shut (mixed mode:
    the set-point rows hold the heating/cooling hours). The opening's air flow is the larger of the wind and the
    stack flow of :func:`bldgagent.energy.ventilation.window_airflow_m3_h` (``ctrl_par``: threshold, wind
    coefficient, discharge coefficient, opening height m, gravity, air heat capacity J/m3K; ``ctrl_wind`` the wind
    at building height m/s, ``ctrl_area[zone]`` the openable area m2).

    Per step and lane: the coefficients that depend on temperature (natural convection, exterior long-wave,
    glazing gap) or wind from the previous step's temperatures; the chain's two end-node equations (its interior
    condensed into them, history from its modes) solved for the end temperatures as affine functions of the air
    and star temperatures; summed into the zone's 2 x 2 system, which with the ideal load is solved exactly; the
    end temperatures recovered and the interior modes advanced.

    Zone coupling (``zc[zone]`` = first and end row of the zone's couplings in ``cp_i`` / ``cp_g``, fields
    ``_CP_*``; a coupling belongs to the zone of lower index, its *owner*; ``rc[zone]`` = first and end entry of
    the couplings the zone receives in ``cp_r``). Zones run in groups (``grp[grp_start[g]:grp_start[g + 1]]``, in
    the loop's order): a zone without couplings is a group of its own and runs all its hours in a row (its lanes
    stay in the cache); within a group of coupled zones hours run outside, zones inside. A partition is a chain of the
    owner whose outer face lies in the receiving zone: in the owner's steps its boundary is the receiver's air and
    star temperatures at the end of the previous hour, weighted by the face's convective and long-wave conductances
    (``W[_W_TBX]``, added to the boundary row, which holds the receiver's shortwave absorbed on the face over the
    conductance); air exchange ``rho c V`` is implicit in the owner's air against the receiver's air of the previous
    hour. The receiver's same step sees the face's (or the owner's air) new temperature through the same
    conductances, implicit in its own air and star (both sides implicit in their own temperatures: stable whatever
    the sizes). What the receiver's side books beyond what the owner booked, ``d = g_a (Ta_lag - Ta) + g_s (Ts_lag -
    Ts)`` (the receiver's change over the lag), is handed back to the owner's air in its next hour, so no heat is
    made or lost: each zone's balance closes every hour to round-off and the building's over any run of hours to
    the last hour's ``d`` (heat in transit). Out row 10: interzone W."""
    L = _LANES
    n_h = t_out.shape[0]
    sigf = sigs.reshape(sigs.size)
    lim = cbrt_pairs.shape[0] // 2 - 1e-6
    inv_dt = 1.0 / dt
    tm_lim = gap_tab.shape[1] - 1.000001
    td_lim = gap_tab.shape[2] - 1.000001
    inv_ns = 1.0 / ns
    nz = zb.shape[0]
    n_run = order.shape[0]
    nl = bi.shape[2]
    t_star = t_air.copy()                   # each zone's star temperature at the end of its last step
    ta_lasts = t_air.copy()                 # previous hour's mean air and operative temperatures (window control)
    top_lasts = t_air.copy()
    n_cp = cp_i.shape[0]
    t_face = np.zeros((n_cp, ns))           # per coupling and step: the face's (or owner's air) new temperature
    q_own = np.zeros((n_cp, ns))            # heat the owner took from the receiver in the step, W
    corr = np.zeros(n_cp)                   # heat to hand back to the owner next hour (sum over the steps), W
    for g in range(grp_start.shape[0] - 1):       # groups of coupled zones (a zone alone: all its hours in a row)
        for k in range(n_run):
            h = order[k] & _MASK
            hp = (h - 1 if h > 0 else n_h - 1) & _MASK
            for gi in range(grp_start[g], grp_start[g + 1]):
                zi = grp[gi] & _MASK
                z0 = zb[zi, 0]
                nb = zb[zi, 1] - z0
                r_beam = zr[zi, 0] & _MASK
                r_diff = zr[zi, 1] & _MASK
                r_gain = zr[zi, 2] & _MASK
                r_vent = zr[zi, 3] & _MASK
                r_sph = zr[zi, 4] & _MASK
                r_spc = zr[zi, 5] & _MASK
                r_caph = zr[zi, 6] & _MASK
                r_capc = zr[zi, 7] & _MASK
                ca_dt = air_cap[zi] * inv_dt
                kconv = conv_frac[zi]
                ta = t_air[zi]
                ts = t_star[zi]
                mode = ctrl_mode[zi]
                ta_last = ta_lasts[zi]
                top_last = top_lasts[zi]
                c0 = zc[zi, 0]
                c1 = zc[zi, 1]
                # couplings owned: the receivers' temperatures at the end of the previous hour
                gx = 0.0
                gxt = 0.0
                cx = 0.0
                for c in range(c0, c1):
                    rz = cp_i[c, _CP_RECV] & _MASK
                    if cp_i[c, _CP_KIND] == _CP_SURFACE:
                        g_a = cp_g[c, 0]
                        g_s = cp_g[c, 1]
                        W[cp_i[c, _CP_BLOCK] & _MASK, _W_TBX * _LANES + cp_i[c, _CP_LANE]] = (
                            (g_a * t_air[rz] + g_s * t_star[rz]) / (g_a + g_s))
                    else:
                        gx += cp_g[c, 0]
                        gxt += cp_g[c, 0] * t_air[rz]
                    cx += corr[c]
                    corr[c] = 0.0
                cx = cx * inv_ns
                r0 = rc[zi, 0]
                r1 = rc[zi, 1]
                acc_x = 0.0
                acc_q = 0.0
                acc_ta = 0.0
                acc_ts = 0.0
                acc_tr = 0.0
                acc_v = 0.0
                acc_s = 0.0
                hvh = sigs[r_vent, h]
                sph = sigs[r_sph, h]
                spc = sigs[r_spc, h]
                w_open = 0.0
                if mode > 0 and not (sph == sph or spc == spc):   # no set-point this hour (NaN != NaN)
                    if ctrl_occ[zi, h] > 0.0 and top_last > ctrl_par[0] and t_out[h] < ta_last:
                        area = ctrl_area[zi]
                        q_wind = ctrl_par[1] * area * ctrl_wind[h]
                        q_stack = ctrl_par[2] * area / 3.0 * np.sqrt(
                            ctrl_par[4] * ctrl_par[3] * abs(ta_last - t_out[h]) / (273.15 + 0.5 * (ta_last + t_out[h])))
                        hvh += ctrl_par[5] * max(q_wind, q_stack)
                        w_open = 1.0
                zbm = sigs[r_beam, h]
                zdf = sigs[r_diff, h]
                zgn = sigs[r_gain, h]
                to_p = t_out[hp]
                to_d = t_out[h] - to_p
                for j in range(ns):
                    to = to_p + (j + 1.0) * inv_ns * to_d
                    ta_p = ta
                    tok = to + 273.15
                    tok2 = tok * tok
                    # couplings received: the faces' (owners' air) new temperatures, implicit in this zone
                    ga = 0.0
                    gat = 0.0
                    gs = 0.0
                    gst = 0.0
                    for rr in range(r0, r1):
                        c = cp_r[rr] & _MASK
                        ga += cp_g[c, 0]
                        gat += cp_g[c, 0] * t_face[c, j]
                        gs += cp_g[c, 1]
                        gst += cp_g[c, 1] * t_face[c, j]
                    a11 = ca_dt + hvh + (gx + ga)
                    a12 = 0.0
                    a22 = gs
                    b1 = ca_dt * ta_p + hvh * to + kconv * zgn + (gxt + gat - cx)
                    b2 = gst
                    for b in range(nb):
                        bb = (z0 + b) & _MASK
                        inner = bk[bb, _B_IN] != 0
                        # -- per lane, scalar: hourly inputs from the shared rows, cube roots of the surface-to-air
                        # temperature differences (table; the outer face's air is outdoors, or the zone's for internal
                        # partitions), glazing gap conductance (table)
                        tref = ta_p if inner else to
                        for i in range(bk[bb, _B_N]):
                            W[bb, _W_HF * L + i] = sigf[(bi[bb, _I_HF, i] + h) & _MASK]
                            W[bb, _W_FO * L + i] = sigf[(bi[bb, _I_FO, i] + h) & _MASK] + W[bb, _W_TBX * L + i]
                            W[bb, _W_FW * L + i] = sigf[(bi[bb, _I_FW, i] + h) & _MASK]
                            t0p = W[bb, _W_T0 * L + i]
                            tlp = W[bb, _W_TL * L + i]
                            fi = min(abs(t0p - tref) * 50.0, lim)
                            ii = int(fi) & 0xFFFFFFFF
                            W[bb, _W_CRO * L + i] = cbrt_pairs[2 * ii] + (fi - ii) * cbrt_pairs[2 * ii + 1]
                            fi = min(abs(tlp - ta_p) * 50.0, lim)
                            ii = int(fi) & 0xFFFFFFFF
                            W[bb, _W_CRI * L + i] = cbrt_pairs[2 * ii] + (fi - ii) * cbrt_pairs[2 * ii + 1]
                            gi = bi[bb, _I_GAP, i]
                            if gi >= 0:
                                # glazing with gas gaps (ISO 15099), per m2, bilinear in (mean T, dT across the glazing)
                                gi = gi & _MASK
                                ft = min(max((0.5 * (t0p + tlp) + 40.0) * 0.5, 0.0), tm_lim)
                                fd = min(abs(t0p - tlp), td_lim)
                                it = int(ft) & 0xFFFFFFFF
                                idd = int(fd) & 0xFFFFFFFF
                                wt = ft - it
                                wd = fd - idd
                                g00 = gap_tab[gi, it, idd]
                                g01 = gap_tab[gi, it, idd + 1]
                                g10 = gap_tab[gi, it + 1, idd]
                                g11 = gap_tab[gi, it + 1, idd + 1]
                                g0_ = g00 + wd * (g01 - g00)
                                W[bb, _W_GG * L + i] = g0_ + wt * (g10 + wd * (g11 - g10) - g0_)
                        # -- per lane, SIMD: coefficients from the previous step's temperatures, then the chain as a
                        # 2 x 2 system in its end temperatures, affine in the air and star temperatures:
                        # T0 = t0 + t0a Ta + t0s Ts, TL = tl + tla Ta + tls Ts
                        if not inner:
                            # outer face outdoors or on a fixed boundary (or adiabatic)
                            for i in range(nl):
                                t0p = W[bb, _W_T0 * L + i]
                                tlp = W[bb, _W_TL * L + i]
                                # exterior convection: DOE-2 (TARP natural + roughness x (MoWiTT forced - natural)),
                                # ISO 6946 or fixed; long-wave to outdoor air; or a fixed boundary conductance
                                un0 = (t0p - to > 0.0) == (W[bb, _W_SXP * L + i] > 0.5)
                                ceu = W[bb, _W_CEU * L + i]
                                ces = W[bb, _W_CES * L + i]
                                hn = (ceu if un0 else ces) * W[bb, _W_CRO * L + i]
                                hf = W[bb, _W_HF * L + i]
                                hm = hn + W[bb, _W_RF * L + i] * (np.sqrt(hn * hn + hf * hf) - hn)
                                hm = hm if ext_model == 0 else hf
                                hco = W[bb, _W_HCO * L + i]
                                hc = hco if hco >= 0.0 else hm
                                tsk = t0p + 273.15
                                gb = (W[bb, _W_AEXT * L + i] * hc
                                      + W[bb, _W_EPSS * L + i] * (tsk * tsk + tok2) * (tsk + tok)
                                      + W[bb, _W_GBF * L + i])
                                fov = W[bb, _W_FO * L + i]          # outer flux, or the fixed boundary temperature
                                tb = to if W[bb, _W_TBO * L + i] > 0.5 else fov
                                fo = W[bb, _W_TRF * L + i] * fov
                                # inner face: natural convection (TARP, ISO 6946 or fixed), long-wave to the star.
                                # Written out here and twice below on purpose: a shared njit(inline='always') helper
                                # was measured to stop the lane loop vectorising (1.2 -> 1.9 ms per zone-year)
                                usi = (tlp - ta_p > 0.0) == (W[bb, _W_SIP * L + i] > 0.5)
                                ciu = W[bb, _W_CIU * L + i]
                                cis = W[bb, _W_CIS * L + i]
                                iiu = W[bb, _W_IIU * L + i]
                                iis = W[bb, _W_IIS * L + i]
                                gti = (ciu if usi else cis) * W[bb, _W_CRI * L + i]
                                gii = iiu if usi else iis
                                gmi = gti if int_model == 0 else gii
                                hci = W[bb, _W_HCI * L + i]
                                gci = hci if hci >= 0.0 else gmi
                                gri = W[bb, _W_GRI * L + i]
                                gg = W[bb, _W_GAPA * L + i] * W[bb, _W_GG * L + i]
                                fn = (W[bb, _W_CW * L + i] * W[bb, _W_FW * L + i] + W[bb, _W_CIB * L + i] * zbm
                                      + W[bb, _W_CID * L + i] * zdf + W[bb, _W_CIG * L + i] * zgn)
                                b0 = W[bb, _W_D0 * L + i] * t0p + W[bb, _W_H0 * L + i] + fo + gb * tb
                                bl = W[bb, _W_DL * L + i] * tlp + W[bb, _W_HL * L + i] + fn
                                a00 = W[bb, _W_A00 * L + i] + gb + gg
                                all_ = W[bb, _W_ALL * L + i] + gci + gri + gg
                                a0l = W[bb, _W_A0L * L + i] - gg
                                al0 = W[bb, _W_AL0 * L + i] - gg
                                inv = 1.0 / (a00 * all_ - a0l * al0)
                                f0 = -a0l * inv
                                e = a00 * inv
                                tl = (a00 * bl - al0 * b0) * inv
                                W[bb, _W_K0 * L + i] = (all_ * b0 - a0l * bl) * inv
                                W[bb, _W_K0A * L + i] = f0 * gci
                                W[bb, _W_K0S * L + i] = f0 * gri
                                W[bb, _W_KL * L + i] = tl
                                W[bb, _W_KLA * L + i] = e * gci
                                W[bb, _W_KLS * L + i] = e * gri
                                W[bb, _W_KGB * L + i] = gb
                                W[bb, _W_KTB * L + i] = tb
                                W[bb, _W_KFO * L + i] = fo
                                x = e * gci
                                a11 += gci - x * gci
                                a12 -= x * gri
                                a22 += gri - e * gri * gri
                                b1 += gci * tl
                                b2 += gri * tl
                        else:
                            # both faces in the zone (internal partitions and floors)
                            for i in range(nl):
                                t0p = W[bb, _W_T0 * L + i]
                                tlp = W[bb, _W_TL * L + i]
                                us0 = (t0p - ta_p > 0.0) == (W[bb, _W_S0P * L + i] > 0.5)
                                c0u = W[bb, _W_C0U * L + i]
                                c0s = W[bb, _W_C0S * L + i]
                                i0u = W[bb, _W_I0U * L + i]
                                i0s = W[bb, _W_I0S * L + i]
                                gt0 = (c0u if us0 else c0s) * W[bb, _W_CRO * L + i]
                                gi0 = i0u if us0 else i0s
                                gm0 = gt0 if int_model == 0 else gi0
                                hc0 = W[bb, _W_HC0 * L + i]
                                gc0 = hc0 if hc0 >= 0.0 else gm0
                                gr0 = W[bb, _W_GR0 * L + i]
                                usi = (tlp - ta_p > 0.0) == (W[bb, _W_SIP * L + i] > 0.5)
                                ciu = W[bb, _W_CIU * L + i]
                                cis = W[bb, _W_CIS * L + i]
                                iiu = W[bb, _W_IIU * L + i]
                                iis = W[bb, _W_IIS * L + i]
                                gti = (ciu if usi else cis) * W[bb, _W_CRI * L + i]
                                gii = iiu if usi else iis
                                gmi = gti if int_model == 0 else gii
                                hci = W[bb, _W_HCI * L + i]
                                gci = hci if hci >= 0.0 else gmi
                                gri = W[bb, _W_GRI * L + i]
                                fo = (W[bb, _W_COB * L + i] * zbm + W[bb, _W_COD * L + i] * zdf
                                      + W[bb, _W_COG * L + i] * zgn)
                                fn = (W[bb, _W_CIB * L + i] * zbm + W[bb, _W_CID * L + i] * zdf
                                      + W[bb, _W_CIG * L + i] * zgn)
                                b0 = W[bb, _W_D0 * L + i] * t0p + W[bb, _W_H0 * L + i] + fo
                                bl = W[bb, _W_DL * L + i] * tlp + W[bb, _W_HL * L + i] + fn
                                a00 = W[bb, _W_A00 * L + i] + gc0 + gr0
                                all_ = W[bb, _W_ALL * L + i] + gci + gri
                                a0l = W[bb, _W_A0L * L + i]
                                al0 = W[bb, _W_AL0 * L + i]
                                inv = 1.0 / (a00 * all_ - a0l * al0)
                                t0 = (all_ * b0 - a0l * bl) * inv
                                t0a = (all_ * gc0 - a0l * gci) * inv
                                t0s = (all_ * gr0 - a0l * gri) * inv
                                tl = (a00 * bl - al0 * b0) * inv
                                tla = (a00 * gci - al0 * gc0) * inv
                                tls = (a00 * gri - al0 * gr0) * inv
                                W[bb, _W_K0 * L + i] = t0
                                W[bb, _W_K0A * L + i] = t0a
                                W[bb, _W_K0S * L + i] = t0s
                                W[bb, _W_KL * L + i] = tl
                                W[bb, _W_KLA * L + i] = tla
                                W[bb, _W_KLS * L + i] = tls
                                W[bb, _W_KGB * L + i] = 0.0
                                W[bb, _W_KTB * L + i] = 0.0
                                W[bb, _W_KFO * L + i] = 0.0
                                a11 += gci * (1.0 - tla) + gc0 * (1.0 - t0a)
                                a12 -= gci * tls + gc0 * t0s
                                b1 += gci * tl + gc0 * t0
                                a22 += gri * (1.0 - tls) + gr0 * (1.0 - t0s)
                                b2 += gri * tl + gr0 * t0
                    # ---- air and star: free state, exact response to a convective load, set-point control. The zone
                    # matrix is symmetric (reciprocity: a21 = a12). Eliminating the star: aeff ta = beff + q with
                    # aeff = det / a22, beff = (b1 a22 - a12 b2) / a22, det = a11 a22 - a12^2 (the two divisions are
                    # independent); no star (no long-wave exchange): aeff = a11, beff = b1
                    star = a22 > 1e-12
                    d = a11 * a22 - a12 * a12 if star else a11
                    inv_d = 1.0 / d
                    ra = 1.0 / (a22 if star else 1.0)
                    ra = ra if star else 0.0
                    inv_a = a22 * inv_d if star else inv_d
                    aeff = d * ra if star else d
                    taf = (b1 * a22 - a12 * b2 if star else b1) * inv_d
                    qh = (sph - taf) * aeff      # a NaN set-point (no control) fails both comparisons
                    qc = (spc - taf) * aeff
                    if qh > 0.0:
                        q = min(qh, sigs[r_caph, h])
                    elif qc < 0.0:
                        q = max(qc, -sigs[r_capc, h])
                    else:
                        q = 0.0
                    ta = taf + q * inv_a
                    ts = (b2 - a12 * ta) * ra if star else ta
                    # ---- recover the end temperatures, advance the interior modes (next step's history); balance
                    tr = 0.0
                    st = ca_dt * (ta - ta_p)
                    for b in range(nb):
                        bb = (z0 + b) & _MASK
                        for i in range(nl):
                            t0n = W[bb, _W_K0 * L + i] + W[bb, _W_K0A * L + i] * ta + W[bb, _W_K0S * L + i] * ts
                            tln = W[bb, _W_KL * L + i] + W[bb, _W_KLA * L + i] * ta + W[bb, _W_KLS * L + i] * ts
                            tr += W[bb, _W_KGB * L + i] * (W[bb, _W_KTB * L + i] - t0n) + W[bb, _W_KFO * L + i]
                            # heat stored: end nodes, and the interior = the net conduction into it from both ends
                            st += (W[bb, _W_SA * L + i] * t0n + W[bb, _W_SB * L + i] * tln
                                   - W[bb, _W_D0 * L + i] * W[bb, _W_T0 * L + i] - W[bb, _W_H0 * L + i]
                                   - W[bb, _W_DL * L + i] * W[bb, _W_TL * L + i] - W[bb, _W_HL * L + i])
                            W[bb, _W_T0 * L + i] = t0n
                            W[bb, _W_TL * L + i] = tln
                            # interior modes: amplitude x decay v' = lam (v + s0 T0 + sL TL); history sum(s v')
                            s0 = W[bb, _W_MS0 * L + i]
                            sl = W[bb, _W_MSL * L + i]
                            v = W[bb, _W_MLAM * L + i] * (W[bb, _W_MV * L + i] + s0 * t0n + sl * tln)
                            W[bb, _W_MV * L + i] = v
                            h0 = s0 * v
                            hl = sl * v
                            s0 = W[bb, (_W_MS0 + 1) * L + i]
                            sl = W[bb, (_W_MSL + 1) * L + i]
                            v = W[bb, (_W_MLAM + 1) * L + i] * (W[bb, (_W_MV + 1) * L + i] + s0 * t0n + sl * tln)
                            W[bb, (_W_MV + 1) * L + i] = v
                            h0 += s0 * v
                            hl += sl * v
                            s0 = W[bb, (_W_MS0 + 2) * L + i]
                            sl = W[bb, (_W_MSL + 2) * L + i]
                            v = W[bb, (_W_MLAM + 2) * L + i] * (W[bb, (_W_MV + 2) * L + i] + s0 * t0n + sl * tln)
                            W[bb, (_W_MV + 2) * L + i] = v
                            h0 += s0 * v
                            hl += sl * v
                            s0 = W[bb, (_W_MS0 + 3) * L + i]
                            sl = W[bb, (_W_MSL + 3) * L + i]
                            v = W[bb, (_W_MLAM + 3) * L + i] * (W[bb, (_W_MV + 3) * L + i] + s0 * t0n + sl * tln)
                            W[bb, (_W_MV + 3) * L + i] = v
                            h0 += s0 * v
                            hl += sl * v
                            W[bb, _W_H0 * L + i] = h0
                            W[bb, _W_HL * L + i] = hl
                        # further modes (massive constructions): extension rows, 4 modes each, same layout
                        for e in range(bk[bb, _B_NX]):
                            xe = (bk[bb, _B_X0] + e) & _MASK
                            for i in range(nl):
                                t0n = W[bb, _W_T0 * L + i]
                                tln = W[bb, _W_TL * L + i]
                                h0 = 0.0
                                hl = 0.0
                                for r in range(_NMB):
                                    s0 = MX[xe, (_NMB + r) * L + i]
                                    sl = MX[xe, (2 * _NMB + r) * L + i]
                                    v = MX[xe, r * L + i] * (MX[xe, (3 * _NMB + r) * L + i] + s0 * t0n + sl * tln)
                                    MX[xe, (3 * _NMB + r) * L + i] = v
                                    h0 += s0 * v
                                    hl += sl * v
                                W[bb, _W_H0 * L + i] += h0
                                W[bb, _W_HL * L + i] += hl
                    # ---- couplings owned: hand the step's heat to the receivers (the same number on both sides)
                    for c in range(c0, c1):
                        rz = cp_i[c, _CP_RECV] & _MASK
                        if cp_i[c, _CP_KIND] == _CP_SURFACE:
                            cb = cp_i[c, _CP_BLOCK] & _MASK
                            cl = cp_i[c, _CP_LANE] & _MASK
                            tcf = W[cb, _W_T0 * L + cl]
                            qx = W[cb, _W_KGB * L + cl] * (W[cb, _W_KTB * L + cl] - tcf) + W[cb, _W_KFO * L + cl]
                            tr -= qx
                            t_face[c, j] = tcf
                        else:
                            qx = cp_g[c, 0] * (t_air[rz] - ta)
                            t_face[c, j] = ta
                        q_own[c, j] = qx
                        acc_x += qx
                    # received: booked = d - (what the owner took); d handed back to the owner next hour
                    for rr in range(r0, r1):
                        c = cp_r[rr] & _MASK
                        dd = cp_g[c, 0] * (t_air[zi] - ta) + cp_g[c, 1] * (t_star[zi] - ts)
                        acc_x += dd - q_own[c, j]
                        corr[c] += dd
                    acc_x -= cx
                    acc_q += q
                    acc_ta += ta
                    acc_ts += ts
                    acc_tr += tr
                    acc_v += hvh * (to - ta)
                    acc_s += st
                ta_last = acc_ta * inv_ns
                top_last = 0.5 * (ta_last + acc_ts * inv_ns)
                if k >= n_warm:
                    q = acc_q * inv_ns
                    ta_m = acc_ta * inv_ns
                    ts_m = acc_ts * inv_ns
                    out[zi, 0, h] = max(q, 0.0)
                    out[zi, 1, h] = max(-q, 0.0)
                    out[zi, 2, h] = ta_m
                    out[zi, 3, h] = ts_m
                    out[zi, 4, h] = 0.5 * (ta_m + ts_m)
                    out[zi, 5, h] = acc_tr * inv_ns
                    out[zi, 6, h] = acc_v * inv_ns
                    out[zi, 7, h] = acc_s * inv_ns
                    out[zi, 8, h] = q
                    out[zi, 9, h] = w_open
                    out[zi, 10, h] = acc_x * inv_ns
                t_air[zi] = ta
                t_star[zi] = ts
                ta_lasts[zi] = ta_last
                top_lasts[zi] = top_last


# the compiled loop; the pure-Python version above is its reference (numba is a dependency of pythermalcomfort)
_step_loop = numba.njit(cache=True, nogil=True, error_model="numpy",
                        fastmath={"nsz", "arcp", "contract", "reassoc"})(_step_loop_py)


