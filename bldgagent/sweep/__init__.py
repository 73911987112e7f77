"""Bulk runs: one executor interface (serial, local processes, Dask) for every batch of independent work.

Portfolio assessment, variant sweeps, surrogate training data and brute-force searches all submit small,
cheaply pickled work items through :func:`get_executor`; results come back in input order, one
:class:`Outcome` per item, so a failing item is a row with its error, never the end of the batch.
"""
from __future__ import annotations

from .executor import Executor, Outcome, get_executor, map_items

__all__ = ["Executor", "Outcome", "get_executor", "map_items"]
