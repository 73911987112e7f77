"""Progress of long work: a tqdm bar on stderr in a terminal, silent with --quiet or when stderr is not a terminal,
never on stdout: ``bldgagent assess --json`` prints the same JSON with or without it."""
from __future__ import annotations

import fcntl
import io
import json
import os
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from bldgagent.cli import main
from bldgagent.progress import REFRESH_S, Stages, progress_enabled


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_enabled_only_in_a_terminal_and_not_quiet():
    master, slave = os.openpty()
    try:
        with os.fdopen(slave, "w", closefd=False) as tty:
            assert progress_enabled(stream=tty)
            assert not progress_enabled(quiet=True, stream=tty)
        assert not progress_enabled(stream=io.StringIO())
    finally:
        os.close(master)
        os.close(slave)


def test_running_stage_keeps_refreshing_in_a_real_terminal(monkeypatch):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))   # a 100-column terminal
    try:
        with os.fdopen(slave, "w", closefd=False) as tty:
            monkeypatch.setattr(sys, "stderr", tty)
            with Stages(["read model", "assess"], desc="assess", delay_s=0) as stages:
                stages.start("read model")
                stages.start("assess")
                time.sleep(4 * REFRESH_S + 0.2)
            tty.flush()
        ready = select.select([master], [], [], 5)[0]              # never block the suite
        text = os.read(master, 1 << 20).decode("utf-8", "replace") if ready else ""
    finally:
        os.close(master)
        os.close(slave)
    assert "assess: read model" in text and "assess: assess" in text and "stages" in text
    # a redraw at least every REFRESH_S while the second stage runs: 4 or more after its start
    assert text.split("assess: assess", 1)[1].count("\r") >= 4


def _assess(sample_ifc, capsys, monkeypatch, stderr, *extra):
    monkeypatch.setattr(sys, "stderr", stderr)
    code = main(["assess", str(sample_ifc), "--climate", "haikou", "--no-health", "--draws", "0", "--json", *extra])
    assert code == 0
    return capsys.readouterr().out


def test_assess_json_is_the_same_with_progress(sample_ifc, capsys, monkeypatch):
    terminal = _Terminal()
    with_bar = _assess(sample_ifc, capsys, monkeypatch, terminal)
    assert "assess: energy, carbon, health" in terminal.getvalue()       # the bar went to the terminal
    piped = io.StringIO()
    without = _assess(sample_ifc, capsys, monkeypatch, piped)
    assert piped.getvalue() == ""                                        # not a terminal: silent
    assert json.loads(with_bar) == json.loads(without)                   # stdout is the JSON only, unchanged
    assert with_bar.lstrip().startswith("{") and "stages" not in with_bar
    quiet = _Terminal()
    _assess(sample_ifc, capsys, monkeypatch, quiet, "--quiet")
    assert quiet.getvalue() == ""


# --- progress inside library calls (load, assess), the CLI's --quiet everywhere, Jupyter's widget --------------
def test_load_counts_the_triangulated_elements_in_a_terminal(sample_ifc, monkeypatch):
    from bldgagent import progress
    from bldgagent.ifc import load

    monkeypatch.setattr(progress, "DELAY_S", 0.0)          # the sample reads in under the 2 s delay
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    load(sample_ifc)
    text = terminal.getvalue()
    assert "load: geometry" in text and "element" in text
    # the final count is the number of entities handed to the geometry iterator: more than the 24 rooms
    counts = [int(part.split("/")[1].split()[0]) for part in text.split("load: geometry")[1:] if "/" in part]
    assert counts and max(counts) > 24


def test_no_bar_when_switched_off(sample_ifc, monkeypatch):
    from bldgagent import progress
    from bldgagent.ifc import load

    monkeypatch.setattr(progress, "DELAY_S", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    load(sample_ifc, progress=False)
    with progress.silenced():
        load(sample_ifc)
    monkeypatch.setenv("BLDGAGENT_PROGRESS", "0")
    load(sample_ifc)
    assert terminal.getvalue() == ""
    assert progress.progress_enabled(progress=True, stream=io.StringIO())   # forced on where it would be hidden


def test_worker_processes_draw_no_bars(monkeypatch):
    """A batch's worker processes inherit the terminal; only the parent's batch bar is drawn."""
    import multiprocessing

    from bldgagent import progress

    master, slave = os.openpty()
    try:
        with os.fdopen(slave, "w", closefd=False) as tty:
            assert progress.progress_enabled(stream=tty)
            monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
            assert not progress.progress_enabled(stream=tty)
    finally:
        os.close(master)
        os.close(slave)


def test_short_calls_draw_nothing(sample_ifc, monkeypatch):
    from bldgagent.ifc import load

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr("bldgagent.progress.DELAY_S", 60.0)
    load(sample_ifc)                                       # far shorter than the delay: no bar at all
    assert terminal.getvalue() == ""


def test_assess_names_its_stages(sample_ifc, monkeypatch):
    import bldgagent
    from bldgagent import progress

    building = bldgagent.load(sample_ifc, progress=False)
    monkeypatch.setattr(progress, "DELAY_S", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bldgagent.assess(building, "haikou", n_draws=0)
    text = terminal.getvalue()
    assert all(f"assess: {stage}" in text for stage in ("energy", "carbon", "health"))


@pytest.mark.parametrize("command, stage", [("inspect", "read model"), ("carbon", "carbon account"),
                                            ("energy", "simulate"), ("health", "simulate and score rooms")])
def test_every_engine_command_shows_stages_and_quiet_hides_them(sample_ifc, capsys, monkeypatch, command, stage):
    climate = [] if command in ("inspect", "carbon") else ["--climate", "haikou"]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([command, str(sample_ifc), *climate, "--json"]) == 0
    with_bar = json.loads(capsys.readouterr().out)
    assert f"{command}: {stage}" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main([command, str(sample_ifc), *climate, "--json", "--quiet"]) == 0
    assert quiet.getvalue() == ""                          # --quiet hides the library's bars (load's) as well
    if command == "inspect":                               # same JSON with and without the bar
        assert json.loads(capsys.readouterr().out) == with_bar


def test_jupyter_gets_a_widget(sample_ifc, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("PYTHONPATH", str(root))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import bldgagent, bldgagent.progress\n"
        "bldgagent.progress.DELAY_S = 0.0\n"
        f"building = bldgagent.load({str(sample_ifc)!r})\n"
        "print(len(building.spaces))")]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)  # tqdm's widget
    assert any(o.get("text", "").strip() == "24" for o in outputs)
