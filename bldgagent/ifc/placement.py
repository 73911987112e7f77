"""Site location, true north and bearings."""
from __future__ import annotations

import math

import numpy as np


def compound_angle_deg(value) -> float | None:
    """IfcCompoundPlaneAngleMeasure (degrees, minutes, seconds[, millionths]) to decimal degrees."""
    if value is None:
        return None
    parts = list(value) + [0] * (4 - len(value))
    d, m, s, ms = (float(p) for p in parts[:4])
    return d + m / 60.0 + s / 3600.0 + ms / 3.6e9


def true_north_vector(model) -> tuple[np.ndarray, bool]:
    """Unit XY vector of true north in model coordinates, and whether the file stated it."""
    for context in model.by_type("IfcGeometricRepresentationContext"):
        if context.is_a("IfcGeometricRepresentationSubContext"):
            continue
        north = getattr(context, "TrueNorth", None)
        if north is not None:
            ratios = np.array(list(north.DirectionRatios)[:2], dtype=float)
            norm = np.linalg.norm(ratios)
            if norm > 0:
                return ratios / norm, True
    return np.array([0.0, 1.0]), False


def bearing_deg(vectors: np.ndarray, north: np.ndarray) -> np.ndarray:
    """Compass bearing (degrees clockwise from true north) of model-plan vectors (..., 2 or 3)."""
    v = np.asarray(vectors, dtype=float)
    theta_v = np.arctan2(v[..., 1], v[..., 0])
    theta_n = math.atan2(north[1], north[0])
    return np.degrees(theta_n - theta_v) % 360.0
