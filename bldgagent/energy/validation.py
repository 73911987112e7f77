"""Validation runs of the energy engine through its public API (used by ``bldgagent validate``, the tests and
``scripts/validation_report.py``; results in ``docs/validation.md``).

- :func:`bestest_from_ifc`: ANSI/ASHRAE Standard 140-2020 Cases 600/900 written as IFC
  (:func:`bldgagent.ifc.samples.bestest_box`), read with :func:`bldgagent.load`, zoned with
  :func:`~bldgagent.energy.zoning.zones_from_building` under the Std 140 operation (:data:`BESTEST_OPERATION`) and
  simulated on the Denver TMY3 file (or the 1995 DRYCOLD weather, EPW or 1981 TMY:
  :func:`bldgagent.energy.bestest.read_bestest_weather`), beside the hand-parameter zones of
  :mod:`bldgagent.energy.bestest`.
- :func:`bestest_hand_cases`: the Std 140 cases the IFC cells do not cover (620/920 east and west windows, 630/930
  with overhangs and side fins), as the hand-parameter zones of :mod:`bldgagent.energy.bestest`.
- :func:`bestest_free_float`: the free-float cases 600FF/650FF/900FF/950FF (zone air temperatures).
- :func:`synthetic_vs_real`: annual heating and cooling demand of the reference building (the default
  :class:`~bldgagent.ifc.samples.SampleSpec` building placed at each site) on a synthetic year vs the real EPW
  (:data:`REFERENCE_PLACES`, the six shared files; :data:`EXTRA_PLACES`, fourteen public files of the climate types
  of issue 12); :func:`column_swap` attributes a difference to groups of weather columns.
- :func:`balance_check`: annual energy balance of every zone of a multi-zone building.
"""
from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputFileError
from .bestest import ACCEPTANCE, EXAMPLE_PROGRAMS, STD140_SURFACES, STD140_WINDOWS, run_bestest
from .thermal import BALANCE_TERMS, simulate
from .zoning import zones_from_building

__all__ = ["BESTEST_OPERATION", "BESTEST_SURFACES", "HAND_CASES", "bestest_free_float", "bestest_from_ifc",
           "bestest_hand_cases", "synthetic_vs_real", "balance_check",
           "format_bestest", "reference_building",
           "SYNTHETIC_TOLERANCE", "REFERENCE_PLACES", "EXTRA_PLACES", "COLUMN_GROUPS", "column_swap"]

#: ASHRAE 140-2020 operation (not in IFC): 200 W continuous sensible gains, 60 % radiative; 0.5 ACH at site air
#: density; ideal convective heating below 20 C and cooling above 27 C; no mechanical ventilation.
BESTEST_OPERATION = {"internal_gains_w": 200.0, "internal_radiative_fraction": 0.6, "infiltration_ach": 0.5,
                     "ventilation_m3_h": 0.0, "heating_setpoint_c": 20.0, "cooling_setpoint_c": 27.0}
