"""Fixtures of the report tests (``sample_ifc`` from tests/conftest.py): the sample building assessed once in Haikou (no Monte Carlo draws)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sample_assessment(sample_ifc):
    import bldgagent

    return bldgagent.assess(bldgagent.load(sample_ifc), "haikou", n_draws=0)


@pytest.fixture(scope="session")
def sample_reports(sample_assessment):
    """The HTML report of the sample building in English and in Chinese."""
    from bldgagent.report.html import render_report

    return {lang: render_report(sample_assessment, lang) for lang in ("en", "zh")}
