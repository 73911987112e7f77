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

from bldgagent.cli import main
from bldgagent.report.progress import REFRESH_S, Stages, progress_enabled


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
            with Stages(["read model", "assess"], desc="assess") as stages:
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
