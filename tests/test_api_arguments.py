"""Numbers that are not numbers and arguments of the wrong type are refused up front (issue 11, item 7, API part).

Each call raises a BldgAgentError subclass (never a raw TypeError/AttributeError) whose one-line message names the
parameter and what was expected, before any simulation runs.
"""
from __future__ import annotations

import math
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

import bldgagent
from bldgagent.energy import assess_energy
from bldgagent.energy.options import EnergyOptions
from bldgagent.errors import BldgAgentError
from bldgagent.health.building import assess_health
from bldgagent.ifc.samples import sample_building


@lru_cache(maxsize=None)
def building():
    path = Path(tempfile.mkdtemp()) / "s.ifc"
    sample_building(storeys=1, width_m=8.0, depth_m=6.0, path=path)
    return bldgagent.load(path)


def _refused(call, *names):
    with pytest.raises(BldgAgentError) as err:
        call()
    message = str(err.value)
    assert "\n" not in message
    for name in names:
        assert name in message, message
    return message


def test_assess_refuses_a_dict_for_a_building():
    msg = _refused(lambda: bldgagent.assess({}), "assess(building={})", "expected a bldgagent.Building", "dict")
    assert "bldgagent.load" in msg


def test_engines_refuse_what_is_not_a_building():
    _refused(lambda: assess_energy(123), "assess_energy(building=123)", "expected a bldgagent.Building")
    _refused(lambda: assess_health(None), "assess_health(building=None)", "expected a bldgagent.Building")


def test_assess_refuses_a_number_for_a_climate():
    _refused(lambda: bldgagent.assess(building(), climate=123, health=False, n_draws=0), "int", "place name")


def test_assess_checks_carbon_numbers_before_simulating(monkeypatch):
    import bldgagent.energy as energy

    def no_simulation(*args, **kwargs):
        raise AssertionError("simulated before the arguments were checked")

    monkeypatch.setattr(energy, "assess_energy", no_simulation)
    _refused(lambda: bldgagent.assess(building(), "haikou", n_draws=-1), "n_draws", "-1")
    _refused(lambda: bldgagent.assess(building(), "haikou", period_years=math.nan), "period_years", "nan")
    _refused(lambda: bldgagent.assess(building(), "haikou", period_years=math.inf), "period_years")
    _refused(lambda: bldgagent.assess(building(), "haikou", seed=1.5), "seed=1.5", "expected an integer")
    _refused(lambda: bldgagent.assess(building(), "haikou", start_year=math.nan), "start_year=nan")
    _refused(lambda: bldgagent.assess(building(), "haikou", energy_options=[1]), "energy options", "list")


def test_energy_options_refuse_non_finite_overrides():
    _refused(lambda: EnergyOptions(overrides={"infiltration_ach": math.nan}), "overrides['infiltration_ach']",
             "expected finite numbers", "nan")
    _refused(lambda: EnergyOptions(zone_overrides={"Z": {"internal_gains_w": [1.0, math.inf]}}),
             "zone_overrides['Z']['internal_gains_w']", "inf")
    _refused(lambda: EnergyOptions(profile_overrides={"equipment_w_m2": -math.inf}), "equipment_w_m2")
    # a set-point of NaN means "off" (as in the usage profiles): allowed; infinity is not
    EnergyOptions(overrides={"cooling_setpoint_c": math.nan})
    _refused(lambda: EnergyOptions(overrides={"heating_setpoint_c": math.inf}), "heating_setpoint_c")


def test_variant_evaluator_refuses_wrong_variants():
    ev = bldgagent.VariantEvaluator(building(), "haikou", health=False, n_draws=0)
    _refused(lambda: ev.evaluate(energy_options=[1]), "VariantEvaluator.evaluate(energy_options=[1])",
             "expected a dict")
    _refused(lambda: ev.evaluate(building={}), "VariantEvaluator.evaluate(building={})")
    _refused(lambda: ev.evaluate_many([1]), "must be a Variant or a dict")
    _refused(lambda: ev.evaluate_many([{"buildng": None}]), "unknown variant field(s) ['buildng']")
    _refused(lambda: ev.evaluate(energy_options={"overrides": {"infiltration_ach": math.nan}}), "infiltration_ach")


def test_variant_evaluator_checks_its_arguments_first():
    _refused(lambda: bldgagent.VariantEvaluator({}, "haikou"), "VariantEvaluator(building={})")
    _refused(lambda: bldgagent.VariantEvaluator(building(), "haikou", n_draws=-1), "n_draws")
