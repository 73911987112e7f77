"""IFC out: the verbs that write design changes into an IFC model, all through ``ifcopenshell.api``.

    w = IfcWriter(ifcopenshell.open(src))
    w.set_layers(wall, [("Wood fibre insulation", 0.22), ...])   # new IfcMaterialLayerSet (+ usage kept)
    w.set_quantities(wall, "wall", {"net_volume_m3": 12.3})        # in the quantity set the value came from
    w.set_properties(window, "Pset_WindowCommon", {"ThermalTransmittance": 0.9})
    w.resize_opening(window, 1.5)                                  # rectangle-extruded opening only
    w.add_shading_device(box)                                      # IfcShadingDevice + Pset_BldgAgentShading
    w.record_change_set(changes)                                   # Pset_BldgAgentChangeSet on the IfcBuilding
    w.write(out)

Documented property sets (docs/design-json.md): ``Pset_BldgAgentChangeSet`` (IfcBuilding: ``Changes`` JSON,
``Generator``, ``Reason``), ``Pset_BldgAgentChange`` (every changed element: ``Options``), ``Pset_BldgAgentGlazing``
(windows: ``GlazingType``), ``Pset_BldgAgentShading`` (shading devices: ``DepthM``, ``Kind``), and
``Pset_BldgAgentOperation`` (IfcBuilding: systems, airtightness, heat recovery, PV area, shading factor).
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Mapping

import ifcopenshell
import ifcopenshell.api
import ifcopenshell.api.attribute
import ifcopenshell.api.geometry
import ifcopenshell.api.material
import ifcopenshell.api.owner
import ifcopenshell.api.owner.settings
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.util.element as ifc_element

from ..errors import IfcReadError, IfcWriteError, entity_label
from ..checks import write_probe
from .units import UnitScales, named_unit_scale, project_unit_scales
from .shading import IFC2X3_SHADING_OBJECT_TYPE

CHANGE_SET_PSET = "Pset_BldgAgentChangeSet"
GENERATOR = "bldgagent"

#: Quantities field -> (standard quantity name, unit kind) when a value has no quantity set of its own yet.
_STANDARD = {"net_volume_m3": ("NetVolume", "volume"), "gross_volume_m3": ("GrossVolume", "volume"),
             "net_side_area_m2": ("NetSideArea", "area"), "gross_side_area_m2": ("GrossSideArea", "area"),
             "net_area_m2": ("NetArea", "area"), "gross_area_m2": ("GrossArea", "area"), "width_m": ("Width", "length"),
             "thickness_m": ("Width", "length"), "height_m": ("Height", "length"), "length_m": ("Length", "length"),
             "footprint_area_m2": ("GrossFootprintArea", "area")}
_QTO = {"wall": "Qto_WallBaseQuantities", "slab": "Qto_SlabBaseQuantities", "floor": "Qto_SlabBaseQuantities",
        "roof": "Qto_SlabBaseQuantities", "window": "Qto_WindowBaseQuantities", "door": "Qto_DoorBaseQuantities"}


def check_output(source: str | Path, out: str | Path) -> Path:
    """Refuse, before any work, an output equal to the source or one that cannot be written."""
    src, dst = Path(source).resolve(), Path(out).resolve()
    if not src.is_file():
        raise IfcReadError(f"{source}: no such IFC file")
    if src == dst or (dst.exists() and os.path.samefile(src, dst)):
        raise IfcWriteError(f"output {out} is the source file: write the changed model to a new path (never the source)")
    parent = dst.parent
    if not parent.is_dir():
        raise IfcWriteError(f"output {out}: folder {parent} does not exist; create it or choose another path")
    if dst.is_dir():
        raise IfcWriteError(f"output {out} is a directory: give a file name")
    problem = write_probe(dst)
    if problem is not None:
        raise IfcWriteError(f"output {out} is not writable ({problem}); choose a writable path")
    return dst


class IfcWriter:
    """Small write verbs over one open model (SI values in, file units out)."""

    def __init__(self, model: ifcopenshell.file):
        self.model = model
        self.scales: UnitScales = project_unit_scales(model)
        self._materials: dict[str, Any] = {}
        self._sets: dict[tuple, Any] = {}
        self._owner_ready = False

    # --- provenance ------------------------------------------------------------------------------------------
    def owner_history(self) -> Any:
        """An IfcOwnerHistory naming bldgagent as the application (IFC2X3 requires one on every rooted entity)."""
        if self._owner_ready:
            return None
        api, f = ifcopenshell.api, self.model
        person = api.owner.add_person(f, identification="bldgagent", family_name="bldgagent", given_name="design")
        org = api.owner.add_organisation(f, identification="bldgagent", name="bldgagent")
        user = api.owner.add_person_and_organisation(f, person=person, organisation=org)
        app = api.owner.add_application(f, application_developer=org, version=_version(),
                                        application_full_name="bldgagent design write-back",
                                        application_identifier="bldgagent")
        settings = api.owner.settings
        self._saved = (settings.get_user, settings.get_application)
        settings.get_user = lambda _f: user
        settings.get_application = lambda _f: app
        self._owner_ready = True
        return api.owner.create_owner_history(f)

    def close(self) -> None:
        """Restore IfcOpenShell's owner-history callbacks (they are module-wide)."""
        if self._owner_ready:
            settings = ifcopenshell.api.owner.settings
            settings.get_user, settings.get_application = self._saved
            self._owner_ready = False

    # --- materials -------------------------------------------------------------------------------------------
    def material(self, name: str, ifc_id: int | None = None) -> Any:
        """The model's IfcMaterial #``ifc_id`` (a material the element already had: its properties kept; renamed
        where the design renamed it, e.g. to a concrete mix), else a new IfcMaterial called ``name``, one per name in
        this writer. A new material never reuses the file's material of the same name: that one may carry its own
        properties (density, conductivity), while the design layer's material is the libraries' (``apply`` builds
        it from the name alone), so reusing it made the file read back different from the variant in memory (the
        sample, London: a roof EPS -> XPS change read back with A1-A3 3.7 % off)."""
        if ifc_id is not None:   # renamed in the design (a concrete mix, a steel route): renamed here too
            found = self.model.by_id(ifc_id)
            if found.Name != name:
                self.rename_material(ifc_id, name)
            return found
        if name not in self._materials:
            self._materials[name] = ifcopenshell.api.material.add_material(self.model, name=name)
        return self._materials[name]

    def rename_material(self, material_id: int, name: str) -> None:
        """Rename a material the design changed (a concrete mix, a steel route), clearing its Category (IFC4) as
        :func:`bldgagent.design.apply` does: the libraries match it by its new name (a kept Category "concrete"
        made the sample's concrete-mix variant read back 0.04 % off in energy)."""
        material = self.model.by_id(material_id)
        attrs = {"Name": name}
        if getattr(material, "Category", None) is not None:
            attrs["Category"] = None
        ifcopenshell.api.attribute.edit_attributes(self.model, product=material, attributes=attrs)

    def set_layers(self, entity, layers: list[tuple], set_name: str | None = None,
                   outside_first: bool | None = None, faces_up: bool | None = None) -> None:
        """Give ``entity`` a new layer set of ``(material name, thickness m[, IfcMaterial id])`` layers (with an id:
        that existing material, else a new one: :meth:`material`), keeping its layer-set usage
        (direction, sense, offset). ``outside_first``/``faces_up``: for a slab stacked along AXIS3, the layers are
        written in the order that makes ``layers[0]`` the outside face as the reader derives it from the usage and
        the placement (:func:`bldgagent.ifc.envelope._layer_order`)."""
        api, f = ifcopenshell.api, self.model
        old = ifc_element.get_material(entity, should_inherit=True)
        usage = old if old is not None and old.is_a("IfcMaterialLayerSetUsage") else None
        if usage is not None and usage.LayerSetDirection == "AXIS3" and faces_up is not None and outside_first is not None:
            import ifcopenshell.util.placement as up

            sign = -1.0 if usage.DirectionSense == "NEGATIVE" else 1.0
            stack_up = sign * up.get_local_placement(entity.ObjectPlacement)[2, 2] > 0
            if ((not faces_up) if stack_up else faces_up) != outside_first:
                layers = list(reversed(layers))
        layers = [(lay[0], lay[1], lay[2] if len(lay) > 2 else None) for lay in layers]
        key = tuple((n, round(t, 6), i) for n, t, i in layers)
        if key not in self._sets:
            lset = api.material.add_material_set(f, name=set_name or "bldgagent layers", set_type="IfcMaterialLayerSet")
            for n, t, i in layers:
                layer = api.material.add_layer(f, layer_set=lset, material=self.material(n, i))
                api.material.edit_layer(f, layer=layer, attributes={"LayerThickness": t / self.scales.length})
            self._sets[key] = lset
        lset = self._sets[key]
        if ifc_element.get_material(entity, should_inherit=False) is not None:
            api.material.unassign_material(f, products=[entity])
        if usage is None:
            api.material.assign_material(f, products=[entity], type="IfcMaterialLayerSet", material=lset)
            return
        attrs = {"LayerSetDirection": usage.LayerSetDirection, "DirectionSense": usage.DirectionSense,
                 "OffsetFromReferenceLine": usage.OffsetFromReferenceLine}
        api.material.assign_material(f, products=[entity], type="IfcMaterialLayerSetUsage", material=lset)
        new = ifc_element.get_material(entity, should_inherit=False)
        if new is not None and new.is_a("IfcMaterialLayerSetUsage"):
            api.attribute.edit_attributes(f, product=new, attributes=attrs)

    # --- properties and quantities ---------------------------------------------------------------------------
    def set_properties(self, entity, pset_name: str, props: Mapping[str, Any]) -> None:
        """Add or edit a property set on ``entity``."""
        api, f = ifcopenshell.api, self.model
        pid = ifc_element.get_psets(entity).get(pset_name, {}).get("id")
        pset = f.by_id(pid) if pid else api.pset.add_pset(f, product=entity, name=pset_name)
        api.pset.edit_pset(f, pset=pset, properties=dict(props))

    def set_quantities(self, entity, kind: str, values: Mapping[str, float], sources: Mapping[str, str]) -> list[str]:
        """Write SI ``values`` (Quantities field names) into the quantity set each came from (``sources``, the
        reader's ``qto:Set.Name``), else into the standard ``Qto_*BaseQuantities``. Returns what was written."""
        api, f = ifcopenshell.api, self.model
        qsets = {q.Name: q for q in _element_qsets(entity)}
        written = []
        for field, value in values.items():
            src = sources.get(field, "")
            if src.startswith("qto:") and "." in src:
                set_name, qname = src[4:].split(".", 1)
                qset = qsets.get(None if set_name == "(unnamed)" else set_name)
            else:
                qset, set_name, qname = None, _QTO.get(kind, "Qto_BldgAgentQuantities"), _STANDARD[field][0]
                qset = qsets.get(set_name)
            if qset is None:
                qset = api.pset.add_qto(f, product=entity, name=set_name)
                qsets[set_name] = qset
            scale = self._scale(qset, qname, _STANDARD[field][1])
            api.pset.edit_qto(f, qto=qset, properties={qname: float(value) / scale})
            written.append(f"{set_name}.{qname}")
        return written

    def _scale(self, qset, qname: str, kind: str) -> float:
        for q in qset.Quantities or ():
            if q.Name == qname and getattr(q, "Unit", None) is not None:
                return named_unit_scale(q.Unit, kind)
        return self.scales.of(kind)

    # --- geometry --------------------------------------------------------------------------------------------
    def resize_opening(self, window, old_width_m: float, new_width_m: float) -> bool:
        """Scale the rectangle profile of the opening ``window`` fills (its body an extruded rectangle) from
        ``old_width_m`` to ``new_width_m`` about its centre; the wall's void follows. False when not possible."""
        fills = getattr(window, "FillsVoids", None) or ()
        if not fills:
            return False
        opening = fills[0].RelatingOpeningElement
        old = old_width_m / self.scales.length
        profiles = []
        for rep in (opening.Representation.Representations if opening.Representation else ()):
            if rep.RepresentationIdentifier != "Body":
                continue
            for item in rep.Items:
                if not item.is_a("IfcExtrudedAreaSolid") or not item.SweptArea.is_a("IfcRectangleProfileDef"):
                    return False
                profiles.append(item.SweptArea)
        dims = [("XDim" if abs(p.XDim - old) <= abs(p.YDim - old) else "YDim", p) for p in profiles]
        if not dims or any(abs(getattr(p, d) - old) > 0.05 * old for d, p in dims):
            return False
        for d, p in dims:
            ifcopenshell.api.attribute.edit_attributes(
                self.model, product=p, attributes={d: getattr(p, d) * new_width_m / old_width_m})
        return True

    def thicken(self, entity, old_m: float, new_m: float, keep_bottom: bool = False) -> bool:
        """Change the body thickness of a slab (a vertical extrusion's depth) or a wall (the rectangle profile's
        dimension equal to the thickness) from ``old_m`` to ``new_m``. A slab keeps its top face (the floor level;
        ``keep_bottom``: its bottom face, for roofs), whichever way its extrusion runs in the world (the Duplex's
        slabs run downwards from a flipped position, the FZK-Haus roofs along their slope); a wall keeps its
        centre line, and the openings in it are deepened by the added thickness on both faces so they still cut
        through (else the wall would close over its windows: the Duplex read back +1.3 % energy). False when the
        body is not one such solid (or is shared with other elements, or an opening cannot be deepened): the change
        then stays in properties."""
        import numpy as np

        solid = _single_extrusion(entity)
        if solid is None or self._shared(solid):
            return False
        old = old_m / self.scales.length
        edit = ifcopenshell.api.attribute.edit_attributes
        d = solid.ExtrudedDirection.DirectionRatios
        up_z = float((_world_rotation(entity, solid) @ np.asarray(d, dtype=float))[2])
        if abs(abs(d[2]) - 1.0) < 1e-6 and abs(up_z) > 1e-6 and abs(solid.Depth - old) <= 0.05 * old and (
                entity.is_a("IfcSlab") or entity.is_a("IfcRoof")):
            grow = solid.Depth * (new_m / old_m - 1.0)
            edit(self.model, product=solid, attributes={"Depth": solid.Depth + grow})
            # the end face grows away; where that is the face to keep (the top of an upwards extrusion, the bottom
            # of a downwards one, also on a sloped roof), start the extrusion ``grow`` further back
            if (up_z > 0) != keep_bottom:
                self._shift_local(solid, -grow * d[2])
            return True
        profile = solid.SweptArea
        if profile.is_a("IfcRectangleProfileDef") and not self._shared(profile):
            dim = min(("XDim", "YDim"), key=lambda k: abs(getattr(profile, k) - old))
            if abs(getattr(profile, dim) - old) <= 0.05 * old:
                voids = [_single_extrusion(rel.RelatedOpeningElement) for rel in getattr(entity, "HasOpenings", ())]
                if any(v is None or self._shared(v) or abs(abs(v.ExtrudedDirection.DirectionRatios[2]) - 1.0) > 1e-6
                       for v in voids):
                    return False
                grow = (new_m - old_m) / self.scales.length
                edit(self.model, product=profile, attributes={dim: getattr(profile, dim) * new_m / old_m})
                for v in voids:        # deeper by the added thickness on both faces, starting that much further out
                    edit(self.model, product=v, attributes={"Depth": v.Depth + 2 * grow})
                    self._shift_local(v, -grow * v.ExtrudedDirection.DirectionRatios[2])
                return True
        return False

    def _shift_local(self, solid, dz: float) -> None:
        """Move an extruded solid by ``dz`` (file units) along the local z of its own position."""
        import ifcopenshell.util.placement as up
        import numpy as np

        pos = np.eye(4) if solid.Position is None else np.asarray(up.get_axis2placement(solid.Position), dtype=float)
        self._move(solid, pos[:3, 2] * dz)

    def _move(self, solid, offset) -> None:
        """Give an extruded solid a position of its own moved by ``offset`` (file units, in its parent's frame)."""
        pos = solid.Position
        f = self.model
        coords = list(pos.Location.Coordinates) if pos is not None else []
        loc = coords + [0.0] * (3 - len(coords))
        point = f.createIfcCartesianPoint([float(loc[i] + offset[i]) for i in range(3)])
        new_pos = f.createIfcAxis2Placement3D(point, pos.Axis if pos is not None else None,
                                              pos.RefDirection if pos is not None else None)
        ifcopenshell.api.attribute.edit_attributes(f, product=solid, attributes={"Position": new_pos})

    def _shared(self, item) -> bool:
        """True when a geometric item is used by more than one representation or solid (styles do not count)."""
        return len([x for x in self.model.get_inverse(item) if not x.is_a("IfcStyledItem")]) > 1

    def shading_element(self, storey, name: str, predefined_type: str, object_type: str | None = None) -> Any:
        """A new shading element in ``storey``: IfcShadingDevice of ``predefined_type`` (``USERDEFINED`` with
        ``object_type`` where IFC4's enumeration lacks the kind, e.g. a fin), or in IFC2X3, which has no
        IfcShadingDevice, an IfcBuildingElementProxy with ObjectType SHADING."""
        api, f = ifcopenshell.api, self.model
        if f.schema == "IFC2X3":
            dev = api.root.create_entity(f, ifc_class="IfcBuildingElementProxy", name=name)
            api.attribute.edit_attributes(f, product=dev, attributes={"ObjectType": IFC2X3_SHADING_OBJECT_TYPE})
        else:
            dev = api.root.create_entity(f, ifc_class="IfcShadingDevice", predefined_type=predefined_type, name=name)
            if object_type is not None:
                api.attribute.edit_attributes(f, product=dev, attributes={"ObjectType": object_type})
        if storey is not None:
            api.spatial.assign_container(f, products=[dev], relating_structure=storey)
        return dev

    def add_shading_device(self, box) -> Any:
        """One IfcShadingDevice (IFC2X3: IfcBuildingElementProxy, ObjectType SHADING) from ``box`` (a
        :class:`bldgagent.design.devices.DeviceBox`: ``kind``, ``name``, ``storey_id``, ``size`` m, ``depth_m``,
        ``matrix()``): an overhang (AWNING) or a fin (USERDEFINED, ObjectType FIN: IFC4 has no fin type), the box
        extruded upwards from its placement, with Pset_BldgAgentShading {DepthM, Kind}."""
        import numpy as np
        from ifcopenshell.util.shape_builder import ShapeBuilder

        api, f, s = ifcopenshell.api, self.model, self.scales.length
        storey = f.by_guid(box.storey_id) if box.storey_id else None
        if box.kind == "overhang":
            dev = self.shading_element(storey, box.name, "AWNING")
        else:
            dev = self.shading_element(storey, box.name, "USERDEFINED", "FIN")
        api.geometry.edit_object_placement(f, product=dev, matrix=box.matrix(), is_si=True)
        context = _body_context(f)
        if context is not None:
            builder = ShapeBuilder(f)
            solid = builder.extrude(builder.rectangle(size=np.array([box.size[0] / s, box.size[1] / s])),
                                    magnitude=box.size[2] / s)
            rep = builder.get_representation(context, [solid])
            api.geometry.assign_representation(f, product=dev, representation=rep)
        self.set_properties(dev, "Pset_BldgAgentShading", {"DepthM": float(box.depth_m), "Kind": box.kind})
        return dev

    # --- change record ---------------------------------------------------------------------------------------
    def record_change_set(self, changes: Mapping[str, Any], reason: str, n_elements: int) -> None:
        """Pset_BldgAgentChangeSet on every IfcBuilding: the change set as JSON, the generator and the reason."""
        for building in self.model.by_type("IfcBuilding"):
            self.set_properties(building, CHANGE_SET_PSET, {
                "Changes": json.dumps(dict(changes), sort_keys=True), "Generator": f"{GENERATOR} {_version()}",
                "Reason": reason, "ChangedElements": int(n_elements)})

    def write(self, out: str | Path) -> None:
        try:
            self.model.write(str(out))
        except OSError as exc:
            raise IfcWriteError(f"cannot write {out}: {exc}") from exc


