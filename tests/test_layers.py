"""The layering of bldgagent (setup.cfg [importlinter]) holds, would catch an upward import, and the library
never imports its command line."""
from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The planned layers, top to bottom (docs: /shared/reference/architecture.md "The shape we are growing into").
PLANNED_LAYERS = [
    "cli",
    "(agent)",
    "report",
    "(propose)",
    "(surrogate)",
    "(sweep)",
    "(design)",
    "variants | comparison",
    "assess",
    "lca : energy : health",
    "climate | ifc",
    "summary : checks : completeness : usage : (results)",
    "_data : model : graph : progress",
    "errors",
]


def _contract_layers(config: Path = ROOT / "setup.cfg", contract: str = "layers") -> list[str]:
    parser = configparser.ConfigParser()
    parser.read(config, encoding="utf-8")
    return [line.strip() for line in parser[f"importlinter:contract:{contract}"]["layers"].splitlines() if line.strip()]


def _lint(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    """import-linter's Python API (``importlinter.cli.lint_imports``) in a fresh interpreter run from ``cwd``."""
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))")
    return subprocess.run([sys.executable, "-c", code, str(config)], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_contract_lists_the_planned_layers():
    assert _contract_layers() == PLANNED_LAYERS
    assert _contract_layers(contract="engines") == ["health", "energy", "lca"]


def test_bldgagent_keeps_its_layers():
    run = _lint(ROOT, ROOT / "setup.cfg")
    assert run.returncode == 0, f"import-linter contract broken:\n{run.stdout}\n{run.stderr}"
    assert "2 kept, 0 broken" in run.stdout


def _tiny_package(tmp_path: Path, extra: dict[str, str]) -> Path:
    """A package ``tinyb`` with one module per (non-optional) layer of our contract, each importing only
    downward, plus ``extra`` lines appended to named modules; the same contract pointed at it."""
    names = [n.strip("() ") for layer in PLANNED_LAYERS for n in layer.replace(":", "|").split("|")]
    optional = {n.strip("() ") for layer in PLANNED_LAYERS for n in layer.replace(":", "|").split("|") if "(" in n}
    present = [n for n in names if n not in optional]
    pkg = tmp_path / "tinyb"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    allowed = {"cli": "report", "report": "variants", "variants": "assess", "comparison": "assess",
               "assess": "lca", "lca": "ifc", "energy": "lca", "health": "energy", "climate": "_data", "ifc": "usage",
               "usage": "_data", "summary": "model", "checks": "model", "completeness": "model", "_data": "errors", "model": "graph", "graph": "errors", "progress": "errors",
               "errors": None}
    assert set(allowed) == set(present)
    for name in present:
        body = f"import tinyb.{allowed[name]}\n" if allowed[name] else ""
        (pkg / f"{name}.py").write_text(body + extra.get(name, ""))
    text = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    parser = configparser.ConfigParser()
    parser.read_string(text)
    layers = parser["importlinter:contract:layers"]["layers"]
    config = tmp_path / "tiny.ini"
    config.write_text("[importlinter]\nroot_package = tinyb\n\n[importlinter:contract:layers]\nname = tiny\n"
                      "type = layers\ncontainers =\n    tinyb\nlayers =" + layers.replace("\n", "\n    ") + "\n")
    return config


def test_tiny_package_with_downward_imports_passes(tmp_path):
    run = _lint(tmp_path, _tiny_package(tmp_path, {}))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("module, line, broken", [
    ("energy", "def f():\n    import tinyb.assess\n", "tinyb.energy is not allowed to import tinyb.assess"),
    ("assess", "import tinyb.cli\n", "tinyb.assess is not allowed to import tinyb.cli"),
    ("report", "import tinyb.cli\n", "tinyb.report is not allowed to import tinyb.cli"),
    ("ifc", "import tinyb.climate\n", "tinyb.ifc is not allowed to import tinyb.climate"),
    ("errors", "from tinyb import model\n", "tinyb.errors is not allowed to import tinyb.model"),
    ("model", "import tinyb.summary\n", "tinyb.model is not allowed to import tinyb.summary"),
])
def test_an_upward_import_is_caught(tmp_path, module, line, broken):
    run = _lint(tmp_path, _tiny_package(tmp_path, {module: line}))
    assert run.returncode != 0
    assert broken in run.stdout


def test_import_bldgagent_does_not_import_the_cli():
    code = ("import sys, bldgagent; print(sorted(m for m in sys.modules if m in ('bldgagent.cli', "
            "'bldgagent.report') or m.startswith(('bldgagent.cli.', 'bldgagent.report.'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_no_library_module_imports_the_cli():
    offenders = []
    for path in (ROOT / "bldgagent").rglob("*.py"):
        if "cli" in path.relative_to(ROOT / "bldgagent").parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"from\s+\.+cli\b|(import|from)\s+bldgagent\.cli\b|from\s+\.+\s+import\s+.*\bcli\b", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
