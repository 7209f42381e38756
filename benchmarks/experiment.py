"""Reproduce the scaling experiment: tell the daemon a persona, let it sleep, ask it questions.

    sleepllm experiment --persona benchmarks/seed_persona.json --out runs/seed
    sleepllm experiment --persona P.json --out DIR --grid writeup         # the write-up's runs
    sleepllm experiment --persona P.json --out DIR --nights 3             # memory over nights
    sleepllm experiment --capacity 25,50,100,200 --out DIR --runs smol_default --ask weights
    sleepllm experiment --compose 100 --nights 10 --out DIR --runs smol_default  # 10 a night

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
``heatmap.png`` go to ``--out``. ``--ask weights`` asks only after the sleep, without the
wake memory (a third of the asking time).

``--compose N`` tells a persona of N facts composed from templates
(``benchmarks.compose``, seeded by ``--seed``) instead of ``--persona``; with ``--nights``
each night tells its share of the facts and every ``--correct-every``-th night changes one
earlier fact, and after each night the questions of what has been told so far are asked.
Multi-night runs also write ``retention.md`` / ``retention.png`` (each night's facts
recalled after every later night). ``--capacity 25,50,...`` runs a composed persona of
each size, each in a fresh data directory with one sleep, and writes ``capacity.md`` /
``capacity.png`` (``benchmarks.capacity``).
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

from .capacity import composed_personas, run_capacity
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
from .retention import write_retention
from .scoring import answer_record, summarize

log = logging.getLogger(__name__)

EVALUATION = {"X-Sleepllm-Evaluation": "1"}
# One sleep on a shared 2-core machine took over an hour at 25 facts (a rejected first try
# and its half-rate retry): wait far longer before calling a sleep stuck.
SLEEP_TIMEOUT = 6 * 3600.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persona", type=Path,
                        help="persona JSON file (required unless --compose or --capacity)")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--grid", default="embedded",
                        help="grid name in benchmarks/grids/ or a grid file (default: embedded)")
    parser.add_argument("--runs", nargs="*", help="only these run names of the grid")
    parser.add_argument("--nights", type=int, default=1,
                        help="split the persona's categories over this many nights")
    parser.add_argument("--max-tokens", type=int, default=64, help="answer length cap")
    parser.add_argument("--keep-data", action="store_true",
                        help="keep each run's data directory under --out")
    parser.add_argument("--ask", choices=("all", "weights"), default="all",
                        help="all: before the sleep, after it, and with the wake memory; "
                             "weights: only after it, weights alone")
    parser.add_argument("--compose", type=int, metavar="N",
                        help="tell a persona of N facts composed by benchmarks.compose")
    parser.add_argument("--seed", type=int, default=0, help="seed of the composed persona")
    parser.add_argument("--correct-every", type=int, default=3, metavar="K",
                        help="with --compose and --nights: one earlier fact changes on "
                             "every Kth night (0: never)")
    parser.add_argument("--sleep-timeout", type=float, default=SLEEP_TIMEOUT, metavar="S",
                        help="give up on a sleep after this many seconds (default 6 h)")
    parser.add_argument("--capacity", metavar="N,N,...",
                        help="composed personas of these sizes, one sleep each")


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


def _sleep(base_url: str, timeout: float) -> dict:
    started = httpx.post(f"{base_url}/sleep", timeout=30)
    started.raise_for_status()
    return wait_for_sleep(base_url, started.json()["id"], timeout=timeout)


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
            max_tokens: int, asked: list[Persona] | None = None,
            weights_only: bool = False, sleep_timeout: float = SLEEP_TIMEOUT) -> dict:
    """One grid run: fresh daemon, tell, sleep and ask once per night.

    ``asked``: the persona whose questions are asked after each night (default: all of
    ``persona`` every night); ``weights_only``: skip the asking before the sleep and with
    the wake memory.
    """
    from openai import OpenAI

    settings = cfg.settings(data_dir=data_dir, nightly_sleep=False, auto_sleep_turns=0)
    run: dict[str, Any] = {"name": cfg.name, "model": cfg.model, "config": cfg.config(),
                           "nights": []}
    conversations: dict[str, str] = {}
    with running_daemon(settings) as base_url:
        client = OpenAI(base_url=base_url + "/v1", api_key="local", timeout=600)
        for number, (categories, told) in enumerate(
                zip(nights, _schedule(persona, nights), strict=True), start=1):
            questions = asked[number - 1] if asked else persona
            _tell(client, told, conversations)
            before = [] if weights_only else _ask_all(client, questions, max_tokens, True)
            cycle = _sleep(base_url, sleep_timeout)
            answers = _ask_all(client, questions, max_tokens)
            night = {"night": number, "categories_added": [c.name for c in categories],
                     **summarize(answers), "validation": _validation(cycle),
                     "sleep_seconds": _sleep_seconds(cycle), "stages": cycle.get("stages"),
                     "answers": answers}
            if not weights_only:
                with_memory = _ask_all(client, questions, max_tokens, memory=True)
                night["before_sleep"] = {**summarize(before), "answers": before}
                night["with_memory"] = {**summarize(with_memory), "answers": with_memory}
            run["nights"].append(night)
            log.info("%s night %d: recall %.2f precision %.2f generalization %s", cfg.name,
                     number, night["recall"], night["precision"], night["generalization"])
    last = run["nights"][-1]
    run.update({k: last[k] for k in ("recall", "precision", "generalization", "per_category",
                                     "validation", "sleep_seconds", "stages", "answers",
                                     "before_sleep", "with_memory") if k in last})
    if len(nights) == 1:
        del run["nights"]
    if cfg.reference is not None:
        run["reference"] = cfg.reference.to_dict()
    return run


def run_grid(args: argparse.Namespace, grid: list[RunConfig], persona: Persona,
             nights: list[list[Category]], asked: list[Persona] | None = None,
             suffix: str = "", runs: list[dict] | None = None) -> list[dict]:
    """Every run of ``grid`` on ``persona``, each in a fresh data directory (kept under
    ``--out`` with ``--keep-data``); results are rewritten after every run, so partial
    results survive. ``suffix`` is appended to run names; ``runs`` collects them."""
    runs = [] if runs is None else runs
    for cfg in tqdm(grid, desc="runs", unit="run"):
        tic = time.perf_counter()
        name = cfg.name + suffix
        weights_only = args.ask == "weights"
        if args.keep_data:
            data_dir = args.out / "data" / name
            run = run_one(persona, cfg, data_dir, nights, args.max_tokens, asked, weights_only,
                          args.sleep_timeout)
        else:
            with tempfile.TemporaryDirectory(prefix="sleepllm-exp-") as tmp:
                run = run_one(persona, cfg, Path(tmp), nights, args.max_tokens, asked,
                              weights_only, args.sleep_timeout)
        run["name"] = name
        run["wall_seconds"] = round(time.perf_counter() - tic, 1)
        runs.append(run)
        write_results(args.out, persona.name, runs)
        if run.get("nights"):
            write_retention(args.out, runs, asked)
    return runs


def run(args: argparse.Namespace) -> int:
    import mlx_core  # noqa: F401  (OpenBLAS before mlx)

    from benchmarks.persona import split_nights

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per status poll otherwise
    grid = [c for c in load_grid(args.grid) if not args.runs or c.name in args.runs]
    if not grid:
        raise SystemExit(f"no runs selected from grid {args.grid!r}")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.capacity:
        run_capacity(args, grid, run_grid)
        print((args.out / "capacity.md").read_text())
        return 0
    asked = None
    if args.compose:
        asked = composed_personas(args.compose, args.seed, args.nights, args.correct_every,
                                  args.out / "persona.json")
        persona = asked[-1]
        nights = [[c] for c in persona.categories] if args.nights > 1 \
            else split_nights(persona, 1)
    elif args.persona:
        persona = load_persona(args.persona)
        nights = split_nights(persona, args.nights)
    else:
        raise SystemExit("give --persona, --compose or --capacity")
    run_grid(args, grid, persona, nights, asked if args.nights > 1 else None)
    print((args.out / "results.md").read_text())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
