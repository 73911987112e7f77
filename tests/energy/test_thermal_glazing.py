"""Glazing optics (bldgagent.energy.glazing): Fresnel + absorption, multi-pane stacking, g scaling."""
from __future__ import annotations

import numpy as np
import pytest

from bldgagent.energy.glazing import WINDOW_TYPES, pane_stack_optics, window_optics, window_type
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
