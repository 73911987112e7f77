"""Variants from a kept plan of the zones (energy.zoning.plan_zones): the same zones, records and diagnostics as zoning
the variant afresh, and the model is not read again for window fields and zone inputs."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import bldgagent
from bldgagent.climate import load_weather
from bldgagent.energy.zoning import build as zoning_build
from bldgagent.energy.zoning import plan_zones, zones_from_building
from bldgagent.ifc.samples import sample_building
from bldgagent.variants import VariantEvaluator


@pytest.fixture(scope="module")
def house(tmp_path_factory):
    path = tmp_path_factory.mktemp("variant_zones") / "house.ifc"
    sample_building(path=path, storeys=1)
    return bldgagent.load(path), load_weather("haikou")


def _content(zoning) -> bytes:
    """Everything a Zoning holds that the engines read: the zones (every field, surfaces, windows, hourly rows), the
    records, the loads and the diagnostics, as bytes (equal bytes: equal content)."""
    return pickle.dumps(([z for z in zoning.zones], zoning.to_dict(), {k: v for k, v in zoning.loads.items()},
                         [d.to_dict() for d in zoning.diagnostics]), protocol=5)


VARIANTS = [
    {},
    {"windows": {"glazing": "triple_lowe"}},
    {"windows": {"glazing": "double_lowe", "S": {"overhang_depth_m": 0.8}}},
    {"window_defaults": {"glazing": "double_lowe", "frame_fraction": 0.3}},
    {"overrides": {"infiltration_ach": 0.3}},
    {"overrides": {"infiltration_ach": 0.3, "internal_gains_w": 150.0}, "free_running": True},
]


@pytest.mark.parametrize("fields", VARIANTS)
def test_plan_gives_the_zones_of_a_fresh_zoning(house, fields):
    building, weather = house
    plan = plan_zones(building, weather=weather)
    fresh = zones_from_building(building, weather=weather, **fields)
    assert _content(plan.zoning(**fields)) == _content(fresh)


def test_zone_overrides_by_name_and_unknown_name(house):
    building, weather = house
    plan = plan_zones(building, weather=weather)
    name = plan.zones[1].name
    z = plan.zoning(zone_overrides={name: {"infiltration_ach": 0.9}})
    assert z[name].infiltration_ach == 0.9 and z.records[1].sources["infiltration_ach"] == "override"
    assert plan.zones[1].infiltration_ach != 0.9 and plan.records[1].sources["infiltration_ach"] != "override"
    with pytest.raises(bldgagent.errors.InputValueError, match="unknown zone"):
        plan.zoning(zone_overrides={"no such room": {"infiltration_ach": 0.9}})


def test_glazing_variant_does_not_read_the_model_again(house, monkeypatch):
    """A window or infiltration variant of the evaluator's building takes its zones from the kept plan: the room
    assignment (zoning.assign) does not run, and the result equals a full assess of the variant."""
    building, weather = house
    ev = VariantEvaluator(building, weather, n_draws=0)
    calls = []
    real = zoning_build._assign
    monkeypatch.setattr(zoning_build, "_assign", lambda *a, **k: calls.append(1) or real(*a, **k))
    for options in ({"windows": {"glazing": "triple_lowe"}}, {"overrides": {"infiltration_ach": 0.25}}):
        fast = ev.evaluate(energy_options=options)
        assert calls == []
        full = bldgagent.assess(building, weather, n_draws=0, energy_options=options)
        assert calls == [1]
        calls.clear()
        for k, v in full.energy.by_carrier.items():
            assert fast.energy.by_carrier[k] == pytest.approx(v, rel=1e-12, abs=1e-12)
        assert fast.health.overall == pytest.approx(full.health.overall, rel=1e-12)
    # a zoning field the plan depends on (the profile standard) makes a new plan
    ev.evaluate(energy_options={"profile_overrides": {"equipment_w_m2": 9.0}})
    assert calls == [1]


def test_assess_energy_refuses_zones_of_other_hours(house):
    from dataclasses import replace

    building, weather = house
    zones = plan_zones(building, weather=weather).zoning()
    for wrong in (replace(zones, index=zones.index[:24]), "zones"):
        with pytest.raises(bldgagent.errors.InputValueError, match="zones="):
            bldgagent.energy.assess_energy(building, weather, zones=wrong)


def test_envelope_templates_reused_when_only_hourly_inputs_change(house, monkeypatch):
    """Zones from a model carry hourly rows, so their whole templates are never cached; the envelope's part is: a
    second simulation with other infiltration and set-points assembles no zone, and gives, bit for bit, what a run
    with empty caches gives. A changed window assembles its zone again."""
    from dataclasses import replace

    from bldgagent._cache import clear
    from bldgagent.energy.thermal import simulate
    from bldgagent.energy.thermal import templates

    building, weather = house
    zones = plan_zones(building, weather=weather).zoning().zones
    other = [replace(z, infiltration_ach=0.7, heating_setpoint_c=np.full(8760, 18.0)) for z in zones]
    clear()
    cold = simulate(other, weather)
    clear()
    built = []
    real = templates._assemble_zone
    monkeypatch.setattr(templates, "_assemble_zone", lambda z, *a: built.append(z.name) or real(z, *a))
    simulate(zones, weather)
    assert len(built) == len(zones)
    warm = simulate(other, weather)
    assert len(built) == len(zones)                      # no zone assembled again
    for name in ("heating_w", "cooling_w", "operative_temp_c", "solar_transmitted_w"):
        np.testing.assert_array_equal(getattr(warm, name), getattr(cold, name))
    glazed = [replace(z, windows=[replace(w, glazing="triple_lowe") for w in z.windows]) if i == 0 else z
              for i, z in enumerate(other)]
    simulate(glazed, weather)
    assert built[len(zones):] == [zones[0].name]


def test_balance_terms_from_the_zones_rows_equal_the_loop_rows(house):
    """The solar and internal terms of the balance are stacked from the zones' own rows on access (not held as
    copies): the internal term is each zone's hourly gains, and every zone's balance closes hour by hour as before
    (transmission + ventilation + solar + internal + interzone + hvac = storage, to round-off)."""
    from bldgagent.energy.thermal import BALANCE_TERMS, simulate

    building, weather = house
    zones = plan_zones(building, weather=weather).zoning().zones
    res = simulate(zones, weather)
    assert isinstance(res.balance["internal"], np.ndarray) and res.balance["internal"].shape == (len(zones), 8760)
    np.testing.assert_array_equal(res.balance["internal"], np.stack([z.internal_gains_w for z in zones]))
    flows = sum(res.balance[k] for k in BALANCE_TERMS if k != "storage")
    scale = sum(np.abs(res.balance[k]) for k in BALANCE_TERMS).max()
    assert np.abs(flows - res.balance["storage"]).max() < 1e-9 * scale
    assert sorted(res.balance) == sorted(BALANCE_TERMS) and len(res.balance) == len(BALANCE_TERMS)
