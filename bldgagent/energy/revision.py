"""The physics revision: one integer bumped whenever what the engines compute changes.

A model learnt from the engines (the neural surrogate, :mod:`bldgagent.surrogate`) records the engine version it was
trained on, ``<package version>+physics.<PHYSICS_REVISION>`` (:func:`bldgagent.surrogate.data.engine_version`), and
loading it on another engine warns (``EngineVersionWarning``). The package version alone does not move when the
physics does, so a change that alters results must bump :data:`PHYSICS_REVISION` in the same commit and add a line
to :data:`HISTORY`: the hourly thermal model (``energy/thermal``), the zoning (``energy/zoning``: surfaces,
constructions, coupling between zones), usage profiles and systems, the synthetic weather years
(``climate``), and the comfort and overheating figures the surrogate learns (``health.comfort``). Refactors that
leave every result equal (the validation report and the tests' pinned figures unchanged) do not bump it.
"""
from __future__ import annotations

#: Bump on every physics change (see the module docstring); the history says what each revision changed.
PHYSICS_REVISION = 2

#: Revision -> what changed in the physics (date, commit subject), newest last.
HISTORY: dict[int, str] = {
    1: "up to 2026-12-03: zones simulated independently (the surrogate's round-2 model, engine '0.1.0')",
    2: "2026-12-03: zones exchange heat through partitions and air (merge 'couple', Case 960), solved as one "
       "coupled network (merge 'couple2'); floors shared by several rooms coupled by default (split_floors=True, "
       "merge 'physics4')",
}
