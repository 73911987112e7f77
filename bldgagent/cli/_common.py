"""Shared pieces of the ``bldgagent`` command: the command registry, typed argument checks, the climate
arguments, JSON output and output-path checks done before any calculation starts."""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Callable

from ..checks import write_probe
from ..errors import InputFileError

#: name -> (configure(parser), run(args) -> int, help); filled when :func:`bldgagent.cli.main` imports the
#: command modules, never by ``import bldgagent``.
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}

#: Reference study period accepted on the command line, years. 1..200: a sanity bound (twice the longest
#: period in common use, 100 years; EN 15978 and GB/T 51366-2019 default to 50), not a standard's limit.
PERIOD_YEARS_RANGE = (1, 200)
#: Monte Carlo draws accepted on the command line: 0 (skip) to 100 000. At 100 000 the standard error of a
#: Monte Carlo mean is 1/sqrt(n) = 0.3 % of the spread, so more adds nothing; 100 000 draws cost +0.2 s on the
#: demo building (measured in-process, 2-core machine, 2026-12-03), 10^6 +2.9 s, and a large model scales that.
DRAWS_RANGE = (0, 100_000)
#: Outdoor sound level accepted, dB(A): 0 (threshold of hearing) to 140 (the peak action value of the EU noise
#: at work directive 2003/10/EC, art. 3); nothing outside it is a facade level.
NOISE_DB_RANGE = (0.0, 140.0)


def stages(args: argparse.Namespace, *names: str):
    """A bar on stderr over a command's named stages (:class:`bldgagent.progress.Stages`), hidden by ``--quiet``."""
    from ..progress import Stages

    return Stages(names, quiet=bool(getattr(args, "quiet", False)), desc=args.command, delay_s=0)


def command(name: str, help: str):
    """Register ``configure(parser)`` / ``run(args)`` for a sub-command."""
    def decorator(configure):
        def register(run):
            COMMANDS[name] = (configure, run, help)
            return run
        return register
    return decorator


# --- typed argument checks (argparse ``type=``) ------------------------------------------------------------
def finite_float(lo: float | None = None, hi: float | None = None, *, lo_open: bool = False, unit: str = ""):
    """An argparse type: a finite float in ``[lo, hi]`` (``(lo, hi]`` with ``lo_open``); nan/inf rejected."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or (lo is not None and (value <= lo if lo_open else value < lo)) \
                or (hi is not None and value > hi):
            raise argparse.ArgumentTypeError(f"{text} is out of range: give a finite number {_range(lo, hi, lo_open)}"
                                             + (f" {unit}" if unit else ""))
        return value
    parse.__name__ = "number"
    return parse


def int_range(lo: int, hi: int, *, unit: str = ""):
    """An argparse type: an integer in ``[lo, hi]``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range: give a whole number from {lo} to {hi}"
                                             + (f" {unit}" if unit else ""))
        return value
    parse.__name__ = "whole number"
    return parse


def _range(lo, hi, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        return f"from {lo:g} to {hi:g}" if not lo_open else f"above {lo:g} and up to {hi:g}"
    if lo is not None:
        return f"above {lo:g}" if lo_open else f">= {lo:g}"
    return f"<= {hi:g}" if hi is not None else ""


def energy_by_carrier(text: str) -> dict[str, float]:
    """An argparse type: ``--energy`` JSON, an object of carrier -> finite annual kWh >= 0."""
    example = "give an object of carrier -> kWh per year, e.g. '{\"electricity\": 40000}'"
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc}); {example}") from None
    if not isinstance(data, dict) or not data:
        raise argparse.ArgumentTypeError(f"{text} is not a non-empty JSON object; {example}")
    for carrier, kwh in data.items():
        if isinstance(kwh, bool) or not isinstance(kwh, (int, float)) or not math.isfinite(kwh) or kwh < 0:
            raise argparse.ArgumentTypeError(f"{carrier!r}: {json.dumps(kwh)} is not a finite kWh >= 0; {example}")
    return {k: float(v) for k, v in data.items()}


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")


# --- output paths, checked before any work --------------------------------------------------------------
def check_output_file(path: str | Path, option: str, inputs: tuple[str | Path, ...] = ()) -> Path:
    """``path`` can be written as a file and is none of ``inputs``; raises InputFileError naming ``option``.

    Writability is probed by opening the file for appending (nothing truncated) or creating and removing it,
    so read-only file systems and permissions count even for root.
    """
    out = Path(path)
    if any(_same_file(out, Path(i)) for i in inputs):
        raise InputFileError(f"{option} {out} is an input file; bldgagent never overwrites its input: give a new name")
    if out.is_dir():
        raise InputFileError(f"{option} {out} is a directory: give a file name, e.g. {out / 'model_carbon.ifc'}")
    parent = out.parent
    if not parent.is_dir():
        what = "is a file, not a directory" if parent.exists() else "does not exist"
        raise InputFileError(f"{option} {out}: the folder {parent} {what}; create it or choose another path")
    problem = write_probe(out)
    if problem is not None:
        raise InputFileError(f"{option} {out} cannot be written ({problem}); choose a writable place")
    return out


def check_output_dir(path: str | Path, option: str) -> Path:
    """``path`` is (or can be created as) a writable directory; created here, before any work."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise InputFileError(f"{option} {out} is a file, not a folder: give a folder (it is created if missing)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".bldgagent-write-test-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise InputFileError(f"{option} {out} cannot be written ({exc.strerror}); choose a writable folder") from exc
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


# --- climate ---------------------------------------------------------------------------------------------
def add_climate_arguments(p: argparse.ArgumentParser) -> None:
    """``--climate`` and ``--epw-irradiance``, shared by the commands that run the energy engine."""
    p.add_argument("--climate", default=None,
                   help="packaged place (e.g. haikou, see bldgagent.climate.list_places) or an .epw path; default: "
                        "the synthetic year of the place nearest to the IfcSite location")
    p.add_argument("--epw-irradiance", choices=("file", "repair", "auto"), default="file",
                   help="file (default): use the radiation as written, as EnergyPlus does, with a warning when it "
                        "fails the checks against the sun; repair (alias auto): repair EPW radiation stamped off "
                        "the sun or whose components do not close (CSWD files; each repair reported)")


def climate_from_args(args: argparse.Namespace):
    """The ``climate`` to pass to the engines: None (site's nearest place) or a loaded :class:`Weather`."""
    if args.climate is None:
        return None
    from ..climate import load_weather

    return load_weather(args.climate, irradiance=args.epw_irradiance)


# --- JSON --------------------------------------------------------------------------------------------------
def print_json(data) -> None:
    """``data`` as indented JSON on stdout; NaN/Infinity are refused (they are not JSON)."""
    sys.stdout.write(to_json(data) + "\n")


def to_json(data) -> str:
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, default=json_default, allow_nan=False)
    except ValueError as exc:  # a bug, not bad input: main() reports it as an internal error
        raise RuntimeError(f"the result holds NaN or Infinity, which JSON cannot carry ({exc})") from exc


def json_default(value):
    """numpy scalars and arrays for :func:`json.dumps`."""
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
