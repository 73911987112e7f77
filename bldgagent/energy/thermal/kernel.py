"""The compiled hourly loop of the thermal engine: the only module that imports numba (imported by
:func:`~bldgagent.energy.thermal.simulate` on its first run, not with the specifications).

:func:`_step_loop_py` is one function of about 430 lines on purpose, the project's one exception to the 120-line
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

    Zone coupling (``zc[zone]`` = first and end row of the couplings the zone owns in ``cp_i`` / ``cp_g``, fields
    ``_CP_*``; ``rc`` / ``cp_r``, the rows each zone receives, are not needed by this loop). Zones run in groups
    (``grp[grp_start[g]:grp_start[g + 1]]``): a zone without couplings is a group of its own and runs all its hours
    in a row (its lanes stay in the cache) with the closed-form 2 x 2 solve; a group of coupled zones runs hour by
    hour and step by step, its zones' chains first, then all its zones' air and star temperatures and ideal loads in
    one block-banded linear system (:func:`_solve_group`), then each zone's chains recovered. A partition is a chain
    of the owner whose outer face lies in the receiving zone, exchanging heat with the receiver's air and star
    through the face's convective and long-wave conductances (``cp_g``; the boundary row holds the receiver's
    shortwave absorbed on the face over their sum); air exchange is a conductance between the two air nodes. Both
    sides use the same new temperatures, so what the owner books as received through a coupling in a step is
    exactly what the receiver books as given: every zone's balance and the building's close every hour to
    round-off. Out row 10: interzone W."""
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
    zh = np.zeros((nz, 9))                  # the hour's inputs per zone: ventilation conductance, heating and cooling
    #                                         set-points and capacities, beam, diffuse, gains, windows open
    acc = np.zeros((nz, 7))                 # the hour's sums per zone: interzone, hvac, air, star, transmission,
    #                                         ventilation, storage
    zs = np.zeros((nz, 8))                  # the step per zone: a11, a12, a22, b1, b2; air, star, load
    gpos, bw, zmode, AB, R, PIV, xb, up_start, up = _group_workspace(nz, zc, cp_i, grp, grp_start)
    for g in range(grp_start.shape[0] - 1):       # groups of coupled zones (a zone alone: all its hours in a row)
        g0 = grp_start[g]
        g1 = grp_start[g + 1]
        single = g1 - g0 == 1
        for k in range(n_run):
            h = order[k] & _MASK
            hp = (h - 1 if h > 0 else n_h - 1) & _MASK
            for gi in range(g0, g1):
                zi = grp[gi] & _MASK
                ta_last = ta_lasts[zi]
                hvh = sigs[zr[zi, 3] & _MASK, h]
                sph = sigs[zr[zi, 4] & _MASK, h]
                spc = sigs[zr[zi, 5] & _MASK, h]
                w_open = 0.0
                if ctrl_mode[zi] > 0 and not (sph == sph or spc == spc):   # no set-point this hour (NaN != NaN)
                    if ctrl_occ[zi, h] > 0.0 and top_lasts[zi] > ctrl_par[0] and t_out[h] < ta_last:
                        area = ctrl_area[zi]
                        q_wind = ctrl_par[1] * area * ctrl_wind[h]
                        q_stack = ctrl_par[2] * area / 3.0 * np.sqrt(
                            ctrl_par[4] * ctrl_par[3] * abs(ta_last - t_out[h]) / (273.15 + 0.5 * (ta_last + t_out[h])))
                        hvh += ctrl_par[5] * max(q_wind, q_stack)
                        w_open = 1.0
                zh[zi, 0] = hvh
                zh[zi, 1] = sph
                zh[zi, 2] = spc
                zh[zi, 3] = sigs[zr[zi, 6] & _MASK, h]
                zh[zi, 4] = sigs[zr[zi, 7] & _MASK, h]
                zh[zi, 5] = sigs[zr[zi, 0] & _MASK, h]
                zh[zi, 6] = sigs[zr[zi, 1] & _MASK, h]
                zh[zi, 7] = sigs[zr[zi, 2] & _MASK, h]
                zh[zi, 8] = w_open
                for a in range(7):
                    acc[zi, a] = 0.0
            to_p = t_out[hp]
            to_d = t_out[h] - to_p
            for j in range(ns):
                to = to_p + (j + 1.0) * inv_ns * to_d
                tok = to + 273.15
                tok2 = tok * tok
                for gi in range(g0, g1):
                    zi = grp[gi] & _MASK
                    z0 = zb[zi, 0]
                    nb = zb[zi, 1] - z0
                    ca_dt = air_cap[zi] * inv_dt
                    kconv = conv_frac[zi]
                    ta_p = t_air[zi]
                    hvh = zh[zi, 0]
                    sph = zh[zi, 1]
                    spc = zh[zi, 2]
                    zbm = zh[zi, 5]
                    zdf = zh[zi, 6]
                    zgn = zh[zi, 7]
                    a11 = ca_dt + hvh
                    a12 = 0.0
                    a22 = 0.0
                    b1 = ca_dt * ta_p + hvh * to + kconv * zgn
                    b2 = 0.0
                    for b in range(nb):
                        bb = (z0 + b) & _MASK
                        inner = bk[bb, _B_IN] != 0
                        # -- per lane, scalar: hourly inputs from the shared rows, cube roots of the surface-to-air
                        # temperature differences (table; the outer face's air is outdoors, or the zone's for internal
                        # partitions), glazing gap conductance (table)
                        tref = ta_p if inner else to
                        for i in range(bk[bb, _B_N]):
                            W[bb, _W_HF * L + i] = sigf[(bi[bb, _I_HF, i] + h) & _MASK]
                            W[bb, _W_FO * L + i] = sigf[(bi[bb, _I_FO, i] + h) & _MASK]
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
                                W[bb, _W_KCI * L + i] = gci
                                W[bb, _W_KIV * L + i] = inv
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
                    if single:
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
                            q = min(qh, zh[zi, 3])
                        elif qc < 0.0:
                            q = max(qc, -zh[zi, 4])
                        else:
                            q = 0.0
                        ta = taf + q * inv_a
                        ts = (b2 - a12 * ta) * ra if star else ta

                        zs[zi, 5] = ta
                        zs[zi, 6] = ts
                        zs[zi, 7] = q
                    else:
                        zs[zi, 0] = a11
                        zs[zi, 1] = a12
                        zs[zi, 2] = a22
                        zs[zi, 3] = b1
                        zs[zi, 4] = b2
                if not single:     # the group's zones in one system: what one gives another, the other receives
                    _solve_group(g0, g1, grp, gpos, bw[g], zs, zh, zmode, W, zc, cp_i, cp_g, AB, R, PIV, xb,
                                 up_start, up)
                for gi in range(g0, g1):
                    zi = grp[gi] & _MASK
                    z0 = zb[zi, 0]
                    nb = zb[zi, 1] - z0
                    ca_dt = air_cap[zi] * inv_dt
                    ta_p = t_air[zi]
                    hvh = zh[zi, 0]
                    ta = zs[zi, 5]
                    ts = zs[zi, 6]
                    q = zs[zi, 7]
                    c0 = zc[zi, 0]
                    c1 = zc[zi, 1]
                    # partitions owned: their end temperatures with the receiver's new air and star temperatures
                    for c in range(c0, c1):
                        if cp_i[c, _CP_KIND] == _CP_SURFACE:
                            rz = cp_i[c, _CP_RECV] & _MASK
                            cb = cp_i[c, _CP_BLOCK] & _MASK
                            cl = cp_i[c, _CP_LANE] & _MASK
                            dx = cp_g[c, 0] * zs[rz, 5] + cp_g[c, 1] * zs[rz, 6]
                            W[cb, _W_K0 * L + cl] += W[cb, _W_K0B * L + cl] * dx
                            W[cb, _W_KL * L + cl] += W[cb, _W_KLB * L + cl] * dx
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
                    # ---- couplings owned: the step's heat from the receiver, booked on both sides (the same number)
                    for c in range(c0, c1):
                        rz = cp_i[c, _CP_RECV] & _MASK
                        if cp_i[c, _CP_KIND] == _CP_SURFACE:
                            cb = cp_i[c, _CP_BLOCK] & _MASK
                            cl = cp_i[c, _CP_LANE] & _MASK
                            qx = W[cb, _W_KGB * L + cl] * (W[cb, _W_KTB * L + cl] - W[cb, _W_T0 * L + cl])
                            tr -= qx
                            qx += cp_g[c, 0] * zs[rz, 5] + cp_g[c, 1] * zs[rz, 6]
                        else:
                            qx = cp_g[c, 0] * (zs[rz, 5] - ta)
                        acc[zi, 0] += qx
                        acc[rz, 0] -= qx
                    acc[zi, 1] += q
                    acc[zi, 2] += ta
                    acc[zi, 3] += ts
                    acc[zi, 4] += tr
                    acc[zi, 5] += hvh * (to - ta)
                    acc[zi, 6] += st
                    t_air[zi] = ta
                    t_star[zi] = ts
            for gi in range(g0, g1):
                zi = grp[gi] & _MASK
                ta_m = acc[zi, 2] * inv_ns
                ts_m = acc[zi, 3] * inv_ns
                ta_lasts[zi] = ta_m
                top_lasts[zi] = 0.5 * (ta_m + ts_m)
                if k >= n_warm:
                    q = acc[zi, 1] * inv_ns
                    out[zi, 0, h] = max(q, 0.0)
                    out[zi, 1, h] = max(-q, 0.0)
                    out[zi, 2, h] = ta_m
                    out[zi, 3, h] = ts_m
                    out[zi, 4, h] = 0.5 * (ta_m + ts_m)
                    out[zi, 5, h] = acc[zi, 4] * inv_ns
                    out[zi, 6, h] = acc[zi, 5] * inv_ns
                    out[zi, 7, h] = acc[zi, 6] * inv_ns
                    out[zi, 8, h] = q
                    out[zi, 9, h] = zh[zi, 8]
                    out[zi, 10, h] = acc[zi, 0] * inv_ns


