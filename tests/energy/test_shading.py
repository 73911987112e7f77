"""Window shading (bldgagent.energy.shading): overhangs, fins and a horizon, checked by hand; the engine's use of it.

Hand checks use a 3 m x 2 m window and a sun whose direction in the window frame is (s_x, s_y, s_z) = (0.5, 1, 1)
(normalised; only the ratios matter): profile angle 45 deg (tan p = s_y / s_z = 1) and lateral ratio
s_x / s_z = 0.5, the sun to the window's right.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from bldgagent.energy.shading import WindowShading, sky_diffuse_factor, sun_in_window_frame, sunlit_fraction
from bldgagent.errors import InputValueError

SUN = np.array([0.5, 1.0, 1.0]) / math.sqrt(2.25)


def test_infinite_overhang_at_normal_sun():
    # shadow height = depth tan p - gap = 1 * 1 - 0.5 = 0.5 m of 2 m: sunlit 0.75
    g = WindowShading(height_m=2.0, overhang_depth_m=1.0, overhang_gap_m=0.5)
    assert sunlit_fraction(g, 0.0, math.sqrt(0.5), math.sqrt(0.5))[0] == pytest.approx(0.75, abs=1e-12)


def test_finite_overhang_shadow_slides_sideways():
    # overhang as wide as the window (no extension), 1 m deep, 0.5 m above it: rows y >= 2.5 - 1 = 1.5 m are under
    # its shadow, which slides left by t s_x = (2.5 - y) * 0.5: shaded length 3 - 0.5 (2.5 - y) on 1.5 <= y <= 2.
    # Shaded area = 3 * 0.5 - 0.5 * (0.5 * (1.0 + 0.5) / 2) = 1.5 - 0.1875 = 1.3125 m2 of 6: sunlit 0.78125
    g = WindowShading(2.0, 3.0, overhang_depth_m=1.0, overhang_gap_m=0.5, overhang_left_m=0.0, overhang_right_m=0.0)
    assert sunlit_fraction(g, *SUN)[0] == pytest.approx(0.78125, abs=1e-9)
    # 1 m extension on the right side (the sun's side) covers the slide: the full 0.5 m band, sunlit 0.75
    g2 = WindowShading(2.0, 3.0, overhang_depth_m=1.0, overhang_gap_m=0.5, overhang_left_m=0.0, overhang_right_m=1.0)
    assert sunlit_fraction(g2, *SUN)[0] == pytest.approx(0.75, abs=1e-9)


def test_right_fin():
    # right fin 1 m deep at the window edge up to 0.5 m above the window: reach = (s_x / s_z) min(1, (2.5 - y)):
    # 0.5 m for y <= 1.5, 0.5 (2.5 - y) above. Area 0.5 * 1.5 + 0.5 * 0.375 = 0.9375 m2 of 6: sunlit 0.84375.
    g = WindowShading(2.0, 3.0, fin_right_depth_m=1.0, fin_above_m=0.5)
    assert sunlit_fraction(g, *SUN)[0] == pytest.approx(0.84375, abs=1e-9)
    # the left fin is on the shaded side: no shadow
    left = WindowShading(2.0, 3.0, fin_left_depth_m=1.0, fin_above_m=0.5)
    assert sunlit_fraction(left, *SUN)[0] == pytest.approx(1.0)
    # offset 0.5 m from the edge: the strip next to the window shrinks to max(0, reach - 0.5) = 0 for y >= 1.5
    # and 0 below: no shadow
    far = WindowShading(2.0, 3.0, fin_right_depth_m=1.0, fin_above_m=0.5, fin_offset_m=0.5)
    assert sunlit_fraction(far, *SUN)[0] == pytest.approx(1.0)


def test_case_630_geometry_overhang_and_fins_union():
    # Std 140 Case 630: overhang as wide as the window at 0.5 m above it, fins at both edges up to the overhang.
    # Rows y >= 1.5: overhang [0, 3 - 0.5 (2.5 - y)] and right fin [3 - 0.5 (2.5 - y), 3] cover the row (1.5 m2);
    # rows below: the fin's 0.5 m strip (0.75 m2). Shaded 2.25 of 6 m2: sunlit 0.625.
    g = WindowShading(2.0, 3.0, 1.0, 0.5, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5)
    assert sunlit_fraction(g, *SUN)[0] == pytest.approx(0.625, abs=1e-9)
    # mirrored sun (to the left): same by symmetry
    assert sunlit_fraction(g, -SUN[0], SUN[1], SUN[2])[0] == pytest.approx(0.625, abs=1e-9)
    # sun behind the window's plane or below the horizon: the devices cast no shadow (the plane gets no beam anyway)
    assert sunlit_fraction(g, [0.0, 0.5], [0.5, -0.1], [-0.5, 0.8]).tolist() == [1.0, 1.0]


def test_sun_in_window_frame():
    # a south window, sun due south at 30 deg: straight out and up, no lateral part
    sx, sy, sz = sun_in_window_frame(30.0, 180.0, 180.0)
    assert (sx, sy, sz) == pytest.approx((0.0, 0.5, math.sqrt(3) / 2))
    # sun in the south-west (az 225) at the horizon, south window: an observer outside faces the window (north), so
    # west is on his left: s_x = -cos(45 deg)
    sx, _, _ = sun_in_window_frame(0.0, 225.0, 180.0)
    assert sx == pytest.approx(-math.sqrt(0.5))


def test_sky_diffuse_under_infinite_overhang_matches_2d_view_factor():
    # 2-D view factor of a point on a vertical wall to the sky past an infinitely long overhang depth D whose edge
    # is a above it: sin(atan(a / D)) of the unobstructed half-sky. Averaged over the window (a = 2.5 - y):
    # (sqrt(2.5^2 + 1) - sqrt(0.5^2 + 1)) / 2 = 0.78731
    g = WindowShading(height_m=2.0, overhang_depth_m=1.0, overhang_gap_m=0.5)
    expected = (math.sqrt(2.5 ** 2 + 1) - math.sqrt(0.5 ** 2 + 1)) / 2
    assert sky_diffuse_factor(g, 180.0) == pytest.approx(expected, rel=0.005)


def test_sky_diffuse_behind_uniform_horizon():
    # isotropic sky on a vertical plane, horizon 30 deg all round: int_30^90 cos^2 / int_0^90 cos^2
    # = (pi/4 - pi/12 - sin(60 deg)/4) / (pi/4) = 0.3910
    expected = (math.pi / 4 - math.pi / 12 - math.sin(math.radians(60)) / 4) / (math.pi / 4)
    assert sky_diffuse_factor(None, 90.0, 90.0, ((0.0, 30.0), (180.0, 30.0))) == pytest.approx(expected, rel=0.01)
    # a roof (horizontal) behind the same horizon: int_30^90 cos sin / int_0^90 cos sin = 1 - sin^2 30 = 0.75
    assert sky_diffuse_factor(None, 0.0, 0.0, ((0.0, 30.0),)) == pytest.approx(0.75, rel=0.01)
    assert sky_diffuse_factor(None, 180.0) == pytest.approx(1.0)
