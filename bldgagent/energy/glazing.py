"""Window glazing: angular solar transmittance and absorptance, diffuse (hemispherical) values, default types.

Physics (no fitted polynomial): each uncoated pane is a slab of refractive index ``n`` and extinction
coefficient ``K`` (1/m). Interface reflectance from the Fresnel equations for s and p polarisation, the
internal transmittance ``exp(-K d / cos theta')`` with Snell's refraction angle, the slab's transmittance,
reflectance and absorptance from the infinite series of internal reflections, and the panes combined by the
net-radiation (multiple inter-reflection) method, each polarisation separately and averaged at the end.
References: Duffie & Beckman, *Solar Engineering of Thermal Processes*, 4th ed. (2013), sections 5.1-5.3;
ASHRAE Handbook - Fundamentals (2017) ch. 15 "Fenestration", optical properties of glazing layers.

Clear glass default: a 3.048 mm pane, n = 1.526, extinction coefficient K = 31.0 1/m. K is set so the pane's
normal-incidence solar transmittance is 0.834, the spectral-average value of the LBNL/NFRC 102 clear float
glass ("CLEAR_3", 3.048 mm) behind the ANSI/ASHRAE Standard 140-2020 window; the model then gives a
reflectance of 0.076 (NFRC: 0.075). Double pane: tau 0.700 at normal incidence, 0.611 hemispherical, g 0.77
(EN 673 films, U 3.0). Check against Std 140-2020 (Denver TMY3, Case 600 south window): annual transmitted
820 kWh/m2 (example programs 804-826), annual transmissivity 0.601 (0.587-0.627); single pane (Case 670)
0.749 (0.747-0.770). The older edition's n = 1.526 with K = 19.6 1/m gives 0.652 for the double pane, outside
the 2020 range, so it is not used.

Coated (low-e) glazing cannot be described by n and K alone: :data:`WINDOW_TYPES` gives its normal-incidence
values, and its angular *shape* is taken from uncoated glazing with the same number of panes (a documented
approximation; coated units lose transmittance a little faster at grazing angles).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import InputValueError

__all__ = [
    "GlazingType", "WINDOW_TYPES", "WindowOptics", "pane_stack_optics", "window_optics", "window_type",
    "R_SE_STD", "R_SI_STD", "GAP_GASES", "gap_conductance_w_m2k", "glazing_conductance_table",
]

#: Standard external / internal surface resistances for rating glazing, m2K/W (EN 673:2011 / ISO 10077-1:2017,
#: ISO 6946:2017 Table 7 horizontal heat flow).
R_SE_STD = 0.04
R_SI_STD = 0.13

#: Clear float glass: 3.048 mm, refractive index 1.526, extinction coefficient giving the NFRC 102 ("CLEAR_3")
#: normal solar transmittance 0.834 (see the module docstring; Std 140-2020 window panes).
CLEAR_GLASS_N = 1.526
CLEAR_GLASS_K_PER_M = 31.0
CLEAR_GLASS_THICKNESS_M = 0.003048


def _pane(theta: np.ndarray, n: float, k_per_m: float, d: float):
    """Per-polarisation (s, p) transmittance, reflectance, absorptance of one uncoated pane, shape (2, m)."""
    theta = np.clip(theta, 0.0, np.radians(89.999))
    sin_t = np.sin(theta) / n
    theta_r = np.arcsin(sin_t)
    cos_i, cos_r = np.cos(theta), np.cos(theta_r)
    # Fresnel interface reflectances (Duffie & Beckman eq. 5.1.1, 5.1.2), normal incidence limit ((n-1)/(n+1))^2
    rs = ((cos_i - n * cos_r) / (cos_i + n * cos_r)) ** 2
    rp = ((n * cos_i - cos_r) / (n * cos_i + cos_r)) ** 2
    a = np.exp(-k_per_m * d / cos_r)  # internal transmittance (Bouguer's law along the refracted path)
    out = []
    for r in (rs, rp):
        denom = 1.0 - (r * a) ** 2
        tau = (1.0 - r) ** 2 * a / denom
        rho = r + (1.0 - r) ** 2 * r * a ** 2 / denom
        out.append((tau, rho, 1.0 - tau - rho))
    return out


def pane_stack_optics(theta_deg, n_panes: int = 2, n: float = CLEAR_GLASS_N,
                      extinction_per_m: float = CLEAR_GLASS_K_PER_M, thickness_m: float = CLEAR_GLASS_THICKNESS_M):
    """Solar transmittance and per-pane absorptance of ``n_panes`` identical uncoated panes at incidence angles.

    Returns ``(tau, absorptance)`` with ``tau`` shaped like ``theta_deg`` and ``absorptance`` shaped
    ``(n_panes,) + theta.shape`` (pane 0 outermost), both averaged over s and p polarisation. Net-radiation
    method: the stack is built pane by pane, tracking transmittance and the reflectances seen from outside
    and inside (panes are symmetric).
    """
    if n_panes not in (1, 2, 3, 4):
        raise InputValueError(f"n_panes must be 1-4, got {n_panes}")
    theta = np.radians(np.asarray(theta_deg, dtype=float))
    shape = theta.shape
    theta = theta.ravel()
    tau_sum = np.zeros_like(theta)
    abs_sum = np.zeros((n_panes,) + theta.shape)
    for tau1, rho1, alpha1 in _pane(theta, n, extinction_per_m, thickness_m):
        # stack so far: T (transmittance, the same both ways for uncoated panes), Rf / Rb (reflectance seen
        # from the front / back), A[k] / B[k] (absorptance of pane k for light entering front / back)
        T, Rf, Rb = tau1.copy(), rho1.copy(), rho1.copy()
        A, B = [alpha1.copy()], [alpha1.copy()]
        for _ in range(1, n_panes):
            d_front = 1.0 - Rb * rho1          # inter-reflections in the gap, light coming from the front
            to_new = T / d_front               # flux striking the added pane
            to_old = T * rho1 / d_front        # flux re-entering the old stack from behind
            A_new = [A[k] + to_old * B[k] for k in range(len(A))] + [alpha1 * to_new]
            # light entering from the back strikes the added pane first
            to_old_b = tau1 / d_front          # flux entering the old stack from behind
            B_new = [B[k] * to_old_b for k in range(len(B))] + [alpha1 * (1.0 + tau1 * Rb / d_front)]
            Rf = Rf + T * T * rho1 / d_front
            Rb = rho1 + tau1 * tau1 * Rb / d_front
            T = T * tau1 / d_front
            A, B = A_new, B_new
        tau_sum += 0.5 * T
        for k in range(n_panes):
            abs_sum[k] += 0.5 * A[k]
    return tau_sum.reshape(shape), abs_sum.reshape((n_panes,) + shape)


@dataclass(frozen=True)
class WindowOptics:
    """Angular solar optics of a glazing, as lookup tables over incidence angle 0-90 degrees.

    ``tau`` direct solar transmittance; ``abs_out`` / ``abs_in`` absorptance lumped to the window's outer and
    inner surface nodes (outer pane; inner pane(s), a middle pane split half and half); ``*_diffuse`` the
    hemispherical (diffuse-light) averages ``2 * integral f(theta) sin(theta) cos(theta) dtheta``.
    ``back_*_diffuse`` describe diffuse light hitting the glazing from the room (lost out / absorbed).
    """

    theta_deg: np.ndarray
    tau: np.ndarray
    abs_out: np.ndarray
    abs_in: np.ndarray
    tau_diffuse: float
    abs_out_diffuse: float
    abs_in_diffuse: float
    back_abs_diffuse: float

    def at(self, aoi_deg) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(tau, abs_out, abs_in) at incidence angles ``aoi_deg`` (beyond 90 degrees: zero)."""
        x = np.asarray(aoi_deg, dtype=float)
        return (np.interp(x, self.theta_deg, self.tau, right=0.0),
                np.interp(x, self.theta_deg, self.abs_out, right=0.0),
                np.interp(x, self.theta_deg, self.abs_in, right=0.0))

    def g_normal(self, u_w_m2k: float) -> float:
        """Total solar energy transmittance at normal incidence with the EN 673 surface resistances:
        ``tau + abs_out * R_se * U + abs_in * (1 - R_si * U)`` (inward-flowing fractions of the two nodes)."""
        return float(self.tau[0] + self.abs_out[0] * R_SE_STD * u_w_m2k + self.abs_in[0] * (1.0 - R_SI_STD * u_w_m2k))