#: Std 140-2020 surface data not in IFC: exterior textures, centroid heights (local wind), the raised floor's
#: underside to outdoor air without sun or wind (see :data:`bldgagent.energy.bestest.STD140_SURFACES`).
BESTEST_SURFACES = STD140_SURFACES
#: Relative tolerance of synthetic vs real annual demand, and the absolute floor for small demands as a share of
#: the building's total (heating + cooling) demand on the real file.
SYNTHETIC_TOLERANCE = {"relative": 0.10, "of_total": 0.02}
#: Reference places: key, packaged place (None: no packaged normals; the file's own monthly statistics are
#: used), EPW file name in ../shared/data/epw.
REFERENCE_PLACES = (
    ("haikou", "Haikou", "CHN_Hainan.Haikou.597580_CSWD.epw"),
    ("guangzhou", "Guangzhou", "CHN_Guangdong.Guangzhou.592870_CSWD.epw"),
    ("shanghai", "Shanghai", "CHN_Shanghai.Shanghai.583620_CSWD.epw"),
    ("beijing", "Beijing", "CHN_Beijing.Beijing.545110_CSWD.epw"),
    ("denver", "Denver", "725650TYCST.epw"),
    ("aachen", None, "DEU_NW_Aachen.105010_TMYx.epw"),
)
_GWY = "gwyxjtu/eppy_for_power_load_generation@f88ebeca44cb90aa46e1ddfb2713da9b4413cabd:weathers/spyder/"
_SIN = "ugr-sail/sinergym@f92ac94ecb9881e6a834f6b79853b5020ab19add:sinergym/data/weather/"
_ENE = "bsl546/energym@0133ca7a19d21352a427e1913755e1ebf6fd8bb6:simulation/energyplus/seminarcenter/wf/"
#: Real files of the climate types the six shared files do not cover (issue 12 item 6): key, packaged place, EPW
#: file name, climate type, source (repository@commit:path; the same files the packaged normals were derived from,
#: see the ``source`` column of bldgagent/data/climate/normals.csv). Not shipped: fetched into a folder outside the
#: project (docs/validation.md section 2 gives the commands).
EXTRA_PLACES = tuple((k, p, f"{stem}.epw", kind, src + (f"{stem}/{stem}.epw" if src == _GWY else f"{stem}.epw"))
                     for k, p, stem, kind, src in (
    ("kunming", "Kunming", "CHN_Yunnan.Kunming.567780_CSWD", "plateau", _GWY),
    ("lijiang", "Lijiang", "CHN_Yunnan.Lijiang.566510_CSWD", "plateau", _GWY),
    ("bogota", "Bogota", "COL_Bogota.802220_IWEC", "plateau", _SIN),
    ("antananarivo", "Antananarivo", "MDG_Antananarivo.670830_IWEC", "plateau", _SIN),
    ("chongqing", "Chongqing", "CHN_Chongqing.Chongqing.Shapingba.575160_CSWD", "basin", _GWY),
    ("chengdu", "Chengdu", "CHN_Sichuan.Chengdu.562940_CSWD", "basin", _GWY),
    ("guiyang", "Guiyang", "CHN_Guizhou.Guiyang.578160_CSWD", "basin", _GWY),
    ("lhasa", "Lhasa", "CHN_Tibet.Lhasa.555910_CSWD", "high_cold_sunny", _GWY),
    ("xining", "Xining", "CHN_Qinghai.Xining.528660_CSWD", "high_cold_sunny", _GWY),
    ("lanzhou", "Lanzhou", "CHN_Gansu.Lanzhou.528890_CSWD", "high_cold_sunny", _GWY),
    ("helsinki", "Helsinki", "FIN_Helsinki.029740_IWEC", "high_latitude", _SIN),
    ("stockholm", "Stockholm", "SWE_Stockholm.Arlanda.024600_IWEC", "high_latitude", _SIN),
    ("billund", "Billund", "DNK_BILLUND_061040-IW2", "high_latitude", _ENE),
    ("harbin", "Harbin", "CHN_Heilongjiang.Harbin.509530_CSWD", "high_latitude", _GWY),
))
#: Column groups of a weather year swapped one at a time by :func:`column_swap`.
COLUMN_GROUPS = {"temperature_humidity": ("temp_air_c", "temp_dew_c", "relative_humidity_pct"),
                 "solar": ("ghi_w_m2", "dni_w_m2", "dhi_w_m2"), "sky_infrared": ("ir_horizontal_w_m2",),
                 "wind": ("wind_speed_m_s",)}


def _epw(path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"{p}: weather file not found (the ASHRAE 140 runs need the Denver TMY3 file "
                             "725650TYCST.epw); pass its path with --epw PATH / epw_path=")
    return p


