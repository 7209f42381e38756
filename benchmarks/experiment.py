"""Reproduce the scaling experiment: tell the daemon a persona, let it sleep, ask it questions.

    sleepllm experiment --persona benchmarks/seed_persona.json --out runs/seed
    sleepllm experiment --persona P.json --out DIR --grid writeup         # the write-up's runs
    sleepllm experiment --persona P.json --out DIR --nights 3             # memory over nights

For every run of the grid: a fresh data directory and the real daemon on a
loopback port; the persona's statements are sent as user chat messages through
the daemon's chat route (the official ``openai`` client) in the order and at the
times the persona gives (``told_in_order``, ``sent_times``: each carries ``sent_at``),
one conversation per conversation label, one ``POST /sleep`` per night, then every
question is asked in a fresh conversation with no context, greedily, marked as an
evaluation (so it is never trained on and the automatic sleep stays off). Each night
the questions are asked three times: before the sleep with the wake memory only
(``before_sleep``), after it with the wake memory left out (the weights alone: the
run's recall, precision and generalization) and with it (``with_memory``). Answers are
scored as ``shared`` scoring rules say; ``results.json``, ``results.md`` and
``heatmap.png`` go to ``--out``.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from .grids import RunConfig, load_grid
from .live import running_daemon, wait_for_sleep
from .persona import (
    Category,
    Persona,
    Statement,
    load_persona,
    persona_questions,
    sent_times,
    told_in_order,
)
from .report import write_results
from .scoring import answer_record, summarize

log = logging.getLogger(__name__)

EVALUATION = {"X-Sleepllm-Evaluation": "1"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persona", required=True, type=Path, help="persona JSON file")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--grid", default="embedded",
                        help="grid name in benchmarks/grids/ or a grid file (default: embedded)")
    parser.add_argument("--runs", nargs="*", help="only these run names of the grid")
    parser.add_argument("--nights", type=int, default=1,
                        help="split the persona's categories over this many nights")
    parser.add_argument("--max-tokens", type=int, default=64, help="answer length cap")
    parser.add_argument("--keep-data", action="store_true",
                        help="keep each run's data directory under --out")


def _schedule(persona: Persona,
              nights: list[list[Category]]) -> list[list[tuple[Statement, datetime]]]:
    """Each night's statements in sending order (``told_in_order``), with their send times.

    The times are laid out over all nights at once, so a later night's messages do not
    reuse an earlier night's clock.
    """
    order = told_in_order(c for categories in nights for c in categories)
    # Keyed by identity: two equal statements in two categories are two messages.
    when = {id(s): t for s, t in zip(order, sent_times(persona, order), strict=True)}
    return [[(s, when[id(s)]) for s in told_in_order(categories)] for categories in nights]


def _tell(client, told: list[tuple[Statement, datetime]], conversations: dict[str, str]) -> None:
    """Send each statement as a user message of its conversation, stamped with its time.

    ``conversations`` maps a conversation label to the id the daemon gave it; it lives
    for the whole run, so a label told over several nights stays one conversation.
    """
    for statement, when in told:
        extra: dict[str, str] = {"sent_at": when.isoformat()}
        if statement.conversation in conversations:
            extra["conversation_id"] = conversations[statement.conversation]
        reply = client.chat.completions.with_raw_response.create(
            model="sleepllm", messages=[{"role": "user", "content": statement.text}],
            max_tokens=24, temperature=0.0, extra_body=extra,
        )
        conversations[statement.conversation] = reply.headers["x-conversation-id"]


def _ask_all(client, persona: Persona, max_tokens: int, memory: bool = False) -> list[dict]:
    """Every question, fresh and greedy; ``memory``: with the wake memory in the context."""
    records = []
    for kind, category, question in persona_questions(persona):
        reply = client.chat.completions.create(
            model="sleepllm", messages=[{"role": "user", "content": question.question}],
            max_tokens=max_tokens, temperature=0.0, extra_headers=EVALUATION,
            extra_body={"memory": memory},
        )
        text = reply.choices[0].message.content or ""
        records.append(answer_record(kind, category, question, text).to_dict())
    return records


def _sleep(base_url: str) -> dict:
    started = httpx.post(f"{base_url}/sleep", timeout=30)
    started.raise_for_status()
    return wait_for_sleep(base_url, started.json()["id"])


def _validation(cycle: dict) -> dict:
    v = cycle.get("validation") or {}
    status = {"succeeded": "approved", "rejected": "rejected"}.get(cycle["status"],
                                                                   cycle["status"])
    return {"status": status, "benchmark_before": v.get("benchmark_before"),
            "benchmark_after": v.get("benchmark_after"), "recall_probe": v.get("recall_probe"),
            "old_facts": v.get("old_facts"), "old_recall_served": v.get("old_recall_served"),
            "old_recall_after": v.get("old_recall_after"),
            "reasons": v.get("reasons", []) or ([cycle["error"]] if cycle.get("error") else [])}


def _sleep_seconds(cycle: dict) -> float:
    return round(sum(s["seconds"] for s in cycle.get("stages", [])), 1)


def run_one(persona: Persona, cfg: RunConfig, data_dir: Path, nights: list[list[Category]],
            max_tokens: int) -> dict:
    """One grid run: fresh daemon, tell, sleep and ask once per night."""
    from openai import OpenAI

    settings = cfg.settings(data_dir=data_dir, nightly_sleep=False, auto_sleep_turns=0)
    run: dict[str, Any] = {"name": cfg.name, "model": cfg.model, "config": cfg.config(),
                           "nights": []}
    conversations: dict[str, str] = {}
    with running_daemon(settings) as base_url:
        client = OpenAI(base_url=base_url + "/v1", api_key="local", timeout=600)
        for number, (categories, told) in enumerate(
                zip(nights, _schedule(persona, nights), strict=True), start=1):
            _tell(client, told, conversations)
            before = _ask_all(client, persona, max_tokens, memory=True)
            cycle = _sleep(base_url)
            answers = _ask_all(client, persona, max_tokens)
            with_memory = _ask_all(client, persona, max_tokens, memory=True)
            night = {"night": number, "categories_added": [c.name for c in categories],
                     **summarize(answers), "validation": _validation(cycle),
                     "sleep_seconds": _sleep_seconds(cycle), "stages": cycle.get("stages"),
                     "answers": answers,
                     "before_sleep": {**summarize(before), "answers": before},
                     "with_memory": {**summarize(with_memory), "answers": with_memory}}
            run["nights"].append(night)
            log.info("%s night %d: recall %.2f precision %.2f generalization %s", cfg.name,
                     number, night["recall"], night["precision"], night["generalization"])
    last = run["nights"][-1]
    run.update({k: last[k] for k in ("recall", "precision", "generalization", "per_category",
                                     "validation", "sleep_seconds", "stages", "answers",
                                     "before_sleep",
                                     "with_memory")})
    if len(nights) == 1:
        del run["nights"]
    if cfg.reference is not None:
        run["reference"] = cfg.reference.to_dict()
    return run


def run(args: argparse.Namespace) -> int:
    import mlx_core  # noqa: F401  (OpenBLAS before mlx)

    from benchmarks.persona import split_nights

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per status poll otherwise
    persona = load_persona(args.persona)
    grid = [c for c in load_grid(args.grid) if not args.runs or c.name in args.runs]
    if not grid:
        raise SystemExit(f"no runs selected from grid {args.grid!r}")
    nights = split_nights(persona, args.nights)
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    for cfg in tqdm(grid, desc="runs", unit="run"):
        tic = time.perf_counter()
        if args.keep_data:
            data_dir = args.out / "data" / cfg.name
            runs.append(run_one(persona, cfg, data_dir, nights, args.max_tokens))
        else:
            with tempfile.TemporaryDirectory(prefix="sleepllm-exp-") as tmp:
                runs.append(run_one(persona, cfg, Path(tmp), nights, args.max_tokens))
        runs[-1]["wall_seconds"] = round(time.perf_counter() - tic, 1)
        write_results(args.out, persona.name, runs)  # after every run: partial results survive
    print((args.out / "results.md").read_text())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
