"""The demo: tell the assistant about someone, let it sleep, ask it about them.

    sleepllm demo                                  # the seed persona, a throw-away data dir
    sleepllm demo --persona my_persona.json --data-dir ~/sleepllm-demo

Starts the real daemon on a free loopback port, asks a few questions first
(it cannot know yet), sends the persona's statements as ordinary chat
messages, asks again in a fresh conversation (it answers from its wake memory,
the facts it noted as they were said), sleeps (with a progress bar), then asks
once more with the wake memory left out: the answers now come from the weights.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import mlx_core  # noqa: F401  (OpenBLAS before mlx)

import httpx

from benchmarks.live import running_daemon, wait_for_sleep
from benchmarks.persona import load_persona, persona_questions, told_in_order
from daemon.settings import Settings
from daemon.sleep.cycle import STAGES
from daemon.sleep.progress import CycleBars

SEED = Path(__file__).with_name("seed_persona.json")
EVALUATION = {"X-Sleepllm-Evaluation": "1"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persona", type=Path, default=SEED,
                        help="persona file whose statements are told (default: the seed)")
    parser.add_argument("--data-dir", type=Path, help="keep the demo's data here")
    parser.add_argument("--questions", type=int, default=6, help="how many questions to ask")


def _ask(client, questions: list[str], memory: bool = True) -> list[str]:
    replies = []
    for q in questions:
        r = client.chat.completions.create(model="sleepllm", max_tokens=40, temperature=0.0,
                                           messages=[{"role": "user", "content": q}],
                                           extra_headers=EVALUATION,
                                           extra_body={"memory": memory})
        replies.append((r.choices[0].message.content or "").strip().replace("\n", " "))
    return replies


def _sleep_with_progress(base_url: str) -> dict:
    cycle_id = httpx.post(f"{base_url}/sleep", timeout=30).json()["id"]
    bars = CycleBars(cycle_id, len(STAGES))
    try:
        return wait_for_sleep(base_url, cycle_id, on_poll=bars.update)
    finally:
        bars.close()


def demo(settings, persona_path: Path, n_questions: int) -> int:
    from openai import OpenAI  # an optional dependency (the test extra); only the demo needs it

    persona = load_persona(persona_path)
    # The demo tells everything now, in one conversation; only the order is the persona's.
    statements = [s.text for s in told_in_order(persona.categories)]
    questions = [q.question for kind, _, q in persona_questions(persona)
                 if kind == "recall"][:n_questions]
    print(f"Starting the daemon ({settings.model}) with data in {settings.data_dir} ...")
    with running_daemon(settings) as base_url:
        client = OpenAI(base_url=base_url + "/v1", api_key="local", timeout=600)
        before = _ask(client, questions)
        print(f"\nTelling it {len(statements)} things about {persona.name}:")
        conversation = None
        for text in statements:
            print(f"  you: {text}")
            raw = client.chat.completions.with_raw_response.create(
                model="sleepllm", messages=[{"role": "user", "content": text}], max_tokens=24,
                extra_body={"conversation_id": conversation} if conversation else {})
            conversation = raw.headers.get("x-conversation-id")
        awake = _ask(client, questions)
        print("\nSleeping on it ...")
        cycle = _sleep_with_progress(base_url)
        print(f"sleep {cycle['status']}: " + ", ".join(
            f"{s['name']} {s['seconds']:.0f}s" for s in cycle.get("stages", [])))
        after = _ask(client, questions, memory=False)
    print("\nAsked in a fresh conversation: before telling; after telling, from the wake "
          "memory; after the sleep, from the weights alone:")
    for q, b, w, a in zip(questions, before, awake, after, strict=True):
        print(f"\n  Q: {q}\n     before: {b[:100]}\n     awake:  {w[:100]}"
              f"\n     after:  {a[:100]}")
    return 0 if cycle["status"] == "succeeded" else 1


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    overrides = {"nightly_sleep": False, "auto_sleep_turns": 0}
    if args.data_dir is not None:
        return demo(settings.model_copy(update={**overrides, "data_dir": args.data_dir}),
                    args.persona, args.questions)
    with tempfile.TemporaryDirectory(prefix="sleepllm-demo-") as tmp:
        return demo(settings.model_copy(update={**overrides, "data_dir": Path(tmp)}),
                    args.persona, args.questions)
