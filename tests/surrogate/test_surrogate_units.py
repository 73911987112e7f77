"""Surrogate building blocks with hand-derived values: metrics, building figures, inner heat capacity, features."""
from __future__ import annotations

import numpy as np
import pytest

from bldgagent.energy.thermal import SurfaceSpec, WindowSpec, ZoneSpec
from bldgagent.surrogate.features import _envelope, _kappa_j_m2k, _orientation
from bldgagent.surrogate.metrics import scores
from bldgagent.surrogate.targets import building_figures


def test_scores_hand_calc():
    # y = 1, 2, 3; pred = 1, 2, 4: SS_res 1, SS_tot 2 -> R2 0.5; RMSE sqrt(1/3), mean 2 -> CV 0.2887;
    # NMBE = 1 / (3 * 2) = 0.1667; interval [y - 0.5, y + 0.5] around pred covers rows 1 and 2 -> 2/3
    s = scores([1, 2, 3], [1, 2, 4], lo=[0.5, 1.5, 3.5], hi=[1.5, 2.5, 4.5])
    assert s["r2"] == pytest.approx(0.5)
    assert s["cv_rmse"] == pytest.approx(np.sqrt(1 / 3) / 2)
    assert s["nmbe"] == pytest.approx(1 / 6)
    assert s["coverage_90"] == pytest.approx(2 / 3)


def test_scores_undefined_are_none_not_nan():
    s = scores([0, 0, 0], [0.1, 0, 0])
    assert s["r2"] is None and s["cv_rmse"] is None and s["nmbe"] is None


def test_building_figures_area_weighted():
    # building A: zones of 10 and 30 m2 at 100 and 20 kWh/m2 -> (1000 + 600) / 40 = 40; building B: one zone 7
    labels, fig = building_figures(np.array([100.0, 20.0, 7.0]), np.array([10.0, 30.0, 5.0]), np.array(["A", "A", "B"]))
    assert list(labels) == ["A", "B"]
    assert fig == pytest.approx([40.0, 7.0])


def test_kappa_counts_the_inner_10_cm():
    # layers outside -> inside: 0.2 m concrete (2400 kg/m3, 1000 J/kgK), 0.015 m plaster (1200, 1000):
    # inner 10 cm = 0.015 plaster (18 kJ/m2K) + 0.085 concrete (204 kJ/m2K) = 222 kJ/m2K
    layers = [(0.2, 2.3, 2400.0, 1000.0), (0.015, 0.43, 1200.0, 1000.0)]
    assert _kappa_j_m2k(layers) == pytest.approx(222_000.0)


@pytest.mark.parametrize("azimuth, label", [(0, "n"), (44, "n"), (46, "e"), (180, "s"), (359, "n"), (260, "w")])
def test_orientation(azimuth, label):
    assert _orientation(azimuth) == label


class _FlatSolar:
    """1000 kWh/m2 a year on every orientation, 600 of them in the warm half."""

    def __call__(self, tilt, azimuth):
        return 1000.0, 600.0


def test_envelope_features_per_m2_of_floor():
    wall = SurfaceSpec("s", 10.0, [(0.2, 0.04, 30.0, 1000.0)], azimuth_deg=180.0, solar_absorptance=0.5)
    roof = SurfaceSpec("r", 20.0, [(0.2, 0.04, 30.0, 1000.0)], tilt_deg=0.0)
    win = WindowSpec("w", 4.0, u_w_m2k=2.0, g_normal=0.5, frame_fraction=0.25, azimuth_deg=90.0, shading_factor=0.8)
    f = _envelope(ZoneSpec("z", 20.0, 60.0, surfaces=[wall, roof], windows=[win]), _FlatSolar())
    assert f["wall_s_m2_m2"] == pytest.approx(0.5)
    assert f["roof_m2_m2"] == pytest.approx(1.0)
    assert f["win_e_m2_m2"] == pytest.approx(0.2)
    assert f["ua_win_w_k_m2"] == pytest.approx(4.0 * 2.0 / 20.0)
    # effective glazing 4 * (1 - 0.25) * 0.5 * 0.8 = 1.2 m2 -> 0.06 m2/m2; x 1000 kWh/m2 = 60 kWh/m2 of floor
    assert f["win_g_area_m2_m2"] == pytest.approx(0.06)
    assert f["win_solar_kwh_m2"] == pytest.approx(60.0)
    assert f["win_solar_warm_kwh_m2"] == pytest.approx(36.0)
    assert f["ua_wall_w_k_m2"] == pytest.approx(10.0 * wall.u_value_w_m2k() / 20.0)


def test_conformal_scale_is_the_ceil_n_plus_1_quantile():
    from bldgagent.surrogate.ensemble import conformal_scale

    # n = 19 errors 1..19: k = ceil(20 x 0.9) = 18 -> the 18th smallest, 18; n = 9: k = ceil(9) = 9 -> 9;
    # n = 5: ceil(5.4) = 6 > 5 -> capped at the largest; no rows -> 1.0 (uncalibrated)
    assert conformal_scale(np.arange(19, 0, -1.0)) == 18.0
    assert conformal_scale(np.arange(1, 10.0)) == 9.0
    assert conformal_scale(np.array([3.0, 1.0, 2.0, 5.0, 4.0])) == 5.0
    assert conformal_scale(np.array([])) == 1.0


def test_first_layer_folding_of_constant_inputs_gives_the_same_outputs():
    import torch

    from bldgagent.surrogate.ensemble import _Net

    net = _Net(12, 3, members=2, hidden=8, seed=1)
    x = torch.randn(300, 12, generator=torch.Generator().manual_seed(2))
    x[:, :9] = x[0, :9]                   # nine inputs equal on every row: folded into the bias
    with torch.no_grad():
        folded = net(x)
    with torch.enable_grad():             # the plain path (grad mode never folds)
        plain = net(x)
    for a, b in zip(folded, plain):
        torch.testing.assert_close(a, b.detach(), rtol=1e-5, atol=1e-5)
