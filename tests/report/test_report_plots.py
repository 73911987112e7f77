"""Every chart of bldgagent.report.plots returns a Figure with the expected artists, drawn from the result's own
numbers, without a display (no pyplot figure is ever opened)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bldgagent.errors import InputValueError
from bldgagent.health.scores import CONCEPTS
from bldgagent.lca.methods import EN_MODULES, GB_PHASES
from bldgagent.report import plots


def _heights(ax) -> list[float]:
    return [p.get_height() for p in ax.patches]


def test_carbon_modules_one_bar_per_module_and_phase(sample_assessment):
    c = sample_assessment.carbon
    fig = sample_assessment.plot("carbon_modules")
    en_ax, gb_ax = fig.axes
    table = c.en15978_table().set_index("module")
    assert len(en_ax.patches) == len(EN_MODULES) == 10
    assert _heights(en_ax) == pytest.approx([table.loc[m, "kgco2e_per_m2"] for m in EN_MODULES])
    # the bars of A1-A3 ... C4 add up to the EN 15978 whole-life figure of the headline (D is reported apart)
    assert sum(_heights(en_ax)[:-1]) == pytest.approx(sample_assessment.headline()["whole_life_en15978_kgco2e_m2"])
    assert len(gb_ax.patches) == len(GB_PHASES) == 6
    # the six GB/T 51366 phases (recycling credit netted) add up to its total
    assert sum(_heights(gb_ax)) == pytest.approx(sample_assessment.headline()["gbt51366_total_kgco2e_m2"])
    assert [t.get_text() for t in gb_ax.get_xticklabels()][0] == "building-material production"
    zh = plots.plot_carbon_modules(c, lang="zh")
    assert [t.get_text() for t in zh.axes[1].get_xticklabels()][:3] == ["建材生产", "建材运输", "建造"]


def test_hotspots_by_material_and_kind(sample_assessment):
    c = sample_assessment.carbon
    fig = c.plot("hotspots", top=3)
    mat_ax, kind_ax = fig.axes
    top = c.by_material()["embodied_kgco2e"].head(3).to_numpy() / 1000
    widths = [p.get_width() for p in mat_ax.patches]
    assert widths == pytest.approx(top[::-1])          # largest on top (barh draws bottom-up)
    kinds = c.by_kind()["embodied_kgco2e"]
    assert len(kind_ax.patches) == len(kinds)
    assert sum(p.get_width() for p in kind_ax.patches) == pytest.approx(kinds.sum() / 1000)


def test_monthly_energy_bars_add_up_to_the_annual_demand(sample_assessment):
    e = sample_assessment.energy
    fig = e.plot("monthly_energy")
    ax = fig.axes[0]
    uses = [c for c in e.monthly.columns if not c.startswith("final:") and c != "pv_ac"]
    assert len(ax.patches) == 12 * len(uses)
    heights = np.array(_heights(ax)).reshape(len(uses), 12)
    annual = e.annual_demand_kwh
    for use, row in zip(uses, heights):
        assert row.sum() == pytest.approx(annual[use], rel=1e-9, abs=1e-6)


def test_temperature_carpet_is_365_days_by_24_hours(sample_assessment):
    e = sample_assessment.energy
    fig = e.plot("temperature_carpet", room="002 Bedroom")
    image = fig.axes[0].get_images()[0]
    grid = image.get_array()
    assert grid.shape == (24, 365)
    zone = next(r.name for r in e.zoning.records if "002 Bedroom" in r.space_names)
    temps = e.zone_operative_c[zone].to_numpy()
    assert grid[13, 0] == pytest.approx(temps[13])            # 1 January, 13:00-14:00 hour
    assert grid.mean() == pytest.approx(temps.mean())
    with pytest.raises(InputValueError, match="no zone or room"):
        e.plot("temperature_carpet", room="no such room")


def test_health_heatmap_one_cell_per_room_and_concept(sample_assessment):
    h = sample_assessment.health
    fig = h.plot("health_heatmap")
    ax = fig.axes[0]
    frame = h.to_frame()
    grid = ax.get_images()[0].get_array()
    # 24 spaces, 3 not scored (room_not_scored: the three bathrooms are not occupied rooms): 21 rooms x 5 concepts
    assert sum(d.code == "room_not_scored" for d in h.diagnostics) == 3
    assert grid.shape == (len(frame), len(CONCEPTS)) == (21, 5)
    assert len(ax.texts) == 21 * 5                             # every cell has its value written in
    expected = frame[list(CONCEPTS)].to_numpy(dtype=float)
    assert np.ma.filled(grid, np.nan) == pytest.approx(expected, nan_ok=True)
    assert grid.mask.sum() == np.isnan(expected).sum()         # not assessed = masked (grey)


def test_daylight_bars_and_en17037_levels(sample_assessment):
    h = sample_assessment.health
    fig = h.plot("daylight")
    ax = fig.axes[0]
    rooms = [r for r in h.scores.rooms if r.daylight.assessed]
    assert _heights(ax) == pytest.approx([r.daylight.average_df_pct for r in rooms])
    levels = sorted(line.get_ydata()[0] for line in ax.get_lines())
    assert len(levels) == 3
    # EN 17037 Table A.1 targets 300, 500 and 750 lx at the same median diffuse illuminance: DF ratio 5:3 and 5:2
    assert levels[1] / levels[0] == pytest.approx(500 / 300)
    assert levels[2] / levels[0] == pytest.approx(750 / 300)


def test_overheating_two_bars_per_room(sample_assessment):
    h = sample_assessment.health
    ax = h.plot("overheating").axes[0]
    risk = h.overheating
    assert len(ax.patches) == 2 * len(risk)
    assert _heights(ax)[: len(risk)] == pytest.approx(risk["occupied_hours_above_26c"].astype(float).tolist())
    # hours above 28 C are a subset of the hours above 26 C
    assert all(b <= a for a, b in zip(_heights(ax)[: len(risk)], _heights(ax)[len(risk):]))


TRADEOFF = pd.DataFrame({"whole_life_kgco2e_m2": [900.0, 850.0, 820.0, 950.0], "health_score": [70.0, 72.0, 65.0, 80.0],
                         "label": ["baseline", "insulate", "less glass", "more glass"],
                         "is_baseline": [True, False, False, False]})
ABATEMENT = pd.DataFrame({"measure": ["insulate", "less glass", "timber frame"], "saved_kgco2e_m2": [50.0, 80.0, 120.0],
                          "health_delta": [2.0, -5.0, 0.0]})


def test_tradeoff_marks_the_baseline():
    fig = plots.plot_tradeoff(TRADEOFF)
    ax = fig.axes[0]
    others, base = ax.collections
    assert base.get_offsets().tolist() == [[900.0, 70.0]]
    assert len(others.get_offsets()) == 3
    assert sorted(t.get_text() for t in ax.texts) == sorted(TRADEOFF["label"])


def test_abatement_bars_sorted_and_coloured_by_health():
    ax = plots.plot_abatement(ABATEMENT).axes[0]
    assert [p.get_width() for p in ax.patches] == [50.0, 80.0, 120.0]   # largest on top
    colors = [tuple(np.round(p.get_facecolor()[:3], 3)) for p in ax.patches]
    assert colors[0][1] > colors[0][0] and colors[1][0] > colors[1][1]   # better health green, worse red
    assert colors[2][0] == colors[2][1] == colors[2][2]                  # no change grey


def test_comparison_side_by_side(sample_assessment):
    import bldgagent

    comp = bldgagent.compare(sample_assessment, sample_assessment)
    ax = bldgagent.plot(comp).axes[0]
    n = len(ax.get_xticks())
    assert len(ax.patches) == 2 * n and _heights(ax)[:n] == pytest.approx(_heights(ax)[n:])


def test_bad_input_is_named():
    with pytest.raises(InputValueError, match="lacks column.*is_baseline"):
        plots.plot_tradeoff(TRADEOFF.drop(columns="is_baseline"))
    with pytest.raises(InputValueError, match="lang='fr'"):
        plots.plot_tradeoff(TRADEOFF, lang="fr")
    with pytest.raises(InputValueError, match="no charts"):
        plots.plot(object())


def test_kinds_and_no_display(sample_assessment):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    assert plots.kinds_for(sample_assessment) == ["carbon_modules", "hotspots", "monthly_energy", "temperature_carpet",
                                                  "health_heatmap", "daylight", "overheating"]
    fig = sample_assessment.plot()
    assert fig.axes and plt.get_fignums() == before            # made without pyplot: nothing shown or kept
    with pytest.raises(InputValueError, match="does not apply"):
        sample_assessment.carbon.plot("daylight")