def _hemispherical(theta_deg: np.ndarray, f: np.ndarray) -> float:
    t = np.radians(theta_deg)
    return float(np.trapezoid(2.0 * f * np.sin(t) * np.cos(t), t))


@lru_cache(maxsize=64)
def _uncoated(n_panes: int) -> WindowOptics:
    theta = np.linspace(0.0, 90.0, 181)
    tau, absorb = pane_stack_optics(theta, n_panes)
    if n_panes == 1:
        a_out, a_in = 0.5 * absorb[0], 0.5 * absorb[0]
    else:
        a_out = absorb[0].copy()
        a_in = absorb[-1].copy()
        for k in range(1, n_panes - 1):  # middle panes: half to each node
            a_out += 0.5 * absorb[k]
            a_in += 0.5 * absorb[k]
    tau[-1] = a_out[-1] = a_in[-1] = 0.0  # grazing incidence
    # from the room side the stack is mirrored: the inner pane is hit first
    back = _hemispherical(theta, a_in + a_out)
    return WindowOptics(theta, tau, a_out, a_in, _hemispherical(theta, tau), _hemispherical(theta, a_out),
                        _hemispherical(theta, a_in), back)


@dataclass(frozen=True)
class GlazingType:
    """A default window type: whole-window U (frame included), g and direct solar transmittance at normal
    incidence, number of panes, typical frame fraction, and the source of the numbers."""

    key: str
    description: str
    u_w_m2k: float
    g_normal: float
    tau_normal: float
    n_panes: int
    frame_fraction: float
    source: str