def _group_workspace_py(nz, zc, cp_i, grp, grp_start):
    """Work space of the group solve: each zone's position in its group, each group's bandwidth in zones (the
    largest position difference of two coupled zones), the zones' control modes (0 free-floating, 1 / 2 at the
    heating / cooling set-point, 3 / 4 at the heating / cooling capacity), the block band matrix of the largest
    group (:func:`_group_system`), the air rows as assembled (last column: their right-hand side), the inverse
    pivot blocks and the right-hand side and solution."""
    n_g = grp_start.shape[0] - 1
    gpos = np.zeros(nz, dtype=np.int64)
    gid = np.zeros(nz, dtype=np.int64)
    g_max = 1
    for g in range(n_g):
        g_max = max(g_max, grp_start[g + 1] - grp_start[g])
        for gi in range(grp_start[g], grp_start[g + 1]):
            gpos[grp[gi]] = gi - grp_start[g]
            gid[grp[gi]] = g
    bw = np.ones(n_g, dtype=np.int64)
    for z in range(nz):
        for c in range(zc[z, 0], zc[z, 1]):
            bw[gid[z]] = max(bw[gid[z]], abs(gpos[z] - gpos[cp_i[c, _CP_RECV]]))
    w = 4 * (2 * int(bw.max()) + 1)
    up_start, up = _fill_pattern(nz, zc, cp_i, grp, grp_start, gpos, g_max)
    return (gpos, bw, np.zeros(nz, dtype=np.int64), np.zeros((g_max, w)), np.zeros((g_max, w + 1)),
            np.zeros((g_max, 4)), np.zeros((2, 2 * g_max)), up_start, up)


