"""Heat exchange between the zones of one :func:`~.run.simulate` call: partitions shared by two zones and air
exchanged between them.

A shared partition is a :class:`~.specs.SurfaceSpec` with ``boundary="zone"`` and ``adjacent_zone`` in one of
the two zones. It becomes one chain (its layers, its thermal mass) of the zone of lower index, the *owner*; its
outer face lies in the other zone, the *receiver*, and is there a face like the receiver's own: it takes its
area-weighted share of the receiver's transmitted solar and radiative gains (the receiver's shortwave
distribution includes it, :attr:`~.specs.ZoneSpec.neighbour_faces`) and exchanges heat with the receiver's air
(convection, ``h_c A``) and mean radiant (star) node (long-wave, ``eps h_r0 A``) through a fixed film, the
interior film of :func:`~.specs._r_film_out` (the override ``h_conv_in_w_m2k`` or the ISO 6946 value by
orientation). Air exchange ``V`` (m3/h each way) is a conductance ``rho c V / 3600`` between the two air nodes.

In the loop (:mod:`.kernel`) coupled zones form groups (connected components, in Cuthill-McKee order) that run
step by step together: each zone's chains are condensed as for a zone alone (the owner's partition chain with its
end temperatures affine also in the receiver's air and star), then the group's air and star temperatures and
ideal loads are solved as one linear system of 2 x 2 blocks per zone over the coupling graph (block elimination
over the graph's fill only; a zone at a set-point, at a capacity or free-floating by an active-set iteration).
Both sides of a partition or an air link see the same new temperatures, so what the owner books as received in a
step is exactly what the receiver books as given: every zone's balance (the ``interzone`` term of
:class:`~.result.ThermalResult`) and the building's close every hour to round-off. Zones without couplings run
alone with the closed-form 2 x 2 solve, as before.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...errors import InputValueError
from .layout import _CP_AIR, _CP_SURFACE
from .physics import H_R0_IN
from .specs import SurfaceSpec, ZoneSpec, _r_film_out


def _flipped(s: SurfaceSpec, other: str) -> SurfaceSpec:
    """The same partition seen from the other zone: layers reversed, normal reversed; named after the zone it was
    given in (names stay unique)."""
    return replace(s, name=f"{s.name} (of {other})", layers=list(s.layers)[::-1], tilt_deg=180.0 - s.tilt_deg,
                   azimuth_deg=(s.azimuth_deg + 180.0) % 360.0, adjacent_zone=other)


def _face(owner: str, s: SurfaceSpec) -> tuple:
    """The owner's partition as a face of the receiver (name, area m2, tilt deg, solar absorptance, emissivity)."""
    return (f"{owner}/{s.name}", float(s.area_m2), 180.0 - s.tilt_deg, s.inside_solar_absorptance,
            s.inside_emissivity)


def _controlled(z: ZoneSpec) -> bool:
    """True when the zone has a heating or cooling set-point in some hour."""
    return any(v is not None and bool(np.isfinite(np.asarray(v, dtype=float)).any())
               for v in (z.heating_setpoint_c, z.cooling_setpoint_c))