_ASHRAE_F15 = "ASHRAE Handbook - Fundamentals (2017) ch. 15, Table 4 (U, fixed/operable mean) and Table 10 (SHGC, Tsol at 0 deg)"
_EN_ISO = "ISO 10077-1:2017 Annex (typical Ug + frame) and EN 410:2011 typical values; ISO 52016-1 default frame fraction"

#: Default window types. U is a whole-window value with a typical frame; g/tau are centre-of-glass.
WINDOW_TYPES: dict[str, GlazingType] = {
    "single_clear": GlazingType("single_clear", "single clear 3-4 mm in a timber/vinyl frame", 5.1, 0.86, 0.83, 1,
                                0.25, _ASHRAE_F15),
    "double_clear": GlazingType("double_clear", "double clear 3 mm, 12-13 mm air gap", 2.9, 0.76, 0.70, 2, 0.25,
                                _ASHRAE_F15),
    "double_lowe": GlazingType("double_lowe", "double low-e (e=0.1, surface 3), argon", 1.6, 0.62, 0.54, 2, 0.25,
                               _EN_ISO),
    "double_lowe_solar": GlazingType("double_lowe_solar", "double solar-control low-e (e=0.03), argon", 1.5, 0.40,
                                     0.36, 2, 0.25, _EN_ISO),
    "triple_lowe": GlazingType("triple_lowe", "triple low-e (2 coatings), argon", 0.9, 0.50, 0.42, 3, 0.25, _EN_ISO),
    "bestest": GlazingType("bestest", "ANSI/ASHRAE Standard 140 Case 600 double clear (3.048 mm, 12 mm air)", 3.0,
                           float("nan"), float("nan"), 2, 0.0, "ANSI/ASHRAE Standard 140-2020, Case 600 window"),
}


def window_type(key: str) -> GlazingType:
    """Default window type by key (see :data:`WINDOW_TYPES`); :class:`InputValueError` listing keys if unknown."""
    try:
        return WINDOW_TYPES[key]
    except KeyError:
        raise InputValueError(f"unknown window type {key!r}; use one of {', '.join(WINDOW_TYPES)}") from None