def _fill_pattern_py(nz, zc, cp_i, grp, grp_start, gpos, g_max):
    """The blocks the group elimination touches: per zone (in ``grp`` order) the later zones of its group it is
    coupled with once the earlier zones are eliminated (the coupling graph with its fill), as ``up[up_start[gi]:
    up_start[gi + 1]]`` (group positions, increasing)."""
    adj = np.zeros((g_max, g_max), dtype=np.bool_)
    nbr = np.zeros(g_max, dtype=np.int64)
    up_start = np.zeros(nz + 1, dtype=np.int64)
    up = np.zeros(max(1, nz * 4), dtype=np.int64)
    for g in range(grp_start.shape[0] - 1):
        g0 = grp_start[g]
        m = grp_start[g + 1] - g0
        adj[:m, :m] = False
        for gi in range(g0, g0 + m):
            z = grp[gi]
            for c in range(zc[z, 0], zc[z, 1]):
                a = gpos[z]
                b = gpos[cp_i[c, _CP_RECV]]
                adj[a, b] = True
                adj[b, a] = True
        for k in range(m):
            n_up = 0
            for i in range(k + 1, m):
                if adj[k, i]:
                    nbr[n_up] = i
                    n_up += 1
            for a in range(n_up):
                for b in range(n_up):
                    adj[nbr[a], nbr[b]] = True
            if up_start[g0 + k] + n_up > up.shape[0]:
                more = np.zeros(2 * up.shape[0] + n_up, dtype=np.int64)
                more[:up.shape[0]] = up
                up = more
            up[up_start[g0 + k]:up_start[g0 + k] + n_up] = nbr[:n_up]
            up_start[g0 + k + 1] = up_start[g0 + k] + n_up
    return up_start, up


