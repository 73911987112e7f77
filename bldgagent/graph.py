"""The building graph (networkx): storeys, spaces and elements with their relations.

networkx is imported when a graph is built, not when this module is imported.
"""
from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from .model import Building


def graph_key(building: Building) -> tuple:
    """Everything :func:`building_graph` reads, as one hashable value: equal keys give equal graphs.

    :attr:`bldgagent.model.Building.graph` compares it on each access and rebuilds the graph when it
    changed, whether the lists were swapped or an element was edited in place.
    """
    return (
        tuple((s.global_id, s.name, s.elevation_m) for s in building.storeys),
        tuple((sp.global_id, sp.label, sp.usage, sp.storey_id, tuple(sp.bounding_ids)) for sp in building.spaces),
        tuple((e.global_id, e.kind, e.name, e.ifc_class, e.is_external, e.storey_id, e.host_id, e.parent_id)
              for e in building.elements),
    )


def building_graph(building: Building) -> nx.MultiDiGraph:
    """Graph of the building.

    Nodes: GlobalIds, attribute ``type`` (``storey``/``space``/``element``), ``name`` and ``kind``.
    Edges (attribute ``relation``): ``contains`` storey -> space/element, ``bounds`` element -> space,
    ``hosts`` wall -> window/door, ``part_of`` part -> aggregate, ``adjacent`` space <-> space (one edge
    each way, ``via`` = the shared element).
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    for s in building.storeys:
        g.add_node(s.global_id, type="storey", name=s.name, elevation_m=s.elevation_m)
    for sp in building.spaces:
        g.add_node(sp.global_id, type="space", name=sp.label, usage=sp.usage)
        if sp.storey_id:
            g.add_edge(sp.storey_id, sp.global_id, relation="contains")
    for e in building.elements:
        g.add_node(e.global_id, type="element", kind=e.kind, name=e.name, ifc_class=e.ifc_class,
                   is_external=e.is_external)
        if e.storey_id:
            g.add_edge(e.storey_id, e.global_id, relation="contains")
        if e.host_id:
            g.add_edge(e.host_id, e.global_id, relation="hosts")
        if e.parent_id:
            g.add_edge(e.global_id, e.parent_id, relation="part_of")
    bounded_by: dict[str, list[str]] = {}
    for sp in building.spaces:
        for eid in sp.bounding_ids:
            if eid in g:
                g.add_edge(eid, sp.global_id, relation="bounds")
                bounded_by.setdefault(eid, []).append(sp.global_id)
    for eid, spaces in bounded_by.items():
        for a, b in combinations(sorted(set(spaces)), 2):
            g.add_edge(a, b, relation="adjacent", via=eid)
            g.add_edge(b, a, relation="adjacent", via=eid)
    return g


def neighbours(graph: nx.MultiDiGraph, space_id: str) -> list[str]:
    """Spaces adjacent to ``space_id`` through a shared element."""
    return sorted({v for _, v, d in graph.out_edges(space_id, data=True) if d.get("relation") == "adjacent"})
