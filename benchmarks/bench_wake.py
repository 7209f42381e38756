"""Bench section ``wake``: what the wake memory costs a chat, against no memory, same run.

    sleepllm bench --sections wake [--quick]

One process loads the embedded model; a real store is filled with made-up facts (the
cycle bench's statements, remembered the way chat remembers them) so every context
carries a full block (the ``wake_tokens`` budget). Then, for the shipped general
benchmark's questions: the score with the block against without (target: at least
0.95x), the prompt tokens with it against without, and the time to first token with it
against without (medians, trials interleaved so load drift hits both alike).
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

    from daemon.context import plan_context
    from daemon.sleep.benchmark import load_benchmark, score_benchmark

    loaded = load_model("embedded", cache_dir, make_device_plan())
    questions = load_benchmark()[: 4 if args.quick else None]
    with tempfile.TemporaryDirectory(prefix="sleepllm-bench-wake-") as tmp:
        settings, store = _remembered_store(Path(tmp), 8 if args.quick else FACTS)
        try:
            def context(question: str, memory: bool) -> list[dict[str, str]]:
                return plan_context(store, settings, lambda m: count_tokens(loaded, m),
                                    [{"role": "user", "content": question}], None, 64,
                                    memory=memory).messages

            def answer(memory: bool):
                def reply(question: str) -> str:
                    return "".join(c.text for c in stream_chat(loaded, context(question, memory),
                                                                max_tokens=48))
                return reply

            def first_token(question: str, memory: bool) -> float:
                tic = time.perf_counter()
                next(stream_chat(loaded, context(question, memory), max_tokens=1))
                return time.perf_counter() - tic

            with_block = score_benchmark(questions, answer(True)).score
            without = score_benchmark(questions, answer(False)).score
            tokens = [(count_tokens(loaded, context(q.question, True)),
                       count_tokens(loaded, context(q.question, False))) for q in questions]
            ttft: dict[bool, list[float]] = {True: [], False: []}
            for q in questions[:8]:
                for memory in (False, True):
                    ttft[memory].append(first_token(q.question, memory))
            shown = len(plan_context(store, settings, lambda m: count_tokens(loaded, m),
                                     [{"role": "user", "content": questions[0].question}],
                                     None, 64).wake.facts)
        finally:
            store.close()
    return {"facts_in_block": shown, "questions": len(questions),
            "score_with": with_block, "score_without": without,
            "score_ratio": ratio(with_block, without),
            "prompt_tokens_with": median([a for a, _ in tokens]),
            "prompt_tokens_without": median([b for _, b in tokens]),
            "prompt_tokens_ratio": ratio(median([a for a, _ in tokens]),
                                         median([b for _, b in tokens])),
            "ttft_ratio": ratio(median(ttft[True]), median(ttft[False])),
            "ttft_ms_with": median(ttft[True]) * 1000,
            "ttft_ms_without": median(ttft[False]) * 1000}


def format_table(f: dict) -> str:
    rows = [["general benchmark, block / none", f"{fmt(f['score_with'])} / "
             f"{fmt(f['score_without'])}", fmt(f["score_ratio"]),
             f">= {TARGET_SCORE_RATIO}: {verdict(f['score_ratio'] >= TARGET_SCORE_RATIO)}"],
            ["prompt tokens (median), block / none", f"{f['prompt_tokens_with']:.0f} / "
             f"{f['prompt_tokens_without']:.0f}", fmt(f["prompt_tokens_ratio"]), ""],
            ["time to first token (median ms), block / none", f"{f['ttft_ms_with']:.0f} / "
             f"{f['ttft_ms_without']:.0f}", fmt(f["ttft_ratio"]), ""]]
    return (f"wake memory: {f['facts_in_block']} of the remembered facts in each context, "
            f"{f['questions']} benchmark questions\n"
            + markdown_table(["measure", "value", "ratio", "target"], rows))