def bestest_from_ifc(epw_path, cases=(600, 900), *, folder=None, glazing: str = "file",
                     terrain: str = "country") -> dict[str, dict[str, Any]]:
    """Run Std 140 Cases from IFC through the public API; compare with ranges and the hand-parameter zones.

    ``glazing="file"`` uses the window's U and g from the IFC (Pset_WindowCommon / Pset_DoorWindowGlazingType)
    with the angular shape of clear double glazing; ``"bestest"`` the Std 140 clear double-pane physics of
    :mod:`bldgagent.energy.glazing` (as the hand-parameter zones do). Returns per case: ours (heating/cooling MWh,
    peaks kW), the hand-parameter values (``hand``), the ranges and pass flags.
    """
    from ..ifc import load
    from ..ifc.samples import bestest_box
    from .bestest import read_bestest_weather

    weather = read_bestest_weather(_epw(epw_path))
    texture = {k: STD140_WINDOWS[k] for k in ("roughness", "centroid_height_m")}
    windows = texture if glazing == "file" else dict(STD140_WINDOWS)
    out: dict[str, dict[str, Any]] = {}
    hand = run_bestest(weather, cases=tuple(str(c) for c in cases), terrain=terrain)
    with tempfile.TemporaryDirectory(prefix="bldgagent-bestest-") as tmp:
        base = Path(folder) if folder is not None else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        zones = []
        for c in cases:
            path = base / f"bestest_{c}.ifc"
            bestest_box(int(c), path)
            building = load(path)
            z = zones_from_building(building, weather=weather, usage="office", overrides=BESTEST_OPERATION,
                                    surfaces=BESTEST_SURFACES, windows=windows)
            zone = z.zones[0]
            zone.name = f"Case {c}"
            zones.append((c, zone, z))
        res = simulate([z for _, z, _ in zones], weather, terrain=terrain)
    for i, (c, zone, zoning) in enumerate(zones):
        key = str(c)
        vals = {"heating_mwh": float(res.annual_heating_kwh()[i] / 1000), "cooling_mwh": float(res.annual_cooling_kwh()[i] / 1000),
                "peak_heating_kw": float(res.peak_heating_w()[i] / 1000), "peak_cooling_kw": float(res.peak_cooling_w()[i] / 1000)}
        h = hand[key]
        out[key] = {
            **vals,
            "hand": {k: h[k] for k in vals},
            "acceptance": {k: list(v) for k, v in ACCEPTANCE[key].items()},
            "example_programs": {k: list(v) for k, v in EXAMPLE_PROGRAMS[key].items()},
            "in_acceptance": {k: bool(lo <= vals[k] <= hi) for k, (lo, hi) in ACCEPTANCE[key].items()},
            "in_example_range": {k: bool(lo <= vals[k] <= hi) for k, (lo, hi) in EXAMPLE_PROGRAMS[key].items()},
            "zone": {"floor_area_m2": zone.floor_area_m2, "volume_m3": zone.volume_m3,
                     "surfaces": [(s.name, s.boundary, round(s.area_m2, 3)) for s in zone.surfaces],
                     "windows": [(w.name, round(w.area_m2, 3), w.u_w_m2k, w.g_normal) for w in zone.windows],
                     "coverage": zoning.coverage},
            "glazing": glazing,
        }
    return out


#: Std 140-2020 cases run from their hand-parameter zones only (no IFC cell is written for them).
HAND_CASES = ("620", "630", "920", "930")


def bestest_hand_cases(epw_path, cases=HAND_CASES, *, terrain: str = "country") -> dict[str, dict[str, Any]]:
    """Run Std 140 cases from the hand-parameter zones (:func:`~bldgagent.energy.bestest.bestest_zone`), in the
    shape of :func:`bestest_from_ifc`'s results (the ``hand`` values are the results themselves)."""
    from ..climate import read_epw

    weather = read_epw(_epw(epw_path))
    res = run_bestest(weather, cases=tuple(str(c) for c in cases), terrain=terrain)
    out: dict[str, dict[str, Any]] = {}
    for key, r in res.items():
        vals = {k: r[k] for k in ("heating_mwh", "cooling_mwh", "peak_heating_kw", "peak_cooling_kw")}
        out[key] = {**vals, "hand": dict(vals), "source": "hand-parameter zone",
                    "acceptance": {k: list(v) for k, v in ACCEPTANCE[key].items()},
                    "example_programs": {k: list(v) for k, v in EXAMPLE_PROGRAMS[key].items()},
                    "in_acceptance": r["in_acceptance"], "in_example_range": r["in_example_range"]}
    return out


def bestest_free_float(epw_path, *, terrain: str = "country") -> dict[str, dict[str, Any]]:
    """Std 140 free-float cases 600FF/650FF/900FF/950FF (zone air minimum, maximum, mean, deg C) against the
    example programs (:func:`~bldgagent.energy.bestest.run_free_float`), each case run on its own."""
    from ..climate import read_epw
    from .bestest import FREE_FLOAT_EXAMPLE, run_free_float

    weather = read_epw(_epw(epw_path))
    out = {}
    for c in FREE_FLOAT_EXAMPLE:
        out.update(run_free_float(weather, cases=(c,), terrain=terrain))
        out[c]["example"] = {k: list(v) for k, v in FREE_FLOAT_EXAMPLE[c].items()}
    return out


