"""Bench section ``wake``: what the wake memory costs a chat, against no memory, same run.

    sleepllm bench --sections wake [--quick]

One process loads the embedded model; a real store is filled with made-up facts (the
cycle bench's statements, remembered the way chat remembers them). The shipped general
benchmark is then asked three ways: with no memory, with the memory as the daemon
serves it (built for each question: a general question shares no word with the facts
and does not speak of the user, so it mostly gets none), and with a full block beside
every question, the worst case: with the embedded model's inline memory, the latest fact
above each question (the daemon shows none beside a question that neither speaks of the
user nor names what the fact names); as an exchange, the ``wake_tokens`` budget filled.
Reported: the benchmark score against no memory (target: at least 0.95x), and the prompt tokens and
time to first token against no memory (medians).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .bench_common import fmt, markdown_table, median, ratio, statements_for_facts, verdict

TARGET_SCORE_RATIO = 0.95
FACTS = 40


def add_arguments(parser) -> None:
    pass  # the common --quick is enough


def _remembered_store(data_dir: Path, facts: int):
    from daemon.settings import Settings
    from daemon.sleep.remember import remember_message
    from memory_store import open_store

    settings = Settings(data_dir=data_dir, nightly_sleep=False)
    store = open_store(settings.db_path)
    conv = store.ensure_conversation(None)
    for text in statements_for_facts(facts):
        remember_message(store, settings, store.add_message(conv, "user", text))
    return settings, store


def run_section(args, cache_dir: Path) -> dict:
    import mlx_core  # noqa: F401  (OpenBLAS before mlx)
    from mlx_core.chat import count_tokens, stream_chat
    from mlx_core.device import make_device_plan
    from mlx_core.loader import load_model

    from daemon.context import plan_context, text_counter
    from daemon.settings import wake_style
    from daemon.sleep.benchmark import load_benchmark, score_benchmark
    from daemon.wake import WakeBlock, make_wake_block, with_wake_block

    loaded = load_model("embedded", cache_dir, make_device_plan())
    questions = load_benchmark()[: 4 if args.quick else None]
    counter = lambda m: count_tokens(loaded, m)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="sleepllm-bench-wake-") as tmp:
        settings, store = _remembered_store(Path(tmp), 8 if args.quick else FACTS)
        try:
            # "full": the budget filled for every question, as a message about the user
            # gets it; "served": the block the daemon builds for the question itself.
            style = wake_style(settings)
            as_exchange = settings.model_copy(update={"wake_style": "exchange"})
            full = make_wake_block(store, as_exchange, text_counter(counter), "my")
            if style == "inline":
                full = WakeBlock(full.facts[:1], style="inline")  # tokens: counted below
            contexts = {mode: {q.question: plan_context(
                store, settings, counter, [{"role": "user", "content": q.question}], None, 64,
                memory=mode == "served").messages for q in questions}
                for mode in ("none", "served")}
            contexts["full"] = {q: with_wake_block(m, full) for q, m in contexts["none"].items()}
        finally:
            store.close()
    figures: dict = {"facts_in_full_block": len(full.facts), "questions": len(questions)}
    for mode, by_question in contexts.items():
        def reply(question: str, by_question=by_question) -> str:
            return "".join(c.text for c in stream_chat(loaded, by_question[question],
                                                        max_tokens=48))
        figures[f"score_{mode}"] = score_benchmark(questions, reply).score
        figures[f"prompt_tokens_{mode}"] = median([counter(m) for m in by_question.values()])
        figures[f"ttft_ms_{mode}"] = 1000 * median([_first_token(loaded, by_question[q.question])
                                                    for q in questions[:8]])
    for mode in ("served", "full"):
        for key in ("score", "prompt_tokens", "ttft_ms"):
            figures[f"{key}_ratio_{mode}"] = ratio(figures[f"{key}_{mode}"],
                                                   figures[f"{key}_none"])
    return figures


def _first_token(loaded, messages) -> float:
    from mlx_core.chat import stream_chat

    tic = time.perf_counter()
    next(stream_chat(loaded, messages, max_tokens=1))
    return time.perf_counter() - tic


def format_table(f: dict) -> str:
    rows = []
    for mode, label in (("served", "as served (the block built for each question)"),
                        ("full", f"a full block ({f['facts_in_full_block']} facts)")):
        ok = f[f"score_ratio_{mode}"] >= TARGET_SCORE_RATIO
        rows.append([label, f"{fmt(f[f'score_{mode}'])} / {fmt(f['score_none'])}",
                     fmt(f[f"score_ratio_{mode}"]), f">= {TARGET_SCORE_RATIO}: {verdict(ok)}",
                     fmt(f[f"prompt_tokens_ratio_{mode}"]), fmt(f[f"ttft_ms_ratio_{mode}"])])
    return (f"wake memory vs none, {f['questions']} general benchmark questions\n"
            + markdown_table(["memory", "benchmark (with / none)", "ratio", "target",
                              "prompt tokens ratio", "first token ratio"], rows))
