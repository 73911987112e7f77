"""Terms of the report and charts in English and Chinese (``bldgagent/data/report/terms.csv``).

EN 15978 module names follow EN 15978:2011 Clause 7.4; Chinese names follow the GB/T 51366-2019 phase
names where a phase matches (建材生产, 建材运输, 建造, 运行, 拆除, 回收抵扣), and the rest are bldgagent's
translations (the ``source`` column says which).
"""
from __future__ import annotations

from functools import lru_cache

from .._data import read_csv
from ..errors import InputValueError

#: Languages of the report: English and simplified Chinese.
LANGUAGES = ("en", "zh")


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else an InputValueError naming the choices."""
    if lang not in LANGUAGES:
        raise InputValueError(f"lang={lang!r}: the report and charts are written in {' or '.join(LANGUAGES)}; "
                              "pass lang='en' or lang='zh'")
    return lang


@lru_cache(maxsize=None)
def _terms() -> dict[str, dict[str, str]]:
    frame = read_csv("report/terms.csv", required=("key", "en", "zh", "source"))
    return {lang: dict(zip(frame["key"], frame[lang])) for lang in LANGUAGES}


def term(key: str, lang: str = "en") -> str:
    """The text of ``key`` in ``lang``; an unknown key is returned as is (e.g. a room or material name)."""
    return _terms()[check_lang(lang)].get(key, key)


def module_label(module: str, lang: str = "en") -> str:
    """Name of an EN 15978 module (``"A1-A3"``...) in ``lang``."""
    return term(f"module_{module}", lang)
