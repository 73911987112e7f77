"""VariantEvaluator: variants of one building give the numbers of a full bldgagent.assess of the same variant."""
from __future__ import annotations

import numpy as np
import pytest

import bldgagent
from bldgagent.climate import load_weather
from bldgagent.energy import assess as energy_assess
from bldgagent.energy import ventilation
from bldgagent.ifc.samples import sample_building
from bldgagent.variants import Variant, VariantEvaluator


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    path = tmp_path_factory.mktemp("variants") / "house.ifc"
    sample_building(path=path, storeys=1)
    building = bldgagent.load(path)
    weather = load_weather("haikou")
    return building, weather, VariantEvaluator(building, weather, n_draws=0)


def _same(a, b):
    """Energy by carrier, every carbon module, the health score and each room's free-running hours agree to 1e-9."""
    for k, v in a.energy.by_carrier.items():
        assert v == pytest.approx(b.energy.by_carrier[k], rel=1e-9, abs=1e-9)
    for k, v in a.carbon.modules.items():
        assert v == pytest.approx(b.carbon.modules[k], rel=1e-9, abs=1e-9)
    assert a.carbon.gbt_total_kgco2e == pytest.approx(b.carbon.gbt_total_kgco2e, rel=1e-9)
    assert a.health.overall == pytest.approx(b.health.overall, rel=1e-9)
    np.testing.assert_allclose(a.energy.thermal.operative_temp_c, b.energy.thermal.operative_temp_c, atol=1e-9, rtol=0)
    assert a.health.overheating.equals(b.health.overheating)


def test_baseline_equals_assess(setup):
    building, weather, ev = setup
    _same(ev.baseline, bldgagent.assess(building, weather, n_draws=0))


@pytest.mark.parametrize("options", [
    {"systems": {"heating": "air_water_hp", "cooling": "vrf"}},              # plant only: simulation reused
    {"pv": {"kwp": 5.0}},
    {"windows": {"glazing": "triple_lowe"}},                                  # envelope: zones rebuilt
    {"overrides": {"infiltration_ach": 0.3}},
])
def test_variant_equals_full_assess(setup, options):
    building, weather, ev = setup
    _same(ev.evaluate(energy_options=options), bldgagent.assess(building, weather, n_draws=0, energy_options=options))


def test_plant_variants_run_no_simulation(setup, monkeypatch):
    building, weather, ev = setup
    calls = []
    monkeypatch.setattr(energy_assess, "simulate", lambda *a, **k: calls.append(1))
    monkeypatch.setattr(ventilation, "simulate", lambda *a, **k: calls.append(1))
    variants = [Variant(energy_options={"systems": {"cooling": c}}) for c in ("split_ac_cn_min", "vrf")]
    results = ev.evaluate_many(variants)
    assert calls == []
    # the same cooling demand (the zones were not simulated again), met by plants of different efficiency
    cool = [r.energy.by_end_use["cooling"] for r in results]
    assert cool[0]["demand_kwh"] == cool[1]["demand_kwh"] > 0
    assert cool[0]["final_kwh"] != cool[1]["final_kwh"]
    assert results[0].health is ev.baseline.health


def test_plant_energy_is_the_energy_of_evaluate_without_carbon(setup, monkeypatch):
    """plant_energy gives the energy evaluate() gives for a plant-only variant (the same function of the baseline's
    run) and computes no carbon; options that change the zones are refused, naming evaluate()."""
    import bldgagent.variants as variants
    from bldgagent.errors import InputValueError

    building, weather, ev = setup
    options = {"systems": {"heating": "air_water_hp", "cooling": "vrf"}, "pv": {"kwp": 5.0}}
    want = ev.evaluate(energy_options=options).energy.by_carrier
    carbon_calls = []
    monkeypatch.setattr(variants, "carbon_with_b6", lambda *a, **k: carbon_calls.append(1))
    got = ev.plant_energy(options).by_carrier
    assert carbon_calls == [] and set(got) == set(want)
    assert all(got[k] == want[k] for k in want) and got["electricity"] != ev.baseline.energy.by_carrier["electricity"]
    with pytest.raises(InputValueError, match="evaluate"):
        ev.plant_energy({"overrides": {"infiltration_ach": 0.3}})


def test_original_untouched(setup):
    building, weather, ev = setup
    before = ev.baseline.carbon.total_kgco2e
    ev.evaluate(energy_options={"overrides": {"infiltration_ach": 1.0}})
    assert ev.evaluate().carbon.total_kgco2e == before


def test_material_account_is_reused(setup, monkeypatch):
    """The take-off and its matches are made once per evaluator: variants of the energy recompute B6 only."""
    import bldgagent.lca.assess as lca_assess

    building, weather, ev = setup
    calls = []
    real = lca_assess.material_account
    monkeypatch.setattr(lca_assess, "material_account", lambda *a, **k: calls.append(1) or real(*a, **k))
    ev.evaluate(energy_options={"overrides": {"infiltration_ach": 0.45}})
    ev.evaluate(energy_options={"systems": {"cooling": "vrf"}})
    assert calls == []
    bldgagent.assess(building, weather, n_draws=0)
    assert calls == [1]


