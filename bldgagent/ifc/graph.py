"""The building graph moved to :mod:`bldgagent.graph` (it is built from plain model data, below the IFC layer, so
:class:`~bldgagent.model.Building` can derive it); this module keeps the old import path."""
from __future__ import annotations

from ..graph import building_graph, graph_key, neighbours  # noqa: F401
