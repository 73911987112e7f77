"""Jupyter displays: a Building shows a compact summary (warnings first, units in headers), results show readable
numbers, and a comparison of two assessments shows the designs side by side."""
from __future__ import annotations

import re

import bldgagent


def test_building_display_is_compact(sample_assessment):
    b = sample_assessment.building
    text = repr(b)
    assert text == "Building('bldgagent sample building', IFC4, 3 storeys, 24 spaces, 74 elements, 864 m2 GFA)"
    html = b._repr_html_()
    assert len(html) < 10_000
    # sample footprint 24 m x 12 m = 288 m2: three storeys of 288 m2 (864 m2 in all), plus roof and ground floor
    assert ">Gross floor area [m²]<" in html and ">864<" in html and html.count(">288<") == 3 + 2
    assert "Envelope by orientation" in html and ">Wall area [m²]<" in html
    assert "title='gross_floor_area_m2'" in html          # the data name in the tooltip


def test_building_display_puts_warnings_first(sample_ifc):
    b = bldgagent.load(sample_ifc)
    b.diagnostics.add("warning", "test_warning", "a warning the reviewer must see")
    html = b._repr_html_()
    assert html.index("a warning the reviewer must see") < html.index("Areas")


def test_results_show_units_and_readable_numbers(sample_assessment):
    for result in (sample_assessment, sample_assessment.energy, sample_assessment.carbon, sample_assessment.health):
        html = result._repr_html_()
        assert not re.search(r">-?\d\.\d+e[+-]?\d+<", html)
        assert re.search(r"\[(kWh|kgCO2e/m²|m²)\]|>kgCO2e/m²<", html)
        assert not re.search(r"<th[^>]*>[a-z0-9]+_[a-z0-9_]+", html)   # no snake_case header


def test_compare_displays_side_by_side(sample_assessment):
    comp = bldgagent.compare(sample_assessment, sample_assessment)
    html = comp._repr_html_()
    name = sample_assessment.building.name
    assert f"<th>a: {name}</th><th>b: {name}</th><th title='delta'>Delta</th><th title='change_pct'>Change [%]</th>" in html
    assert "Whole life EN 15978 [kgCO2e/m²]" in html
