"""All-zero radiation in a weather file is read, but never without a warning."""
from __future__ import annotations

from bldgagent.climate import read_epw

from _epw_files import epw_table, write_epw  # noqa: E402


def _codes(weather):
    return {d.code for d in weather.diagnostics}


def test_zero_ghi_all_year_warns(tmp_path):
    table = epw_table()
    table[["ghi", "dni", "dhi"]] = 0.0
    weather = read_epw(write_epw(tmp_path / "dark.epw", table))
    assert float(weather.data["ghi_w_m2"].sum()) == 0.0
    warnings = {d.code: d for d in weather.diagnostics if d.level == "warning"}
    assert {"radiation_zero_ghi", "radiation_zero_dni_dhi"} <= set(warnings)
    assert "field 14" in warnings["radiation_zero_ghi"].message


def test_zero_beam_and_diffuse_with_global_warns(tmp_path):
    """GHI 300 W/m2 in the day but DNI and DHI zero all year: only the component warning."""
    table = epw_table()
    table[["dni", "dhi"]] = 0.0
    codes = _codes(read_epw(write_epw(tmp_path / "nocomp.epw", table), irradiance="file"))
    assert "radiation_zero_dni_dhi" in codes and "radiation_zero_ghi" not in codes


def test_ordinary_file_has_no_zero_radiation_warning(tmp_path):
    codes = _codes(read_epw(write_epw(tmp_path / "ok.epw")))
    assert not codes & {"radiation_zero_ghi", "radiation_zero_dni_dhi"}
