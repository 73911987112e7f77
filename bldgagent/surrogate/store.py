"""Save and load a trained ensemble: ``weights.safetensors`` (tensors only, no pickled code) + ``model.json``.

Loading a model trained on another engine version or feature schema warns: its numbers describe other physics.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from ..errors import InputFileError

WEIGHTS, CARD = "weights.safetensors", "model.json"


class EngineVersionWarning(UserWarning):
    """The model was trained on another engine version or feature schema than the one installed."""


def save(model, directory: str | Path) -> Path:
    """Write ``model`` (a trained :class:`~.ensemble.EnsembleSurrogate`) into ``directory``."""
    import torch
    from safetensors.torch import save_file

    from .data import engine_version
    from .features import FEATURE_SCHEMA_VERSION

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().contiguous() for k, v in model.net.params.items()}
    tensors["knn_reference"] = torch.tensor(np.ascontiguousarray(model.reference), dtype=torch.float32).contiguous()
    if getattr(model, "knn_basis", None) is not None:
        tensors["knn_basis"] = torch.tensor(np.ascontiguousarray(model.knn_basis), dtype=torch.float32).contiguous()
    save_file(tensors, str(d / WEIGHTS))
    card = {"format": "bldgagent-surrogate-ensemble/1", "engine_version": engine_version(),
            "feature_schema": FEATURE_SCHEMA_VERSION, "params": model.get_params(), "meta": model.meta}
    (d / CARD).write_text(json.dumps(card, indent=1))
    return d


def load(directory: str | Path = None):
    """The ensemble saved in ``directory`` (default: the shipped model, :func:`shipped_model_dir`)."""
    from safetensors.torch import load_file

    from .data import engine_version
    from .ensemble import EnsembleSurrogate, _Net
    from .features import FEATURE_SCHEMA_VERSION

    d = Path(directory) if directory is not None else shipped_model_dir()
    if not (d / WEIGHTS).is_file() or not (d / CARD).is_file():
        raise InputFileError(f"{d}: no surrogate model here (needs {WEIGHTS} and {CARD}); train one with "
                             "scripts/train_surrogate.py or pass the shipped models/surrogate directory")
    try:
        card = json.loads((d / CARD).read_text())
        tensors = load_file(str(d / WEIGHTS))
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{d}: unreadable surrogate model ({exc}); retrain it") from None
    if card.get("engine_version") != engine_version() or card.get("feature_schema") != FEATURE_SCHEMA_VERSION:
        warnings.warn(f"surrogate {d} was trained on engine {card.get('engine_version')} (features "
                      f"{card.get('feature_schema')}); this is engine {engine_version()} (features "
                      f"{FEATURE_SCHEMA_VERSION}): run `bldgagent surrogate check` or retrain", EngineVersionWarning,
                      stacklevel=2)
    model = EnsembleSurrogate(**card["params"])
    model.meta = card["meta"]
    p = card["params"]
    model.net = _Net(len(model.meta["features"]), len(model.meta["targets"]), p["members"], p["hidden"], p["seed"])
    for k in model.net.params:
        model.net.params[k] = tensors[k].requires_grad_()
    model.reference = np.asarray(tensors["knn_reference"].numpy(), dtype=np.float32)
    model.knn_basis = np.asarray(tensors["knn_basis"].numpy(), dtype=np.float32) if "knn_basis" in tensors else None
    model.engine_version = card.get("engine_version")
    return model


#: Where a non-editable install puts the shipped model (setup.cfg ``[options.data_files]``), under its prefix.
INSTALLED_SUBDIR = ("share", "bldgagent", "models", "surrogate")


def model_dir_candidates() -> list[Path]:
    """Where the shipped model is looked up, in order: ``models/surrogate`` of the source tree (a checkout or an
    editable install), then ``share/bldgagent/models/surrogate`` under the interpreter's prefix (a wheel or
    ``pip install .`` in a venv or system), its base prefix, and the user base (``pip install --user``)."""
    import site
    import sys

    prefixes = [sys.prefix, sys.base_prefix, site.getuserbase()]
    out = [Path(__file__).resolve().parents[2] / "models" / "surrogate"]
    for p in dict.fromkeys(str(x) for x in prefixes if x):
        out.append(Path(p).joinpath(*INSTALLED_SUBDIR))
    return out


def shipped_model_dir() -> Path:
    """The shipped model's directory: the first of :func:`model_dir_candidates` holding one (else the source
    tree's, whose absence :func:`load` reports)."""
    cands = model_dir_candidates()
    for d in cands:
        if (d / WEIGHTS).is_file() and (d / CARD).is_file():
            return d
    return cands[0]
