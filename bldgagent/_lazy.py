"""Lazy package attributes (PEP 562): a public name is imported the first time it is used.

``import bldgagent`` (or a subpackage) then costs next to nothing; pandas, pvlib, scipy, numba,
pythermalcomfort and ifcopenshell load only when a function that needs them is reached.
"""
from __future__ import annotations

import functools
import importlib
from typing import Any, Callable


def lazy_attributes(package: str, namespace: dict[str, Any], exports: dict[str, str],
                    submodules: tuple[str, ...] = ()) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``.

    ``exports`` maps a public name to the relative module that defines it (``{"load": ".ifc"}``);
    ``submodules`` are names of subpackages/modules imported on first access (``bldgagent.climate``).
    A resolved name is stored in ``namespace`` so later look-ups are plain attribute reads.
    """

    def __getattr__(name: str) -> Any:
        if name in exports:
            value = getattr(importlib.import_module(exports[name], package), name)
        elif name in submodules:
            value = importlib.import_module(f".{name}", package)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports) | set(submodules))

    return __getattr__, __dir__


def by_module(table: dict[str, str]) -> dict[str, str]:
    """``{".module": "name other_name"}`` -> ``{"name": ".module", "other_name": ".module"}``."""
    return {name: module for module, names in table.items() for name in names.split()}


def lazy_njit(**options: Any) -> Callable[[Callable], Callable]:
    """Like ``numba.njit(**options)``, but numba is imported and the function compiled on its first call.

    For kernels called from Python only (a jitted caller needs the real dispatcher). ``.py_func`` is the
    plain Python function, as on a numba dispatcher.
    """

    def decorate(function: Callable) -> Callable:
        compiled: list[Callable] = []

        @functools.wraps(function)
        def call(*args: Any) -> Any:
            if not compiled:
                from numba import njit

                compiled.append(njit(**options)(function))
            return compiled[0](*args)

        call.py_func = function  # type: ignore[attr-defined]
        return call

    return decorate


class LazyModule:
    """A stand-in for a module that is imported on first attribute access (``pd = LazyModule("pandas")``), so a
    light module can name a heavy dependency at top level without loading it at ``import bldgagent``."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attr)