def _group_system_py(g0, g1, grp, gpos, bw, zs, zh, zmode, W, zc, cp_i, cp_g, AB, R, rhs):
    """The coupled group's step as one linear system in the zones' air and star temperatures with the zones'
    control modes: 2 x 2 blocks, zone ``p`` (group position) against zone ``q`` at ``AB[p, 4 (q - p + bw):][:4]``
    (air row: air, star column; star row: air, star column), right-hand side ``rhs[2 p]`` (air), ``rhs[2 p + 1]``.

    A partition owned by zone O (position p) with its outer face in zone R (position r): O's chain end
    temperatures are affine in O's air and star and in ``D = g_a Ta_R + g_s Ts_R`` (the face's boundary flux less
    the shortwave: ``T0 = K0 + K0A Ta_O + K0S Ts_O + K0B D``, ``TL`` likewise), so O's rows gain the terms of
    ``gci TL`` and ``gri TL`` in ``D``; R's air and star rows gain ``g_a (T0 - Ta_R)`` and ``g_s (T0 - Ts_R)``.
    Air exchange ``g`` adds ``g (Ta_R - Ta_O)`` to O's air row and the opposite to R's. A zone without long-wave
    exchange (star diagonal 0) has the star row ``Ts = Ta``. A zone at a set-point has the air row ``Ta = set-point``
    (the row as assembled kept in ``R``: its residual is the load); at a capacity, the load added to the row."""
    L = _LANES
    w = 4 * (2 * bw + 1)
    c0 = 4 * bw
    for gi in range(g0, g1):
        zi = grp[gi] & _MASK
        p = gi - g0
        for cc in range(w):
            AB[p, cc] = 0.0
        AB[p, c0] = zs[zi, 0]
        AB[p, c0 + 1] = zs[zi, 1]
        AB[p, c0 + 2] = zs[zi, 1]
        AB[p, c0 + 3] = zs[zi, 2]
        rhs[2 * p] = zs[zi, 3]
        rhs[2 * p + 1] = zs[zi, 4]
    for gi in range(g0, g1):
        zi = grp[gi] & _MASK
        p = gi - g0
        for c in range(zc[zi, 0], zc[zi, 1]):
            r = gpos[cp_i[c, _CP_RECV] & _MASK]
            o_pr = 4 * (r - p + bw)
            o_rp = 4 * (p - r + bw)
            g_a = cp_g[c, 0]
            g_s = cp_g[c, 1]
            if cp_i[c, _CP_KIND] == _CP_SURFACE:
                cb = cp_i[c, _CP_BLOCK] & _MASK
                cl = cp_i[c, _CP_LANE] & _MASK
                # responses of the end temperatures to the boundary flux: dT0/db0 = ALL inv, dTL/db0 = -AL0 inv (the
                # chain's 2 x 2 system in the loop; a partition has no glazing gap)
                inv = W[cb, _W_KIV * L + cl]
                gci = W[cb, _W_KCI * L + cl]
                gri = W[cb, _W_GRI * L + cl]
                k0b = (W[cb, _W_ALL * L + cl] + gci + gri) * inv
                klb = -W[cb, _W_AL0 * L + cl] * inv
                W[cb, _W_K0B * L + cl] = k0b
                W[cb, _W_KLB * L + cl] = klb
                k0 = W[cb, _W_K0 * L + cl]
                k0a = W[cb, _W_K0A * L + cl]
                k0s = W[cb, _W_K0S * L + cl]
                AB[p, o_pr] -= gci * klb * g_a
                AB[p, o_pr + 1] -= gci * klb * g_s
                AB[p, o_pr + 2] -= gri * klb * g_a
                AB[p, o_pr + 3] -= gri * klb * g_s
                AB[r, c0] += g_a - g_a * k0b * g_a
                AB[r, c0 + 1] -= g_a * k0b * g_s
                AB[r, c0 + 2] -= g_s * k0b * g_a
                AB[r, c0 + 3] += g_s - g_s * k0b * g_s
                AB[r, o_rp] -= g_a * k0a
                AB[r, o_rp + 1] -= g_a * k0s
                AB[r, o_rp + 2] -= g_s * k0a
                AB[r, o_rp + 3] -= g_s * k0s
                rhs[2 * r] += g_a * k0
                rhs[2 * r + 1] += g_s * k0
            else:
                AB[p, c0] += g_a
                AB[p, o_pr] -= g_a
                AB[r, c0] += g_a
                AB[r, o_rp] -= g_a
    for gi in range(g0, g1):
        zi = grp[gi] & _MASK
        p = gi - g0
        if not (AB[p, c0 + 3] > 1e-12):     # no long-wave exchange in the zone: star = air
            for cc in range(0, w, 4):
                AB[p, cc + 2] = 0.0
                AB[p, cc + 3] = 0.0
            AB[p, c0 + 2] = -1.0
            AB[p, c0 + 3] = 1.0
            rhs[2 * p + 1] = 0.0
        md = zmode[zi]
        if md == 1 or md == 2:
            for cc in range(w):
                R[p, cc] = AB[p, cc]
            R[p, w] = rhs[2 * p]
            for cc in range(0, w, 4):
                AB[p, cc] = 0.0
                AB[p, cc + 1] = 0.0
            AB[p, c0] = 1.0
            rhs[2 * p] = zh[zi, md]
        elif md == 3:
            rhs[2 * p] += zh[zi, 3]
        elif md == 4:
            rhs[2 * p] -= zh[zi, 4]