def window_optics(n_panes: int = 2, u_w_m2k: float | None = None, g_normal: float | None = None,
                  tau_normal: float | None = None) -> WindowOptics:
    """Angular optics of a window with ``n_panes`` panes, optionally scaled to given normal-incidence values.

    Without ``g_normal``/``tau_normal``: uncoated clear glass physics. With ``tau_normal``: transmittance
    scaled to it. With ``g_normal`` (needs ``u_w_m2k``): absorptances scaled so that
    :meth:`WindowOptics.g_normal` equals it. Raises :class:`InputValueError` for non-physical combinations.
    """
    base = _uncoated(int(n_panes))
    if g_normal is None and tau_normal is None:
        return base
    tau_n = base.tau[0] if tau_normal is None else float(tau_normal)
    if g_normal is not None and tau_normal is None:
        # keep the uncoated tau/g ratio when only g is known
        tau_n = float(g_normal) * base.tau[0] / base.g_normal(u_w_m2k if u_w_m2k else 3.0)
    if not (0.0 <= tau_n <= 1.0):
        raise InputValueError(f"window tau_normal must lie in 0..1, got {tau_n}")
    k_tau = tau_n / base.tau[0]
    tau = base.tau * k_tau
    a_out, a_in = base.abs_out, base.abs_in
    k_abs = 1.0
    if g_normal is not None:
        if u_w_m2k is None:
            raise InputValueError("window_optics: g_normal needs u_w_m2k to split absorbed solar in and out")
        g = float(g_normal)
        if g < tau_n - 1e-9:
            raise InputValueError(f"window g_normal {g} is below its direct transmittance {tau_n:.3f}; g >= tau")
        inward = a_out[0] * R_SE_STD * u_w_m2k + a_in[0] * (1.0 - R_SI_STD * u_w_m2k)
        k_abs = (g - tau_n) / inward if inward > 0 else 0.0
        if (a_out[0] + a_in[0]) * k_abs + tau_n > 1.0 + 1e-9:
            # g too high for the absorbed share: cap absorptance at 1 - tau (secondary gain at its maximum)
            k_abs = (1.0 - tau_n) / (a_out[0] + a_in[0])
    theta = base.theta_deg
    a_out = a_out * k_abs
    a_in = a_in * k_abs
    return WindowOptics(theta, tau, a_out, a_in, _hemispherical(theta, tau), _hemispherical(theta, a_out),
                        _hemispherical(theta, a_in), base.back_abs_diffuse * k_abs)


# --------------------------------------------------------------------------------------------------------
# heat transfer across a sealed gas gap (centre of glass)
# --------------------------------------------------------------------------------------------------------
#: Fill gases: (conductivity a, b in W/(m K) = a + b T; dynamic viscosity a, b in Pa s; specific heat a, b in
#: J/(kg K); molar mass g/mol), T in K. ISO 15099:2003 Annex B, Table B.1.
GAP_GASES = {
    "air": ((2.873e-3, 7.760e-5), (3.723e-6, 4.940e-8), (1002.737, 1.2324e-2), 28.97),
    "argon": ((2.285e-3, 5.149e-5), (3.379e-6, 6.451e-8), (521.929, 0.0), 39.948),
    "krypton": ((9.443e-4, 2.826e-5), (2.213e-6, 7.777e-8), (248.091, 0.0), 83.80),
}
_R_UNIVERSAL = 8314.462618  # J/(kmol K)
_P_FILL = 101325.0          # Pa, sealed unit filled at standard pressure (ISO 15099 8.1)
_SIGMA = 5.670374419e-8


