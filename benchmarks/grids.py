"""Experiment grids: which model and training settings each run of an experiment uses.

A grid file lives in ``benchmarks/grids/<name>.json``::

    {"name": "embedded",
     "description": "...",
     "defaults": {"model": "embedded", "lora_rank": 16, "lora_layers": 16},
     "runs": [{"name": "smol_lr2e4_ep6", "learning_rate": 2e-4, "epochs": 6},
              {"name": "smol_lr2e4_ep3", "learning_rate": 2e-4, "epochs": 3}]}

Each run is ``defaults`` overlaid with the run's own keys. Required per run: ``name``
(unique), ``model``, ``learning_rate`` (> 0), ``epochs``, ``lora_rank``, ``lora_layers``
(integers >= 1). Optional: ``batch_size`` (int >= 1), ``nights`` (int >= 1: split the
persona's categories over that many sleeps, see ``benchmarks.persona.split_nights``),
``notes`` (str) and ``reference`` (the numbers a published write-up reported for the same
run, so a report can print them side by side)::

    "reference": {"recall": 0.43, "precision": 0.97, "generalization": 0.8,
                  "status": "approved", "per_category": {"identity": [1, 3]}}

The training keys are the daemon's settings of the same names: a run starts a daemon with
them (:meth:`RunConfig.settings`), whose sleeps train with ``daemon.settings.lora_config``
of those settings (:meth:`RunConfig.lora`; keys left out take the model's defaults).

Unknown keys in a run are rejected (a misspelt ``learning_rat`` would otherwise run with
the default); errors raise :class:`GridError` naming the file and field, e.g.
``embedded.json: runs[1].learning_rate: must be a number > 0``.

List a grid::

    .venv/bin/python -m benchmarks.grids embedded
"""

from __future__ import annotations

import logging
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mlx_core.lora_config import LoraConfig

from daemon.settings import Settings, lora_config
from daemon.sleep.questions import read_json_file, require_list, require_object

log = logging.getLogger(__name__)

GRIDS_DIR = Path(__file__).with_name("grids")
INT_FIELDS = ("epochs", "lora_rank", "lora_layers")
OPTIONAL_INT_FIELDS = ("batch_size", "nights")
RUN_KEYS = frozenset({"name", "model", "learning_rate", "notes", "reference", "night_replay",
                      *INT_FIELDS, *OPTIONAL_INT_FIELDS})
REFERENCE_SCORES = ("recall", "precision", "generalization")
REFERENCE_STATUSES = ("approved", "rejected")


class GridError(ValueError):
    """A grid file is missing, unreadable or not of the documented shape."""


@dataclass(frozen=True)
class Reference:
    """Scores a write-up reported for a run (0..1), its validation status and categories."""

    recall: float
    precision: float
    generalization: float
    status: str | None = None
    per_category: dict[str, list[float]] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class RunConfig:
    """One run of a grid: the model and the LoRA settings of its sleep."""

    name: str
    model: str
    learning_rate: float
    epochs: int
    lora_rank: int
    lora_layers: int
    batch_size: int | None = None
    nights: int | None = None
    night_replay: float | None = None
    """The daemon's ``night_replay`` setting (None: every fact from the base model)."""
    notes: str = ""
    reference: Reference | None = field(default=None, compare=False)

    def settings(self, **more: Any) -> Settings:
        """The daemon settings of this run (``more``: the rest, e.g. ``data_dir``)."""
        extra: dict[str, Any] = {k: v for k, v in (("batch_size", self.batch_size),
                                                    ("night_replay", self.night_replay))
                                 if v is not None}
        return Settings(model=self.model, learning_rate=self.learning_rate, epochs=self.epochs,
                        lora_rank=self.lora_rank, lora_layers=self.lora_layers, **extra, **more)

    def lora(self) -> LoraConfig:
        """The LoRA settings this run's sleeps train with."""
        return lora_config(self.settings())

    def config(self) -> dict[str, Any]:
        """The run's training settings as results.json's ``config`` object."""
        cfg: dict[str, Any] = {"learning_rate": self.learning_rate, "epochs": self.epochs,
                               "lora_rank": self.lora_rank, "lora_layers": self.lora_layers}
        for key in ("batch_size", "night_replay"):
            if getattr(self, key) is not None:
                cfg[key] = getattr(self, key)
        return cfg


