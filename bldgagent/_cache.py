"""Bounded, thread-safe caches keyed by content, and the content fingerprint of a weather year.

Engines cache what they derive from a weather year (sun positions, irradiance per orientation, the thermal engine's
hourly rows and zone templates) here, in process-wide :class:`LRUCache` objects keyed by
:func:`weather_fingerprint` - never as hidden attributes of the :class:`~bldgagent.climate.weather.Weather` (which
would be pickled to every worker) and never by ``id()`` of an object that may be freed and its id reused.

``clear()`` empties every cache; ``stats()`` reports entries, bounds, hits, misses and evictions per cache.
"""
from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .errors import InputValueError

__all__ = ["LRUCache", "clear", "stats", "weather_fingerprint"]

_REGISTRY: dict[str, "LRUCache"] = {}
_REGISTRY_LOCK = threading.Lock()
_MISSING = object()


class LRUCache:
    """A least-recently-used cache of at most ``max_entries`` entries, safe to share between threads.

    ``get_or_compute(key, compute)`` computes outside the lock (two threads may both compute a missing entry; the
    first stored value wins and both callers get it, so results are identical). ``register=True`` lists the cache
    in the module's :func:`stats` and :func:`clear` under ``name``.
    """

    def __init__(self, name: str, max_entries: int, register: bool = True):
        if not (isinstance(max_entries, int) and max_entries >= 1):
            raise InputValueError(f"cache {name!r}: max_entries must be an integer >= 1, got {max_entries!r}")
        self.name = name
        self.max_entries = max_entries
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = self.evictions = 0
        if register:
            with _REGISTRY_LOCK:
                _REGISTRY[name] = self

    def get(self, key, default=None):
        """The entry for ``key`` (now the most recently used), else ``default``."""
        with self._lock:
            value = self._data.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                return default
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def get_many(self, keys, default=None) -> list:
        """:meth:`get` of several keys under one acquisition of the lock."""
        out = []
        with self._lock:
            for key in keys:
                value = self._data.get(key, _MISSING)
                if value is _MISSING:
                    self.misses += 1
                    out.append(default)
                else:
                    self._data.move_to_end(key)
                    self.hits += 1
                    out.append(value)
        return out

    def put(self, key, value):
        """Store ``value`` unless ``key`` is already present; returns the stored value. Evicts the least recently
        used entries beyond ``max_entries``."""
        with self._lock:
            old = self._data.get(key, _MISSING)
            if old is not _MISSING:
                self._data.move_to_end(key)
                return old
            self._data[key] = value
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
                self.evictions += 1
            return value

    def get_or_compute(self, key, compute: Callable[[], Any]):
        """The entry for ``key``, computed by ``compute()`` and stored when missing."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = self.put(key, compute())
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._data

    def stats(self) -> dict[str, Any]:
        """Entries, bound, hits, misses and evictions since creation."""
        with self._lock:
            return {"entries": len(self._data), "max_entries": self.max_entries, "hits": self.hits,
                    "misses": self.misses, "evictions": self.evictions}

    def __repr__(self) -> str:
        return f"LRUCache({self.name!r}, {len(self._data)}/{self.max_entries} entries)"


def clear() -> None:
    """Empty every registered cache and the memo of weather fingerprints."""
    with _REGISTRY_LOCK:
        caches = list(_REGISTRY.values())
    for cache in caches:
        cache.clear()
    with _DIGEST_LOCK:
        _DIGESTS.clear()


def stats() -> dict[str, dict[str, Any]]:
    """Per registered cache (by name): entries, max_entries, hits, misses, evictions."""
    with _REGISTRY_LOCK:
        caches = dict(_REGISTRY)
    return {name: cache.stats() for name, cache in sorted(caches.items())}


# --------------------------------------------------------------------------------------------------------
# weather fingerprint
# --------------------------------------------------------------------------------------------------------
#: Digest of a data frame's content, memoised per live frame: hashing a year (10 columns x 8760 values, 0.7 MB)
#: costs about 0.4 ms, a third of a one-zone simulation, so it is done once per frame. The memo is keyed by the
#: frame's id and validated by a weak reference (a freed frame's id, when reused, does not match); it holds no data.
#: A frame edited *in place* keeps its digest: give a changed year as a new frame (``data.copy()``).
_DIGESTS: dict[int, tuple] = {}    # id -> (weak reference, data digest, metadata, fingerprint)
_DIGEST_LOCK = threading.Lock()


def _data_digest(data) -> str:
    """SHA-256 of the frame's index (int64 instants), column names, dtypes and values."""
    import numpy as np

    h = hashlib.sha256()
    idx = data.index
    h.update(repr((type(idx).__name__, len(idx), str(getattr(idx, "tz", None)))).encode())
    h.update(np.ascontiguousarray(idx.asi8 if hasattr(idx, "asi8") else np.asarray(idx, dtype=object).astype(str)))
    for name in data.columns:
        col = data[name].to_numpy()
        h.update(repr((str(name), str(col.dtype))).encode())
        if col.dtype == object:
            h.update(repr(col.tolist()).encode())
        else:
            h.update(np.ascontiguousarray(col).view(np.uint8))
    return h.hexdigest()


def weather_fingerprint(weather) -> str:
    """Content key of a weather year: SHA-256 of its hourly data (index, columns, values) and of the metadata the
    engines use (latitude, longitude, elevation, UTC offset). Equal content gives the same key whatever the object
    or its name; any changed value, hour or location gives another."""
    data = weather.data
    meta = (weather.latitude_deg, weather.longitude_deg, weather.elevation_m, weather.tz_hours)
    k = id(data)
    with _DIGEST_LOCK:
        hit = _DIGESTS.get(k)
    if hit is not None and hit[0]() is data:
        if hit[2] == meta:
            return hit[3]
        digest = hit[1]
    else:
        digest = _data_digest(data)
    fingerprint = hashlib.sha256((digest + repr(meta)).encode()).hexdigest()
    with _DIGEST_LOCK:
        if len(_DIGESTS) >= 256:
            for key in [key for key, entry in _DIGESTS.items() if entry[0]() is None]:
                del _DIGESTS[key]
            if len(_DIGESTS) >= 256:
                _DIGESTS.clear()
        _DIGESTS[k] = (weakref.ref(data), digest, meta, fingerprint)
    return fingerprint
