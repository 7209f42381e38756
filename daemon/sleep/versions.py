"""Model versions on disk: which weights are served, verified loading, rollback, pruning.

A model version is the base model plus, optionally, one LoRA adapter kept in
``<data_dir>/models/v<id>/`` with its sha256 recorded in the store. Every
night trains from the base on all remembered facts, so a version never depends
on an earlier one, rollback is just serving another adapter, and a forgotten
fact leaves the weights at the next sleep. Loading verifies the checksum; a
corrupt or missing adapter is refused with a log line and the newest good
version (or the bare base model) is served instead.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mlx_core.adapter import AdapterError, adapter_checksum, verify_adapter
from mlx_core.device import DevicePlan
from mlx_core.loader import LoadedModel, load_model

from memory_store import MemoryStore, ModelVersion

from ..settings import Settings

log = logging.getLogger(__name__)


class VersionError(RuntimeError):
    """No model version can be served or rolled back to."""


def adapter_dir(settings: Settings, version: ModelVersion) -> Path | None:
    """The version's adapter folder, refusing paths that leave the models folder."""
    if version.adapter_path is None:
        return None
    root = settings.models_dir.resolve()
    path = (root / version.adapter_path).resolve()
    if not path.is_relative_to(root):
        raise VersionError(f"model version {version.id} points outside {root}")
    return path


def store_adapter(settings: Settings, store: MemoryStore, staged: Path, cycle_id: int,
                  fact_ids: list[int]) -> ModelVersion:
    """Move a trained adapter into the models folder and record it as a candidate."""
    checksum = adapter_checksum(staged)
    version = store.add_model_version(settings.model, None, checksum, cycle_id, fact_ids,
                                      status="candidate")
    target = settings.models_dir / f"v{version.id}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(str(staged), str(target))
    return store.record_adapter_path(version.id, target.name)


def base_version(settings: Settings, store: MemoryStore) -> ModelVersion:
    """A version row for the bare base model (added once, on first start)."""
    for version in store.list_versions():
        # cycle_id None: a cycle's own row has no adapter path only while it is being stored.
        if (version.adapter_path is None and version.cycle_id is None
                and version.base_model == settings.model):
            return version
    return store.add_model_version(settings.model, None, None, None, [], status="candidate",
                                   note="base model")


def _load_version(settings: Settings, version: ModelVersion, plan: DevicePlan) -> LoadedModel:
    path = adapter_dir(settings, version)
    if path is not None:
        verify_adapter(path, version.checksum)
    return load_model(settings.model, settings.cache_dir, plan, adapter_path=path)


def _candidates(settings: Settings, store: MemoryStore) -> list[ModelVersion]:
    """Versions worth trying, best first: the served one, then newest good ones."""
    versions = [v for v in store.list_versions()
                if v.base_model == settings.model and v.status in ("served", "retired")]
    versions.sort(key=lambda v: (v.status != "served", -v.id))
    return versions


def _check_base_loads(settings: Settings, version: ModelVersion, plan: DevicePlan,
                      exc: Exception) -> None:
    """Re-raise when the base model itself cannot load: then no version is to blame."""
    if isinstance(exc, AdapterError | VersionError) or version.adapter_path is None:
        return
    try:
        load_model(settings.model, settings.cache_dir, plan)
    except Exception as base_exc:
        log.error("the base model %s cannot be loaded: %s", settings.model, base_exc)
        raise base_exc from exc


def load_served_model(settings: Settings, store: MemoryStore,
                      plan: DevicePlan) -> tuple[LoadedModel, int]:
    """Load the version to serve at start-up, falling back past broken ones."""
    for version in _candidates(settings, store):
        try:
            loaded = _load_version(settings, version, plan)
        except Exception as exc:
            _check_base_loads(settings, version, plan, exc)
            log.error("model version %d refused: %s", version.id, exc)
            store.mark_version(version.id, "broken", note=str(exc)[:500])
            continue
        if version.status != "served":
            log.warning("falling back to model version %d", version.id)
            serve(store, version)
        return loaded, version.id
    base = base_version(settings, store)
    loaded = load_model(settings.model, settings.cache_dir, plan)
    serve(store, base)
    return loaded, base.id