def _block_solve_py(AB, PIV, b, x, m, bw, up_start, up, u0):
    """Solve the block band system of :func:`_group_system` (``m`` zones, bandwidth ``bw`` zones) by block Gaussian
    elimination without pivoting, in place, over the blocks of the coupling graph with its fill only (zone ``k``'s
    later neighbours ``up[up_start[u0 + k]:up_start[u0 + k + 1]]``); each zone's 2 x 2 block dominates its row (its
    own conductances and capacity exceed those to its neighbours), so no pivoting is needed."""
    c0 = 4 * bw
    for k in range(m):
        idet = 1.0 / (AB[k, c0] * AB[k, c0 + 3] - AB[k, c0 + 1] * AB[k, c0 + 2])
        ia = AB[k, c0 + 3] * idet
        ib = -AB[k, c0 + 1] * idet
        ic = -AB[k, c0 + 2] * idet
        id_ = AB[k, c0] * idet
        PIV[k, 0] = ia
        PIV[k, 1] = ib
        PIV[k, 2] = ic
        PIV[k, 3] = id_
        for ii in range(up_start[u0 + k], up_start[u0 + k + 1]):
            i = up[ii]
            o = 4 * (k - i + bw)
            l00 = AB[i, o] * ia + AB[i, o + 1] * ic
            l01 = AB[i, o] * ib + AB[i, o + 1] * id_
            l10 = AB[i, o + 2] * ia + AB[i, o + 3] * ic
            l11 = AB[i, o + 2] * ib + AB[i, o + 3] * id_
            for jj in range(up_start[u0 + k], up_start[u0 + k + 1]):
                j = up[jj]
                oi = 4 * (j - i + bw)
                ok = 4 * (j - k + bw)
                AB[i, oi] -= l00 * AB[k, ok] + l01 * AB[k, ok + 2]
                AB[i, oi + 1] -= l00 * AB[k, ok + 1] + l01 * AB[k, ok + 3]
                AB[i, oi + 2] -= l10 * AB[k, ok] + l11 * AB[k, ok + 2]
                AB[i, oi + 3] -= l10 * AB[k, ok + 1] + l11 * AB[k, ok + 3]
            b[2 * i] -= l00 * b[2 * k] + l01 * b[2 * k + 1]
            b[2 * i + 1] -= l10 * b[2 * k] + l11 * b[2 * k + 1]
    for k in range(m - 1, -1, -1):
        s0 = b[2 * k]
        s1 = b[2 * k + 1]
        for jj in range(up_start[u0 + k], up_start[u0 + k + 1]):
            j = up[jj]
            o = 4 * (j - k + bw)
            s0 -= AB[k, o] * x[2 * j] + AB[k, o + 1] * x[2 * j + 1]
            s1 -= AB[k, o + 2] * x[2 * j] + AB[k, o + 3] * x[2 * j + 1]
        x[2 * k] = PIV[k, 0] * s0 + PIV[k, 1] * s1
        x[2 * k + 1] = PIV[k, 2] * s0 + PIV[k, 3] * s1


