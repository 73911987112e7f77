"""The both-methods carbon table (bldgagent.report.text.carbon_side_by_side): B6 not assessed shows as missing on
both sides, never as a GB/T operation of 0.0 that reads like a zero-energy building."""
from __future__ import annotations

import math

import bldgagent
from bldgagent.lca import CarbonOptions, assess_carbon
from bldgagent.report.text import carbon_side_by_side


def test_operation_without_energy_is_missing_on_both_sides(sample_ifc):
    building = bldgagent.load(sample_ifc)
    table = carbon_side_by_side(assess_carbon(building, options=CarbonOptions(method="both"))).set_index(
        "gbt51366_phase")
    op = table.loc["运行 operation"]
    assert math.isnan(op["en15978_kgco2e"]) and math.isnan(op["gbt51366_kgco2e"])
    # the materials row keeps both numbers: A1-A3 is assessed either way
    assert table.loc["建材生产 material production"]["gbt51366_kgco2e"] > 0
    with_energy = carbon_side_by_side(assess_carbon(building, options=CarbonOptions(method="both"),
                                                    energy_by_carrier_kwh={"electricity": 10000.0}))
    assert with_energy.set_index("gbt51366_phase").loc["运行 operation"]["gbt51366_kgco2e"] > 0
