"""Memory you can take with you: the store as an export file, and an export imported.

    export = build_export(store, settings.withhold_secrets)   # a MemoryExport, secrets masked
    export = read_export(Path("memory.json"))                 # ImportRejected if it is bad
    outcome = import_memory(store, export)                     # into a store with no data

``sleepllm export``/``import`` (:mod:`daemon.cli_data`) and ``GET /memories/export`` use
these; the format is :mod:`daemon.export_format`.

Secrets: the store keeps the user's messages as said (owner-only files); an export leaves
the data directory, so every text in it (messages, summaries, facts, pairs, reasons) has
each secret of the withheld kinds masked as a withheld fact shows it ("****", "**** 1111").
A remembered fact that still spells one out is exported withheld, without its pairs, as
the next sleep would withhold it.

Import keeps every id, text and state, with two exceptions that follow from the export
carrying no weights: facts the old weights had learned (learned, graduated) come back
pending, shown in the prompt until the first sleep trains them again (that sleep runs even
with no new messages, see ``daemon.sleep.stages.gather``); model versions come back as
history only ("pruned": their adapters are not here). A sleep left running at export time
comes back interrupted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from memory_store import (
    REMEMBERED_STATES,
    Conversation,
    Fact,
    MemoryStore,
    Message,
    ModelVersion,
    Pair,
    SleepCycle,
    Snapshot,
)
from memory_store.rows import utc_now

from .export_format import (
    ExportedConversation,
    ExportedFact,
    ExportedMessage,
    ExportedModelVersion,
    ExportedPair,
    ExportedSleep,
    ExportedStage,
    MemoryExport,
    check_format_version,
)
from .sleep.secrets.withhold import masked_text

IMPORTED_VERSION_NOTE = "imported: the export carries no weights"
# States whose facts the weights held; without the weights they are pending again.
TRAINED_STATES = ("learned", "graduated")
SHOWN_PROBLEMS = 5


class ImportRejected(ValueError):
    """The file is not an export this sleepllm can import (the message says why)."""


class Masker:
    """Texts with the secrets of ``kinds`` masked; each distinct text is scanned once."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self.kinds = list(kinds)
        self._seen: dict[str, tuple[str, str | None]] = {}

    def scan(self, text: str) -> tuple[str, str | None]:
        """(the masked text, the kind of the first secret found or None)."""
        if text not in self._seen:
            shown, secrets = masked_text(text, self.kinds) if self.kinds else (text, [])
            self._seen[text] = (shown, secrets[0].reason if secrets else None)
        return self._seen[text]

    def __call__(self, text: str | None) -> str | None:
        return None if text is None else self.scan(text)[0]


def _fact(fact: Fact, mask: Masker) -> ExportedFact:
    shown, secret = mask.scan(fact.text)
    record = ExportedFact(**{**vars(fact), "text": shown, "key": mask(fact.key),
                             "reason": mask(fact.reason)})
    if secret is not None and fact.state in REMEMBERED_STATES:
        # What the next sleep's curation would do (withhold_remembered): not learned.
        record = record.model_copy(update={"state": "withheld", "reason": f"withheld: {secret}"})
    return record


def _sleep(cycle: SleepCycle, mask: Masker) -> ExportedSleep:
    # A stage's detail and the validation (probe answers) stay behind: history, not memory.
    stages = [ExportedStage(name=s["name"], status=s["status"], seconds=s.get("seconds", 0.0),
                            at=s.get("at")) for s in cycle.stages]
    return ExportedSleep(id=cycle.id, trigger=cycle.trigger, status=cycle.status,
                         started_at=cycle.started_at, finished_at=cycle.finished_at,
                         stages=stages, error=mask(cycle.error),
                         model_version_id=cycle.model_version_id)


def build_export(store: MemoryStore, kinds: Iterable[str], model: str) -> MemoryExport:
    """The whole store (one consistent snapshot) as an export, secrets of ``kinds`` masked."""
    snap = store.snapshot()
    mask = Masker(kinds)
    facts = [_fact(f, mask) for f in snap.facts]
    newly_withheld = {f.id for f, old in zip(facts, snap.facts, strict=True)
                      if f.state == "withheld" and old.state != "withheld"}
    return MemoryExport(
        exported_at=utc_now(), model=model, schema_version=snap.schema_version,
        secrets_masked=mask.kinds,
        conversations=[ExportedConversation(**{**vars(c), "summary": mask(c.summary)})
                       for c in snap.conversations],
        messages=[ExportedMessage(**{**vars(m), "content": mask(m.content)})
                  for m in snap.messages],
        facts=facts,
        pairs=[ExportedPair(**{**vars(p), "question": mask(p.question),
                               "answer": mask(p.answer), "reason": mask(p.reason)})
               for p in snap.pairs if p.fact_id not in newly_withheld],
        sleeps=[_sleep(c, mask) for c in snap.cycles],
        model_versions=[ExportedModelVersion(**{**vars(v), "note": mask(v.note)})
                        for v in snap.versions],
    )


