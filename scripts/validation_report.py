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
EPW = (ROOT / ".." / "shared" / "data" / "epw").resolve()


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


def synthetic_section() -> list[str]:
    from bldgagent.energy.validation import SYNTHETIC_TOLERANCE, synthetic_vs_real

    rows = synthetic_vs_real(EPW)
    rel, tot = SYNTHETIC_TOLERANCE["relative"], SYNTHETIC_TOLERANCE["of_total"]
    lines = [
        "## 2. Synthetic weather year vs real EPW",
        "",
        "Reference building: the default sample building (`bldgagent.ifc.samples.SampleSpec()`: 24 x 12 m, 3 storeys "
        "of 3.2 m, 24 rooms, concrete with 120 mm mineral wool, roof 160 mm EPS, ground floor 100 mm XPS, WWR S 0.40 "
        "/ E, N, W 0.25, windows U 2.4 / g 0.55), its site moved to each weather station, written as IFC and loaded "
        "back, zoned per storey, operated by the profiles of its site (Chinese dwellings JGJ with the GB 50176 zone "
        "of the place; EN 16798-1 residential in Denver and Aachen). Annual ideal sensible heating and cooling demand "
        "(kWh) on the real file and on `synthetic_year(place, seed=0)`. Aachen has no packaged normals: its "
        "synthetic year is made from the file's own monthly statistics (`Place.from_weather`, *twin*); the twins of "
        "the other places are listed for comparison.",
        "",
        f"Pass criterion: |synthetic - real| <= max({rel:.0%} of the real demand, {tot:.0%} of the real total "
        "heating + cooling demand). **Rule for small demands:** the absolute floor of 2 % of the total decides only "
        "when a demand is tiny against the building's total load (Haikou and Guangzhou heating: 0-35 kWh against "
        "45-60 MWh of cooling), where a relative error has no meaning; 2 % of the total is below the year-to-year "
        "spread of typical-year files.",
        "",
        "Both readings of the real files are judged. *As written* is `read_epw(file)`, the default since issue 12 "
        "(the radiation as the file gives it, as EnergyPlus, DeST and Ladybug read it; a warning names the repair "
        "when the checks fail). *Repaired* is `read_epw(file, irradiance='repair')` (`bldgagent.climate.repair`, "
        "docs/climate.md \"Irradiance repairs\"): all four CSWD files are stamped late (+0.50 to +1.26 h: moved back "
        "by the measured lag) and in Haikou, Shanghai and Beijing DNI cos z falls 5-10 % short of GHI - DHI over the "
        "year (DNI derived from GHI - DHI); Denver and Aachen pass the checks and read the same either way.",
        "",
        "| place | quantity | as written kWh | repaired kWh | synthetic kWh | vs as written | pass | vs repaired "
        "| pass | twin kWh | twin vs repaired |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    misses, file_misses = [], []
    for r in rows:
        if "missing" in r:
            lines.append(f"| {r['place']} | - | file missing: {r['missing']} | | | | | | | | |")
            continue
        for q in ("heating_kwh", "cooling_kwh"):
            syn = r.get("synthetic")
            lbl = "synthetic" if syn else "twin"
            c_real, c_file, c_twin = r[f"{lbl}_vs_real"][q], r[f"{lbl}_vs_file"][q], r["twin_vs_real"][q]
            if not c_real["ok"]:
                misses.append(f"{r['place']} {q.split('_')[0]} ({_pct(c_real['diff_rel'])})")
            if not c_file["ok"]:
                file_misses.append(f"{r['place']} {q.split('_')[0]} ({_pct(c_file['diff_rel'])})")
            lines.append(
                f"| {r['place']} | {q.split('_')[0]} | {r['file'][q]:,.0f} | {r['real'][q]:,.0f} | "
                + (f"{syn[q]:,.0f}" if syn else "(twin)")
                + f" | {_pct(c_file['diff_rel'])} | {'yes' if c_file['ok'] else 'NO'} | {_pct(c_real['diff_rel'])} | "
                f"{'yes' if c_real['ok'] else 'NO'} | {r['twin'][q]:,.0f} | {_pct(c_twin['diff_rel'])} |")
    lines += [
        "",
        "Misses against the files as written (the default reading): " + (", ".join(file_misses) if file_misses else
        "none") + ". Against the repaired files: " + (", ".join(misses) if misses else "none") + ". On the files as "
        "written the CSWD beam falls short (DNI follows the sun at the stamp in the morning but an ever higher sun "
        "in the afternoon, so it is too small for the file's own GHI - DHI) and the building gets less winter sun: "
        "more heating. The synthetic years are on time and close by construction, from the normals' monthly GHI and "
        "DHI (which the repair keeps, DHI to within 1 kWh/m2 a month), so they agree with the repaired reading. "
        "Replacing the real file's columns by the synthetic ones one "
        "group at a time (temperature/humidity, solar, sky infrared, wind) attributed those misses to the solar "
        "columns alone; temperature/humidity, infrared and wind each change heating by 2 % or less. The remaining "
        "difference in Shanghai heating comes from the synthetic winter's smaller day-to-day temperature spread (sd "
        "of hourly winter temperature 3.6 K vs 4.2 K in the file).",
        "",
    ]
    return lines + climate_types_section()


#: Climate types named in issue 12 (item 6) the six real files do not cover, and the packaged places of that kind
#: (bldgagent/data/climate/normals.csv: dataset, elevation, annual GHI, coldest and warmest monthly means).
CLIMATE_TYPES = (
    ("mild high-altitude plateau (heating small and sensitive to solar gains)", ("Kunming", "Lijiang", "Bogota",
                                                                                "Antananarivo")),
    ("hot-summer-cold-winter basin with little sun", ("Chongqing", "Chengdu", "Guiyang")),
    ("high-altitude cold sunny place", ("Lhasa", "Xining", "Lanzhou")),
    ("high latitude with a short cool summer", ("Helsinki", "Stockholm", "Billund", "Harbin")),
)


def climate_types_section() -> list[str]:
    from bldgagent._data import read_csv

    normals = read_csv("climate/normals.csv")
    g = normals.groupby("place").agg(dataset=("dataset", "first"), elevation_m=("elevation_m", "first"),
                                     ghi=("ghi_kwh_m2", "sum"), t_min=("t_mean_c", "min"), t_max=("t_mean_c", "max"))
    lines = [
        "### Climate types the six real files do not cover",
        "",
        "Only the six EPW files above exist on this machine and there is no network, so the synthetic years of the "
        "following climate types could **not** be checked against real files: no result is claimed for them. The "
        "packaged normals do cover them (the synthetic year of each place below is generated from its monthly "
        "normals), so the check needs only the real files (CSWD, IWEC or TMYx) of these places, run through "
        "`bldgagent.energy.validation.synthetic_vs_real` with their entries added to `REFERENCE_PLACES`.",
        "",
        "| climate type | packaged places (dataset, elevation m, annual GHI kWh/m2, coldest / warmest month C) | "
        "checked against a real file |",
        "|---|---|---|",
    ]
    for kind, places in CLIMATE_TYPES:
        cells = [f"{p} ({g.loc[p, 'dataset']}, {g.loc[p, 'elevation_m']:.0f}, {g.loc[p, 'ghi']:.0f}, "
                 f"{g.loc[p, 't_min']:.1f} / {g.loc[p, 't_max']:.1f})" for p in places if p in g.index]
        lines.append(f"| {kind} | {'; '.join(cells)} | no: no real file here |")
    lines.append("")
    return lines


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
    lines += synthetic_section()
    lines += balance_section()
    lines.append(f"_Run time {time.time() - t0:.0f} s._")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
