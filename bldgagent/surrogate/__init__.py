"""Neural surrogate of the hourly physics (issue 14): per-zone heating, cooling, peaks, comfort and overheating.

Features of each thermal zone (:mod:`.features`) and its targets (:mod:`.targets`) come from the energy engine run
on parametric buildings x packaged climates x design changes (:mod:`.data`); a deep ensemble of small MLPs
(:mod:`.ensemble`, torch, imported only when used) predicts them with an interval and an out-of-distribution flag.
Embodied carbon is not learnt: it stays exact. See docs/surrogate.md and models/README.md.
"""
from __future__ import annotations
