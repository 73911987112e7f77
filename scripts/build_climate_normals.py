"""Rebuild ``bldgagent/data/climate/normals.csv`` and ``linke_turbidity.csv`` (maintainer script, not shipped code).

Run from the repository root::

    python scripts/build_climate_normals.py ../shared/reference/climate-normals.csv

``normals.csv``: the reference monthly statistics (70 places x 12 months, computed from typical-year weather
files CSWD / IWEC / TMYx / TMY3; each row's ``source`` names the weather file, ``repo@commit:path``) with a
Chinese name added for the Chinese places. Values are copied unchanged.

``linke_turbidity.csv``: monthly Linke turbidity at each place, from the climatology of Remund et al. (2003)
as distributed with pvlib (``LinkeTurbidities.h5``, read with
:func:`pvlib.clearsky.lookup_linke_turbidity`, monthly values, no interpolation). Packaged so that
synthetic years never need the HDF5 file at run time.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parents[1] / "bldgagent" / "data" / "climate"

#: Chinese names (simplified) of the Chinese places of the reference file.
NAME_ZH = {
    "Harbin": "哈尔滨", "Changchun": "长春", "Shenyang": "沈阳", "Urumqi": "乌鲁木齐", "Hohhot": "呼和浩特",
    "Xining": "西宁", "Beijing": "北京", "Tianjin": "天津", "Jinan": "济南", "Xi'an": "西安", "Taiyuan": "太原",
    "Lanzhou": "兰州", "Yinchuan": "银川", "Zhengzhou": "郑州", "Lhasa": "拉萨", "Shanghai": "上海",
    "Nanjing": "南京", "Hangzhou": "杭州", "Wuhan": "武汉", "Changsha": "长沙", "Chengdu": "成都",
    "Chongqing": "重庆", "Hefei": "合肥", "Nanchang": "南昌", "Guangzhou": "广州", "Fuzhou": "福州",
    "Xiamen": "厦门", "Shantou": "汕头", "Nanning": "南宁", "Haikou": "海口", "Qionghai": "琼海",
    "Dongfang": "东方", "Kunming": "昆明", "Guiyang": "贵阳", "Lijiang": "丽江",
}

COLUMNS = [
    "place", "name_zh", "country", "wmo", "lat", "lon", "elevation_m", "tz", "dataset", "climate_zone", "month",
    "t_mean_c", "t_max_mean_c", "t_min_mean_c", "rh_mean_pct", "ghi_kwh_m2", "dhi_kwh_m2", "wind_mean_m_s",
    "dewpoint_mean_c", "source",
]

LINKE_SOURCE = (
    "Remund J, Wald L, Lefevre M, Ranchin T, Page J (2003) Worldwide Linke turbidity information, ISES Solar "
    "World Congress; monthly grid LinkeTurbidities.h5 shipped with pvlib {version}"
)


def build(reference_csv: Path) -> None:
    ref = pd.read_csv(reference_csv)
    chinese = ref.loc[ref["country"] == "CHN", "place"].unique()
    missing = sorted(set(chinese) - set(NAME_ZH))
    if missing:
        raise SystemExit(f"no Chinese name for {missing}: add them to NAME_ZH")
    ref["name_zh"] = ref["place"].map(NAME_ZH)
    ref = ref[COLUMNS].sort_values(["place", "month"], kind="stable")
    # keep the reference order of places (by climate zone), not alphabetical
    order = {p: i for i, p in enumerate(pd.read_csv(reference_csv)["place"].unique())}
    ref = ref.sort_values(["place", "month"], key=lambda s: s.map(order) if s.name == "place" else s)
    ref.to_csv(HERE / "normals.csv", index=False, lineterminator="\n")

    import pvlib  # only the maintainer script needs the HDF5 climatology

    rows = []
    for place, g in ref.groupby("place", sort=False):
        first = g.iloc[0]
        mid_month = pd.DatetimeIndex([pd.Timestamp(2023, m, 15, 12) for m in range(1, 13)], tz="UTC")
        tl = pvlib.clearsky.lookup_linke_turbidity(mid_month, first["lat"], first["lon"], interp_turbidity=False)
        for month, value in zip(range(1, 13), tl.to_numpy()):
            rows.append({"place": place, "month": month, "linke_turbidity": round(float(value), 2),
                         "source": LINKE_SOURCE.format(version=pvlib.__version__)})
    pd.DataFrame(rows).to_csv(HERE / "linke_turbidity.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/climate-normals.csv"))