def serve(store: MemoryStore, version: ModelVersion) -> None:
    """Mark ``version`` served and keep fact states in line with its weights."""
    previous = store.served_version()
    store.set_served(version.id)
    learned = set(version.fact_ids)
    if previous is not None:
        # Facts only the previous weights knew are waiting to be learned again.
        lost = [f for f in previous.fact_ids if f not in learned]
        store.set_fact_state_if(lost, "pending", only_from="learned")
        store.set_fact_state_if(lost, "pending", only_from="graduated")
    # Graduation belongs to the weights that passed it: other weights (a rollback, a new
    # sleep) show the fact in the prompt again until their own probe passes it.
    store.set_fact_state_if(sorted(learned), "learned", only_from="graduated")
    store.set_fact_state_if(sorted(learned), "learned", only_from="pending")


def rollback(settings: Settings, store: MemoryStore, engine) -> ModelVersion:
    """Serve the newest good version older than the served one; returns it."""
    served = store.served_version()
    older = [v for v in _candidates(settings, store)
             if served is None or (v.id < served.id and v.status == "retired")]
    if served is not None and served.adapter_path is not None:
        older.append(base_version(settings, store))
    for version in older:
        try:
            loaded = _load_version(settings, version, engine.slot.get()[0].device)
        except Exception as exc:
            log.error("model version %d refused: %s", version.id, exc)
            store.mark_version(version.id, "broken", note=str(exc)[:500])
            continue
        engine.slot.swap(loaded, version.id)
        serve(store, version)
        log.info("rolled back to model version %d", version.id)
        served_now = store.get_version(version.id)
        assert served_now is not None  # a version is never deleted
        return served_now
    raise VersionError("there is no earlier model version to roll back to")


def prune_versions(settings: Settings, store: MemoryStore) -> list[int]:
    """Delete adapter folders beyond the newest ``keep_versions`` (never the served one)."""
    with_adapters = [v for v in store.list_versions()
                     if v.adapter_path is not None and v.status in ("retired", "broken")]
    with_adapters.sort(key=lambda v: -v.id)
    removed = []
    for version in with_adapters[max(settings.keep_versions - 1, 0):]:
        try:
            path = adapter_dir(settings, version)
        except VersionError as exc:  # a tampered row: never delete outside the models folder
            log.error("not pruning: %s", exc)
            continue
        if path is not None and path.exists():
            shutil.rmtree(path)
        store.mark_version(version.id, "pruned" if version.status == "retired" else "broken",
                           note="adapter deleted to save space")
        removed.append(version.id)
    return removed


def discard_unfinished(settings: Settings, store: MemoryStore) -> list[str]:
    """Delete what cycles that are not running left behind; call at start, after
    ``interrupt_stale_cycles``. Returns what was removed (for the log).

    A killed cycle leaves its work folder (the training set, a half-trained adapter) and
    possibly a candidate version whose adapter was moved into the models folder but never
    served. The candidate is marked broken (the row stays as history), its folder deleted.
    """
    running = store.running_cycle()
    live = None if running is None else running.id
    removed = []
    work = settings.data_dir / "work"
    for entry in sorted(work.glob("cycle-*")) if work.is_dir() else []:
        if entry.name != f"cycle-{live}":
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(str(entry))
    for version in store.list_versions():
        if version.status != "candidate" or version.cycle_id in (None, live):
            continue
        try:
            path = adapter_dir(settings, version)
        except VersionError:  # a path outside the models folder is never ours to delete
            path = None
        if path is not None and path.exists():
            shutil.rmtree(path)
            removed.append(str(path))
        store.mark_version(version.id, "broken",
                           note=f"left unfinished by sleep cycle {version.cycle_id}")
    return removed
