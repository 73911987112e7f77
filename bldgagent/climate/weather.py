"""The hourly weather year every engine consumes."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..model import Diagnostics

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
class Weather:
    """An hourly weather year at a place.

    ``data`` has 8760 rows indexed by a tz-aware :class:`pandas.DatetimeIndex` in local standard time
    (fixed UTC offset ``tz_hours``). Each row holds the values of the hour that *ends* at the index
    timestamp (EPW convention); :meth:`mid_hour_times` gives the instants to evaluate the sun at.
    ``source`` says where the year came from (file path, or ``"synthetic: <place> (<dataset>)"``).
    """

    data: pd.DataFrame
    name: str
    latitude_deg: float
    longitude_deg: float
    elevation_m: float
    tz_hours: float
    source: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def mid_hour_times(self) -> pd.DatetimeIndex:
        """Timestamps 30 minutes before each index entry: the middle of each hour-ending interval."""
        return self.data.index - pd.Timedelta(minutes=30)

    @property
    def temp_air_c(self):
        return self.data["temp_air_c"].to_numpy()

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return (
            f"Weather({self.name!r}, lat={self.latitude_deg:.2f}, lon={self.longitude_deg:.2f}, "
            f"{len(self.data)} h, mean {self.data['temp_air_c'].mean():.1f} C, source={self.source!r})"
        )