def test_profile_rows_cached_by_content(setup):
    """The zoning's cache of profile rows is keyed by content: other profile overrides get other rows, the same
    ones the same rows, and a cached zoning equals a fresh one."""
    from bldgagent._cache import clear
    from bldgagent.energy.zoning import zones_from_building

    building, weather, _ = setup
    base = zones_from_building(building, weather=weather)
    more = zones_from_building(building, weather=weather, profile_overrides={"equipment_w_m2": 10.0})
    again = zones_from_building(building, weather=weather)
    clear()
    cold = zones_from_building(building, weather=weather)
    assert more.loads["equipment_w"].sum() > base.loads["equipment_w"].sum()
    for key in base.loads:
        np.testing.assert_array_equal(again.loads[key], cold.loads[key])


def test_free_running_run_keeps_its_operative_temperatures_only(setup):
    """The free-running run of an assessment keeps one hourly row per zone (its operative temperature, float64 as
    simulated): the hours above 26 C of its summary are counted from that row, and it equals the operative
    temperature of a free-running simulate_with_windows of the same zones."""
    import json

    from bldgagent.energy.thermal import OperativeResult
    from bldgagent.energy.ventilation import simulate_with_windows
    from bldgagent.energy.zoning import zones_from_building

    building, weather, ev = setup
    free = ev.baseline.energy.free_running_thermal
    assert isinstance(free, OperativeResult)
    assert free.operative_temp_c.dtype == np.float64
    assert free.operative_temp_c.shape == (len(free.zone_names), 8760)
    assert not hasattr(free, "heating_w") and not hasattr(free, "balance")
    by_hand = (free.operative_temp_c > 26.0).sum(axis=1)
    assert free.summary()["hours_operative_above_26c"].tolist() == by_hand.tolist()
    assert by_hand.max() > 0                          # Haikou: free-running rooms do exceed 26 C
    json.dumps(free.to_dict(), allow_nan=False)
    zoning = zones_from_building(building, weather=weather)
    full = simulate_with_windows(zoning, weather, mixed_mode=True, keep_free_running=True)[3]
    np.testing.assert_array_equal(free.operative_temp_c, full.operative_temp_c)


def test_pmv_core_equals_pythermalcomfort():
    """The health engine's PMV/PPD through pythermalcomfort's compiled core gives exactly the numbers of its public
    pmv_ppd_iso (ISO 7730:2005); ISO 7730:2005 Annex D table D.1 rows 1-2 (22 and 27 C air and radiant, 60 %, 0.1 m/s, 1.2 met, 0.5 clo): PMV -0.75
    and 0.77, PPD 17 % each."""
    from bldgagent.health.comfort import _pmv_ppd, pmv_ppd_iso

    rng = np.random.default_rng(3)
    n = 500
    args = (rng.uniform(16, 32, n), rng.uniform(16, 34, n), rng.uniform(0.05, 0.8, n), rng.uniform(20, 90, n),
            rng.uniform(0.8, 2.0, n), rng.uniform(0.3, 1.5, n))
    p, q = _pmv_ppd(*args)
    ref = pmv_ppd_iso(*args, limit_inputs=False, round_output=False)
    np.testing.assert_array_equal(p, ref.pmv)
    np.testing.assert_array_equal(q, ref.ppd)
    p1, q1 = _pmv_ppd([22.0, 27.0], [22.0, 27.0], [0.1, 0.1], [60.0, 60.0], [1.2, 1.2], [0.5, 0.5])
    np.testing.assert_allclose(p1, [-0.75, 0.77], atol=0.006)     # the table's two decimals
    np.testing.assert_allclose(q1, [17.0, 17.0], atol=0.5)


def test_variants_leave_no_rows_in_the_weather_cache(setup):
    """Evaluating variants must not grow the weather's cache entry: the boundary rows of the shared partitions of
    zones made from a model (hourly arrays, plans never cached) are not registered there (before the fix each
    envelope variant of this house left 36 rows, about 2.5 MB, for good)."""
    from bldgagent.energy.thermal.inputs import _weather_inputs

    building, weather, ev = setup
    ev.evaluate(energy_options={"overrides": {"infiltration_ach": 0.35}})
    owned = _weather_inputs(ev.weather)["owned"]
    before = len(owned)
    for x in (0.25, 0.55):
        ev.evaluate(energy_options={"overrides": {"infiltration_ach": x}})
    assert len(owned) == before