def format_bestest(results: dict[str, dict[str, Any]]) -> str:
    """Plain-text table: ours, hand-parameter, acceptance and example-program ranges."""
    lines = [f"{'case':<5}{'quantity':<17}{'from IFC':>9}{'hand':>9}  {'acceptance':>12}  {'example programs':>16}  ok"]
    for c, r in results.items():
        for k in ("heating_mwh", "cooling_mwh", "peak_heating_kw", "peak_cooling_kw"):
            acc = r["acceptance"].get(k)
            ex = r["example_programs"].get(k)
            ok = r["in_acceptance"].get(k)
            ifc = "-" if r.get("source") == "hand-parameter zone" else f"{r[k]:.3f}"
            lines.append(f"{c:<5}{k:<17}{ifc:>9}{r['hand'][k]:>9.3f}  "
                         f"{(f'{acc[0]:.2f}-{acc[1]:.2f}' if acc else '-'):>12}  "
                         f"{(f'{ex[0]:.3f}-{ex[1]:.3f}' if ex else '-'):>16}  "
                         f"{'-' if ok is None else ('yes' if ok else 'NO')}")
    return "\n".join(lines)


def reference_building(place_key: str, latitude_deg: float, longitude_deg: float, elevation_m: float, folder):
    """The default sample building (SampleSpec defaults: 24 x 12 m, 3 storeys, concrete, residential, WWR S 0.40 /
    E, N, W 0.25) with its site moved to the place, loaded back from IFC."""
    from ..ifc import load
    from ..ifc.samples import sample_building

    path = Path(folder) / f"reference_{place_key}.ifc"
    sample_building(path=path, site_name=place_key, latitude_deg=float(latitude_deg),
                    longitude_deg=float(longitude_deg), elevation_m=float(elevation_m))
    return load(path)


def _find(folders, fname) -> Path:
    """The first ``folder / fname`` that exists (``folders``: one folder or several), else the first candidate."""
    folders = [folders] if isinstance(folders, (str, Path)) else list(folders)
    paths = [Path(f) / fname for f in folders]
    return next((p for p in paths if p.is_file()), paths[0])


def synthetic_vs_real(epw_folder, places=REFERENCE_PLACES, *, seed: int = 0, zoning: str = "storey",
                      sky: bool = False) -> list[dict]:
    """Annual heating and cooling demand of the reference building on the real EPW and on synthetic years.

    For each place: ``real`` (``read_epw(..., irradiance="repair")``, the opt-in reading: radiation stamped off
    the sun or not closing repaired, :mod:`bldgagent.climate.repair`), ``file`` (``read_epw(...)``, the default
    reading since issue 12: the radiation as written, as EnergyPlus reads it), ``synthetic`` (synthetic_year of
    the packaged place, or None) and ``twin`` (synthetic_year of the file's own monthly statistics, :meth:`Place.from_weather`). The
    building is zoned per storey (``zoning``) with the profiles of its site. Checks ``<label>_vs_<reference>``
    for synthetic and twin against real and file. ``epw_folder``: a folder or a sequence of folders (the first
    holding the file is used); ``places``: entries ``(key, packaged place or None, file name, ...)``, as
    :data:`REFERENCE_PLACES` and :data:`EXTRA_PLACES`. ``sky=True`` adds ``sky``: the repaired reading with its
    sky infrared from its own sunshine (:func:`bldgagent.climate.repair.sky_from_sunshine`), and the checks
    against it. Returns one dict per place.
    """
    from ..climate import Place, get_place, read_epw, synthetic_year
    from ..climate.repair import sky_from_sunshine
    from .assess import assess_energy

    rows = []
    with tempfile.TemporaryDirectory(prefix="bldgagent-synth-") as tmp:
        for key, place_name, fname, *_ in places:
            path = _find(epw_folder, fname)
            if not path.is_file():
                rows.append({"place": key, "missing": str(path)})
                continue
            real = read_epw(path, irradiance="repair")
            b = reference_building(key, real.latitude_deg, real.longitude_deg, real.elevation_m, tmp)
            row: dict[str, Any] = {"place": key, "epw": fname,
                                   "irradiance_repairs": real.metadata.get("irradiance_repairs", [])}
            runs = {"real": real, "file": read_epw(path, irradiance="file")}
            if sky:
                runs["sky"] = sky_from_sunshine(real)
            if place_name is not None:
                runs["synthetic"] = synthetic_year(get_place(place_name), seed=seed)
            runs["twin"] = synthetic_year(Place.from_weather(real, name=f"{key} (file statistics)"), seed=seed)
            for label, w in runs.items():
                r = assess_energy(b, w, zoning=zoning)
                row[label] = {"heating_kwh": r.heating_kwh, "cooling_kwh": r.cooling_kwh,
                              "floor_area_m2": r.floor_area_m2, "source": w.source}
            for ref_label, label in (("real", "synthetic"), ("real", "twin"), ("file", "synthetic"),
                                     ("file", "twin"), ("sky", "synthetic"), ("sky", "twin")):
                if label not in row or ref_label not in row:
                    continue
                total = row[ref_label]["heating_kwh"] + row[ref_label]["cooling_kwh"]
                checks = {}
                for q in ("heating_kwh", "cooling_kwh"):
                    ref, got = row[ref_label][q], row[label][q]
                    tol = max(SYNTHETIC_TOLERANCE["relative"] * ref, SYNTHETIC_TOLERANCE["of_total"] * total)
                    checks[q] = {"diff_kwh": got - ref, "diff_rel": (got - ref) / ref if ref > 0 else None,
                                 "tolerance_kwh": tol, "ok": bool(abs(got - ref) <= tol)}
                row[f"{label}_vs_{ref_label}"] = checks
            rows.append(row)
    return rows


