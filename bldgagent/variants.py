"""Many variants of one building in one climate, without redoing what a variant does not change.

    ev = bldgagent.VariantEvaluator(building, "haikou")
    ev.baseline                                              # the Assessment of the building as it is
    a = ev.evaluate(energy_options={"systems": {"heating": "air_water_hp"}})   # a system variant
    b = ev.evaluate(building=thicker_walls)                  # a changed copy of the building (Building.replace)

Every variant gives the same numbers as a full :func:`bldgagent.assess` of it (tested to 1e-9); what is shared:

- the weather (read, repaired, pre-processed once) and the scenario (decided once for the building's use);
- for system and PV variants, the zones and their simulations: the ideal loads and the temperatures of the zones do
  not depend on the plant, so only final energy, B6 and the carbon account are recomputed and the health result is
  the baseline's;
- for variants of the window fields (glazing, shading: ``windows``, ``window_defaults``) and of the zone inputs
  (``overrides``, ``zone_overrides``: airtightness, gains, set-points) the zones come from a plan of the building's
  zones kept by the evaluator (:func:`~bldgagent.energy.zoning.plan_zones`: the model is not read again, only these
  fields are applied); other changes (a changed building, surfaces, profiles) re-zone from the model (construction
  matching is memoised). The zones are simulated; the thermal engine reuses the envelope part of every zone template
  whose envelope did not change (the free-running and mixed-mode runs of a variant share it);
- the material take-off and its matches (:class:`~bldgagent.lca.assess.MaterialAccount`) while the building is the
  evaluator's own: only B6 and the totals are recomputed.

This is the physics baseline that the surrogate and the optimiser are measured against (benchmarks/bench_variants.py).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from .assess import Assessment, _settings, carbon_with_b6, check_arguments, health_or_note, material_account_of
from .checks import require_building, require_mapping
from .errors import InputValueError
from .energy.options import EnergyOptions
from .model import Building, Diagnostics

#: EnergyOptions fields that act on the plant only: changing them keeps the zones and their simulation.
PLANT_FIELDS = ("systems", "pv")
#: Zoning fields applied to a kept plan of the zones (:class:`~bldgagent.energy.zoning.ZonePlan`): changing them
#: does not re-read the model.
VARIANT_ZONING_FIELDS = ("windows", "window_defaults", "overrides", "zone_overrides")


@dataclass(frozen=True)
class Variant:
    """A variant of the evaluator's building: a changed copy of the building (None: the building as it is) and
    energy options: a dict replaces the baseline's fields one by one (a None value leaves a field as it is, so to
    remove e.g. the baseline's PV pass a whole :class:`EnergyOptions`), an :class:`EnergyOptions` replaces them all.
    ``name`` labels it in batches."""

    building: Building | None = None
    energy_options: EnergyOptions | Mapping[str, Any] | None = None
    name: str | None = None


class VariantEvaluator:
    """Evaluate variants of ``building`` in ``climate``; keyword arguments as :func:`bldgagent.assess`."""

    def __init__(self, building: Building, climate=None, *, method: str = "both", period_years: int | None = None,
                 start_year: int | None = None, grid: str | None = None, trajectory: Any = "static",
                 factor_sets: Any = None, mapping: Any = None, health: bool = True, n_draws: int = 1000,
                 seed: int = 0, operation: str = "auto", energy_options: Any = None, health_options: Any = None):
        from .energy.assess import weather_for
        from .energy.scenario import decide_scenario

        self.carbon_options = {"method": method, "period_years": period_years, "factor_sets": factor_sets or "cn",
                               "mapping": mapping, "grid": grid, "trajectory": trajectory, "start_year": start_year,
                               "n_draws": n_draws, "seed": seed}
        self.energy_options = check_arguments("VariantEvaluator", building, self.carbon_options, energy_options)
        self.building = building
        self.weather = weather_for(building, climate, seed=seed)
        self.scenario = decide_scenario(building, operation, free_running=bool(health))
        self.health_options = health_options
        self.seed = seed
        self.health = bool(health)
        self._account = material_account_of(building, self.carbon_options)   # the unchanged building's materials
        self._plan_key, self._plan = None, None       # the building's zones before window fields and zone inputs
        self.baseline = self._full(building, self.energy_options)

    def evaluate(self, variant: Variant | None = None, *, building: Building | None = None,
                 energy_options: EnergyOptions | Mapping[str, Any] | None = None) -> Assessment:
        """The :class:`~bldgagent.assess.Assessment` of one variant (a :class:`Variant`, or its fields)."""
        if variant is not None:
            if not isinstance(variant, Variant):
                raise InputValueError(f"VariantEvaluator.evaluate(variant={type(variant).__name__}): expected a "
                                      "Variant or None")
            building, energy_options = variant.building, variant.energy_options
        if building is not None:
            require_building(building, "VariantEvaluator.evaluate")
        target = self.building if building is None else building
        options = self._options(energy_options)
        if target is self.building and _same_zones(options, self.energy_options):
            return self._plant_only(options)
        return self._full(target, options)

    def evaluate_many(self, variants: Iterable[Variant | Mapping[str, Any]]) -> list[Assessment]:
        """Assessments of ``variants`` in order (each a :class:`Variant` or a dict of its fields)."""
        out = []
        for v in variants:
            if not isinstance(v, (Variant, Mapping)):
                raise InputValueError(f"VariantEvaluator.evaluate_many: each variant must be a Variant or a dict, got "
                                      f"{type(v).__name__}")
            if isinstance(v, Mapping) and set(v) - {"building", "energy_options", "name"}:
                raise InputValueError(f"VariantEvaluator.evaluate_many: unknown variant field(s) "
                                      f"{sorted(set(v) - {'building', 'energy_options', 'name'})}; fields are "
                                      "building, energy_options, name")
            out.append(self.evaluate(v if isinstance(v, Variant) else Variant(**v)))
        return out

    # --- internals -------------------------------------------------------------------------------------------
    def _options(self, energy_options) -> EnergyOptions:
        if energy_options is None:
            return self.energy_options
        if isinstance(energy_options, EnergyOptions):
            return energy_options
        require_mapping(energy_options, "VariantEvaluator.evaluate", "energy_options")
        return EnergyOptions.coerce(self.energy_options, **dict(energy_options))

    def _full(self, building: Building, options: EnergyOptions) -> Assessment:
        from .energy import assess_energy

        energy = assess_energy(building, self.weather, options=options, seed=self.seed,
                               natural_ventilation=self.scenario.operation == "mixed",
                               with_free_running=self.scenario.free_running, zones=self._zones(building, options))
        carbon = carbon_with_b6(building, energy, self.carbon_options, self._account)
        notes = Diagnostics()
        health = health_or_note(building, energy, self.health_options, self.seed, notes) if self.health else None
        return Assessment(building, energy, carbon, health, _settings(energy, self.carbon_options, self.scenario),
                          notes=notes)

    def _zones(self, building: Building, options: EnergyOptions):
        """The zones of the evaluator's own building under ``options``, from the plan of its zones kept for the
        options' zoning fields (:func:`~bldgagent.energy.zoning.plan_zones`; made on first use, kept while the
        variants change only window fields, zone inputs or the plant); None for another building."""
        from .energy.profiles import hourly_index
        from .energy.zoning import plan_zones

        if building is not self.building:
            return None
        opts = options.under(building.energy_options)
        kwargs = opts.zoning_kwargs()
        variant = {k: kwargs.pop(k) for k in VARIANT_ZONING_FIELDS}
        key = (kwargs, opts.year)
        if not _equal(key, self._plan_key):
            index = self.weather.data.index if opts.year is None else hourly_index(int(opts.year),
                                                                                    tz=self.weather.tz_hours)
            if len(index) != len(self.weather.data.index):
                return None         # assess_energy names the mismatch
            self._plan = plan_zones(building, index=index, weather=self.weather, **kwargs,
                                    windows=variant["windows"], window_defaults=variant["window_defaults"])
            self._plan_key = copy.deepcopy(key)     # a caller's dict changed in place later must not match
        return self._plan.zoning(**variant)

    def plant_energy(self, energy_options: EnergyOptions | Mapping[str, Any]):
        """The :class:`~bldgagent.energy.assess.EnergyResult` of the building with other plant only (systems, PV):
        the energy :meth:`evaluate` gives for that variant, without its carbon and health (for a search that reads
        the carriers only). InputValueError when ``energy_options`` change more than the plant."""
        options = self._options(energy_options)
        if not _same_zones(options, self.energy_options):
            raise InputValueError("VariantEvaluator.plant_energy: the energy options change more than the plant "
                                  f"({', '.join(PLANT_FIELDS)}); use evaluate()")
        return self._plant_energy(options)

    def _plant_energy(self, options: EnergyOptions):
        from .energy.assess import with_systems

        options = options.under(self.building.energy_options)    # the plant the model itself states, unless given
        return with_systems(self.baseline.energy, systems=options.systems, pv=options.pv)

    def _plant_only(self, options: EnergyOptions) -> Assessment:
        base = self.baseline
        energy = self._plant_energy(options)
        carbon = carbon_with_b6(self.building, energy, self.carbon_options, self._account)
        return Assessment(self.building, energy, carbon, base.health, dict(base.settings), notes=base.notes)


def _equal(a, b) -> bool:
    """``a == b``, False when unsure (hourly arrays among option values do not compare)."""
    try:
        return bool(a == b)
    except ValueError:
        return False


def _same_zones(a: EnergyOptions, b: EnergyOptions) -> bool:
    """True when ``a`` and ``b`` differ at most in the plant (:data:`PLANT_FIELDS`); False when unsure (hourly
    arrays among the overrides do not compare), which only costs the full path."""
    plantless = {f: None for f in PLANT_FIELDS}
    try:
        return bool(replace(a, **plantless) == replace(b, **plantless))
    except ValueError:
        return False