def test_bedding_shortcut_equals_trying_every_share():
    """The health engine's bedding choice (all, none, 1/3, 2/3 of the bedding, the one with PMV closest to 0, a later
    share only when strictly closer) with its shortcut for rooms cooler than the skin gives exactly the PMV/PPD of
    trying every share, from cold to hot rooms (10-38 C, so both sides of the skin temperature) and with the 2 clo
    cap reached."""
    from bldgagent.health.comfort import BEDDING_SHARES, _best_bedding, _pmv_ppd

    rng = np.random.default_rng(11)
    n = 20000
    tdb, tr = rng.uniform(10, 38, n), rng.uniform(10, 38, n)
    vr, rh, met = rng.uniform(0.05, 0.4, n), rng.uniform(20, 90, n), rng.choice([0.7, 0.8, 1.0, 1.2], n)
    clo_h, bed = rng.uniform(0.3, 1.2, n), rng.choice([0.5, 1.0, 1.5, 2.5], n)
    clo = np.minimum(clo_h + bed, np.maximum(clo_h, 2.0))
    p_all, q_all = _pmv_ppd(tdb, tr, vr, rh, met, clo)
    p, q = p_all.copy(), q_all.copy()
    for share in BEDDING_SHARES:                        # the choice by brute force
        pb, qb = _pmv_ppd(tdb, tr, vr, rh, met, np.minimum(clo_h + share * bed, 2.0))
        better = np.abs(pb) < np.abs(p)
        p[better], q[better] = pb[better], qb[better]
    asleep = np.arange(0, n, 2)                         # every other hour asleep; the others keep all the bedding
    p_fast, q_fast = p_all.copy(), q_all.copy()
    _best_bedding(p_fast, q_fast, asleep, (tdb, tr, vr, rh, met), clo_h, bed)
    np.testing.assert_array_equal(p_fast[asleep], p[asleep])
    np.testing.assert_array_equal(q_fast[asleep], q[asleep])
    np.testing.assert_array_equal(p_fast[1::2], p_all[1::2])
    assert (p[asleep] != p_all[asleep]).sum() > 1000     # the choice does change many hours


def test_batched_moisture_balance_equals_zone_by_zone():
    """The moisture balance runs in batches of MOISTURE_BATCH_ZONES zones (bounded work arrays): 70 zones (three
    batches) give exactly each zone's balance computed alone."""
    from bldgagent.energy.moisture import MOISTURE_BATCH_ZONES, moisture_balance

    rng = np.random.default_rng(5)
    nz, nh = 70, 500
    assert nz > 2 * MOISTURE_BATCH_ZONES
    gain = rng.uniform(0, 2e-4, (nz, nh))
    flow = rng.uniform(0, 200, (nz, nh))
    w_out = rng.uniform(0.004, 0.02, nh)
    temp = rng.uniform(18, 30, (nz, nh))
    dehum = rng.random((nz, nh)) < 0.3
    vol = rng.uniform(20, 200, nz)
    pressure = rng.uniform(99000, 102000, nh)
    out = moisture_balance(gain, flow, w_out, temp, dehum, vol, pressure_pa=pressure, max_humidity_ratio=0.012)
    for z in (0, 31, 32, 69):
        one = moisture_balance(gain[z:z + 1], flow[z:z + 1], w_out, temp[z:z + 1], dehum[z:z + 1], vol[z:z + 1],
                               pressure_pa=pressure, max_humidity_ratio=0.012)
        for key, rows in out.items():
            np.testing.assert_array_equal(rows[z], one[key][0])
    assert out["removed_kg_s"].max() > 0                 # the coil does dehumidify some hours


def test_batched_co2_and_tm52_equal_room_by_room():
    """CO2 (health scoring) and the free-running TM52 run in batches of THERMAL_BATCH_ROOMS rooms: 70 rooms give
    each room's own result."""
    from bldgagent.health.air import co2_hourly_ppm
    from bldgagent.health.inputs import RoomInput
    from bldgagent.health.overheating import tm52
    from bldgagent.health.scores import THERMAL_BATCH_ROOMS, _batch_co2

    rng = np.random.default_rng(8)
    n = 70
    assert n > 2 * THERMAL_BATCH_ROOMS
    occ = rng.choice([0.0, 1.0, 2.0], (n, 8760))
    vent = rng.uniform(0, 30, (n, 8760))
    rooms = [RoomInput(name=f"r{i}", usage="office", floor_area_m2=20.0, volume_m3=50.0 + i, occupancy=occ[i],
                       ventilation_l_s=vent[i]) for i in range(n)]
    co2 = _batch_co2(rooms)
    for i in (0, 33, 69):
        np.testing.assert_array_equal(co2[i], co2_hourly_ppm(occ[i], vent[i], 50.0 + i))
    from bldgagent.health.building import _free_running_risk
    from bldgagent.health.inputs import SiteInput

    tops = [rng.uniform(20, 34, 8760) for _ in range(n)]
    site = SiteInput(temp_out_c=np.tile(np.linspace(18, 32, 24), 365))
    risk = _free_running_risk(rooms, tops, [{"space_id": f"s{i}"} for i in range(n)], site)
    for i in (0, 33, 69):
        one = tm52(tops[i], occ[i] > 0, temp_out_c=site.temp_out_c)
        assert risk["tm52_criteria_failed"][i] == one.criteria_failed
    assert risk["tm52_criteria_failed"].max() > 0
