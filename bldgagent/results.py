"""The result protocol: one base class for every public result object, one JSON converter, one number format.

Every result (energy, carbon, health, weather, comparisons...) derives from :class:`Result` and implements
small hooks; the conversion and its strictness live here only:

- ``_data()`` returns the result as a dict of anything :func:`jsonable` understands (numpy, pandas,
  dataclasses, nested results); ``to_dict()`` converts it to strict JSON (NaN/Infinity -> null);
- ``_html_body()`` returns the HTML under the title; ``_repr_html_()`` puts the warnings of the
  result's diagnostics first;
- ``to_json()``, ``to_frame()`` and ``_repr_mimebundle_()`` follow from these.

Bottom layer: imports only the standard library, numpy, pandas and :mod:`bldgagent.errors`.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import enum
import html
import re
import importlib
import json
import math
from pathlib import PurePath
from typing import Any, Iterable, Mapping

import numpy as np

from ._lazy import LazyModule
from .errors import InputValueError

pd = LazyModule("pandas")   # loaded by the first result that converts or shows a pandas object

__all__ = ["Result", "jsonable", "format_number", "column_label", "html_table", "frame_html", "dict_html"]

#: Largest number of decimals :func:`format_number` prints (smaller magnitudes print as 0).
_MAX_DECIMALS = 9


# --- JSON --------------------------------------------------------------------------------------------
def _float(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _array(arr: np.ndarray) -> list:
    """Nested lists of plain Python values; non-finite floats -> None."""
    if arr.dtype.kind == "f":
        if np.isfinite(arr).all():
            return arr.tolist()
        return np.where(np.isfinite(arr), arr, None).tolist()
    if arr.dtype.kind in "biu":
        return arr.tolist()
    return [jsonable(v) for v in arr.tolist()]


def _key(key: Any) -> str:
    if isinstance(key, (np.integer, np.floating, np.bool_)):
        key = key.item()
    if isinstance(key, enum.Enum):
        key = key.value
    return str(key)


def _scalar(obj: Any) -> tuple[bool, Any]:
    """(True, converted) for JSON scalars and the leaf types jsonable knows, else (False, None)."""
    if obj is None or isinstance(obj, str):
        return True, obj
    if isinstance(obj, (bool, np.bool_)):
        return True, bool(obj)
    if isinstance(obj, (int, np.integer)):
        return True, int(obj)
    if isinstance(obj, (float, np.floating)):
        return True, _float(float(obj))
    if isinstance(obj, decimal.Decimal):
        return True, _float(float(obj))
    if obj is pd.NA or obj is pd.NaT:
        return True, None
    if isinstance(obj, (pd.Timestamp, _dt.datetime, _dt.date, _dt.time)):
        return True, obj.isoformat()
    if isinstance(obj, np.datetime64):
        return True, None if np.isnat(obj) else pd.Timestamp(obj).isoformat()
    if isinstance(obj, (pd.Timedelta, _dt.timedelta, np.timedelta64)):
        td = pd.Timedelta(obj)
        return True, None if td is pd.NaT else td.total_seconds()
    if isinstance(obj, PurePath):
        return True, str(obj)
    return False, None


def _container(obj: Any) -> Any:
    """Convert containers and objects (one level; callers recurse through :func:`jsonable`)."""
    if isinstance(obj, Result):
        return obj.to_dict()
    if isinstance(obj, enum.Enum):
        return jsonable(obj.value)
    if isinstance(obj, Mapping):
        return {_key(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return _array(obj)
    if isinstance(obj, pd.DataFrame):
        return [{_key(k): jsonable(v) for k, v in row.items()} for row in obj.to_dict("records")]
    if isinstance(obj, pd.Series):
        return {_key(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.Index):
        return [jsonable(v) for v in obj.tolist()]
    if isinstance(obj, (set, frozenset)):
        items = [jsonable(v) for v in obj]
        return sorted(items, key=lambda v: (str(type(v)), str(v)))
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict) and not isinstance(obj, type):
        return jsonable(to_dict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, np.generic):
        return jsonable(obj.item())
    raise InputValueError(
        f"{type(obj).__module__}.{type(obj).__qualname__} is not JSON-convertible; give the object a to_dict() "
        "method or convert it to numbers, strings, lists or dicts before putting it in a result")


def jsonable(obj: Any) -> Any:
    """Strict-JSON version of ``obj``: only dict/list/str/int/float/bool/None, never NaN or Infinity.

    Converts numpy scalars and arrays, pandas frames (list of row dicts), series (dict by index), indexes,
    timestamps (ISO 8601) and NA, dataclasses (field dict, or their ``to_dict()``), results and anything
    with ``to_dict()``, :class:`~pathlib.Path` (str), :class:`~enum.Enum` (its value), sets (sorted lists),
    tuples (lists). Non-finite floats become None. Dict keys become strings. Anything else raises
    :class:`~bldgagent.errors.InputValueError` naming the type.
    """
    done, value = _scalar(obj)
    if done:
        return value
    return _container(obj)


def dumps(obj: Any, indent: int | None = None, **kwargs: Any) -> str:
    """``json.dumps`` of :func:`jsonable` ``(obj)``, strict (``allow_nan=False``), UTF-8 text kept as is."""
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(jsonable(obj), indent=indent, allow_nan=False, **kwargs)


# --- numbers -----------------------------------------------------------------------------------------
def format_number(value: Any, unit: str | None = None, digits: int = 3) -> str:
    """Readable text of a number: ``digits`` significant digits, thousands separators, no exponent.

    Integer digits are never rounded away (20697410.3 -> ``"20,697,410"``); small values get decimals up to
    9 (0.000123 -> ``"0.000123"``). None/NaN -> ``"-"``, +/-Infinity -> ``"inf"``/``"-inf"``, bools
    ``"yes"``/``"no"``, other objects ``str()``. ``unit`` is appended after a space.
    """
    text = _number_text(value, digits)
    return f"{text} {unit}" if unit and text != "-" else text


def _number_text(value: Any, digits: int) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return "-"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if not isinstance(value, (float, np.floating, decimal.Decimal)):
        return str(value)
    v = float(value)
    if math.isnan(v):
        return "-"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(v)))
    decimals = min(max(0, int(digits) - 1 - magnitude), _MAX_DECIMALS)
    text = f"{v:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- HTML --------------------------------------------------------------------------------------------
#: Name suffix -> unit shown in column headers (longest suffixes first). Units are those of the names.
_UNIT_SUFFIXES = (
    ("_kgco2e_per_m2_yr", "kgCO2e/m²/a"), ("_kgco2e_per_m2", "kgCO2e/m²"), ("_kgco2e_m2_yr", "kgCO2e/m²/a"),
    ("_kgco2e_m2", "kgCO2e/m²"), ("_kgco2_m2", "kgCO2/m²"), ("_kgco2e", "kgCO2e"), ("_kgco2", "kgCO2"),
    ("_kwh_m2", "kWh/m²"), ("_kwh_kwp", "kWh/kWp"), ("_kwh", "kWh"), ("_kwp", "kWp"), ("_kw", "kW"),
    ("_w_m2", "W/m²"), ("_w_m2k", "W/(m²K)"), ("_m2", "m²"), ("_m3", "m³"), ("_kg", "kg"), ("_pct", "%"),
    ("_deg", "°"), ("_c", "°C"), ("_k", "K"), ("_db", "dB"), ("_lx", "lx"), ("_ppm", "ppm"), ("_l_s", "l/s"),
    ("_m_s", "m/s"), ("_pa", "Pa"), ("_m", "m"), ("_h", "h"), ("_yr", "a"), ("_years", "a"),
)


#: Words of a name written as readers know them (standards, modules, units inside a name).
_WORDS = {"en15978": "EN 15978", "gbt51366": "GB/T 51366", "en16798": "EN 16798", "en17037": "EN 17037",
          "gbt50785": "GB/T 50785", "iso7730": "ISO 7730", "tm52": "TM52", "tm59": "TM59", "tasc02": "T/ASC 02",
          "well": "WELL", "pmv": "PMV", "ppd": "PPD", "co2": "CO2", "voc": "VOC", "pm25": "PM2.5", "pv": "PV",
          "gfa": "GFA", "wwr": "WWR", "hvac": "HVAC", "ach": "ach", "id": "ID", "ifc": "IFC", "kgco2e": "kgCO2e",
          "kgco2": "kgCO2", "tco2e": "tCO2e", "kwh": "kWh", "m2": "m²", "m3": "m³", "per": "per"}
_MODULE = re.compile(r"^[a-d]\d{1,2}$")          # EN 15978 modules: a1, a5, b6, c4, d
_DEGREES = re.compile(r"^(\d+(?:\.\d+)?)c$")     # 26c -> 26 °C


def _word(token: str) -> str:
    if token in _WORDS:
        return _WORDS[token]
    if _MODULE.match(token):
        return token.upper()
    degrees = _DEGREES.match(token)
    return f"{degrees.group(1)} °C" if degrees else token


def column_label(name: Any) -> str:
    """Header text of a column named with its unit, in words: ``"heating_kwh_m2"`` -> ``"Heating [kWh/m²]"``,
    ``"whole_life_en15978_kgco2e_m2"`` -> ``"Whole life EN 15978 [kgCO2e/m²]"``; a name that is only a unit
    (``"kgco2e_per_m2"``) becomes that unit. Names that are not snake_case pass unchanged."""
    text = str(name)
    low = text.lower()
    if not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", low) or text != low:
        return text
    unit = ""
    for suffix, suffix_unit in _UNIT_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            low, unit = low[: -len(suffix)], suffix_unit
            break
    if low.endswith("_per") and unit:                  # the name is a unit itself: kgco2e_per_m2 -> kgCO2e/m²
        return " ".join(_word(t) for t in low[:-4].split("_")) + "/" + unit
    words = re.sub(r"\b([A-D]\d{1,2}) ([A-D]\d{1,2})\b", r"\1-\2", " ".join(_word(t) for t in low.split("_")))
    if low.split("_")[0] not in _WORDS:              # a unit or standard first keeps its own case (tCO2e, ach)
        words = words[:1].upper() + words[1:]
    return f"{words} [{unit}]" if unit else words


def _th(name: Any, left: bool = False) -> str:
    """A header cell in words with its unit; the name as data carries it (``to_dict``/``to_frame``) in its tooltip."""
    label, key = column_label(name), str(name)
    title = f" title='{html.escape(key, quote=True)}'" if label != key else ""
    style = " style='text-align:left'" if left else ""
    return f"<th{style}{title}>{html.escape(label)}</th>"


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, (list, tuple)):
        return html.escape(", ".join(format_number(v, digits=digits) for v in value))
    if isinstance(value, Mapping):
        return html.escape(", ".join(f"{k}: {format_number(v, digits=digits)}" for k, v in value.items()))
    return html.escape(format_number(value, digits=digits))


def _align(value: Any) -> str:
    """Right-align numbers."""
    num = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    return " style='text-align:right'" if num else ""


def html_table(rows: Iterable[Mapping[str, Any]], columns: Iterable[str] | None = None, caption: str | None = None,
               digits: int = 3) -> str:
    """An HTML table of row dicts: headers with their units (:func:`column_label`), numbers via
    :func:`format_number`, numbers right-aligned."""
    rows = list(rows)
    cols = list(columns) if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(_th(c) for c in cols)
    body = []
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            cells.append(f"<td{_align(v)}>{_cell(v, digits)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<tr>{head}</tr>{''.join(body)}</table>"


def frame_html(frame: pd.DataFrame, caption: str | None = None, index: bool = False, digits: int = 3,
               max_rows: int = 60) -> str:
    """:func:`html_table` of a DataFrame (first ``max_rows`` rows, a note says how many were left out)."""
    df = frame.reset_index() if index else frame
    rows = df.head(max_rows).to_dict("records")
    out = html_table(rows, [str(c) for c in df.columns] if len(rows) == 0 else list(df.columns), caption, digits)
    if len(df) > max_rows:
        out += f"<p>{len(df) - max_rows} more rows: see to_frame()</p>"
    return out


def dict_html(values: Mapping[str, Any], caption: str | None = None, digits: int = 3) -> str:
    """A two-column HTML table (name with its unit, value) of the scalar entries of ``values``."""
    rows = "".join(
        f"<tr>{_th(k, left=True)}"
        f"<td{_align(v)}>{_cell(v, digits)}</td></tr>"
        for k, v in values.items() if not isinstance(v, (Mapping, pd.DataFrame, np.ndarray)))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}{rows}</table>"


# --- the base class ----------------------------------------------------------------------------------
class Result:
    """Base of every public result object: ``to_dict``, ``to_json``, ``to_frame``, HTML and MIME displays.

    Subclasses override the hooks ``_data()`` (the dict before conversion; by default the dataclass
    fields, leaving out fields whose metadata has ``hourly=True``), ``_html_body()`` (by default a table
    of the scalar entries of ``to_dict()``) and, when useful, ``_html_title()`` and ``_warnings()``
    (by default the warning and error entries of a ``diagnostics`` attribute).
    """

    # --- hooks -------------------------------------------------------------------------------------
    def _data(self) -> dict[str, Any]:
        if not dataclasses.is_dataclass(self):
            raise NotImplementedError(f"{type(self).__name__} must implement _data()")
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if not f.metadata.get("hourly")}

    def _html_title(self) -> str:
        return type(self).__name__

    def _html_body(self) -> str:
        return dict_html(self.to_dict())

    def _warnings(self) -> list[str]:
        """Messages of the ``warning``/``error`` diagnostics, shown first in the HTML display."""
        out = []
        for d in getattr(self, "diagnostics", None) or ():
            level = getattr(d, "level", None) if not isinstance(d, Mapping) else d.get("level")
            if level in ("warning", "error"):
                get = d.get if isinstance(d, Mapping) else lambda k, _d=d: getattr(_d, k, None)
                where = f" ({get('entity')})" if get("entity") else ""
                out.append(f"{level} {get('code')}: {get('message')}{where}")
        return out

    # --- protocol ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON dict (``json.dumps(..., allow_nan=False)`` passes; missing values are None)."""
        return jsonable(self._data())

    def to_json(self, indent: int | None = None, **kwargs: Any) -> str:
        """``to_dict()`` as JSON text (strict: no NaN or Infinity)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, **kwargs)

    def to_frame(self) -> pd.DataFrame:
        """One-row frame of the scalar entries of ``to_dict()`` (subclasses return richer tables)."""
        return pd.DataFrame([{k: v for k, v in self.to_dict().items() if not isinstance(v, (dict, list))}])

    def _repr_html_(self) -> str:
        warnings = self._warnings()
        warn = ""
        if warnings:
            items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings[:20])
            more = f"<li>... {len(warnings) - 20} more in diagnostics</li>" if len(warnings) > 20 else ""
            warn = f"<div class='bldgagent-warnings'><b>Warnings</b><ul>{items}{more}</ul></div>"
        return (f"<div class='bldgagent-result'><b>{html.escape(self._html_title())}</b>"
                f"{warn}{self._html_body()}</div>")

    def plot(self, kind: str | None = None, **kwargs: Any) -> Any:
        """A matplotlib Figure of this result (the ``plot`` extra): ``kind`` one of
        ``bldgagent.report.plots.kinds_for(self)``, default the first; see :mod:`bldgagent.report.plots`."""
        # The charts live in the report layer, above every result. The module is looked up by name when a chart is
        # asked for, so no result module imports report (the layer contract, which checks import statements only,
        # holds in spirit too: nothing below report depends on it to compute anything).
        return importlib.import_module("bldgagent.report.plots").plot(self, kind, **kwargs)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter display: ``text/plain`` (repr), ``text/html`` and ``application/json`` (``to_dict()``)."""
        makers = {"text/plain": lambda: repr(self), "text/html": self._repr_html_,
                  "application/json": self.to_dict}
        keys = [k for k in makers if (not include or k in include) and (not exclude or k not in exclude)]
        return {k: makers[k]() for k in keys}