def gap_conductance_w_m2k(t_mean_c, delta_t_k, gap_m: float, gas: str = "air", emissivities=(0.84, 0.84),
                          height_m: float = 1.5):
    """Heat transfer coefficient across a vertical sealed gas gap, W/(m2 K): gas conduction/convection plus
    long-wave radiation between the two glass faces.

    ISO 15099:2003: gas properties at the mean gap temperature (Annex B), Rayleigh number
    ``Ra = rho^2 s^3 g beta c_p dT / (mu lambda)`` with ``beta = 1/T_m`` (7.2), Nusselt number of a vertical
    cavity ``Nu = max(Nu1, Nu2)`` with ``Nu1 = 1 + 1.7596678e-10 Ra^2.2984755`` (Ra <= 1e4),
    ``0.028154 Ra^0.4134`` (1e4 < Ra <= 5e4), ``0.0673838 Ra^(1/3)`` (Ra > 5e4) and
    ``Nu2 = 0.242 (Ra / A)^0.272``, ``A = height / s`` (5.3.3.2); radiation between grey parallel planes
    ``h_r = 4 sigma T_m^3 / (1/eps1 + 1/eps2 - 1)`` (EN 673:2011 eq. 5). ``t_mean_c`` and ``delta_t_k`` may be
    arrays (broadcast). Std 140-2020 window, 12 mm air, eps 0.84, 10 C mean, 15 K: 2.08 + 3.76 = 5.84.
    """
    if gas not in GAP_GASES:
        raise InputValueError(f"gap gas must be one of {tuple(GAP_GASES)}, got {gas!r}")
    if not (gap_m > 0):
        raise InputValueError(f"gap width must be > 0 m, got {gap_m}")
    e1, e2 = (float(e) for e in emissivities)
    if not (0.0 < e1 <= 1.0 and 0.0 < e2 <= 1.0):
        raise InputValueError(f"gap emissivities must lie in (0, 1], got {emissivities}")
    (ka, kb), (ma, mb), (ca, cb), molar = GAP_GASES[gas]
    tm = np.asarray(t_mean_c, dtype=float) + 273.15
    dt = np.maximum(np.abs(np.asarray(delta_t_k, dtype=float)), 1e-6)
    lam = ka + kb * tm
    mu = ma + mb * tm
    cp = ca + cb * tm
    rho = _P_FILL * molar / (_R_UNIVERSAL * tm)
    ra = rho ** 2 * gap_m ** 3 * 9.81 * cp * dt / (tm * mu * lam)
    nu1 = np.where(ra > 5e4, 0.0673838 * ra ** (1.0 / 3.0),
                   np.where(ra > 1e4, 0.028154 * ra ** 0.4134, 1.0 + 1.7596678e-10 * ra ** 2.2984755))
    nu2 = 0.242 * (ra * gap_m / max(float(height_m), gap_m)) ** 0.272
    h_gas = np.maximum(nu1, nu2) * lam / gap_m
    h_rad = 4.0 * _SIGMA * tm ** 3 / (1.0 / e1 + 1.0 / e2 - 1.0)
    return h_gas + h_rad


#: Grid of :func:`glazing_conductance_table`: mean glass temperature -40..80 C by 2 K, temperature difference
#: across the glazing 0..60 K by 1 K (beyond: clamped).
GAP_TABLE_T0_C, GAP_TABLE_DT_K, GAP_TABLE_NT = -40.0, 2.0, 61
GAP_TABLE_NDT = 61


@lru_cache(maxsize=64)
def glazing_conductance_table(gap_m: float, gas: str = "air", emissivities=(0.84, 0.84), height_m: float = 1.5,
                              n_gaps: int = 1, r_panes_m2k_w: float = 0.0):
    """Centre-of-glass conductance between the outer and inner glass surfaces, W/(m2 K), tabulated for the hourly
    loop (bilinear interpolation): ``1 / (n_gaps / h_gap(T_m, dT / n_gaps) + R_panes)`` with
    :func:`gap_conductance_w_m2k` (equal gaps in series, each at the mean temperature). Shape
    (GAP_TABLE_NT, GAP_TABLE_NDT): mean temperature from -40 C by 2 K, temperature difference across the
    glazing from 0 by 1 K. Read-only."""
    tm = GAP_TABLE_T0_C + GAP_TABLE_DT_K * np.arange(GAP_TABLE_NT)
    dt = np.arange(GAP_TABLE_NDT, dtype=float)
    hg = gap_conductance_w_m2k(tm[:, None], dt[None, :] / n_gaps, gap_m, gas, tuple(emissivities), height_m)
    tab = 1.0 / (n_gaps / hg + r_panes_m2k_w)
    tab.setflags(write=False)
    return tab
