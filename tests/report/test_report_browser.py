"""The HTML report renders in headless Chromium (Debian's package, installed by .ci/run) to a non-blank page in
English and in Chinese."""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_screenshot_is_not_blank(tmp_path, sample_reports, lang):
    from matplotlib.image import imread

    assert CHROMIUM, "chromium is not installed: apt-get install -y chromium (.ci/run does)"
    page, shot = tmp_path / f"report_{lang}.html", tmp_path / f"report_{lang}.png"
    page.write_text(sample_reports[lang], encoding="utf-8")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-extensions", "--disable-sync", "--no-first-run", "--mute-audio", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,3000", f"--screenshot={shot}",
           page.as_uri()]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert shot.exists(), run.stderr[-2000:]
    pixels = imread(shot)[..., :3]
    assert pixels.shape[:2] == (3000, 1200)
    ink = (pixels < 0.9).any(axis=2)                    # anything darker than near-white
    assert ink.mean() > 0.02                            # text, tables and charts cover more than 2 % of the page
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 50                            # charts in colour, not a blank or one-colour page
