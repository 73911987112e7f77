"""One server's memory: models, weather and assessments kept loaded, keyed by path and content hash.

A model is read once per content: the key is the resolved path plus the SHA-256 of the file, so an edited file is
read again and two names of one file share nothing stale. Assessments are kept per model content and options, so
``assess`` then ``explain`` then ``compare`` on the same model simulate once. All caches are bounded LRU caches
(:class:`bldgagent._cache.LRUCache`), safe across the threads that serve concurrent calls; a per-key lock makes a
second caller wait for the first computation instead of repeating it.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, Callable

from .._cache import LRUCache
from .safety import Limits, LimitError
from .workspace import Workspace

#: Entries kept per cache. 8 models / 32 assessments hold a design loop's baseline and variants; a 99-room model
#: with its assessment takes a few hundred MB, so the bound keeps a long session's memory in check.
MAX_MODELS = 8
MAX_WEATHER = 8
MAX_ASSESSMENTS = 32
#: Answers derived from an assessment (summaries, tables, explanations), kept so a repeated call is a lookup.
MAX_VIEWS = 128


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Session:
    """The workspace and the caches of one server process (shared by all its clients)."""

    def __init__(self, workspace: Workspace | str, limits: Limits | None = None):
        self.workspace = workspace if isinstance(workspace, Workspace) else Workspace(workspace, limits)
        self.limits = self.workspace.limits
        self._models = LRUCache("agent.models", MAX_MODELS, register=False)
        self._weather = LRUCache("agent.weather", MAX_WEATHER, register=False)
        self._assessments = LRUCache("agent.assessments", MAX_ASSESSMENTS, register=False)
        self._views = LRUCache("agent.views", MAX_VIEWS, register=False)
        self._locks: dict[Any, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _once(self, cache: LRUCache, key: Any, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computed by one caller while others with the same key wait."""
        value = cache.get(key, None)
        if value is not None:
            return value
        with self._locks_guard:
            lock = self._locks.setdefault(key, threading.Lock())
        try:
            with lock:
                value = cache.get(key, None)
                if value is None:
                    value = compute()
                    cache.put(key, value)
        finally:  # later callers find the cache filled; the lock is not kept (the table stays small)
            with self._locks_guard:
                if self._locks.get(key) is lock:
                    del self._locks[key]
        return value

    def model_key(self, path: str, parameter: str = "path") -> tuple[str, str]:
        """(resolved path, content SHA-256) of a model inside the workspace."""
        resolved = self.workspace.model(path, parameter)
        return str(resolved), file_digest(resolved)

    def building(self, path: str, parameter: str = "path"):
        """The :class:`~bldgagent.model.Building` read from ``path`` (cached by path and content)."""
        from ..ifc import load

        key = self.model_key(path, parameter)
        return self._once(self._models, key, lambda: load(key[0]))

    def weather(self, climate: str | None):
        """None (the site's nearest packaged place), a packaged place's synthetic year, or an EPW in the workspace."""
        from ..climate import load_weather

        if climate is None:
            return None
        if climate.lower().endswith(".epw") or "/" in climate or "\\" in climate:
            resolved = self.workspace.weather(climate)
            key = ("epw", str(resolved), file_digest(resolved))
            return self._once(self._weather, key, lambda: load_weather(str(resolved)))
        return self._once(self._weather, ("place", climate.strip().lower()), lambda: load_weather(climate.strip()))

    def assessment(self, path: str, options: dict[str, Any], parameter: str = "path", reuse_fuller: bool = False):
        """:func:`bldgagent.assess` of the model at ``path`` with ``options`` (climate, operation, period_years, grid,
        method, n_draws, health), cached by model content and options. ``reuse_fuller``: for a call without health,
        a cached assessment with health may answer (its operated simulation, energy and carbon are the same); only
        for callers that read energy or carbon."""
        from ..assess import assess

        n_draws = options.get("n_draws", 0)
        if n_draws > self.limits.max_draws:
            raise LimitError(f"n_draws={n_draws} is above this server's limit of {self.limits.max_draws}",
                             f"give at most {self.limits.max_draws} draws (0 skips the Monte Carlo run)")
        model = self.model_key(path, parameter)
        key = (model, tuple(sorted(options.items())))
        if reuse_fuller and not options.get("health"):
            fuller = self._assessments.get((model, tuple(sorted({**options, "health": True}.items()))), None)
            if fuller is not None:
                return fuller

        def compute():
            building = self.building(path, parameter)
            kwargs = {k: v for k, v in options.items() if k != "climate"}
            return assess(building, self.weather(options.get("climate")), **kwargs)

        return self._once(self._assessments, key, compute)

    def view(self, name: str, path: str, options: dict[str, Any], make: Callable[[Any], Any],
             parameter: str = "path", reuse_fuller: bool = False) -> Any:
        """``make(assessment)`` for the model at ``path`` and ``options``, cached under ``name`` (a tool and its
        detail); callers must not modify what it returns. ``reuse_fuller`` as in :meth:`assessment`."""
        key = (name, self.model_key(path, parameter), tuple(sorted(options.items())))
        return self._once(self._views, key, lambda: make(self.assessment(path, options, parameter, reuse_fuller)))

    def stats(self) -> dict[str, dict[str, int]]:
        """Entries, hits and misses of the session's caches."""
        return {c.name: {"entries": len(c), "hits": c.hits, "misses": c.misses}
                for c in (self._models, self._weather, self._assessments, self._views)}
