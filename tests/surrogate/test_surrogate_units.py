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

    def monthly(self, tilt, azimuth):
        return np.full(12, 1000.0 / 12)


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
    # schema-3 monthly inputs: 1.2 m2 effective glazing x 1000/12 kWh/m2 a month / 20 m2 = 5 kWh/m2 a month;
    # opaque (ISO 13790 11.3.4): R_se 0.04 x alpha x U A x I / A_floor, wall alpha 0.5, roof alpha its default
    assert f["aux_win_sol_kwh_m2_m01"] == pytest.approx(5.0)
    ua_w, ua_r = 10.0 * wall.u_value_w_m2k(), 20.0 * roof.u_value_w_m2k()
    opaque = 0.04 * (0.5 * ua_w + roof.solar_absorptance * ua_r) * 1000.0 / 12 / 20.0
    assert f["aux_opq_sol_kwh_m2_m07"] == pytest.approx(opaque)
    # sky loss (11.3.5): F_r R_se U A h_r (4.5) dT_sky (11 K), F_r 0.5 on the wall and the window, 1 on the roof
    sky = 0.04 * 4.5 * 11.0 * (0.5 * ua_w + 1.0 * ua_r + 0.5 * 4.0 * 2.0) / 20.0
    assert f["aux_sky_loss_w_m2"] == pytest.approx(sky)


def _estimate_row(**kw):
    import pandas as pd

    from bldgagent.surrogate.features import C_ON, GAINS, H_ON, OPQ_SOL, WIN_SOL

    row = {"infiltration_ach": 0.0, "height_m": 3.0, "ventilation_m3_h_m2": 0.0, "heat_recovery": 0.0,
           "ua_wall_w_k_m2": 1.0, "ua_roof_w_k_m2": 0.0, "ua_win_w_k_m2": 0.0, "ua_ground_w_k_m2": 0.0,
           "kappa_kj_m2k_m2": 54.0, "aux_sky_loss_w_m2": 0.0, "heating_setpoint_c": 20.0, "cooling_setpoint_c": 26.0}
    row.update({f"clim_temp_m{m:02d}_c": 0.0 for m in range(1, 13)})
    row.update({f"aux_hours_m{m:02d}_h": 720.0 for m in range(1, 13)})
    row.update({c: 0.0 for c in GAINS + WIN_SOL + OPQ_SOL})
    row.update({c: 1.0 for c in H_ON + C_ON})
    row.update(kw)
    return pd.DataFrame([row])


def test_iso13790_monthly_estimate_hand_calc():
    from bldgagent.surrogate.estimate import monthly_estimate
    from bldgagent.surrogate.features import GAINS, H_ON

    # H = 1 W/m2K, 20 C inside, 0 C outside, 720 h a month: Q_ht = 1 x 20 x 720 / 1000 = 14.4 kWh/m2 a month;
    # no gains: the whole of it, 12 x 14.4 = 172.8 kWh/m2 a; no cooling (outside below 26 C, no gains)
    heat, cool = monthly_estimate(_estimate_row())
    assert heat[0] == pytest.approx(172.8) and cool[0] == 0.0
    # gains equal to the loss (gamma 1): C = 54 kJ/m2K = 15 Wh/m2K -> tau = 15 h, a = 1 + 15/15 = 2,
    # eta = a / (a + 1) = 2/3 -> 14.4 / 3 = 4.8 a month (ISO 13790:2008 12.2.1.1)
    heat, _ = monthly_estimate(_estimate_row(**{c: 14.4 for c in GAINS}))
    assert heat[0] == pytest.approx(12 * 4.8)
    # heating on half the hours (f = 0.5), no gains: a_red = 1 - 3 (15/15) 0 (1 - 0.5) = 1 -> unchanged; never on: 0
    heat, _ = monthly_estimate(_estimate_row(**{c: 0.5 for c in H_ON}))
    assert heat[0] == pytest.approx(172.8)
    heat, _ = monthly_estimate(_estimate_row(**{c: 0.0 for c in H_ON}))
    assert heat[0] == 0.0
    # 30 C outside, 26 C set-point, no gains: Q_C,ht = 1 x (26 - 30) x 720 / 1000 = -2.88, eta_ls 1 -> 2.88 a month
    _, cool = monthly_estimate(_estimate_row(**{f"clim_temp_m{m:02d}_c": 30.0 for m in range(1, 13)}))
    assert cool[0] == pytest.approx(12 * 2.88)


def test_neighbour_features_weight_by_the_coupling():
    import pandas as pd

    from bldgagent.surrogate.estimate import add_schema3

    # zones 0-1-2 in a row: W01 = 10 W/K, W12 = 30 W/K; zone 1 sees (10 x est0 + 30 x est2) / 40
    rows = pd.concat([_estimate_row(floor_area_m2=20.0, gains_w_m2=g, win_solar_kwh_m2=0.0, heating_on_share=1.0,
                                    cooling_on_share=1.0, ua_wall_w_k_m2=u) for g, u in ((1.0, 1.0), (2.0, 0.5),
                                                                                          (4.0, 2.0))],
                     ignore_index=True)
    w = np.array([[0.0, 10.0, 0.0], [10.0, 0.0, 30.0], [0.0, 30.0, 0.0]])
    out = add_schema3(pd.concat([rows, rows], ignore_index=True), w)        # two variants of one building
    est = out["est_heating_kwh_m2"].to_numpy()[:3]
    assert est == pytest.approx([172.8, 86.4, 345.6])                      # H 1, 0.5, 2 W/m2K x 20 K x 8640 h
    assert out["nbr_est_heating_kwh_m2"].to_numpy()[:3] == pytest.approx([86.4, (10 * 172.8 + 30 * 345.6) / 40, 86.4])
    assert out["nbr_gains_w_m2"].to_numpy()[3:] == pytest.approx([2.0, (10 * 1.0 + 30 * 4.0) / 40, 2.0])
    assert out["nbr_h_w_k_m2"].to_numpy()[:3] == pytest.approx([0.5, 2.0, 1.5])


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