def _solve_group_py(g0, g1, grp, gpos, bw, zs, zh, zmode, W, zc, cp_i, cp_g, AB, R, PIV, xb, up_start, up):
    """The coupled group's step solved at once (:func:`_group_system`) with each zone's ideal load: every zone is
    free-floating, at a set-point or at a capacity (``zmode``, kept from the step before); the system is solved with
    these modes, and a zone whose result contradicts its mode (a free zone below its heating set-point, a heated one
    needing negative heat, ...) changes mode and the system is solved again, until no zone changes (at most
    ``2 m + 4`` rounds; the load of a zone at a set-point is its air row's residual, so the balance closes in any
    case). Writes the air, star and load of each zone into ``zs[:, 5:8]``."""
    m = g1 - g0
    w = 4 * (2 * bw + 1)
    rhs = xb[0]
    x = xb[1]
    for gi in range(g0, g1):
        zi = grp[gi] & _MASK
        md = zmode[zi]
        if (md == 1 or md == 3) and not (zh[zi, 1] == zh[zi, 1]):    # the set-point ended (NaN)
            zmode[zi] = 0
        if (md == 2 or md == 4) and not (zh[zi, 2] == zh[zi, 2]):
            zmode[zi] = 0
    for _ in range(2 * m + 4):
        _group_system(g0, g1, grp, gpos, bw, zs, zh, zmode, W, zc, cp_i, cp_g, AB, R, rhs)
        _block_solve(AB, PIV, rhs, x, m, bw, up_start, up, g0)
        changed = False
        for gi in range(g0, g1):
            zi = grp[gi] & _MASK
            p = gi - g0
            md = zmode[zi]
            ta = x[2 * p]
            q = 0.0
            if md == 1 or md == 2:
                q = -R[p, w]
                for j in range(max(0, p - bw), min(m, p + bw + 1)):
                    o = 4 * (j - p + bw)
                    q += R[p, o] * x[2 * j] + R[p, o + 1] * x[2 * j + 1]
            elif md == 3:
                q = zh[zi, 3]
            elif md == 4:
                q = -zh[zi, 4]
            new = md
            if md == 0:
                new = 1 if ta < zh[zi, 1] else (2 if ta > zh[zi, 2] else 0)
            elif md == 1:
                new = 3 if q > zh[zi, 3] else (0 if q < 0.0 else 1)
            elif md == 2:
                new = 4 if q < -zh[zi, 4] else (0 if q > 0.0 else 2)
            elif md == 3:
                new = 1 if ta > zh[zi, 1] else 3
            elif md == 4:
                new = 2 if ta < zh[zi, 2] else 4
            zs[zi, 5] = ta
            zs[zi, 6] = x[2 * p + 1]
            zs[zi, 7] = q
            if new != md:
                zmode[zi] = new
                changed = True
        if not changed:
            break


# the compiled loop; the pure-Python version above is its reference (numba is a dependency of pythermalcomfort)
_JIT = dict(cache=True, nogil=True, error_model="numpy", fastmath={"nsz", "arcp", "contract", "reassoc"})
_fill_pattern = numba.njit(**_JIT)(_fill_pattern_py)
_group_workspace = numba.njit(**_JIT)(_group_workspace_py)
_group_system = numba.njit(inline="always", **_JIT)(_group_system_py)
_block_solve = numba.njit(inline="always", **_JIT)(_block_solve_py)
_solve_group = numba.njit(inline="always", **_JIT)(_solve_group_py)
_step_loop = numba.njit(**_JIT)(_step_loop_py)
