"""Content-keyed caches (bldgagent._cache): bounded LRU, thread safety, weather fingerprints, and the thermal engine's
and solar module's caches living there instead of on the Weather."""
from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from dataclasses import fields, replace

import numpy as np
import pytest

from bldgagent import _cache
from bldgagent._cache import LRUCache, weather_fingerprint
from bldgagent.climate.weather import Weather
from bldgagent.energy.bestest import bestest_zone
from bldgagent.energy.thermal import simulate
from bldgagent.errors import BldgAgentError

from shared_data import shared_epw  # noqa: E402


@pytest.fixture(scope="module")
def month():
    """30 days of the Denver TMY3 (a fresh frame, so this module's cache entries are its own)."""
    from bldgagent.climate.epw import read_epw

    w = read_epw(shared_epw("denver"))
    return Weather(w.data.iloc[: 24 * 30].copy(), "denver 30 d", w.latitude_deg, w.longitude_deg, w.elevation_m,
                   w.tz_hours, "test")


def test_lru_is_bounded_and_evicts_least_recently_used():
    c = LRUCache("test.bounded", 3, register=False)
    for k in "abc":
        c.put(k, k.upper())
    assert c.get("a") == "A"                   # a is now the most recent: b is the oldest
    c.put("d", "D")
    c.put("e", "E")
    assert len(c) == 3 and "b" not in c and "c" not in c and all(k in c for k in "ade")
    s = c.stats()
    assert (s["entries"], s["max_entries"], s["evictions"], s["hits"]) == (3, 3, 2, 1)
    assert c.put("a", "other") == "A"          # the first stored value wins
    assert c.get_or_compute("z", lambda: 26) == 26 and len(c) == 3
    assert c.get_many(["a", "d", "z"]) == ["A", None, 26]  # d was the least recently used: evicted
    c.clear()
    assert len(c) == 0 and c.get("a") is None


def test_lru_rejects_a_bad_bound():
    with pytest.raises(BldgAgentError, match="max_entries"):
        LRUCache("test.bad", 0, register=False)


def test_lru_from_two_threads_stays_bounded_and_consistent():
    c = LRUCache("test.threads", 50, register=False)
    seen: list[dict] = [{}, {}]
    errors = []

    def work(t: int) -> None:
        try:
            for i in range(3000):
                k = (i * 7 + t) % 120
                seen[t][k] = c.get_or_compute(k, lambda: ("value", k))
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in (0, 1)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(c) == 50
    assert all(v == ("value", k) for d in seen for k, v in d.items())
    s = c.stats()
    assert s["hits"] + s["misses"] == 6000


def test_registered_caches_report_and_clear(month):
    simulate(bestest_zone("600"), month, warmup_days=2)
    st = _cache.stats()
    assert st["thermal.weather_inputs"]["entries"] >= 1 and st["solar.positions"]["entries"] >= 1
    _cache.clear()
    st = _cache.stats()
    assert st["thermal.weather_inputs"]["entries"] == 0 and st["solar.irradiance"]["entries"] == 0


def test_fingerprint_follows_content_not_object_or_name(month):
    same = Weather(month.data.copy(), "another name", month.latitude_deg, month.longitude_deg, month.elevation_m,
                   month.tz_hours, "elsewhere")
    assert weather_fingerprint(same) == weather_fingerprint(month)
    data = month.data.copy()
    data.iloc[100, data.columns.get_loc("temp_air_c")] += 0.1
    assert weather_fingerprint(replace(month, data=data)) != weather_fingerprint(month)
    assert weather_fingerprint(replace(month, latitude_deg=month.latitude_deg + 1.0)) != weather_fingerprint(month)


def test_weather_after_simulate_has_no_hidden_cache(month):
    before = pickle.dumps(month, protocol=5)
    names = set(vars(month))
    simulate([bestest_zone("900"), bestest_zone("600")], month, warmup_days=2)
    assert set(vars(month)) == names == {f.name for f in fields(Weather)}
    after = pickle.dumps(month, protocol=5)
    assert abs(len(after) - len(before)) < 1000       # pandas' own bookkeeping only; no derived arrays
    # about the size of the hourly arrays (10 float64 columns x 720 h = 57.6 kB) plus the index and metadata
    hourly = month.data.to_numpy().nbytes + month.data.index.asi8.nbytes
    assert len(after) < 1.2 * hourly + 20_000


def test_modified_copy_with_the_same_name_does_not_hit_the_old_entry(month):
    z = bestest_zone("600")
    first = simulate(z, month, warmup_days=2)
    data = month.data.copy()
    data["temp_air_c"] = data["temp_air_c"] - 5.0       # colder copy, same name and place
    colder = Weather(data, month.name, month.latitude_deg, month.longitude_deg, month.elevation_m, month.tz_hours,
                     month.source)
    cold = simulate(z, colder, warmup_days=2)
    assert cold.heating_w.sum() > first.heating_w.sum() * 1.1
    _cache.clear()                                       # the same copy with nothing cached: identical
    np.testing.assert_array_equal(simulate(z, colder, warmup_days=2).heating_w, cold.heating_w)
    np.testing.assert_array_equal(simulate(z, month, warmup_days=2).heating_w, first.heating_w)


def test_simulate_from_two_threads_equals_serial(month):
    zones = [replace(bestest_zone("900" if i % 2 else "600"), name=f"z{i}") for i in range(4)]
    _cache.clear()
    serial = simulate(zones, month, warmup_days=2)
    _cache.clear()
    results: list = [None, None]
    start = threading.Barrier(2)

    def run(i: int) -> None:
        start.wait()
        results[i] = simulate(zones, month, warmup_days=2)

    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for r in results:
        np.testing.assert_array_equal(r.heating_w, serial.heating_w)
        np.testing.assert_array_equal(r.cooling_w, serial.cooling_w)
        np.testing.assert_array_equal(r.operative_temp_c, serial.operative_temp_c)


def test_importing_the_specifications_does_not_load_the_kernel():
    code = ("import sys, bldgagent.energy.thermal as t; from bldgagent.energy.thermal import ZoneSpec; "
            "print('bldgagent.energy.thermal.kernel' in sys.modules, callable(t._step_loop_py), "
            "'bldgagent.energy.thermal.kernel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"]       # the kernel module is imported on first use only


def test_derived_rows_stay_bounded_and_results_do_not_change(month, monkeypatch):
    # a design loop with ever-new windows: the weather entry's derived rows (and the registry of owned rows) are
    # emptied together at the bound; every result equals the one computed with nothing cached
    from bldgagent.energy.thermal import inputs

    monkeypatch.setattr(inputs, "_CACHE_ENTRIES", 6)
    _cache.clear()
    z = bestest_zone("600")
    zones = [replace(z, name=f"z{i}", windows=[replace(w, azimuth_deg=150.0 + 10.0 * i) for w in z.windows])
             for i in range(8)]
    runs = [simulate(zz, month, warmup_days=2).heating_w for zz in zones]
    wx = inputs._weather_inputs(month)
    assert all(len(rows) <= 6 for rows in wx["derived"].values())
    assert len(wx["owned"]) <= 3 + 4 * 6         # the weather's 3 rows + at most 6 entries of up to 4 rows
    for zz, first in zip(zones, runs):
        _cache.clear()
        np.testing.assert_array_equal(simulate(zz, month, warmup_days=2).heating_w, first)
