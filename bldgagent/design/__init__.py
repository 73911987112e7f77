"""Design space: the changes an architect can make, applied to a Building and written back to IFC.

    import bldgagent
    from bldgagent.design import design_options, apply, explain_changes, write_ifc, sample_changes
    opts = design_options(building)                               # DesignOption rows
    b2 = apply(building, {"wall_insulation_thickness_m": 0.24})   # a changed copy
    write_ifc("model.ifc", {"wall_insulation_thickness_m": 0.24}, "model-v2.ifc")

Contracts of ``bldgagent options --json`` and ``bldgagent apply --json``: docs/design-json.md.
"""
from __future__ import annotations

from .apply import ChangeReport, apply, apply_with_report, energy_options_for, explain_changes, validate_changes
from .options import DesignOption, design_options
from .sampling import every_kind_changes, sample_changes
from .write import WriteReport, read_changes, write_ifc

apply_changes = apply

__all__ = ["ChangeReport", "DesignOption", "WriteReport", "apply", "apply_changes", "apply_with_report",
           "design_options", "energy_options_for", "every_kind_changes", "explain_changes", "read_changes", "sample_changes",
           "validate_changes", "write_ifc"]
