"""``import bldgagent`` is light (PEP 562 lazy names) and every public name still resolves.

Each check runs in a fresh interpreter (``sys.modules`` of the test process is already full).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Must not be imported by ``import bldgagent`` (nor by importing a subpackage): the engines load them when used.
HEAVY = ("pythermalcomfort", "scipy", "numba", "pvlib", "torch", "requests", "urllib3", "http.client")


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _loaded_after(statement: str) -> list[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    return _run(code)


def test_import_loads_no_heavy_module():
    assert _loaded_after("import bldgagent") == []


def test_import_loads_neither_pandas_nor_ifcopenshell():
    # the package's own first lines: only the plain-data model, the errors and the CLI registry
    assert _run("import json, sys, bldgagent\nprint(json.dumps([m for m in ('pandas', 'ifcopenshell', 'networkx') "
                "if m in sys.modules]))") == []


@pytest.mark.parametrize("package", ["climate", "energy", "health", "lca", "ifc"])
def test_subpackage_import_is_light(package):
    assert _loaded_after(f"import bldgagent.{package}") == []


def test_loading_a_model_needs_no_engine_dependency():
    # the IFC reader and the health engine's modules import neither pythermalcomfort, numba nor pvlib
    assert _loaded_after("import bldgagent.ifc.reader, bldgagent.health.building, bldgagent.health.comfort") == []


def test_public_names_resolve():
    code = """
import json, inspect, bldgagent
names = {}
for name in bldgagent.__all__:
    value = getattr(bldgagent, name)
    names[name] = type(value).__name__
import bldgagent.assess  # the module of the same name must not shadow the function
import bldgagent.lca.takeoff
sub = {
    "climate.load_weather": bldgagent.climate.load_weather.__name__,
    "climate.Weather": bldgagent.climate.Weather.__name__,
    "energy.assess_energy": bldgagent.energy.assess_energy.__name__,
    "health.score_rooms": bldgagent.health.score_rooms.__name__,
    "health.pmv_ppd": bldgagent.health.pmv_ppd.__name__,
    "lca.assess_carbon": bldgagent.lca.assess_carbon.__name__,
    "ifc.load": bldgagent.ifc.load.__name__,
}
print(json.dumps({"names": names, "sub": sub, "assess": inspect.isfunction(bldgagent.assess),
                  "takeoff": inspect.isfunction(bldgagent.lca.takeoff), "dir": sorted(dir(bldgagent)),
                  "same_load": bldgagent.load is bldgagent.ifc.load is bldgagent.ifc.reader.load}))
"""
    out = _run(code)
    assert out["names"]["load"] == "function" and out["names"]["Building"] == "type"
    assert out["names"]["errors"] == out["names"]["model"] == "module" and out["names"]["__version__"] == "str"
    assert out["sub"] == {k: k.split(".")[1] for k in out["sub"]}
    assert out["assess"] and out["takeoff"] and out["same_load"]
    assert {"load", "assess_health", "climate", "energy", "Building"} <= set(out["dir"])


def test_unknown_attribute_raises_attribute_error():
    import bldgagent

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        bldgagent.nope  # noqa: B018
    with pytest.raises(AttributeError, match="bldgagent.climate"):
        bldgagent.climate.nope  # noqa: B018


def test_lazy_njit_compiles_on_first_call():
    from bldgagent.health.air import _co2_kernel, co2_hourly_ppm

    assert callable(_co2_kernel.py_func)
    # steady state reached from the first hour: 0.005 L/s per person x 1000 / 10 L/s per person = 500 ppm above outdoors
    ppm = co2_hourly_ppm(occupancy=[1.0] * 8760, ventilation_l_s=[10.0] * 8760, volume_m3=0.01,
                         generation_l_h_per_person=18.0)
    assert ppm[-1] == pytest.approx(18.0 / 3600.0 / 10.0 * 1e6, rel=1e-3)
