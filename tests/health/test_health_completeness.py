"""assess_health called alone says first what the model lacks (issue 11, item 11), as assess() does."""
from __future__ import annotations

import ifcopenshell.api.root

import bldgagent
from bldgagent.health.building import assess_health
from bldgagent.ifc.samples import sample_building
from bldgagent.model import Site


def test_assess_health_alone_puts_the_completeness_findings_first(tmp_path):
    f = sample_building(storeys=1, width_m=8.0, depth_m=6.0)
    for roof in list(f.by_type("IfcRoof")):                 # no roof: concerns energy and carbon, not health
        ifcopenshell.api.root.remove_product(f, product=roof)
    f.write(str(tmp_path / "b.ifc"))
    # the Revit default location (42.3587 N, 71.0567 W, completeness.PLACEHOLDER_SITES): health is concerned
    building = bldgagent.load(tmp_path / "b.ifc").replace(site=Site("Default", 42.3587, -71.0567))
    res = assess_health(building, "haikou")
    codes = [d.code for d in res.diagnostics]
    assert codes[0] == "site_placeholder"
    assert "Boston" in res.diagnostics[0].message and res.diagnostics[0].level == "warning"
    assert "no_roof" not in codes                           # only the findings that affect the health engine
    assert codes.count("site_placeholder") == 1
    # assess() annotates the same result again: still once (annotate is idempotent)
    from bldgagent.completeness import annotate, completeness
    annotate(res, completeness(building), "health")
    assert [d.code for d in res.diagnostics].count("site_placeholder") == 1
