"""Plant and operation changes live in Building.energy_options, so every engine sees them without the caller passing
energy options, and they survive the IFC round trip (Pset_BldgAgentOperation.EnergyOptions)."""
from __future__ import annotations

import pytest

import bldgagent
from bldgagent.design import apply, energy_options_for, write_ifc

from design_fixtures import sample, sample_path  # noqa: F401 - fixtures

CHANGES = {"cooling_system": "vrf", "infiltration_ach": 0.3}


def test_apply_puts_plant_changes_on_the_building(sample):  # noqa: F811
    changed = apply(sample, CHANGES)
    assert sample.energy_options == {}                        # the original is untouched
    assert changed.energy_options == energy_options_for(CHANGES)
    assert changed.energy_options["systems"] == {"cooling": "vrf"}
    assert changed.energy_options["overrides"] == {"infiltration_ach": 0.3}


def test_engines_see_them_without_energy_options(sample):  # noqa: F811
    changed = apply(sample, CHANGES)
    implicit = bldgagent.assess(changed, "haikou", n_draws=0, health=False)
    explicit = bldgagent.assess(sample, "haikou", n_draws=0, health=False, energy_options=energy_options_for(CHANGES))
    base = bldgagent.assess(sample, "haikou", n_draws=0, health=False)
    assert implicit.energy.by_carrier == pytest.approx(explicit.energy.by_carrier, rel=1e-12)
    assert implicit.carbon.modules["B6"] == pytest.approx(explicit.carbon.modules["B6"], rel=1e-12)
    assert implicit.energy.by_carrier["electricity"] != pytest.approx(base.energy.by_carrier["electricity"], rel=1e-3)
    # an explicit option wins key by key over the model's: cooling from the call, infiltration from the model
    mixed = bldgagent.assess(changed, "haikou", n_draws=0, health=False,
                             energy_options={"systems": {"cooling": "split_ac_cn"}})
    want = bldgagent.assess(sample, "haikou", n_draws=0, health=False,
                            energy_options={"systems": {"cooling": "split_ac_cn"}, "overrides": {"infiltration_ach": 0.3}})
    assert mixed.energy.by_carrier == pytest.approx(want.energy.by_carrier, rel=1e-12)


def test_written_file_reads_back_with_them(sample_path, tmp_path):  # noqa: F811
    out = tmp_path / "v.ifc"
    write_ifc(sample_path, CHANGES, out)
    back = bldgagent.load(out)
    assert back.energy_options == energy_options_for(CHANGES)
    a = bldgagent.assess(back, "haikou", n_draws=0, health=False)
    b = bldgagent.assess(apply(bldgagent.load(sample_path), CHANGES), "haikou", n_draws=0, health=False)
    assert a.energy.by_carrier["electricity"] == pytest.approx(b.energy.by_carrier["electricity"], rel=0.01)
