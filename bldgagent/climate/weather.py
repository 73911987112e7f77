"""The hourly weather year every engine consumes."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from html import escape
from typing import Any

import pandas as pd

from ..model import Diagnostics
from ..results import Result, format_number, frame_html

#: Columns of :attr:`Weather.data`, SI units, one row per hour of a (non-leap) year.
WEATHER_COLUMNS = (
    "temp_air_c",            # dry-bulb air temperature
    "temp_dew_c",            # dew-point temperature
    "relative_humidity_pct",
    "pressure_pa",           # station pressure
    "ghi_w_m2",              # global horizontal irradiance (hour mean)
    "dni_w_m2",              # direct normal irradiance
    "dhi_w_m2",              # diffuse horizontal irradiance
    "ir_horizontal_w_m2",    # horizontal infrared radiation from the sky (NaN if unknown)
    "wind_speed_m_s",
    "wind_dir_deg",
)


@dataclass
class Weather(Result):
    """An hourly weather year at a place.

    ``data`` has 8760 rows indexed by a tz-aware :class:`pandas.DatetimeIndex` in local standard time
    (fixed UTC offset ``tz_hours``). Each row holds the values of the hour that *ends* at the index
    timestamp (EPW convention); :meth:`mid_hour_times` gives the instants to evaluate the sun at.
    ``source`` says where the year came from (file path, or ``"synthetic: <place> (<dataset>)"``).
    ``metadata`` holds extra facts about the origin (WMO number, data set, seed...), JSON-ready.
    """

    data: pd.DataFrame
    name: str
    latitude_deg: float
    longitude_deg: float
    elevation_m: float
    tz_hours: float
    source: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    metadata: dict[str, Any] = field(default_factory=dict)

    def mid_hour_times(self) -> pd.DatetimeIndex:
        """Timestamps 30 minutes before each index entry: the middle of each hour-ending interval."""
        return self.data.index - pd.Timedelta(minutes=30)

    @property
    def temp_air_c(self):
        return self.data["temp_air_c"].to_numpy()

    def monthly(self) -> pd.DataFrame:
        """Monthly summary: mean temperatures, mean of daily max/min (degC), mean RH (%), GHI/DHI sums (kWh/m2),
        mean wind (m/s), mean dew point (degC); one row per month 1-12. Same columns as the packaged normals.
        """
        from .stats import monthly_normals

        return monthly_normals(self)

    def to_frame(self) -> pd.DataFrame:
        """The hourly data (a copy), columns :data:`WEATHER_COLUMNS`."""
        return self.data.copy()

    def _data(self) -> dict[str, Any]:
        """Summary for ``to_dict()``: location, source, annual figures, monthly table and diagnostics (no hourly
        rows)."""
        d = self.data
        monthly = self.monthly()
        return {
            "name": self.name,
            "latitude_deg": float(self.latitude_deg),
            "longitude_deg": float(self.longitude_deg),
            "elevation_m": float(self.elevation_m),
            "tz_hours": float(self.tz_hours),
            "source": self.source,
            "hours": int(len(d)),
            "temp_air_mean_c": float(d["temp_air_c"].mean()),
            "temp_air_min_c": float(d["temp_air_c"].min()),
            "temp_air_max_c": float(d["temp_air_c"].max()),
            "ghi_kwh_m2": float(d["ghi_w_m2"].sum() / 1000.0),
            "monthly": {c: monthly[c].to_numpy() for c in monthly.columns},
            "metadata": self.metadata,
            "diagnostics": self.diagnostics,
        }

    def _html_title(self) -> str:
        return (f"Weather {self.name} ({format_number(self.latitude_deg, digits=4)}, "
                f"{format_number(self.longitude_deg, digits=4)}, {format_number(self.elevation_m, 'm')}, "
                f"UTC{self.tz_hours:+g}), {len(self.data)} h, source {self.source}")

    def _html_body(self) -> str:
        m = self.monthly()[["t_mean_c", "t_max_mean_c", "t_min_mean_c", "rh_mean_pct", "ghi_kwh_m2"]]
        info = "".join(f"<li>{escape(x.code)}: {escape(x.message)}</li>" for x in self.diagnostics
                       if x.level not in ("warning", "error"))
        return frame_html(m, caption="Monthly means and sums", index=True) + (f"<ul>{info}</ul>" if info else "")

    def __len__(self) -> int:
        return len(self.data)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fields only: caches the engines attach (``_bldgagent_*`` attributes) are left out."""
        return {f.name: self.__dict__[f.name] for f in fields(self)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return (
            f"Weather({self.name!r}, lat={self.latitude_deg:.2f}, lon={self.longitude_deg:.2f}, "
            f"{len(self.data)} h, mean {self.data['temp_air_c'].mean():.1f} C, source={self.source!r})"
        )
