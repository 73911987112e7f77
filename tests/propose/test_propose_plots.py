"""Proposals.plot(): the report's trade-off (carbon vs health) and abatement charts, from the frames Proposals gives
(tradeoff_frame, measures_frame; the same frames feed `bldgagent report --proposals`)."""
from __future__ import annotations

import pytest

from bldgagent.errors import InputValueError
from bldgagent.propose.result import ABATEMENT_COLUMNS, FRAME_COLUMNS, Proposals


def _block(wl, health):
    return {"whole_life_kgco2e_m2": {"en15978": wl, "gbt51366": wl - 100}, "upfront_a1_a5_kgco2e_m2": 300.0,
            "energy_kwh_m2": 50.0, "health_score": health,
            "reference_area": {"name": "gross floor area", "value_m2": 864.0, "source": "spaces"}}


def _proposals():
    base = _block(1000.0, 80.0)
    props = []
    for rank, (wl, h) in enumerate(((700.0, 82.0), (800.0, 85.0)), 1):
        props.append({"rank": rank, "changes": {"pv_area_m2": 100.0}, "changes_in_words": ["PV"], "verified": True,
                      "within_interval": True,
                      "physics": _block(wl, h), "surrogate": _block(wl + 5, None),
                      "deltas": {"whole_life_kgco2e_m2": {"en15978": wl - 1000.0, "gbt51366": wl - 1000.0},
                                 "health_score": h - 80.0}})
    ab = [{"option": "pv_area_m2", "value": 100.0, "measure": "PV", "saved_en15978_kgco2e_m2": 250.0,
           "saved_gbt51366_kgco2e_m2": 250.0, "upfront_change_kgco2e_m2": 0.0, "comfort_share_change": 0.0}]
    return Proposals("b", "haikou", ["whole_life", "health"], 5.0, base, props, ab)


def test_frames_and_plots():
    pytest.importorskip("matplotlib")
    p = _proposals()
    frame = p.to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert list(frame["delta_whole_life_en15978_kgco2e_m2"]) == [-300.0, -200.0]
    assert list(p.abatement_frame().columns) == list(ABATEMENT_COLUMNS)
    trade = p.tradeoff_frame()
    assert trade.to_dict("list") == {"whole_life_kgco2e_m2": [1000.0, 700.0, 800.0], "health_score": [80.0, 82.0, 85.0],
                                     "label": ["baseline", "#1", "#2"], "is_baseline": [True, False, False]}
    fig = p.plot("tradeoff")
    ax = fig.axes[0]
    xs = [tuple(c.get_offsets()[:, 0]) for c in ax.collections]
    assert xs == [(700.0, 800.0), (1000.0,)]             # the proposals, then the baseline (a star)
    assert p.measures_frame().to_dict("list") == {"measure": ["PV"], "saved_kgco2e_m2": [250.0], "health_delta": [0.0]}
    fig2 = p.plot("abatement")
    assert [b.get_width() for b in fig2.axes[0].patches] == [250.0]
    with pytest.raises(InputValueError, match="tradeoff"):
        p.plot("pie")
    assert set(p.report_frames()) == {"tradeoff", "abatement"}
    assert "#1: whole-life 700" in p.report()