def couple(zones: list[ZoneSpec]) -> tuple[list[ZoneSpec], list[tuple[int, int, float]], list[int]]:
    """The zones ready for the loop, in the loop's order: free-floating zones first, then the controlled ones (each
    group in the given order; a coupling's owner, which holds the partition's chain, is the zone that comes first;
    the zones are solved together, so which side owns it changes the results only by the film on the receiver's
    face, fixed there). Every
    ``"zone"`` surface is moved to its owner (flipped) and set as a neighbour face of the other zone; uncoupled
    zones are returned as they are (the same objects). Returns the zones, the air links ``(owner, receiver, m3/h)``
    as positions in the returned list, and the given index of each returned zone. Raises :class:`InputValueError`
    for an unknown or own zone."""
    if not any(z.interzone_air_m3_h or any(s.boundary == "zone" for s in z.surfaces) for z in zones):
        return zones, [], list(range(len(zones)))       # nothing coupled: the zones as given
    index = {z.name: i for i, z in enumerate(zones)}
    rank = [(_controlled(z), i) for i, z in enumerate(zones)]
    own: list[list] = [list(z.surfaces) for z in zones]
    faces: list[list] = [[] for _ in zones]
    changed = [False] * len(zones)
    for i, z in enumerate(zones):
        for s in z.surfaces:
            if s.boundary != "zone":
                continue
            j = index.get(s.adjacent_zone, -1)
            where = f"zone {z.name!r} surface {s.name!r}"
            if j < 0 or j == i:
                raise InputValueError(f"{where}: adjacent_zone must name another zone of the call, got "
                                      f"{s.adjacent_zone!r}; zones: {sorted(index)}")
            if not (1.0 / _r_film_out(s) > 0.0):
                raise InputValueError(f"{where}: the face in zone {s.adjacent_zone!r} needs a film (h_conv_in_w_m2k "
                                      "or inside_emissivity > 0)")
            changed[i] = changed[j] = True
            if rank[j] < rank[i]:
                own[i].remove(s)
                s = _flipped(s, z.name)
                own[j].append(s)
                faces[i].append(_face(zones[j].name, s))
            else:
                faces[j].append(_face(z.name, s))
    links = []
    for i, z in enumerate(zones):
        for other, m3_h in (z.interzone_air_m3_h or {}).items():
            j = index.get(other, -1)
            if j < 0 or j == i or not (np.isfinite(m3_h) and m3_h >= 0):
                raise InputValueError(f"zone {z.name!r} interzone_air_m3_h: needs another zone of the call and a "
                                      f"flow >= 0 m3/h, got {other!r}: {m3_h}")
            links.append(((i, j) if rank[i] < rank[j] else (j, i), float(m3_h)))
    for i, z in enumerate(zones):
        if changed[i] and not (own[i] or z.windows):
            raise InputValueError(f"zone {z.name!r}: all its shared partitions went to its neighbours, which leaves "
                                  "it no surface of its own; give it a surface (an adiabatic floor will do)")
    out = [replace(z, surfaces=own[i], neighbour_faces=tuple(faces[i])) if changed[i] else z
           for i, z in enumerate(zones)]
    order = sorted(range(len(zones)), key=lambda i: rank[i]) if (links or any(changed)) else list(range(len(zones)))
    pos = {i: p for p, i in enumerate(order)}
    return [out[i] for i in order], [(pos[a], pos[b], m3) for (a, b), m3 in links], order


def coupled_rows(zones: list[ZoneSpec], templates: list) -> dict:
    """The boundary row of every owned partition chain: the receiver's shortwave absorbed on the face (its share of
    the receiver's transmitted beam, diffuse and radiative gains) over the face's film conductance, K; keyed by
    ``(owner index, marker)``."""
    index = {z.name: i for i, z in enumerate(zones)}
    rows = {}
    for i, tpl in enumerate(templates):
        for marker, other, _, _, g_a, g_s in tpl["couplings"]:
            r = templates[index[other]]
            cb, cd, cg = r["neighbour_shares"][f"{zones[i].name}/{marker[len('zone:'):]}"]
            beam, diff, gains = (r["rows"][k] for k in r["zrows"][:3])
            rows[(i, marker)] = (cb * beam + cd * diff + cg * gains) / (g_a + g_s)
    return rows


