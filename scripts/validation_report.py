"""Write docs/validation.md: ASHRAE 140 from IFC, synthetic year vs real EPW, energy balance of a multi-zone building.

Run from the project root (needs ../shared/data/epw):  python scripts/validation_report.py [--out docs/validation.md]
The whole file is generated; edit this script, not the Markdown.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's bldgagent, not another installed copy
EPW = (ROOT / ".." / "shared" / "data" / "epw").resolve()
#: Where the real files of EXTRA_PLACES and the 1995 BESTEST weather were fetched (outside the project).
EXTRA = (ROOT / ".." / "extdata" / "climate3").resolve()


def _pct(x):
    return "-" if x is None else f"{100 * x:+.1f} %"


def bestest_section() -> list[str]:
    from bldgagent.energy.validation import bestest_from_ifc

    res = bestest_from_ifc(EPW / "725650TYCST.epw")
    std = bestest_from_ifc(EPW / "725650TYCST.epw", glazing="bestest")
    lines = [
        "## 1. ANSI/ASHRAE Standard 140-2020, Cases 600 and 900, from IFC",
        "",
        "`bldgagent validate bestest` / `bldgagent.energy.validation.bestest_from_ifc`: the test cells are written as "
        "IFC4 by `bldgagent.ifc.samples.bestest_box`, read back with `bldgagent.load`, zoned by "
        "`zones_from_building` with the Std 140 operation as overrides (200 W continuous, 60 % radiative; 0.5 ACH at "
        "site air density; ideal heating below 20 C, cooling above 27 C; raised floor to outdoor air, no sun, no "
        "wind) and simulated on `725650TYCST.epw` (terrain `country`). *From IFC* uses the window as the file gives "
        "it (U 3.0, g 0.769, no frame) on the clear double-glazing angular shape; *IFC + Std 140 glazing* replaces "
        "its optics by the clear-glass physics of `bldgagent.energy.glazing`; *hand* is the hand-parameter zone of "
        "`bldgagent.energy.bestest`. Ranges: Std 140-2020 Addendum b Tables A3 (acceptance) and the example "
        "programs' min-max (BSIMAC, CSE, DeST, EnergyPlus 9.0.1, ESP-r, TRNSYS).",
        "",
        "| case | quantity | from IFC | IFC + Std 140 glazing | hand | acceptance | example programs | in acceptance |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c, r in res.items():
        for k in ("heating_mwh", "cooling_mwh", "peak_heating_kw", "peak_cooling_kw"):
            acc = r["acceptance"].get(k)
            ex = r["example_programs"].get(k)
            ok = r["in_acceptance"].get(k)
            lines.append(f"| {c} | {k} | {r[k]:.3f} | {std[c][k]:.3f} | {r['hand'][k]:.3f} | "
                         f"{f'{acc[0]:.2f}-{acc[1]:.2f}' if acc else '-'} | "
                         f"{f'{ex[0]:.3f}-{ex[1]:.3f}' if ex else '-'} | {'-' if ok is None else ('yes' if ok else 'NO')} |")
    lines += [
        "",
        "Geometry read from the IFC: 48 m2 floor, 129.6 m3, walls N 21.6 / E 16.2 / W 16.2 / S 9.6 m2 net, roof 48 m2, "
        "two 6 m2 south windows; layers and material properties exactly those of Std 140 Tables 7-1/7-6.",
        "",
        "Differences from the hand-parameter zones: with the Std 140 glazing physics the IFC route reproduces them to "
        "0.2 % or better (the IFC floor insulation carries a token 0.1 kg/m3, 0.1 J/kgK where the standard has a "
        "massless layer). With the file's g = 0.769 the window's solar optics differ: g is scaled onto the clear "
        "double-glazing shape with its tau/g ratio, which transmits more beam at normal incidence and absorbs less in "
        "the panes than the two-pane physics (g 0.77 at normal incidence too, but a different split), so more solar "
        "reaches the zone: cooling +1 to +3 %, heating -0.3 to -2 %. All loads stay in the acceptance ranges either "
        "way; heating remains above the example programs (see docs/energy-method.md for the engine's own analysis: "
        "constant film coefficients, operating window U).",
        "",
    ]
    return lines


#: Climate types of issue 12 (item 6) and of the six shared files, by the key of EXTRA_PLACES.
CLIMATE_TYPES = {"plateau": "mild high-altitude plateau", "basin": "hot-summer-cold-winter basin, little sun",
                 "high_cold_sunny": "high-altitude cold sunny", "high_latitude": "high latitude, short cool summer"}
SHARED_TYPES = {"haikou": "hot-humid (shared file)", "guangzhou": "hot-humid (shared file)",
                "shanghai": "hot-summer-cold-winter (shared file)", "beijing": "cold (shared file)",
                "denver": "cold, dry, high (shared file)", "aachen": "temperate maritime (shared file)"}
FLOOR_AREA_M2 = 864.0  # the reference building: 24 x 12 m x 3 storeys


def _kind(key: str) -> str:
    from bldgagent.energy.validation import EXTRA_PLACES

    kinds = {k: CLIMATE_TYPES[kind] for k, _, _, kind, _ in EXTRA_PLACES}
    return kinds.get(key, SHARED_TYPES.get(key, "-"))


#: The 1995 BESTEST weather: an EPW conversion of DRYCOLD.TMY (Denver-Stapleton, TMY, WBAN 23062) kept beside it.
DRYCOLD_SOURCE = "MasatoMiyata/EnergyPlus_SHASEG1008@be51f6e5a63e7263f43fbc5788017266614a0372:epw/"


def bestest_1995_section() -> list[str]:
    """`validate bestest --edition 1995` on the DRYCOLD weather, when it has been fetched (EXTRA)."""
    from bldgagent.climate import read_epw
    from bldgagent.energy.bestest import judge_edition
    from bldgagent.energy.validation import bestest_from_ifc

    path = EXTRA / "DRYCOLDTMY.epw"
    lines = ["## 1b. The 1995 edition: BESTEST Cases 600 and 900 on the DRYCOLD weather", ""]
    if not path.is_file():
        return lines + [f"Not run: {path} is missing (fetch it as below).", ""]
    w = read_epw(path)
    res = judge_edition(bestest_from_ifc(path), "1995")
    tmy_path = EXTRA / "DRYCOLD.TMY"
    tmy = judge_edition(bestest_from_ifc(tmy_path), "1995") if tmy_path.is_file() else None
    lines += [
        "`bldgagent validate bestest --edition 1995 --epw DRYCOLDTMY.epw`: the same IFC cells and operation as "
        "section 1, on the first BESTEST's weather, judged by the 1995 ranges (Std 140-2001/2004 Informative Annex "
        "B8 example-program min-max, `bldgagent/data/energy/bestest_ranges_1995.csv`; the 1995 era has no separate "
        "acceptance band, so *in range* means inside the example programs' min-max). Weather: `DRYCOLDTMY.epw`, "
        f"`{DRYCOLD_SOURCE}DRYCOLDTMY.epw`, an EPW conversion of `{DRYCOLD_SOURCE}DRYCOLD.TMY` (the 1995 file, "
        "TMY format of 1981, WBAN 23062 Denver-Stapleton, 8,760 rows of 132 characters) kept beside it in the same "
        "folder; it has 35 fields a row and reads as it is. Checked hour by hour against DRYCOLD.TMY: dry bulb and "
        "dew point equal, GHI equal to the Wh rounding (kJ/m2 / 3.6); DNI equal except 138 sunrise hours that the "
        "conversion set to 0 (14 kWh/m2 of 2,354 a year). "
        f"Annual GHI {w.data['ghi_w_m2'].sum() / 1000:,.0f} kWh/m2, mean dry bulb "
        f"{w.data['temp_air_c'].mean():.1f} C. The cells are the 2020 cells (section 1: window, film and ground "
        "details of Std 140-2020), not the 1995 ones, which differ in those details.",
        "",
        "*DRYCOLD.TMY read directly* is the same run on the 1995 file itself, read by `bldgagent.climate.tmy."
        "read_tmy` (`--epw DRYCOLD.TMY`; the station from `bldgagent.energy.bestest.DRYCOLD_SITE`; no diffuse "
        "column in the file: DHI = GHI - DNI cos z; sky infrared from its opaque cover, 12 W/m2 above the "
        "conversion's on the annual mean).",
        "",
        "| case | quantity | from IFC | hand | DRYCOLD.TMY read directly | 1995 range (example programs) | in range "
        "| in range (TMY) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c, r in res.items():
        for k in ("heating_mwh", "cooling_mwh", "peak_heating_kw", "peak_cooling_kw"):
            ex = r["example_programs"].get(k)
            ok = r["in_example_range"].get(k)
            t = tmy[c] if tmy else None
            t_ok = t["in_example_range"].get(k) if t else None
            lines.append(f"| {c} | {k} | {r[k]:.3f} | {r['hand'][k]:.3f} | {f'{t[k]:.3f}' if t else '-'} | "
                         f"{f'{ex[0]:.3f}-{ex[1]:.3f}' if ex else '-'} | {'-' if ok is None else ('yes' if ok else 'NO')} "
                         f"| {'-' if t_ok is None else ('yes' if t_ok else 'NO')} |")
    return lines + [""]


def synthetic_section() -> list[str]:
    from bldgagent.energy.validation import EXTRA_PLACES, REFERENCE_PLACES, SYNTHETIC_TOLERANCE, synthetic_vs_real

    rows = synthetic_vs_real((EPW, EXTRA), REFERENCE_PLACES + EXTRA_PLACES, sky=True)
    rel, tot = SYNTHETIC_TOLERANCE["relative"], SYNTHETIC_TOLERANCE["of_total"]
    found = [r for r in rows if "missing" not in r]
    lines = [
        "## 2. Synthetic weather year vs real EPW",
        "",
        "Reference building: the default sample building (`bldgagent.ifc.samples.SampleSpec()`: 24 x 12 m, 3 storeys "
        "of 3.2 m, 864 m2, 24 rooms, concrete with 120 mm mineral wool, roof 160 mm EPS, ground floor 100 mm XPS, WWR "
        "S 0.40 / E, N, W 0.25, windows U 2.4 / g 0.55), its site moved to each weather station, written as IFC and "
        "loaded back, zoned per storey, operated by the profiles of its site (Chinese dwellings JGJ with the GB 50176 "
        "zone of the place; EN 16798-1 residential elsewhere). Annual ideal sensible heating and cooling demand (kWh) "
        "on the real file and on `synthetic_year(place, seed=0)`. Aachen has no packaged normals: its synthetic year "
        "is made from the file's own monthly statistics (`Place.from_weather`, *twin*); the twins of the other places "
        "are listed for comparison.",
        "",
        f"Places: {len(found)} real files in all: the six shared files (`../shared/data/epw`) and "
        f"{len(EXTRA_PLACES)} fetched for the climate types of issue 12 item 6 (`EXTRA_PLACES` in "
        "`bldgagent/energy/validation.py`; sources and the commands to fetch them below).",
        "",
        f"Pass criterion: |synthetic - real| <= max({rel:.0%} of the real demand, {tot:.0%} of the real total "
        "heating + cooling demand). **Rule for small demands:** the absolute floor of 2 % of the total decides only "
        "when a demand is tiny against the building's total load (Haikou and Guangzhou heating: 0-35 kWh against "
        "45-60 MWh of cooling; Helsinki, Stockholm, Billund cooling: 1.5-2 MWh against 60-95 MWh of heating), where a "
        "relative error has no meaning; 2 % of the total is below the year-to-year spread of typical-year files. "
        "Where the building's whole demand is small (the mild plateaus: Bogota 0.2, Lijiang 3, Kunming 7 kWh per m2 "
        "of floor a year) the criterion is not widened: those places are listed as misses, with the reason.",
        "",
        "Both readings of the real files are judged. *As written* is `read_epw(file)`, the default since issue 12 "
        "(the radiation as the file gives it, as EnergyPlus, DeST and Ladybug read it; a warning names the repair "
        "when the checks fail). *Repaired* is `read_epw(file, irradiance='repair')` (`bldgagent.climate.repair`, "
        "docs/climate.md \"Irradiance repairs\"): " + _repairs_text(found) + ".",
        "",
        "**What this check proves, and what it does not.** The packaged normals of every place were derived from "
        "these same files (the `source` column of `bldgagent/data/climate/normals.csv` names each one, and the "
        "sources below are those), so the synthetic year's monthly mean temperature, humidity, wind, GHI and DHI "
        "equal the file's by construction. The check therefore tests how the generator turns monthly statistics "
        "into hours and days (day-to-day spread, diurnal shapes, the beam/diffuse split and its timing, the sky's "
        "long-wave radiation) and whether those give a building the same annual demand; it says nothing about how "
        "well the normals (or any typical year) represent a place's climate, which would need independent "
        "observations. The *twin* (normals recomputed from the file itself) agrees with the packaged synthetic year "
        "to about 1 %, which confirms the packaged normals are those of the file.",
        "",
        "| climate type | place | quantity | as written kWh | repaired kWh | synthetic kWh | vs as written | pass "
        "| vs repaired | pass | twin kWh | twin vs repaired | reason of a miss |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    misses, file_misses = [], []
    for r in rows:
        if "missing" in r:
            lines.append(f"| {_kind(r['place'])} | {r['place']} | - | file missing: {r['missing']} | | | | | | | | | |")
            continue
        for q in ("heating_kwh", "cooling_kwh"):
            syn = r.get("synthetic")
            lbl = "synthetic" if syn else "twin"
            c_real, c_file, c_twin = r[f"{lbl}_vs_real"][q], r[f"{lbl}_vs_file"][q], r["twin_vs_real"][q]
            if not c_real["ok"]:
                misses.append((r, q, "real"))
            if not c_file["ok"]:
                file_misses.append((r, q, "file"))
            lines.append(
                f"| {_kind(r['place'])} | {r['place']} | {q.split('_')[0]} | {r['file'][q]:,.0f} | {r['real'][q]:,.0f} | "
                + (f"{syn[q]:,.0f}" if syn else "(twin)")
                + f" | {_pct(c_file['diff_rel'])} | {'yes' if c_file['ok'] else 'NO'} | {_pct(c_real['diff_rel'])} | "
                f"{'yes' if c_real['ok'] else 'NO'} | {r['twin'][q]:,.0f} | {_pct(c_twin['diff_rel'])} | "
                f"{miss_reason(r['place'], q, c_file['ok'], c_real['ok'])} |")
    n = 2 * len(found)
    lines += ["", f"Against the files as written (the default reading): {n - len(file_misses)} of {n} demands pass; "
              "misses: " + _miss_list(file_misses, "file") + f". Against the repaired files: {n - len(misses)} of {n} "
              "pass; misses: " + _miss_list(misses, "real") + ". Every miss has its reason in the last column (the "
              "evidence: the column swaps and the sky subsection below).", ""]
    return lines + attribution_section(misses, file_misses) + sky_cover_section(found) + sources_section()


#: Why a demand misses, per place and quantity, for each reading that misses (``file``: as written, ``real``: repaired):
#: the cause found by the column swaps and the sky subsection below (REASONS has the evidence). Written after reading
#: those tables; a miss without an entry is reported as "not examined", so a re-run cannot hide a new miss.
_BEAM = "CSWD beam late / not closing with GHI - DHI (solar column)"
_SKY = "CSWD sky cover is filler (sky infrared column); passes with the sky from the file's sunshine"
MISS_REASONS = {
    ("shanghai", "heating", "file"): _BEAM, ("beijing", "heating", "file"): _BEAM,
    ("kunming", "heating", "file"): _BEAM,
    ("kunming", "cooling", "file"): "sky filler (+16 %) and temperature columns (-25 %), opposite; passes repaired",
    ("kunming", "heating", "real"): "cold winter days are cloudy here (corr. 0.55-0.87), not in monthly normals; "
                                    "small demand, 2.4 kWh/m2",
    ("lijiang", "heating", "file"): _BEAM, ("lijiang", "cooling", "file"): _BEAM + " and sky filler",
    ("lijiang", "cooling", "real"): _SKY + "; small demand, 1.2 kWh/m2",
    ("bogota", "heating", "file"): "whole demand 0.2 kWh/m2: below what a weather year resolves",
    ("bogota", "heating", "real"): "whole demand 0.2 kWh/m2: below what a weather year resolves",
    ("bogota", "cooling", "file"): "real file 0 kWh; whole demand 0.2 kWh/m2",
    ("bogota", "cooling", "real"): "real file 0 kWh; whole demand 0.2 kWh/m2",
    ("chongqing", "heating", "file"): _SKY, ("chongqing", "heating", "real"): _SKY,
    ("chengdu", "cooling", "file"): _SKY, ("chengdu", "cooling", "real"): _SKY,
    ("guiyang", "heating", "file"): _BEAM + ", sky filler, cloudy cold days",
    ("guiyang", "heating", "real"): _SKY + " (-9.9 %); cloudy cold days as Kunming",
    ("lhasa", "heating", "file"): _BEAM, ("lhasa", "cooling", "file"): _BEAM,
    ("lhasa", "cooling", "real"): _SKY,
    ("xining", "heating", "file"): _BEAM, ("lanzhou", "cooling", "file"): _BEAM,
}


def miss_reason(place: str, q: str, ok_file: bool, ok_real: bool) -> str:
    """The reason column: '-' where both readings pass, else the reason of each reading that misses."""
    why = {ref: MISS_REASONS.get((place, q.split("_")[0], ref), "not examined")
           for ref, ok in (("file", ok_file), ("real", ok_real)) if not ok}
    if len(why) == 2 and why["file"] == why["real"]:
        return "both readings: " + why["file"]
    return "; ".join(f"{'as written' if ref == 'file' else 'repaired'}: {w}" for ref, w in why.items()) or "-"


def _miss_list(items, ref) -> str:
    lbl = lambda r: "synthetic" if r.get("synthetic") else "twin"  # noqa: E731
    return ", ".join(f"{r['place']} {q.split('_')[0]} ({_pct(r[f'{lbl(r)}_vs_{ref}'][q]['diff_rel'])})"
                     for r, q, _ in items) or "none"


def _repairs_text(rows) -> str:
    parts = []
    for r in rows:
        reps = r.get("irradiance_repairs", [])
        if not reps:
            continue
        kinds = []
        for x in reps:
            if x["repair"] == "retime":
                kinds.append(f"moved {x['moved_earlier_h']:.2f} h earlier")
            elif x["repair"] == "close":
                kinds.append("DNI from GHI - DHI")
            else:
                kinds.append(x["repair"])
        parts.append(f"{r['place']} ({', '.join(kinds)})")
    clean = [r["place"] for r in rows if not r.get("irradiance_repairs")]
    return ("repaired: " + "; ".join(parts) + ". Read the same either way (the checks pass): " + ", ".join(clean))


def attribution_section(misses, file_misses) -> list[str]:
    """Column swap (bldgagent.energy.validation.column_swap) for every place and reading with a miss."""
    from bldgagent.climate import Place, get_place, read_epw, synthetic_year
    from bldgagent.energy.validation import COLUMN_GROUPS, column_swap, reference_building

    todo = {}
    for r, q, ref in misses + file_misses:
        todo.setdefault((r["place"], ref), (r, []))[1].append(q)
    lines = ["### Why the misses: the weather columns swapped one group at a time", "",
             "`bldgagent.energy.validation.column_swap`: the real file (in the reading that misses) with one group of "
             "columns replaced hour by hour by the synthetic year's; the change of the demand, in % of the real "
             "file's, shows which group carries the difference (the groups interact, so the shares need not add up "
             "to the total).", "",
             "| place | reading | quantity | real kWh | synthetic vs real | " + " | ".join(
                 g.replace("_", " ") for g in COLUMN_GROUPS) + " | demand kWh/m2 |",
             "|---|---|---|---|---|" + "---|" * len(COLUMN_GROUPS) + "---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for (key, ref), (r, qs) in todo.items():
            path = EPW / r["epw"] if (EPW / r["epw"]).is_file() else EXTRA / r["epw"]
            real = read_epw(path, irradiance="repair" if ref == "real" else "file")
            place = _place_name(key)
            syn = synthetic_year(get_place(place) if place else Place.from_weather(real, name=key), seed=0)
            b = reference_building(key, real.latitude_deg, real.longitude_deg, real.elevation_m, tmp)
            sw = column_swap(b, real, syn)
            for q in qs:
                base = sw["real"][q]
                eff = [_pct((sw[g][q] - base) / base) if base > 0 else "-" for g in COLUMN_GROUPS]
                lines.append(f"| {key} | {'repaired' if ref == 'real' else 'as written'} | {q.split('_')[0]} | "
                             f"{base:,.0f} | {_pct((sw['synthetic'][q] - base) / base) if base > 0 else '-'} | "
                             + " | ".join(eff) + f" | {base / FLOOR_AREA_M2:.1f} |")
    return lines + [""] + REASONS + [""]


def _place_name(key):
    from bldgagent.energy.validation import EXTRA_PLACES, REFERENCE_PLACES

    return {k: p for k, p, *_ in REFERENCE_PLACES + EXTRA_PLACES}[key]


def _sky_cover(path: Path):
    """Daily mean opaque sky cover (EPW field 24, tenths) of a file, its daily GHI (Wh/m2) and the file as read."""
    import pandas as pd

    from bldgagent.climate import read_epw
    from bldgagent.climate.epw import HEADER_LINES

    raw = pd.read_csv(path, skiprows=HEADER_LINES, header=None, usecols=[23])
    cover = raw[23].to_numpy(dtype=float)[:8760].reshape(365, 24).mean(axis=1)
    w = read_epw(path)
    ghi = w.data["ghi_w_m2"].to_numpy().reshape(365, 24).sum(axis=1)
    return cover, ghi, w


def sky_cover_section(rows) -> list[str]:
    import numpy as np

    from bldgagent.climate import get_place, synthetic_year

    lines = ["### The sky cover of the CSWD files is filler", "",
             "The sky's long-wave radiation (EPW field 12) of the CSWD files is the Clark & Allen (1978) value of "
             "their opaque sky cover (field 24; recomputing it from the file's dry bulb, dew point and sky cover "
             "reproduces field 12 to within 0.3 W/m2 on monthly means). That sky cover is the same in every CSWD "
             "file: hours spread evenly over 0-9 tenths, 4.5 on average in every month, and unrelated to the day's "
             "sunshine (correlation of daily cover with daily GHI near 0; in the IWEC and TMY files it is strongly "
             "negative). The synthetic year's sky cover follows its daily clearness (`bldgagent.climate.sky`), so in "
             "cloudy places its sky is warmer than the CSWD file's (less radiative loss, less heating, more cooling) "
             "and in clear places a little colder. This is a fault of the files, which the generator should not copy: "
             "it is the main reason for the basin misses above (sky infrared column).", "",
             "`bldgagent.climate.repair.sky_from_sunshine` recomputes a file's sky infrared the way the synthetic "
             "years do (cover from each day's clear-sky index). The last columns judge the synthetic year against the "
             "repaired reading with that sky (*+ sky*): what the comparison gives once the filler is out. It is "
             "meant for the CSWD files; the IWEC and TMY files (Denver, Aachen, Bogota, Antananarivo, Helsinki, "
             "Stockholm, Billund) have an observed sky cover, and their rows are shown only for comparison.", "",
             "| place | mean opaque sky cover, tenths | corr(daily cover, daily GHI) | sky infrared file W/m2 | "
             "synthetic W/m2 | + sky: heating kWh | synthetic vs | pass | + sky: cooling kWh | synthetic vs | pass |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        path = EPW / r["epw"] if (EPW / r["epw"]).is_file() else EXTRA / r["epw"]
        cover, ghi, w = _sky_cover(path)
        place = _place_name(r["place"])
        syn_ir = (f"{synthetic_year(get_place(place), seed=0).data['ir_horizontal_w_m2'].mean():.1f}"
                  if place else "-")
        lbl = "synthetic" if r.get("synthetic") else "twin"
        judged = " | ".join(f"{r['sky'][q]:,.0f} | "
                            f"{_pct(r[f'{lbl}_vs_sky'][q]['diff_rel']) if r['sky'][q] >= 1.0 else '-'} | "
                            f"{'yes' if r[f'{lbl}_vs_sky'][q]['ok'] else 'NO'}" for q in ("heating_kwh", "cooling_kwh"))
        lines.append(f"| {r['place']} | {cover.mean():.2f} | {np.corrcoef(cover, ghi)[0, 1]:+.2f} | "
                     f"{w.data['ir_horizontal_w_m2'].mean():.1f} | {syn_ir} | {judged} |")
    n = 2 * len(rows)
    bad = [f"{r['place']} {q.split('_')[0]}" for r in rows for q in ("heating_kwh", "cooling_kwh")
           if not r[f"{'synthetic' if r.get('synthetic') else 'twin'}_vs_sky"][q]["ok"]]
    return lines + ["", f"Against the repaired files with the sky from their sunshine: {n - len(bad)} of {n} demands "
                    "pass; misses: " + (", ".join(bad) or "none") + ".", ""]


def sources_section() -> list[str]:
    from bldgagent.energy.validation import EXTRA_PLACES

    lines = ["### Sources of the real files and how to reproduce", "",
             "The six shared files are in `../shared/data/epw` (see `../shared/reference`). The other files are "
             "public EPW files on GitHub, the same files the packaged normals name in their `source` column; they "
             "are not shipped and tests do not need them. Fetch each with `git show COMMIT:PATH > FILE` from a clone "
             f"of the repository into `{EXTRA.relative_to(EXTRA.parents[1])}` (beside the project folder), then run "
             "`python scripts/validation_report.py` from the project root (16 minutes on the shared 2-core machine "
             "under load; the run time is at the end of this page).", "",
             "| place | file | source (repository@commit:path) |", "|---|---|---|"]
    for key, _, fname, _, src in EXTRA_PLACES:
        lines.append(f"| {key} | {fname} | `{src}` |")
    return lines + [""]


#: The reasons of the misses, from the column swaps above and docs/climate.md (written after reading the tables).
REASONS = [
    "Reasons, from the swaps above and the next subsection:",
    "",
    "- **As written, CSWD beam (Shanghai, Beijing heating; Kunming, Lijiang, Lhasa, Xining heating; Lhasa, Lijiang, "
    "Lanzhou cooling):** the solar columns carry the difference. The CSWD files' DNI does not close with their own "
    "GHI - DHI and runs late (the repair's checks), so a facade gets less sun than the file's GHI implies: on the "
    "high plateaus the November-March irradiation of a south facade as written is 13 % (Kunming) to 25 % (Lhasa) "
    "below the repaired one and heating is several times larger (Lhasa 9,364 against 2,456 kWh). The synthetic years are on time and close by "
    "construction from the monthly GHI and DHI, so they follow the repaired reading; reproducing the fault would "
    "mean copying it, which the generator does not do. This is why the issue's default (as written) and the "
    "synthetic year cannot agree on CSWD files: both are reported.",
    "- **CSWD sky infrared (Chongqing heating, Chengdu cooling, Lhasa and Lijiang cooling, part of Guiyang):** the "
    "sky infrared column carries the difference (-10 % heating in Chongqing, +9 % cooling in Chengdu, +8 % cooling "
    "in Lhasa, +23 % in Lijiang); the files' sky cover is filler (next subsection). With the sky recomputed from "
    "the files' own sunshine these pass.",
    "- **Kunming heating (small: 2.4 kWh/m2 a year) and part of Guiyang:** in the Yunnan-Guizhou plateau the cold "
    "days of winter are the cloudy ones (correlation of daily temperature anomaly and clearness 0.55-0.87 in the "
    "Kunming and Guiyang files' January-March, against -0.3 to +0.3 in the synthetic years; negative in the "
    "high-latitude files), so heating "
    "falls on days without sun; the synthetic year, which cannot know this regional trait from monthly normals, "
    "puts more sun on cold days. Measured: with that correlation set to 0.8 the synthetic heating over seeds 0-2 "
    "moves from -27 % to -10 % of the repaired file's; seeds 0-2 alone give 1,335-1,732 kWh (seed 0 is the lowest)."
    + " Across the twenty files (repaired; December-February, June-August south of the equator; "
      "`bldgagent.climate.stats.daily_variability`) that winter correlation is positive at low latitude (Haikou "
      "0.36, Guangzhou 0.24, Kunming 0.49, Lijiang 0.47, Guiyang 0.54, Bogota 0.19, Antananarivo 0.13), negative at"
      " high latitude (Harbin -0.27, Stockholm -0.27, Helsinki -0.35, Billund -0.45) and mixed between (Shanghai "
      "-0.24, Lhasa -0.16, Beijing -0.03, Chongqing 0.07, Chengdu 0.09, Denver 0.17); the generator's winter value "
      "is 0.08 (0.36 - 0.28) everywhere poleward of 20 degrees. A winter value falling with latitude would follow "
      "the low-latitude files, but at Kunming's own 0.49 it would likely close less of the gap than the 0.8 above "
      "did, and it has not been judged on the twenty places: not made.",
    "- **Bogota (0.2 kWh/m2 a year in all):** a building that needs almost nothing (147 kWh of heating for 864 m2, "
    "no cooling); 2 % of that total is 3 kWh, below what any weather year resolves. Listed as a miss by the rule.",
    "",
    "**Generator changes tried and not kept** (each judged on all twenty places, synthetic vs repaired): (1) a "
    "wider spread of daily clearness in dull months (the real files' sd of daily clearness is 1.4 x the synthetic "
    "one below a monthly mean clearness of 0.25): Chongqing heating +0.3 %, no miss closed. (2) The DISC model "
    "(Maxwell 1987, pressure-corrected air mass) instead of Erbs for the beam/diffuse split: worse (Kunming heating "
    "-35 to -40 %, Lhasa cooling +12 to +24 %, Antananarivo cooling +5 to +13 %). (3) The correlation of daily "
    "temperature and clearness as a function of the day's extraterrestrial irradiation H0 (fitted to the 240 "
    "months: -0.46 + 0.091 H0 kWh/m2, RMSE 0.26 against 0.31 for the present season form): the realised monthly "
    "correlation of the synthetic years came closer to the files (RMSE 0.35 to 0.28) but demands moved by less "
    "than 1 % except in Bogota, and Beijing cooling against the file as written went from +9.7 to +10.1 % (a new "
    "miss). (4) A refit of the winter day-to-day temperature spread on twenty files (predictors latitude, daily "
    "range, season, elevation, annual amplitude): RMSE 0.91 to 0.85 K only; the place-to-place differences (Beijing "
    "2.4 K, Denver 4.5 K at the same latitude and range) are not in the monthly normals. The present parameters "
    "(docs/climate.md, calibrated on the six shared files) were therefore kept; no generator change was needed "
    "for the places that miss once the two file faults are set aside, except the Kunming trait above.",
]


def balance_section() -> list[str]:
    from bldgagent import load
    from bldgagent.climate import synthetic_year
    from bldgagent.energy.validation import balance_check
    from bldgagent.ifc.samples import sample_building

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.ifc"
        sample_building(path=path)
        b = load(path)
        lines = ["## 3. Energy balance of a multi-zone building", "",
                 "The default sample building zoned per room (24 zones), one year, per-zone balance "
                 "transmission + ventilation + solar + internal + hvac = storage summed over the zones "
                 "(kWh, heat into the zones positive); residual = max over zones of |annual sum of flows - storage| "
                 "relative to the sum of the absolute annual terms. The zones are coupled through the partitions and "
                 "floors they share (solved together each step): interzone = the zones' interzone terms summed; "
                 "building hourly = max over the hours of |the zones' flows summed, interzone left out, - storage| "
                 "relative to the hour's sum of absolute terms (what one zone gives, another receives in the "
                 "same hour).", "",
                 "| weather | transmission | ventilation | solar | internal | interzone | hvac | storage | "
                 "residual (relative) | max hourly residual W | building hourly (relative) |",
                 "|---|---|---|---|---|---|---|---|---|---|---|"]
        for place in ("haikou", "shanghai", "beijing"):
            res = balance_check(b, synthetic_year(place))
            t = res["terms_kwh"]
            lines.append(f"| synthetic {place} | {t['transmission']:,.0f} | {t['ventilation']:,.0f} | "
                         f"{t['solar']:,.0f} | {t['internal']:,.0f} | {t['interzone']:.1e} | {t['hvac']:,.0f} | "
                         f"{t['storage']:,.1f} | {res['residual_rel']:.1e} | {res['hourly_residual_w']:.1e} | "
                         f"{res['building_hourly_residual_rel']:.1e} |")
    return lines + ["", "Before the zones were solved together (a one-hour lag between owner and receiver, heat in "
                    "transit handed back the next hour) the building hourly residual was up to 3.6e-2 on this building "
                    "(synthetic shanghai; median 1.0e-3) and 4.6e-2 on the Duplex model (Aachen TMYx); each zone's "
                    "own balance closed then as now. Tests: `tests/energy/test_coupling.py` (three rooms, 1 and 3 "
                    "steps per hour; Case 960), `tests/energy/test_coupling_zoning.py` (Duplex, 20 zones; two "
                    "rooms over one, U x A x dT by hand), each < 1e-9 every hour.", "", ""]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "validation.md")
    args = ap.parse_args(argv)
    if not (EPW / "725650TYCST.epw").is_file():
        print(f"validation_report: {EPW} lacks the shared EPW files; run from the project with ../shared/data",
              file=sys.stderr)
        return 2
    t0 = time.time()
    lines = ["# Energy engine validation", "",
             "Generated by `python scripts/validation_report.py` (do not edit by hand). Tests asserting the same "
             "numbers: `tests/energy/test_validation.py`. Method: docs/energy-method.md; use: docs/energy.md.", ""]
    lines += bestest_section()
    lines += bestest_1995_section()
    lines += synthetic_section()
    lines += balance_section()
    lines.append(f"_Run time {time.time() - t0:.0f} s._")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