def _version() -> str:
    """The installed bldgagent version (the package root is a layer above ifc/, so not imported from here)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bldgagent")
    except PackageNotFoundError:
        return "unknown"


def _single_extrusion(entity):
    """The one IfcExtrudedAreaSolid of the entity's Body representation, else None."""
    rep = next((r for r in (entity.Representation.Representations if entity.Representation else ())
                if r.RepresentationIdentifier == "Body"), None)
    if rep is None or len(rep.Items) != 1 or not rep.Items[0].is_a("IfcExtrudedAreaSolid"):
        return None
    return rep.Items[0]


def _world_rotation(entity, solid):
    """Rotation (3 x 3) from a solid's position frame to the world: the entity's placement times the solid's."""
    import ifcopenshell.util.placement as up
    import numpy as np

    obj = np.asarray(up.get_local_placement(entity.ObjectPlacement), dtype=float)[:3, :3]
    pos = np.asarray(up.get_axis2placement(solid.Position), dtype=float)[:3, :3] if solid.Position is not None \
        else np.eye(3)
    return obj @ pos


def _element_qsets(entity) -> list:
    out = []
    for rel in getattr(entity, "IsDefinedBy", None) or ():
        if rel.is_a("IfcRelDefinesByProperties") and rel.RelatingPropertyDefinition.is_a("IfcElementQuantity"):
            out.append(rel.RelatingPropertyDefinition)
    return out


