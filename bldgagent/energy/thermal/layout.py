"""Array layout shared by the assembly and the compiled loop: columns of a chain's row, fields of a block row of
``W``, per-lane and per-block integer data, the cube-root table (no numba here)."""
from __future__ import annotations

import numpy as np

# per-chain constants as assembled (columns of a chain's row; the loop's lanes are made from them): area, fixed
# boundary conductance, fixed exterior convective coefficient (-1: hourly), eps sigma A, roughness multiplier, TARP
# coefficients of the outer face and the sign of its normal's vertical component; inner face: fixed coefficient x A
# (-1: model), TARP coefficients x A, sign, long-wave conductance to the star; the same for an outer face inside the
# zone; ISO 6946 coefficients x A of both faces; shares of the zone's solar and radiative gains on the outer and
# inner face, inner-pane solar
(_CF_A, _CF_GB, _CF_HCO, _CF_EPS_SIG, _CF_RF, _CF_CEXT_U, _CF_CEXT_S, _CF_SEXT, _CF_HCI, _CF_CI_U, _CF_CI_S,
 _CF_SIN, _CF_GRI, _CF_HCI0, _CF_CI0_U, _CF_CI0_S, _CF_SIN0, _CF_GR0, _CF_ISO_U, _CF_ISO_S, _CF_ISO0_U, _CF_ISO0_S,
 _CF_COB, _CF_COD, _CF_COG, _CF_CW, _CF_CIB, _CF_CID, _CF_CIG) = range(29)
_NCF = 29
# outer boundary types
_OUT_NONE, _OUT_FIXED, _OUT_OUTDOOR, _OUT_ZONE = 0, 1, 2, 3

# --------------------------------------------------------------------------------------------------------
# the time loop's arrays (the loop itself: kernel.py)
# --------------------------------------------------------------------------------------------------------
#: Cube-root table for the natural-convection coefficients in the loop, as (value, step to the next value) at
#: |dT| from 0 by 0.02 K to 100 K (beyond: clamped; 100 K between a surface and the air does not occur).
_CBRT_TABLE = np.cbrt(np.arange(0.0, 100.0 + 0.01, 0.02))
_CBRT_PAIRS = np.ascontiguousarray(np.stack([_CBRT_TABLE[:-1], np.diff(_CBRT_TABLE)], axis=1).ravel())
_CBRT_PAIRS.setflags(write=False)

#: Chains are processed in *blocks* of ``_LANES`` lanes (one construction or window per lane, unused lanes
#: inert): the per-lane arithmetic of a step is written as loops over the lanes of a block with every quantity
#: in its own contiguous run of ``_LANES`` values of the block's row of ``W``, so the compiler turns them into
#: SIMD instructions (4 doubles per instruction with AVX2) without run-time alias checks.
_LANES = 8
#: Non-negative mask: indices loaded from arrays, proven >= 0 for the compiler (no negative-index wrap-around).
_MASK = 0x7FFFFFFFFFFFFFFF
# fields of a block row of W, each _LANES wide. Constants: exterior convection area (outdoor lanes), eps sigma A,
# roughness multiplier, TARP natural-convection coefficients of the outer face (unstable, stable) and 1 where the
# outer face's normal into the air points up, fixed exterior convective coefficient (-1: hourly), fixed boundary
# conductance, 1 for an outdoor-air boundary; inner face: TARP and ISO coefficients x area, 1 if its normal into
# the zone points up, fixed coefficient x area (-1: model); the same for an outer face inside the zone
# (internal partitions; fixed 0 otherwise); long-wave conductances to the star; end-node equations (A00, A0L, AL0,
# ALL, D0, DL) and storage weights (SA, SB); shares of the inner-pane solar, zone beam / diffuse / radiative gains
# on the inner and outer face; glazing area (gas-gap lanes); 1 where the outer flux is transmission.
# State: end temperatures, interior history to the two end equations. Hourly (gathered per step): forced
# convection, outer flux, inner-pane solar, boundary temperature, cube roots (outer, inner), gap conductance.
# Step results: end temperatures affine in (air, star), boundary conductance and temperature, transmitted flux.
# Coupling (outer lanes): the inner face's convective conductance and the inverse determinant of the chain's end
# system (step results), and, for partitions to another zone, the end temperatures' responses to the boundary
# flux (dT0/db0, dTL/db0; written by the group solve).
# Interior modes: decay, response to the outer / inner end temperature, amplitude x decay (4 per block row; more
# in extension rows of MX).
(_W_AEXT, _W_EPSS, _W_RF, _W_CEU, _W_CES, _W_SXP, _W_HCO, _W_GBF, _W_TBO,
 _W_CIU, _W_CIS, _W_IIU, _W_IIS, _W_SIP, _W_HCI,
 _W_C0U, _W_C0S, _W_I0U, _W_I0S, _W_S0P, _W_HC0,
 _W_GRI, _W_GR0, _W_A00, _W_A0L, _W_AL0, _W_ALL, _W_D0, _W_DL, _W_SA, _W_SB,
 _W_CW, _W_CIB, _W_CID, _W_CIG, _W_COB, _W_COD, _W_COG, _W_GAPA, _W_TRF,
 _W_T0, _W_TL, _W_H0, _W_HL,
 _W_HF, _W_FO, _W_FW, _W_CRO, _W_CRI, _W_GG,
 _W_K0, _W_K0A, _W_K0S, _W_KL, _W_KLA, _W_KLS, _W_KGB, _W_KTB, _W_KFO,
 _W_KCI, _W_KIV, _W_K0B, _W_KLB, _W_MODE) = range(64)
#: Interior modes per block row (the rest of a chain's modes go to extension rows).
_NMB = 4
_W_MLAM, _W_MS0, _W_MSL, _W_MV = (_W_MODE + k * _NMB for k in range(4))
_NW = _W_MODE + 4 * _NMB
# per-lane integer data of a block: offsets (row x hours) in the shared rows of the forced convection, the outer
# flux (or, for a fixed boundary, its temperature) and the inner-pane solar; the glazing table (-1: none)
_I_HF, _I_FO, _I_FW, _I_GAP = range(4)
_NI = 4
# per-block integer data: number of lanes in use, first extension row and number of extension rows in MX, 1 for a
# block of internal partitions (both faces in the zone)
_B_N, _B_X0, _B_NX, _B_IN = range(4)
# zone couplings (rows of the loop's ``cp_i`` / ``cp_g``): kind (surface / air), block, lane, receiving zone;
# conductances (surface: convective and long-wave x area of the face in the receiving zone, W/K; air: rho c V, W/K)
_CP_KIND, _CP_BLOCK, _CP_LANE, _CP_RECV = range(4)
_CP_SURFACE, _CP_AIR = 0, 1

#: Every layout name, for ``from .layout import *`` in the assembly and the loop.
__all__ = [n for n in list(globals()) if n.startswith(("_CF_", "_W_", "_I_", "_B_", "_OUT_", "_CP_"))
           or n in ("_NCF", "_LANES", "_MASK", "_NMB", "_NW", "_NI", "_CBRT_PAIRS")]