def _number(value: Any) -> bool:
    # bool is an int subclass; "true" as a learning rate is a mistake, not 1.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _parse_reference(raw: Any, source: str, where: str) -> Reference:
    raw = require_object(raw, source, where, GridError)
    scores: dict[str, float] = {}
    for key in REFERENCE_SCORES:
        value = raw.get(key)
        if not _number(value) or not 0 <= value <= 1:
            raise GridError(f"{source}: {where}.{key}: must be a number from 0 to 1")
        scores[key] = float(value)
    status = raw.get("status")
    if status is not None and status not in REFERENCE_STATUSES:
        raise GridError(f"{source}: {where}.status: must be one of "
                        f"{', '.join(REFERENCE_STATUSES)}")
    per_category = raw.get("per_category")
    if per_category is not None:
        ok = isinstance(per_category, dict) and all(
            isinstance(v, list) and len(v) == 2 and all(_number(x) for x in v)
            for v in per_category.values())
        if not ok:
            raise GridError(f"{source}: {where}.per_category: must map category names to "
                            "[sum_of_scores, n_questions]")
    unknown = sorted(set(raw) - {*REFERENCE_SCORES, "status", "per_category"})
    if unknown:
        raise GridError(f"{source}: {where}.{unknown[0]}: unknown key")
    return Reference(status=status, per_category=per_category, **scores)


def _parse_run(raw: dict[str, Any], source: str, where: str) -> RunConfig:
    unknown = sorted(set(raw) - RUN_KEYS)
    if unknown:
        raise GridError(f"{source}: {where}.{unknown[0]}: unknown key "
                        f"(allowed: {', '.join(sorted(RUN_KEYS))})")
    for key in ("name", "model"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            what = "missing required key" if key not in raw else "must be a non-empty string"
            raise GridError(f"{source}: {where}.{key}: {what}")
    if "learning_rate" not in raw:
        raise GridError(f"{source}: {where}.learning_rate: missing required key")
    if not _number(raw["learning_rate"]) or raw["learning_rate"] <= 0:
        raise GridError(f"{source}: {where}.learning_rate: must be a number > 0")
    for key in INT_FIELDS:
        if key not in raw:
            raise GridError(f"{source}: {where}.{key}: missing required key")
    for key in (*INT_FIELDS, *OPTIONAL_INT_FIELDS):
        if key in raw and not _positive_int(raw[key]):
            raise GridError(f"{source}: {where}.{key}: must be an integer >= 1")
    replay = raw.get("night_replay")
    if replay is not None and not (_number(replay) and 0 <= replay <= 1):
        raise GridError(f"{source}: {where}.night_replay: must be a number from 0 to 1")
    notes = raw.get("notes", "")
    if not isinstance(notes, str):
        raise GridError(f"{source}: {where}.notes: must be a string")
    reference = raw.get("reference")
    return RunConfig(
        name=raw["name"], model=raw["model"], learning_rate=float(raw["learning_rate"]),
        epochs=raw["epochs"], lora_rank=raw["lora_rank"], lora_layers=raw["lora_layers"],
        batch_size=raw.get("batch_size"), nights=raw.get("nights"), notes=notes,
        night_replay=float(replay) if replay is not None else None,
        reference=(_parse_reference(reference, source, f"{where}.reference")
                   if reference is not None else None),
    )


def grid_path(path_or_name: str | Path) -> Path:
    """Resolve a grid name ("embedded") to its shipped file; paths are returned as given."""
    text = str(path_or_name)
    if text.endswith(".json") or "/" in text or Path(text).exists():
        return Path(text)
    return GRIDS_DIR / f"{text}.json"


def load_grid(path_or_name: str | Path) -> list[RunConfig]:
    """Load a grid by name (``benchmarks/grids/<name>.json``) or path; raises GridError."""
    path = grid_path(path_or_name)
    source = str(path)
    raw = require_object(read_json_file(path, GridError), source, "", GridError)
    defaults = raw.get("defaults", {})
    require_object(defaults, source, "defaults", GridError)
    raw_runs = require_list(raw, "runs", source, "", GridError)
    if not raw_runs:
        raise GridError(f"{source}: runs: must not be empty")
    runs: list[RunConfig] = []
    for i, item in enumerate(raw_runs):
        item = require_object(item, source, f"runs[{i}]", GridError)
        # Defaults are checked as part of each run, so an error in them names the run.
        run = _parse_run({**defaults, **item}, source, f"runs[{i}]")
        if any(r.name == run.name for r in runs):
            raise GridError(f"{source}: runs[{i}].name: duplicate run name {run.name!r}")
        runs.append(run)
    log.debug("loaded grid %s: %d runs", source, len(runs))
    return runs


def main(argv: list[str] | None = None) -> int:
    """List the runs of the grids named on the command line."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for arg in argv if argv is not None else sys.argv[1:]:
        try:
            runs = load_grid(arg)
        except GridError as exc:
            log.error("%s", exc)
            return 1
        for run in runs:
            log.info("%s\t%s\t%s", run.name, run.model, run.config())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
