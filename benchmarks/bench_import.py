"""Import time of ``bldgagent`` against ``ifcopenshell``, each in fresh interpreters.

Target: ``import bldgagent`` at most 2x ``import ifcopenshell``. Both are measured in the same run, alternately,
in new subprocesses (nothing cached in memory; the OS file cache is warm after the first round); the figure
is the best of ``--repeat`` runs of each. Also prints the heavy third-party modules the import loaded (none
expected) and the peak resident memory of the importing process.

    python benchmarks/bench_import.py [--repeat 7]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Modules that must not load at ``import bldgagent`` (the engines import them where they are used).
HEAVY = ("pythermalcomfort", "scipy", "numba", "pvlib", "torch", "requests", "urllib3", "http.client", "pandas",
         "networkx", "shapely", "rapidfuzz", "ifcopenshell")

_PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
import {module}
dt = time.perf_counter() - t0
heavy = [m for m in {heavy!r} if m in sys.modules]
print(json.dumps({{"s": dt, "heavy": heavy, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def probe(module: str) -> dict:
    """Import ``module`` in a fresh interpreter (run from the repository root); its time (s), heavy modules, RSS."""
    code = _PROBE.format(module=module, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="fresh-subprocess runs of each import (default 7)")
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"bldgagent": [], "ifcopenshell": []}
    for _ in range(args.repeat):
        for module, results in runs.items():  # alternate, so both see the same machine load
            results.append(probe(module))
    best = {m: min(r["s"] for r in results) for m, results in runs.items()}
    ratio = best["bldgagent"] / best["ifcopenshell"]
    print(f"import bldgagent     best {best['bldgagent'] * 1000:7.1f} ms  "
          f"(median {sorted(r['s'] for r in runs['bldgagent'])[args.repeat // 2] * 1000:.1f} ms, "
          f"peak RSS {runs['bldgagent'][-1]['rss_mb']:.0f} MB)")
    print(f"import ifcopenshell  best {best['ifcopenshell'] * 1000:7.1f} ms  "
          f"(median {sorted(r['s'] for r in runs['ifcopenshell'])[args.repeat // 2] * 1000:.1f} ms, "
          f"peak RSS {runs['ifcopenshell'][-1]['rss_mb']:.0f} MB)")
    print(f"ratio bldgagent / ifcopenshell = {ratio:.2f} (target <= 2.0), best of {args.repeat}")
    heavy = sorted({m for r in runs["bldgagent"] for m in r["heavy"]})
    print("heavy modules loaded by import bldgagent:", ", ".join(heavy) or "none")
    return 0 if ratio <= 2.0 and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
