"""Glazing optics (bldgagent.energy.glazing): Fresnel + absorption, multi-pane stacking, g scaling."""
from __future__ import annotations

import numpy as np
import pytest

from bldgagent.energy.glazing import (WINDOW_TYPES, gap_conductance_w_m2k, glazing_conductance_table, pane_stack_optics,
                                      window_optics, window_type)
from bldgagent.errors import InputValueError


def test_single_pane_normal_incidence_by_hand():
    # r = ((n-1)/(n+1))^2, a = exp(-K d), tau = (1-r)^2 a / (1 - r^2 a^2)  (Duffie & Beckman 5.3)
    n, k, d = 1.526, 31.0, 0.003048
    r = ((n - 1) / (n + 1)) ** 2
    a = np.exp(-k * d)
    tau = (1 - r) ** 2 * a / (1 - r * r * a * a)
    got, absorb = pane_stack_optics(0.0, 1)
    assert float(got) == pytest.approx(tau, rel=1e-6)
    assert float(got) == pytest.approx(0.834, abs=0.001)       # NFRC 102 clear 3 mm
    rho = r + (1 - r) ** 2 * r * a * a / (1 - r * r * a * a)
    assert float(absorb[0]) == pytest.approx(1 - tau - rho, rel=1e-6)


def test_double_pane_stacking_by_hand():
    # two identical panes: tau2 = tau1^2 / (1 - rho1^2) at normal incidence (per polarisation = both equal)
    t1, a1 = pane_stack_optics(0.0, 1)
    rho1 = 1 - float(t1) - float(a1[0])
    t2, a2 = pane_stack_optics(0.0, 2)
    assert float(t2) == pytest.approx(float(t1) ** 2 / (1 - rho1 ** 2), rel=1e-6)
    # energy conservation at all angles: tau + absorbed + reflected = 1 with reflected in 0..1
    th = np.linspace(0, 89, 30)
    t3, a3 = pane_stack_optics(th, 3)
    assert np.all(t3 + a3.sum(axis=0) <= 1.0 + 1e-12)
    assert np.all(np.diff(t3) <= 1e-12)  # transmittance falls with incidence angle


def test_hemispherical_and_g():
    o = window_optics(2)
    assert o.tau_diffuse == pytest.approx(0.611, abs=0.003)   # about 0.87 of the normal value
    assert o.g_normal(3.0) == pytest.approx(0.757, abs=0.003)  # Std 140 double clear: SHGC 0.77-0.79 quoted
    scaled = window_optics(2, u_w_m2k=1.6, g_normal=0.62, tau_normal=0.54)
    assert scaled.g_normal(1.6) == pytest.approx(0.62, rel=1e-9)
    assert scaled.tau[0] == pytest.approx(0.54, rel=1e-9)


def test_types_and_errors():
    assert set(WINDOW_TYPES) >= {"single_clear", "double_clear", "double_lowe", "triple_lowe"}
    for t in WINDOW_TYPES.values():
        assert t.source
    with pytest.raises(InputValueError, match="unknown window type"):
        window_type("quadruple_magic")
    with pytest.raises(InputValueError, match="g_normal"):
        window_optics(2, u_w_m2k=1.0, g_normal=0.3, tau_normal=0.5)


SIGMA = 5.670374419e-8


def test_gap_conductance_by_hand():
    # ISO 15099 / EN 673, 12 mm air, both faces 0.84, mean 10 C, 15 K: conduction regime (Ra ~ 3.9e3, Nu1 ~ 1.02)
    tm = 283.15
    lam = 2.873e-3 + 7.76e-5 * tm                       # ISO 15099 Table B.1, air
    mu, cp = 3.723e-6 + 4.94e-8 * tm, 1002.737 + 1.2324e-2 * tm
    rho = 101325 * 28.97 / (8314.462618 * tm)
    ra = rho ** 2 * 0.012 ** 3 * 9.81 * cp * 15.0 / (tm * mu * lam)
    nu = max(1 + 1.7596678e-10 * ra ** 2.2984755, 0.242 * (ra * 0.012 / 1.5) ** 0.272)
    h_rad = 4 * SIGMA * tm ** 3 / (2 / 0.84 - 1)       # EN 673 eq. (5)
    got = float(gap_conductance_w_m2k(10.0, 15.0, 0.012))
    assert got == pytest.approx(nu * lam / 0.012 + h_rad, rel=1e-12)
    assert got == pytest.approx(5.84, abs=0.01)
    # centre-of-glass U with the EN 673 rating films (R_se 0.04, R_si 0.13): 2.85, typical 4-12-4 air unit 2.8-3.0
    u = 1 / (0.04 + 0.13 + 2 * 0.003048 / 1.0 + 1 / got)
    assert 2.8 < u < 3.0


def test_gap_gases_and_low_e():
    # argon conducts less than air; a low-e face (0.04) cuts the radiation: argon low-e 16 mm Ug about 1.1-1.2
    air = float(gap_conductance_w_m2k(10.0, 15.0, 0.016))
    argon = float(gap_conductance_w_m2k(10.0, 15.0, 0.016, "argon"))
    lowe = float(gap_conductance_w_m2k(10.0, 15.0, 0.016, "argon", (0.84, 0.04)))
    assert argon < air and lowe < 0.4 * argon
    assert 1.0 < 1 / (0.17 + 0.008 + 1 / lowe) < 1.3
    # wide gaps convect: 30 mm air at 30 K has Nu > 1
    lam = 2.873e-3 + 7.76e-5 * 283.15
    conv = float(gap_conductance_w_m2k(10.0, 30.0, 0.03, emissivities=(1e-6, 1e-6)))
    assert conv > 1.2 * lam / 0.03
    with pytest.raises(InputValueError, match="gas"):
        gap_conductance_w_m2k(10.0, 15.0, 0.012, "neon")


def test_glazing_table_matches_correlation():
    tab = glazing_conductance_table(0.012, "air", (0.84, 0.84), 2.0, 1, 2 * 0.003048)
    # grid point: mean -40 + 2 * 25 = 10 C, dT = 15 K
    exact = 1 / (1 / float(gap_conductance_w_m2k(10.0, 15.0, 0.012, height_m=2.0)) + 2 * 0.003048)
    assert tab[25, 15] == pytest.approx(exact, rel=1e-12)
    assert not tab.flags.writeable
