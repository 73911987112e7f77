"""The options of a health assessment, grouped in one typed object (see :func:`bldgagent.health.assess_health`)."""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

from ..errors import InputValueError

#: Keys of the thermal comfort frameworks (labels in :data:`bldgagent.health.scores.COMFORT_FRAMEWORKS`).
COMFORT_FRAMEWORKS = ("en16798", "gbt50785")
#: Plausible outdoor noise at a facade, dB(A): 0 dB is the threshold of hearing, 140 dB the threshold of pain
#: (WHO Environmental Noise Guidelines 2018 use L_den 40-80 dB; a facade above 140 dB is an input error).
NOISE_RANGE_DB = (0.0, 140.0)


@dataclass(frozen=True)
class HealthOptions:
    """``noise_day_db`` / ``noise_night_db``: outdoor L_Aeq at the facades, dB(A), a number or a dict by N/E/S/W
    (default GB 3096-2008 class 2 limits 60/50 dB(A), with a diagnostic). ``obstruction_deg``: angle of external
    obstructions above the horizon seen from the windows (daylight), 0-90. ``mean_reflectance``: area-weighted
    mean reflectance of the room surfaces, 0-1 (default 0.5, BR 209). ``clothing``: ``"dynamic"`` (ASHRAE 55
    clothing model) or a fixed clo value 0-3. ``comfort_framework``: framework of the headline thermal score,
    ``"en16798"`` (EN 16798-1 / WELL) or ``"gbt50785"`` (GB/T 50785 / T/ASC 02); None (default) follows the
    site's country (China: GB/T 50785, elsewhere EN 16798-1). Both are always reported side by side."""

    noise_day_db: float | Mapping[str, float] | None = None
    noise_night_db: float | Mapping[str, float] | None = None
    obstruction_deg: float = 0.0
    mean_reflectance: float | None = None
    clothing: str | float = "dynamic"
    comfort_framework: str | None = None

    def __post_init__(self) -> None:
        for name in ("noise_day_db", "noise_night_db"):
            value = getattr(self, name)
            values = value.values() if isinstance(value, Mapping) else [] if value is None else [value]
            for v in values:
                _check_range(name, v, *NOISE_RANGE_DB)
        _check_range("obstruction_deg", self.obstruction_deg, 0.0, 90.0, high_open=True)
        if self.mean_reflectance is not None:
            _check_range("mean_reflectance", self.mean_reflectance, 0.0, 1.0)
        if self.clothing != "dynamic":
            _check_range("clothing", self.clothing, 0.0, 3.0)
        if self.comfort_framework not in (None, *COMFORT_FRAMEWORKS):
            raise InputValueError(f"comfort_framework={self.comfort_framework!r}: use one of "
                                  f"{', '.join(COMFORT_FRAMEWORKS)}, or None to follow the site's country")

    @classmethod
    def coerce(cls, value: "HealthOptions | Mapping[str, Any] | None", **explicit: Any) -> "HealthOptions":
        """``value`` (None, a :class:`HealthOptions` or a dict of its fields) with ``explicit`` fields on top."""
        names = {f.name for f in fields(cls)}
        if value is None:
            base = cls()
        elif isinstance(value, cls):
            base = value
        elif isinstance(value, Mapping):
            unknown = sorted(set(value) - names)
            if unknown:
                raise InputValueError(f"health options: unknown option(s) {unknown}; known: {', '.join(sorted(names))}")
            base = cls(**dict(value))
        else:
            raise InputValueError(f"health options: expected HealthOptions or a dict, got {type(value).__name__}")
        given = {k: v for k, v in explicit.items() if v is not None}
        return replace(base, **given) if given else base


def _check_range(name: str, value: Any, low: float, high: float, high_open: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not (low <= value < high if high_open else low <= value <= high):
        bracket = ")" if high_open else "]"
        raise InputValueError(f"{name}={value!r}: give a finite number in [{low:g}, {high:g}{bracket}")