def coupling_arrays(zones: list[ZoneSpec], templates: list, zb: np.ndarray, links: list,
                    rho_c_air: float) -> tuple[np.ndarray, ...]:
    """The loop's coupling table: per zone the range of the rows it owns (``zc``), per row kind, global block, lane
    and receiver (``cp_i``) and the two conductances W/K (``cp_g``: face convective and long-wave; air rho c V);
    per zone the range (``rc``) of the rows it receives, listed in ``cp_r``; the groups of coupled zones
    (connected components, each in the loop's order) as ``grp`` with ``grp_start``."""
    if not links and not any(tpl["couplings"] for tpl in templates):
        nz = len(zones)
        one, none = np.zeros(1, dtype=np.int64), np.zeros((1, 4), dtype=np.int64)
        return (np.zeros((nz, 2), dtype=np.int64), none, np.zeros((1, 2)), np.zeros((nz, 2), dtype=np.int64), one,
                np.arange(nz, dtype=np.int64), np.arange(nz + 1, dtype=np.int64))
    index = {z.name: i for i, z in enumerate(zones)}
    rows: list[tuple] = []
    for i, tpl in enumerate(templates):
        for _, other, blk, lane, g_a, g_s in tpl["couplings"]:
            rows.append((i, _CP_SURFACE, zb[i, 0] + blk, lane, index[other], g_a, g_s))
    for i, j, m3_h in links:
        rows.append((i, _CP_AIR, 0, 0, j, rho_c_air * m3_h / 3600.0, 0.0))
    rows.sort(key=lambda r: r[0])
    nz = len(zones)
    zc = np.zeros((nz, 2), dtype=np.int64)
    cp_i = np.zeros((max(len(rows), 1), 4), dtype=np.int64)
    cp_g = np.zeros((max(len(rows), 1), 2))
    for n, r in enumerate(rows):
        cp_i[n] = r[1:5]
        cp_g[n] = r[5:]
    counts = np.bincount([r[0] for r in rows], minlength=nz) if rows else np.zeros(nz, dtype=np.int64)
    zc[:, 1] = np.cumsum(counts)
    zc[1:, 0] = zc[:-1, 1]
    recv = [r[4] for r in rows]
    cp_r = np.zeros(max(len(rows), 1), dtype=np.int64)
    cp_r[:len(rows)] = np.argsort(recv, kind="stable") if rows else []
    rc = np.zeros((nz, 2), dtype=np.int64)
    rc[:, 1] = np.cumsum(np.bincount(recv, minlength=nz)) if rows else 0
    rc[1:, 0] = rc[:-1, 1]
    return (zc, cp_i, cp_g, rc, cp_r) + _groups(nz, [(r[0], r[4]) for r in rows])


def _groups(nz: int, pairs: list) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the zones over the coupling pairs (ordered by their first zone), each in Cuthill-McKee
    order (breadth first from a zone of fewest neighbours, neighbours by increasing count), which keeps coupled
    zones close in the group and so the band of the group's system narrow (a row of rooms: one zone either side),
    as one index array and the start of each group."""
    root = list(range(nz))

    def find(a: int) -> int:
        while root[a] != a:
            root[a] = root[root[a]]
            a = root[a]
        return a

    nbrs: list[set] = [set() for _ in range(nz)]
    for a, b in pairs:
        nbrs[a].add(b)
        nbrs[b].add(a)
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    comps: dict[int, list] = {}
    for z in range(nz):
        comps.setdefault(find(z), []).append(z)
    groups = [_cuthill_mckee(g, nbrs) for g in sorted(comps.values(), key=lambda g: g[0])]
    grp = np.array([z for g in groups for z in g], dtype=np.int64)
    start = np.zeros(len(groups) + 1, dtype=np.int64)
    start[1:] = np.cumsum([len(g) for g in groups])
    return grp, start


def _cuthill_mckee(zones: list, nbrs: list) -> list:
    """The connected ``zones`` in Cuthill-McKee order (ties by zone index)."""
    if len(zones) < 3:
        return zones
    order = [min(zones, key=lambda z: (len(nbrs[z]), z))]
    seen = set(order)
    for z in order:                       # the list grows while it is walked: breadth first
        for y in sorted(nbrs[z] - seen, key=lambda y: (len(nbrs[y]), y)):
            seen.add(y)
            order.append(y)
    return order


def face_conductances(s: SurfaceSpec) -> tuple[float, float]:
    """Convective and long-wave conductance of a ``"zone"`` surface's face in the other zone, W/K."""
    g_s = s.inside_emissivity * H_R0_IN * s.area_m2
    return s.area_m2 / _r_film_out(s) - g_s, g_s
