"""PV export netted in B6 is flagged: GB/T 51366 nets on-site renewables, EN 15978 puts exported energy in module D."""
import pytest

import bldgagent
from bldgagent.ifc.samples import sample_building


def test_export_warning_only_when_pv_exports(tmp_path):
    sample_building(path=tmp_path / "t.ifc", storeys=1)
    b = bldgagent.load(tmp_path / "t.ifc")
    plain = bldgagent.assess(b, "haikou", n_draws=0, health=False)
    assert not [d for d in plain.carbon.diagnostics if d.code == "pv_export_in_b6"]
    pv = bldgagent.assess(b, "haikou", n_draws=0, health=False, energy_options={"pv": {"area_m2": 200.0}})
    exported = float(pv.energy.pv_balance.exported_kwh.sum())
    notes = [d for d in pv.carbon.diagnostics if d.code == "pv_export_in_b6"]
    assert exported > 0 and len(notes) == 1 and f"{exported:,.0f} kWh" in notes[0].message
    assert notes[0].level == "warning" and "module D" in notes[0].message
    assert pv.carbon.modules["B6"] < plain.carbon.modules["B6"]