def _body_context(model):
    import ifcopenshell.util.representation as ur

    ctx = ur.get_context(model, "Model", "Body", "MODEL_VIEW")
    if ctx is None:
        ctx = next((c for c in model.by_type("IfcGeometricRepresentationContext")
                    if not c.is_a("IfcGeometricRepresentationSubContext")), None)
    return ctx


def read_change_set(path: str | Path) -> dict[str, Any]:
    """The change set a file written by :func:`bldgagent.design.write_ifc` records ({} when it records none)."""
    try:
        model = ifcopenshell.open(str(path))
    except Exception as exc:  # ifcopenshell raises plain exceptions for unreadable files
        raise IfcReadError(f"{path}: cannot read as IFC ({exc})") from exc
    for building in model.by_type("IfcBuilding"):
        text = ifc_element.get_psets(building).get(CHANGE_SET_PSET, {}).get("Changes")
        if text:
            try:
                value = json.loads(text)
            except ValueError as exc:
                raise IfcReadError(f"{path}: {entity_label(building)} {CHANGE_SET_PSET}.Changes is not JSON ({exc})")
            return value if isinstance(value, dict) else {}
    return {}


def outward_vector(azimuth_deg: float, true_north_deg: float) -> tuple[float, float]:
    """Model-plane unit vector of a compass bearing (the model's +Y axis points at ``true_north_deg``)."""
    a = math.radians(azimuth_deg - true_north_deg)
    return math.sin(a), math.cos(a)
