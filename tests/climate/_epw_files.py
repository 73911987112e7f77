"""Small EPW files written from scratch for the reader tests (no shared data needed)."""
from __future__ import annotations

import numpy as np
import pandas as pd

HEADER = [
    "LOCATION,Testville,TS,XXX,Unit test,999999,30.00,120.00,8.0,10.0",
    "DESIGN CONDITIONS,0",
    "TYPICAL/EXTREME PERIODS,0",
    "GROUND TEMPERATURES,0",
    "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
    "COMMENTS 1,written by tests/climate/_epw_files.py",
    "COMMENTS 2,",
    "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
]


def epw_table(year: int = 2023) -> pd.DataFrame:
    """8760 (or 8784 for a leap year) rows of the 35 EPW fields, constant plausible values; an overcast sky
    (all diffuse) from 07:00 to 17:00, so that the irradiance checks of the reader stay quiet at 30 N, 120 E."""
    hours = pd.date_range(f"{year}-01-01", periods=366 * 24 if pd.Timestamp(year, 1, 1).is_leap_year else 8760,
                          freq="h")
    n = len(hours)
    day = (hours.hour >= 7) & (hours.hour < 17)
    t = pd.DataFrame({
        "year": year, "month": hours.month, "day": hours.day, "hour": hours.hour + 1, "minute": 0,
        "flags": "?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9*9?9?9?9*9*9?9*9*9",
        "temp_air": 20.0, "temp_dew": 10.0, "rh": 52.0, "pressure": 101325.0, "etr": 0.0, "etrn": 0.0,
        "ir": 340.0, "ghi": np.where(day, 300.0, 0.0), "dni": 0.0, "dhi": np.where(day, 300.0, 0.0), "gh_illum": 0, "dn_illum": 0, "dh_illum": 0, "zen_lum": 0,
        "wind_dir": 180.0, "wind_speed": 3.0, "total_cover": 5, "opaque_cover": 5, "visibility": 9999,
        "ceiling": 77777, "pw_obs": 9, "pw_codes": 999999999, "precip_water": 10, "aod": 0.1, "snow": 0,
        "days_snow": 88, "albedo": 0.2, "liquid": 0.0, "liquid_qty": 1.0,
    }, index=range(n))
    assert t.shape[1] == 35
    return t


def write_epw(path, table: pd.DataFrame | None = None, header=HEADER, encoding="utf-8"):
    table = epw_table() if table is None else table
    body = table.to_csv(header=False, index=False, lineterminator="\n")
    path.write_text("\n".join(header) + "\n" + body, encoding=encoding)
    return path


def line_of(row: int) -> int:
    """File line (1-based) of data row ``row`` (0-based): 8 header lines come first."""
    return row + 9
