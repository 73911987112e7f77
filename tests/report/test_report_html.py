"""The design-review report: self-contained (no network reference but XML namespaces, no script), six or more inline
SVG charts, both carbon methods, in English and Chinese, printable; ``bldgagent report`` on the sample building and
two shared models."""
from __future__ import annotations

import re

import pytest
from shared_data import shared_ifc

from bldgagent.cli import main
from bldgagent.lca.methods import EN_MODULES
from bldgagent.results import format_number

#: The only http(s) text allowed: namespace declarations of the inline SVG (xmlns="http://www.w3.org/2000/svg",
#: xmlns:xlink="http://www.w3.org/1999/xlink").
NAMESPACE = re.compile(r'xmlns(:\w+)?="https?://www\.w3\.org/[^"]*"')


def check_self_contained(text: str) -> None:
    rest = NAMESPACE.sub("", text)
    assert not re.search(r"https?:", rest, re.I), re.search(r".{60}https?:.{60}", rest, re.I | re.S)
    assert "<script" not in text.lower() and "@import" not in text and "@font-face" not in text
    assert not re.search(r"""(src|href)\s*=\s*["'](?!data:|#)""", text)     # only inline data and fragments
    assert "<!DOCTYPE svg" not in text and "<metadata>" not in text


def test_report_is_self_contained_and_has_the_charts(sample_reports):
    for lang, text in sample_reports.items():
        check_self_contained(text)
        assert text.count("<svg") >= 6
        assert len(re.findall(r"<figure class='chart'", text)) == 7
        assert "@media print" in text and "@page" in text


def test_report_terms_in_each_language(sample_reports, sample_assessment):
    en, zh = sample_reports["en"], sample_reports["zh"]
    assert "<html lang='en'>" in en and "<html lang='zh-CN'>" in zh
    assert "Product stage (A1-A3)" in en and "产品阶段（A1-A3）" in zh
    assert "building-material production (建材生产)" in en and "<td>建材生产</td>" in zh
    assert "Operational energy use (B6)" in en and "运行能耗（B6）" in zh
    assert "Window-to-wall ratio" in en and "窗墙面积比" in zh
    assert "热湿环境" in zh and "Thermal comfort" in en
    # the headline numbers in the readable format (no exponent): whole life and GB/T total per m2
    h = sample_assessment.headline()
    for text in (en, zh):
        assert f">{format_number(h['whole_life_en15978_kgco2e_m2'])}<" in text
        assert f">{format_number(h['gbt51366_total_kgco2e_m2'])}<" in text
        assert not re.search(r">-?\d\.\d+e[+-]\d+<", text)
    assert en.count("<tr>") > 40


def _report(tmp_path, model, *extra):
    out = tmp_path / f"{model.stem}.html"
    assert main(["report", str(model), "--draws", "0", "--quiet", "-o", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, climate, lang", [("ExampleHOM.ifc", "haikou", "zh"),
                                                 ("AC20-FZK-Haus.ifc", "shanghai", "en")])
def test_report_command_on_shared_models(tmp_path, name, climate, lang):
    text = _report(tmp_path, shared_ifc(name), "--climate", climate, "--lang", lang)
    check_self_contained(text)
    assert text.count("<svg") >= 6
    assert ("运行能耗（B6）" if lang == "zh" else "Operational energy use (B6)") in text
    rows = re.search(r"<h3>[^<]*EN 15978[^<]*</h3><table>(.*?)</table>", text, re.S).group(1)
    assert rows.count("<tr>") == 1 + len(EN_MODULES)


def test_report_command_refuses_before_work(tmp_path, sample_ifc, capsys):
    assert main(["report", str(sample_ifc), "-o", str(sample_ifc)]) == 2
    assert "is an input file" in capsys.readouterr().err
    out = tmp_path / "r.html"
    assert main(["report", str(sample_ifc), "--lang", "fr", "-o", str(out)]) == 2


def test_report_proposals_section_from_the_propose_hook(tmp_path, sample_ifc, monkeypatch):
    """--proposals draws the section from bldgagent.propose.report_frames (the search itself is tested in
    tests/propose; here its frames are fixed so the wiring is checked in seconds)."""
    import pandas as pd

    import bldgagent.propose as propose

    frames = {"tradeoff": pd.DataFrame({"whole_life_kgco2e_m2": [1000.0, 700.0], "health_score": [80.0, 82.0],
                                        "label": ["baseline", "#1"], "is_baseline": [True, False]}),
              "abatement": pd.DataFrame({"measure": ["roof PV 100 m2"], "saved_kgco2e_m2": [250.0],
                                         "health_delta": [0.0]})}
    seen = []
    monkeypatch.setattr(propose, "report_frames", lambda a: seen.append(a.building.name) or frames)
    text = _report(tmp_path, sample_ifc, "--climate", "haikou", "--proposals")
    assert len(seen) == 1
    check_self_contained(text)
    assert text.count("<svg") >= 8 and "roof PV 100 m2" in text