def column_swap(building, real, synthetic, *, groups=COLUMN_GROUPS, zoning: str = "storey") -> dict[str, dict]:
    """Attribute a synthetic-vs-real difference to groups of weather columns.

    Annual heating and cooling (kWh) of ``building`` on ``real``, on ``synthetic`` and on ``real`` with each group of
    :data:`COLUMN_GROUPS` replaced by the synthetic year's columns (hour by hour; wind direction stays the real
    file's). Returns ``{"real": {...}, "synthetic": {...}, "<group>": {...}}`` with ``heating_kwh`` and
    ``cooling_kwh``; a group's effect is its row minus the real row.
    """
    from .assess import assess_energy

    def run(w):
        r = assess_energy(building, w, zoning=zoning)
        return {"heating_kwh": float(r.heating_kwh), "cooling_kwh": float(r.cooling_kwh)}

    out = {"real": run(real), "synthetic": run(synthetic)}
    for name, cols in groups.items():
        data = real.data.copy()
        for c in cols:
            data[c] = synthetic.data[c].to_numpy()
        out[name] = run(dataclasses.replace(real, data=data))
    return out


def balance_check(building, weather, *, zoning: str = "space") -> dict[str, Any]:
    """Annual energy balance per zone: transmission + ventilation + solar + internal + hvac - storage (kWh), the
    residual relative to the sum of absolute flows, and the building totals."""
    zones = zones_from_building(building, zoning=zoning, weather=weather)
    res = simulate(zones.zones, weather)
    bal = res.annual_balance_kwh()
    resid = res.balance_residual_kwh()
    scale = sum(np.abs(bal[k]) for k in BALANCE_TERMS)
    hourly = sum(res.balance[k] for k in BALANCE_TERMS if k != "storage") - res.balance["storage"]
    # the building's balance per hour (zones summed; interzone terms left out: they cancel), relative to the hour's
    # sum of absolute terms
    outside = [k for k in BALANCE_TERMS if k not in ("storage", "interzone")]
    building = sum(res.balance[k].sum(axis=0) for k in outside) - res.balance["storage"].sum(axis=0)
    hour_scale = sum(np.abs(res.balance[k]).sum(axis=0) for k in BALANCE_TERMS)
    return {
        "building_hourly_residual_rel": float(np.max(np.abs(building) / hour_scale)),
        "interzone_hourly_rel": float(np.max(np.abs(res.balance["interzone"].sum(axis=0)) / hour_scale)),
        "zones": len(zones), "terms_kwh": {k: float(v.sum()) for k, v in bal.items()},
        "residual_kwh": float(np.abs(resid).max()), "residual_rel": float(np.max(np.abs(resid) / scale)),
        "hourly_residual_w": float(np.abs(hourly).max()),
        "heating_kwh": float(res.annual_heating_kwh().sum()), "cooling_kwh": float(res.annual_cooling_kwh().sum()),
    }
