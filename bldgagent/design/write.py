"""Write a change set into a new IFC file (never the source), through the verbs of :mod:`bldgagent.ifc.write`.

What is written, per option (``WriteReport.geometric`` / ``WriteReport.properties`` list it per element):

- insulation, concrete mix, CLT floors: a new IfcMaterialLayerSet (usage kept) or the material renamed, and the
  element's volumes/thickness in its quantity set (the wall body geometry is not thickened: properties);
- glazing: Pset_WindowCommon (ThermalTransmittance, GlazingAreaFraction), Pset_DoorWindowGlazingType
  (SolarHeatGainTransmittance, VisibleLightTransmittance), Pset_BldgAgentGlazing (GlazingType);
- window-to-wall ratio: OverallWidth and quantities of the window, the host wall's NetSideArea/NetVolume, and the
  opening's rectangle profile where the opening is an extruded rectangle (geometric; the wall void follows; the
  window's own body, usually a mapped or brep shape, is left as authored), else properties only;
- shading overhang (all windows, or per orientation): an IfcShadingDevice (AWNING; IFC2X3:
  IfcBuildingElementProxy) on the top edge of each window concerned, as wide as the window (its extent measured
  from its geometry, else from the opening it fills) and projecting from its outer face, with
  Pset_BldgAgentShading {DepthM, Kind};
- side fins per orientation: two IfcShadingDevice (USERDEFINED, ObjectType FIN; IFC2X3: IfcBuildingElementProxy,
  ObjectType SHADING) beside each window
  concerned, 0.05 m thick, as high as the window, with Pset_BldgAgentShading {DepthM, Kind = "fin"};
- systems, airtightness, heat recovery, PV, shading factors, night ventilation, openable share:
  Pset_BldgAgentOperation on the IfcBuilding;
- every file: an IfcOwnerHistory naming bldgagent, Pset_BldgAgentChangeSet (the change set as JSON) on the
  IfcBuilding and Pset_BldgAgentChange {Options} on every changed element.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..model import Building, Diagnostics, Element, Opening
from .apply import ChangeReport, apply_with_report
from .devices import FIN_THICKNESS_M, OVERHANG_THICKNESS_M  # noqa: F401  (the devices' sizes, re-exported)

_QTY_FIELDS = ("net_volume_m3", "gross_volume_m3", "thickness_m", "net_side_area_m2", "gross_area_m2", "footprint_area_m2",
               "net_area_m2", "width_m")
#: Quantities fields the writer can declare in a standard quantity set.
_STANDARD_FIELDS = ("length_m", "height_m", "thickness_m", "gross_side_area_m2", "net_side_area_m2", "gross_area_m2",
                    "net_area_m2", "footprint_area_m2", "gross_volume_m3", "net_volume_m3")
_OPERATION = {"heating_system": "HeatingSystem", "cooling_system": "CoolingSystem",
              "infiltration_ach": "InfiltrationACH", "heat_recovery_efficiency": "HeatRecoveryEfficiency",
              "pv_area_m2": "PVAreaM2", "shading_factor": "ShadingFactor",
              "shading_overhang_depth_m": "OverhangDepthM", "night_ventilation": "NightVentilation",
              "openable_fraction": "OpenableFraction",
              **{f"{p}_{o}": f"{name}{o}" for p, name in (("shading_overhang_depth_m", "OverhangDepthM_"),
                                                          ("shading_fin_depth_m", "FinDepthM_"),
                                                          ("shading_factor", "ShadingFactor_")) for o in "NESW"}}


@dataclass
class WriteReport:
    """What :func:`write_ifc` wrote: ``geometric`` and ``properties`` rows ``{element, what}``, the shading
    devices added, the apply report, and diagnostics (e.g. windows whose opening could not be resized)."""

    source: str
    out_path: str
    schema: str
    changes: dict[str, Any]
    geometric: list[dict[str, str]] = field(default_factory=list)
    properties: list[dict[str, str]] = field(default_factory=list)
    shading_devices: list[str] = field(default_factory=list)
    apply_report: ChangeReport | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    geometric_hosts: set = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "out_path": self.out_path, "schema": self.schema, "changes": dict(self.changes),
                "geometric": list(self.geometric), "properties": list(self.properties),
                "shading_devices": list(self.shading_devices),
                "applied": self.apply_report.to_dict() if self.apply_report else None,
                "diagnostics": self.diagnostics.to_list()}


def write_ifc(source_ifc: str | Path, changes: Mapping[str, Any], out_path: str | Path, *,
              building: Building | None = None) -> WriteReport:
    """Write ``changes`` (option id -> value) applied to ``source_ifc`` into ``out_path`` (a new file).

    The output is refused before any work when it is the source or not writable (:class:`IfcWriteError`);
    unknown options and out-of-bounds values raise :class:`DesignOptionError` before anything is written.
    ``building``: the source already read with :func:`bldgagent.load` (saves reading it again).
    """
    import ifcopenshell

    from ..ifc import load
    from ..ifc.write import IfcWriter, check_output

    dst = check_output(source_ifc, out_path)
    before = building if building is not None else load(source_ifc)
    after, applied = apply_with_report(before, changes)
    writer = IfcWriter(ifcopenshell.open(str(source_ifc)))
    writer.owner_history()
    try:
        rep = _write_all(writer, before, after, applied, source_ifc, dst, changes)
    finally:
        writer.close()
    return rep


def _write_all(writer, before: Building, after: Building, applied: ChangeReport, source_ifc, dst,
               changes: Mapping[str, Any]) -> WriteReport:
    rep = WriteReport(str(source_ifc), str(dst), writer.model.schema, dict(changes), apply_report=applied)
    options_of: dict[str, list[str]] = {}
    for entry in applied.entries:
        for gid in entry["elements"]:
            options_of.setdefault(gid, []).append(f"{entry['option']}={entry['value']}")
    renamed: set[int] = set()
    openings_first = sorted(options_of, key=lambda g: not isinstance(after.element(g), Opening))
    for gid in openings_first:
        _write_element(writer, before.element(gid), after.element(gid), rep, renamed)
        writer.set_properties(writer.model.by_guid(gid), "Pset_BldgAgentChange",
                              {"Options": "; ".join(options_of[gid])})
    _write_operation(writer, after, changes, rep)
    writer.record_change_set(changes, "design change set applied by bldgagent.design.write_ifc", len(options_of))
    writer.write(dst)
    return rep


def _write_element(writer, old: Element, new: Element, rep: WriteReport, renamed: set[int]) -> None:
    entity = writer.model.by_guid(new.global_id)
    gid = new.global_id
    c0, c1 = old.construction, new.construction
    thickness_as_properties = False
    if c1 is not None and c1.kind == "layers":
        sig0 = [(lay.material and lay.material.name, lay.thickness_m) for lay in c0.layers]
        sig1 = [(lay.material and lay.material.name, lay.thickness_m) for lay in c1.layers]
        if sig0 != sig1:
            writer.set_layers(entity, [(lay.material.name if lay.material else "unnamed material", lay.thickness_m,
                                        lay.material.ifc_id if lay.material else None) for lay in c1.layers], c1.name,
                              outside_first=_outside_first(new),
                              faces_up=new.kind == "roof" or not new.is_ground_contact)
            rep.properties.append({"element": gid, "what": "material layer set " + ", ".join(
                f"{n} {t * 1000:.0f} mm" for n, t in sig1)})
            t0, t1 = c0.thickness_m, c1.thickness_m
            if t0 and t1 and abs(t1 - t0) > 1e-9:
                if writer.thicken(entity, t0, t1, keep_bottom=new.kind == "roof"):
                    rep.geometric.append({"element": gid, "what": f"body thickness {t0:.3f} -> {t1:.3f} m"})
                else:
                    thickness_as_properties = True
                    rep.diagnostics.add("warning", "thickness_not_geometric",
                                        f"thickness {t0:.3f} -> {t1:.3f} m written as layers and quantities only (the "
                                        "body is not a single extruded solid)", gid)
    elif c1 is not None:
        for m0, m1 in zip(c0.materials, c1.materials):
            if m0.name != m1.name and m1.ifc_id is not None and m1.ifc_id not in renamed:
                writer.rename_material(m1.ifc_id, m1.name)
                renamed.add(m1.ifc_id)
                rep.properties.append({"element": gid, "what": f"material {m0.name!r} renamed {m1.name!r}"})
    values = {f: getattr(new.quantities, f) for f in _QTY_FIELDS
              if getattr(new.quantities, f) is not None and getattr(new.quantities, f) != getattr(old.quantities, f)}
    src = old.quantities.source
    # a host whose openings were resized in the geometry, but whose new thickness is not: the body's volume no
    # longer holds, so its quantities are declared (before, the Duplex's every-kind variant read back its walls'
    # unthickened volume over the new thickness: -10 % wall area, energy -4.8 %)
    geometric = gid in {g["element"] for g in rep.geometric} or (gid in rep.geometric_hosts
                                                                  and not thickness_as_properties)
    if geometric:   # values measured from the (changed) geometry stay measured from it
        values = {f: v for f, v in values.items() if src.get(f, "").startswith("qto:")
                  or f == "footprint_area_m2" and new.kind == "wall"}   # the reference area's footprint (apply)
    elif any(not src.get(f, "").startswith("qto:") for f in values):
        # a declared volume stops the reader measuring the body: declare what it measured too
        values.update({f: getattr(new.quantities, f) for f in _STANDARD_FIELDS
                       if getattr(new.quantities, f) is not None and f not in values
                       and not src.get(f, "qto:").startswith("qto:")})
    if values:
        written = writer.set_quantities(entity, new.kind, values, src)
        rep.properties.append({"element": gid, "what": "quantities " + ", ".join(written)})
    if new.thermal_transmittance_w_m2k != old.thermal_transmittance_w_m2k and new.thermal_transmittance_w_m2k:
        _write_u(writer, entity, float(new.thermal_transmittance_w_m2k))
        rep.properties.append({"element": gid, "what": f"ThermalTransmittance {new.thermal_transmittance_w_m2k:.3f} W/m2K"})
    if isinstance(new, Opening):
        _write_opening(writer, entity, old, new, rep)


def _outside_first(e: Element) -> bool | None:
    """The layer order to write: the construction's, where the reader will derive one on reading back (external and
    ground-contact elements, :func:`bldgagent.ifc.envelope._layer_order`), an unknown one then taken as outside first
    (as :func:`apply` adds a layer); None (the layers in their own order, as the reader will leave them) for internal
    elements: before, an internal floor was written upside down (the sample's concrete-mix variant read back
    +0.07 % energy)."""
    c = e.construction
    if not (e.is_external or e.is_ground_contact):
        return None
    return c.outside_first is not False


def _write_u(writer, entity, u: float) -> None:
    """ThermalTransmittance into every Pset_*Common that states one (the reader merges them), else into the class's
    own common set (``Pset_WallCommon`` for IfcWall and IfcWallStandardCase...)."""
    import ifcopenshell.util.element as ue

    names = [n for n, p in ue.get_psets(entity).items() if n and n.startswith("Pset_") and n.endswith("Common")
             and p.get("ThermalTransmittance") is not None]
    if not names:
        names = ["Pset_" + entity.is_a()[3:].replace("StandardCase", "").replace("ElementedCase", "") + "Common"]
    for name in names:
        writer.set_properties(entity, name, {"ThermalTransmittance": u})


def _write_opening(writer, entity, old: Opening, new: Opening, rep: WriteReport) -> None:
    gid = new.global_id
    if (new.g_value, new.visible_transmittance, new.glazing_fraction) != (old.g_value, old.visible_transmittance,
                                                                          old.glazing_fraction):
        from .catalogue import glazing_choices

        key = next((k for k, g in glazing_choices().items() if g["u_w_m2k"] == new.u_value_w_m2k
                    and g["g"] == new.g_value), None)
        _write_u(writer, entity, float(new.u_value_w_m2k))
        writer.set_properties(entity, "Pset_WindowCommon", {"ThermalTransmittance": float(new.u_value_w_m2k),
                                                            "GlazingAreaFraction": float(new.glazing_fraction)})
        writer.set_properties(entity, "Pset_DoorWindowGlazingType", {
            "SolarHeatGainTransmittance": float(new.g_value), "VisibleLightTransmittance": float(new.visible_transmittance)})
        if key:
            writer.set_properties(entity, "Pset_BldgAgentGlazing", {"GlazingType": key})
        rep.properties.append({"element": gid, "what": f"glazing {key}: Pset_WindowCommon, Pset_DoorWindowGlazingType"})
    if new.width_m is not None and old.width_m is not None and abs(new.width_m - old.width_m) > 1e-9:
        import ifcopenshell.api

        s = writer.scales.length
        if getattr(entity, "OverallWidth", None) is not None:
            ifcopenshell.api.attribute.edit_attributes(writer.model, product=entity,
                                                       attributes={"OverallWidth": new.width_m / s})
        if writer.resize_opening(entity, old.width_m, new.width_m):
            if new.host_id:
                rep.geometric_hosts.add(new.host_id)
            rep.geometric.append({"element": gid, "what": f"opening resized to {new.width_m:.3f} m wide (the wall void "
                                                          "follows; the window body is as authored)"})
        else:
            rep.properties.append({"element": gid, "what": f"width {new.width_m:.3f} m as OverallWidth and quantities "
                                                           "only: the opening is not an extruded rectangle"})
            rep.diagnostics.add("warning", "window_not_resized_geometrically",
                                "window resized in its properties only (no extruded rectangular opening)", gid)


def _write_operation(writer, after: Building, changes: Mapping[str, Any], rep: WriteReport) -> None:
    props = {name: changes[oid] for oid, name in _OPERATION.items() if oid in changes}
    if props:
        import json

        # the energy options these changes mean, read back into Building.energy_options by bldgagent.load
        props["EnergyOptions"] = json.dumps(after.energy_options, sort_keys=True)
        for b in writer.model.by_type("IfcBuilding"):
            writer.set_properties(b, "Pset_BldgAgentOperation", props)
            rep.properties.append({"element": b.GlobalId, "what": "Pset_BldgAgentOperation " + ", ".join(props)})
    _add_devices(writer, after, changes, rep)


def _add_devices(writer, b: Building, changes: Mapping[str, Any], rep: WriteReport) -> None:
    """Overhangs and fins: the devices :func:`apply` added to the changed building (:mod:`.devices`), else, when it
    could not measure the windows, the same boxes measured here in the model being written."""
    from .devices import DEVICE_KINDS, device_boxes, measure_windows

    boxes = rep.apply_report.devices if rep.apply_report is not None else None
    if boxes is None:
        if not any(changes.get(oid) for oid in DEVICE_KINDS):
            return
        geometry, _ = measure_windows(writer.model, [w.global_id for w in b.windows if w.azimuth_deg is not None])
        boxes = device_boxes(b, changes, geometry)
    for box in boxes:
        dev = writer.add_shading_device(box)
        rep.shading_devices.append(dev.GlobalId)
        where = "above" if box.kind == "overhang" else "beside"
        rep.geometric.append({"element": dev.GlobalId, "what": f"{box.kind} {box.depth_m} m deep {where} window "
                                                               f"{box.window_id}"})


def read_changes(path: str | Path) -> dict[str, Any]:
    """The change set recorded in a file written by :func:`write_ifc` ({} if none)."""
    from ..ifc.write import read_change_set

    return read_change_set(path)
