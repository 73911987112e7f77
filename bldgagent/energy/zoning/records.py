"""The zones of a building with the record of where every input came from."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Iterator

import numpy as np
import pandas as pd

from ...model import Diagnostics
from ..thermal import ZoneSpec
from .location import Location


@dataclass
class ZoneRecord:
    """What a zone is made of and where each input came from (JSON-ready via :meth:`to_dict`)."""

    name: str
    space_ids: list[str]
    space_names: list[str]
    storey_id: str | None
    storey_name: str | None
    usage: str
    profile: str
    floor_area_m2: float
    volume_m3: float
    conditioned: bool
    surfaces: list[dict] = field(default_factory=list)
    windows: list[dict] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()}


@dataclass
class Zoning:
    """The zones of a building (a list of :class:`ZoneSpec`, iterable like one) with their records.

    ``loads`` holds hourly arrays shaped ``(n_zones, n_hours)``: ``lighting_w``, ``equipment_w``, ``dhw_w``
    (heat to warm the hot water), ``mechanical_ventilation_m3_h`` (fan-driven outdoor air), ``latent_w``
    (people's latent gains, not simulated: reported), ``internal_gains_w`` and ``people`` (occupants present). ``coverage`` gives the share of the building's external
    wall / window / roof / ground-floor area assigned to some zone.
    """

    zones: list[ZoneSpec]
    records: list[ZoneRecord]
    loads: dict[str, np.ndarray]
    index: pd.DatetimeIndex
    coverage: dict[str, dict[str, float]]
    location: Location
    zoning: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def __iter__(self) -> Iterator[ZoneSpec]:
        return iter(self.zones)

    def __len__(self) -> int:
        return len(self.zones)

    def __getitem__(self, item) -> ZoneSpec:
        if isinstance(item, str):
            for z in self.zones:
                if z.name == item:
                    return z
            raise KeyError(f"no zone {item!r}; zones: {[z.name for z in self.zones]}")
        return self.zones[item]

    @property
    def zone_spaces(self) -> dict[str, list[str]]:
        """Zone name -> GlobalIds of the spaces it holds."""
        return {r.name: list(r.space_ids) for r in self.records}

    @property
    def floor_area_m2(self) -> float:
        return float(sum(r.floor_area_m2 for r in self.records))

    def to_frame(self) -> pd.DataFrame:
        """One row per zone: area, volume, usage, envelope areas and U x A."""
        rows = []
        for z, r in zip(self.zones, self.records):
            out = [s for s in r.surfaces if s["boundary"] in ("outdoor", "ground")]
            rows.append({
                "zone": r.name, "storey": r.storey_name, "usage": r.usage, "profile": r.profile,
                "spaces": len(r.space_ids), "floor_area_m2": r.floor_area_m2, "volume_m3": r.volume_m3,
                "conditioned": r.conditioned,
                "external_wall_m2": sum(s["area_m2"] for s in out if s["role"] == "wall"),
                "window_m2": sum(w["area_m2"] for w in r.windows),
                "roof_m2": sum(s["area_m2"] for s in out if s["role"] == "roof"),
                "ground_floor_m2": sum(s["area_m2"] for s in out if s["role"] in ("ground_floor", "exposed_floor")),
                "ua_w_k": sum(s["area_m2"] * s["u_value_w_m2k"] for s in out) + sum(
                    w["area_m2"] * w["u_w_m2k"] for w in r.windows),
            })
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return {"zoning": self.zoning, "location": self.location.to_dict(), "coverage": self.coverage,
                "zones": [r.to_dict() for r in self.records], "diagnostics": self.diagnostics.to_list()}

    def _repr_html_(self) -> str:
        cov = ", ".join(f"{k} {v['share'] * 100:.0f} %" for k, v in self.coverage.items())
        return (f"<b>Zoning</b> ({html.escape(self.zoning)}): {len(self.zones)} zones, "
                f"{self.floor_area_m2:.1f} m2; envelope assigned: {html.escape(cov)}"
                + self.to_frame().to_html(index=False, float_format=lambda v: f"{v:,.1f}"))

    def __repr__(self) -> str:
        return f"Zoning({self.zoning!r}, {len(self.zones)} zones, {self.floor_area_m2:.1f} m2)"

