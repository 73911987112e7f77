"""The matcher's keyword rules live in bldgagent/data/lca/name_rules.csv; a bad row is named."""
import pandas as pd
import pytest

import bldgagent._data as data
from bldgagent.errors import DataFileError
from bldgagent.lca import matching


def test_rules_file_loads_and_orders_overlaps():
    cats = {(c, p) for c, p, _ in matching._COMPILED}
    # the overlaps the priorities resolve (module comment): stahlbeton > stahl, betonstahl > beton
    assert ("reinforced_concrete", 78) in cats and ("concrete", 60) in cats and ("rebar", 88) in cats
    assert {t for t, _ in matching._TAG_COMPILED} >= {"hollow", "ggbs", "recycled", "triple"}


def test_bad_pattern_names_its_line(monkeypatch):
    table = pd.DataFrame([{"rule": "category", "name": "air", "priority": 1, "pattern": "(", "source": "x"}])
    monkeypatch.setattr(data, "read_csv", lambda *a, **k: table)
    with pytest.raises(DataFileError, match="name_rules.csv line 2: pattern does not compile"):
        matching._load_rules()