# --- import ---------------------------------------------------------------------------------
def _first_errors(exc: ValidationError) -> str:
    shown = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
             for e in exc.errors()[:SHOWN_PROBLEMS]]
    more = exc.error_count() - len(shown)
    return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")


def parse_export(data: object) -> MemoryExport:
    """An export from parsed JSON; ImportRejected naming the first problems if it is not one
    this sleepllm can import whole."""
    try:
        check_format_version(data)
        export = MemoryExport.model_validate(data)
    except ValidationError as exc:
        raise ImportRejected(f"the export is not valid: {_first_errors(exc)}") from None
    except ValueError as exc:
        raise ImportRejected(str(exc)) from None
    problems = reference_problems(export)
    if problems:
        raise ImportRejected("the export does not hold together: " + "; ".join(
            problems[:SHOWN_PROBLEMS]) + (f" (and {len(problems) - SHOWN_PROBLEMS} more)"
                                          if len(problems) > SHOWN_PROBLEMS else ""))
    return export


def read_export(path: Path) -> MemoryExport:
    """Read and check an export file (see :func:`parse_export`)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportRejected(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(f"{path} is not JSON: {exc}") from None
    return parse_export(data)


def reference_problems(export: MemoryExport) -> list[str]:
    """Every id a record points at that the export does not hold, and repeated ids."""
    problems: list[str] = []
    ids: dict[str, set[int | str]] = {}
    for name in ("conversations", "messages", "facts", "pairs", "sleeps", "model_versions"):
        records = getattr(export, name)
        ids[name] = {r.id for r in records}
        if len(ids[name]) != len(records):
            problems.append(f"{name} repeat an id")

    def need(owner: str, value: int | str | None, kind: str) -> None:
        if value is not None and value not in ids[kind]:
            problems.append(f"{owner} points at {kind[:-1].replace('_', ' ')} {value!r}, "
                            "which the export does not hold")

    for m in export.messages:
        need(f"message {m.id}", m.conversation_id, "conversations")
        need(f"message {m.id}", m.consumed_by, "sleeps")
    for f in export.facts:
        for source in f.source_message_ids:
            need(f"fact {f.id}", source, "messages")
        need(f"fact {f.id}", f.cycle_id, "sleeps")
        need(f"fact {f.id}", f.superseded_by, "facts")
    for p in export.pairs:
        need(f"pair {p.id}", p.fact_id, "facts")
        need(f"pair {p.id}", p.cycle_id, "sleeps")
    for s in export.sleeps:
        need(f"sleep {s.id}", s.model_version_id, "model_versions")
    for v in export.model_versions:
        need(f"model version {v.id}", v.cycle_id, "sleeps")
    return problems


def to_snapshot(export: MemoryExport, schema_version: int) -> Snapshot:
    """The rows an import writes: the export's, with the changes the module docstring lists."""
    facts = [Fact(**e.model_dump()) for e in export.facts]
    facts = [replace(f, state="pending", passes=0) if f.state in TRAINED_STATES else f
             for f in facts]
    cycles = [SleepCycle(**{**s.model_dump(), "validation": None,
                            "stages": [{**st.model_dump(), "detail": {}} for st in s.stages]})
              for s in export.sleeps]
    cycles = [replace(c, status="interrupted", error=c.error or "running when exported")
              if c.status == "running" else c for c in cycles]
    versions = [ModelVersion(**{**v.model_dump(), "status": "pruned",
                                "note": IMPORTED_VERSION_NOTE if v.adapter_path else v.note})
                for v in export.model_versions]
    return Snapshot(
        schema_version,
        conversations=[Conversation(**c.model_dump()) for c in export.conversations],
        messages=[Message(**m.model_dump()) for m in export.messages],
        facts=facts, pairs=[Pair(**p.model_dump()) for p in export.pairs],
        cycles=cycles, versions=versions)


@dataclass(frozen=True)
class ImportOutcome:
    conversations: int
    messages: int
    facts: int
    to_relearn: int
    """Facts the old weights had learned, pending until the next sleep trains them."""


def import_memory(store: MemoryStore, export: MemoryExport) -> ImportOutcome:
    """Write ``export`` into ``store``, all or nothing; ValueError if the store holds data."""
    snap = to_snapshot(export, store.snapshot().schema_version)
    store.load_snapshot(snap)
    return ImportOutcome(len(snap.conversations), len(snap.messages), len(snap.facts),
                         sum(f.state in TRAINED_STATES for f in export.facts))
