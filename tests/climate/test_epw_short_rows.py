"""Older EPW files with fewer than 35 fields per data row (e.g. 32: no albedo or liquid precipitation columns, as in
the 1995 BESTEST weather and many archives) read like the current layout."""
from __future__ import annotations

import numpy as np

from bldgagent.cli import main
from bldgagent.climate.epw import HEADER_LINES, read_epw
from shared_data import shared_epw


def _short_copy(src, dst, fields=32):
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
    rows = [",".join(line.split(",")[:fields]) for line in lines[HEADER_LINES:]]
    dst.write_text("\n".join(lines[:HEADER_LINES] + rows) + "\n", encoding="utf-8")
    return dst


def test_32_field_rows_read_as_the_35_field_file(tmp_path):
    src = shared_epw("denver")
    full = read_epw(src, irradiance="file")
    short = read_epw(_short_copy(src, tmp_path / "old.epw"), irradiance="file")
    for col in ("temp_air_c", "temp_dew_c", "ghi_w_m2", "dni_w_m2", "dhi_w_m2", "wind_speed_m_s"):
        np.testing.assert_array_equal(short.data[col].to_numpy(), full.data[col].to_numpy())
    assert any(d.code == "epw_short_rows" for d in short.diagnostics)
    assert not any(d.code == "epw_short_rows" for d in full.diagnostics)


def test_a_row_cut_below_the_wind_speed_is_refused_in_one_line(tmp_path, capsys):
    """20 fields stop before the wind speed (field 22): not readable, refused with one line and exit 2."""
    path = _short_copy(shared_epw("denver"), tmp_path / "cut.epw", fields=20)
    assert main(["validate", "bestest", "--epw", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "20 fields" in err[0] and "Traceback" not in err[0]
