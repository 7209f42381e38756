"""Bench section ``chat``: the daemon's chat route against raw ``mlx_lm.stream_generate``.

    sleepllm bench --sections chat [--quick] [--reps 5] [--tokens 64]

One process loads the embedded model once; the reference is mlx-lm's
``stream_generate`` on that model and prompt, the measured path is the real daemon
(``create_app(settings, loaded_model=...)`` under uvicorn in a thread) serving the same
weights, talked to with the official ``openai`` client, streaming and not. Trials are
interleaved (raw, streaming, non-streaming) so load drift hits all three alike;
figures are medians. Generation tokens/s = (tokens - 1) / (last token - first token).
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .bench_common import EVALUATION, LONG_PROMPT, fmt, markdown_table, median, verdict
from .live import free_port

TARGET_RATIO = 0.95
TARGET_ADDED_MS = 30.0


@contextmanager
def serving(loaded, data_dir: Path) -> Iterator[str]:
    """The real daemon app serving the already loaded model; yields its base URL."""
    import uvicorn

    from daemon.app import create_app
    from daemon.settings import Settings

    port = free_port()
    settings = Settings(data_dir=data_dir, nightly_sleep=False, host="127.0.0.1", port=port)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, loaded_model=loaded),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the daemon did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)


def raw_trial(loaded, prompt: list[int], max_tokens: int) -> dict:
    from mlx_lm.generate import stream_generate
    from mlx_lm.sample_utils import make_sampler

    times, last = [], None
    cpu, tic = time.process_time(), time.perf_counter()
    for response in stream_generate(loaded.model, loaded.tokenizer, prompt,
                                    max_tokens=max_tokens, sampler=make_sampler(temp=0.0)):
        times.append(time.perf_counter())
        last = response  # only the last: each holds a vocabulary-sized logprobs array
    assert last is not None  # max_tokens >= 1: at least one response
    tokens = last.generation_tokens
    return {"ttft_s": times[0] - tic, "total_s": times[-1] - tic, "tokens": tokens,
            "tokens_per_s": (tokens - 1) / (times[-1] - times[0]),
            "prompt_tokens": last.prompt_tokens, "cpu_s": time.process_time() - cpu}


def stream_trial(client, messages: list[dict], max_tokens: int) -> dict:
    arrivals, usage = [], None
    cpu, tic = time.process_time(), time.perf_counter()
    stream = client.chat.completions.create(
        model="sleepllm", messages=messages, max_tokens=max_tokens, temperature=0.0,
        stream=True, stream_options={"include_usage": True}, extra_headers=EVALUATION)
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            arrivals.append(time.perf_counter())
        if chunk.usage is not None:
            usage = chunk.usage
    assert usage is not None  # asked for with include_usage
    tokens = usage.completion_tokens
    return {"ttft_s": arrivals[0] - tic, "total_s": arrivals[-1] - tic, "tokens": tokens,
            "tokens_per_s": (tokens - 1) / (arrivals[-1] - arrivals[0]),
            "prompt_tokens": usage.prompt_tokens, "chunks": len(arrivals),
            "cpu_s": time.process_time() - cpu}


def plain_trial(client, messages: list[dict], max_tokens: int) -> dict:
    cpu, tic = time.process_time(), time.perf_counter()
    reply = client.chat.completions.create(model="sleepllm", messages=messages,
                                           max_tokens=max_tokens, temperature=0.0,
                                           extra_headers=EVALUATION)
    return {"total_s": time.perf_counter() - tic, "tokens": reply.usage.completion_tokens,
            "prompt_tokens": reply.usage.prompt_tokens, "cpu_s": time.process_time() - cpu}


def _summary(trials: list[dict]) -> dict:
    keys = [k for k in ("ttft_s", "total_s", "tokens_per_s", "cpu_s") if k in trials[0]]
    out: dict[str, Any] = {k: median(t[k] for t in trials) for k in keys}
    out["tokens"] = sorted({t["tokens"] for t in trials})
    out["prompt_tokens"] = sorted({t["prompt_tokens"] for t in trials})
    out["trials"] = trials
    return out


def measure(cache_dir: Path, reps: int, tokens: int) -> dict:
    import mlx_core  # noqa: F401  (OpenBLAS before mlx)
    from mlx_core.chat import make_prompt
    from mlx_core.device import activate, make_device_plan
    from mlx_core.loader import load_model

    from openai import OpenAI

    plan = make_device_plan("cpu")
    activate(plan)
    loaded = load_model("embedded", cache_dir, plan)
    messages = [{"role": "user", "content": LONG_PROMPT}]
    prompt = make_prompt(loaded, messages)
    runs: dict[str, list[dict]] = {"raw": [], "stream": [], "plain": []}
    with tempfile.TemporaryDirectory(prefix="sleepllm-bench-") as tmp, \
            serving(loaded, Path(tmp)) as url:
        client = OpenAI(base_url=url + "/v1", api_key="local", max_retries=0, timeout=600)
        raw_trial(loaded, prompt, 4)  # warm-up both paths
        plain_trial(client, messages, 4)
        for _ in range(reps):
            runs["raw"].append(raw_trial(loaded, prompt, tokens))
            runs["stream"].append(stream_trial(client, messages, tokens))
            runs["plain"].append(plain_trial(client, messages, tokens))
    return summarize(runs, tokens, plan.name)


def _paired(runs: dict[str, list[dict]], a: str, b: str, key: str, how) -> float:
    """Median over repetitions of ``how(a's value, b's value)``: drift cancels within a pair."""
    return median(how(x[key], y[key]) for x, y in zip(runs[a], runs[b], strict=True))


def summarize(runs: dict[str, list[dict]], tokens: int, device: str) -> dict:
    raw, stream, plain = (_summary(runs[k]) for k in ("raw", "stream", "plain"))
    tps_ratio = _paired(runs, "stream", "raw", "tokens_per_s", lambda x, y: x / y)
    added_stream = _paired(runs, "stream", "raw", "ttft_s", lambda x, y: x - y) * 1000
    added_plain = _paired(runs, "plain", "raw", "total_s", lambda x, y: x - y) * 1000
    cpu_ratio = _paired(runs, "stream", "raw", "cpu_s", lambda x, y: x / y)
    same_work = raw["tokens"] == stream["tokens"] == plain["tokens"] == [tokens] and \
        raw["prompt_tokens"] == stream["prompt_tokens"] == plain["prompt_tokens"]
    return {
        "device": device, "max_tokens": tokens, "reps": len(runs["raw"]),
        "same_tokens_and_prompt": same_work,
        "raw": raw, "stream": stream, "plain": plain,
        "tokens_per_s_ratio": tps_ratio, "cpu_seconds_ratio": cpu_ratio,
        "ttft_added_ms_stream": added_stream, "added_ms_plain": added_plain,
        "targets": {"tokens_per_s_ratio": TARGET_RATIO, "added_ms": TARGET_ADDED_MS},
        "met": {"tokens_per_s_ratio": tps_ratio >= TARGET_RATIO,
                "ttft_added_ms_stream": added_stream < TARGET_ADDED_MS,
                "added_ms_plain": added_plain < TARGET_ADDED_MS},
    }


def format_table(result: dict) -> str:
    raw, stream, plain, met = result["raw"], result["stream"], result["plain"], result["met"]
    rows = [
        ["generation tokens/s", fmt(stream["tokens_per_s"], 1), fmt(raw["tokens_per_s"], 1),
         fmt(result["tokens_per_s_ratio"]) + "x", f">= {TARGET_RATIO}x",
         verdict(met["tokens_per_s_ratio"])],
        ["time to first token, streaming (ms)", fmt(stream["ttft_s"] * 1000, 0),
         fmt(raw["ttft_s"] * 1000, 0), f"{result['ttft_added_ms_stream']:+.1f} ms",
         f"< +{TARGET_ADDED_MS:.0f} ms", verdict(met["ttft_added_ms_stream"])],
        ["whole reply, non-streaming (ms)", fmt(plain["total_s"] * 1000, 0),
         fmt(raw["total_s"] * 1000, 0), f"{result['added_ms_plain']:+.1f} ms",
         f"< +{TARGET_ADDED_MS:.0f} ms", verdict(met["added_ms_plain"])],
        ["CPU seconds per reply (whole process; daemon includes the client)",
         fmt(stream["cpu_s"]), fmt(raw["cpu_s"]), fmt(result["cpu_seconds_ratio"]) + "x", "",
         ""],
    ]
    head = (f"Chat through the daemon vs raw mlx_lm.stream_generate ({result['max_tokens']} "
            f"tokens, {result['reps']} interleaved reps; ratios and differences are medians of "
            f"per-rep pairs; same tokens and prompt: "
            f"{result['same_tokens_and_prompt']})\n\n")
    return head + markdown_table(["figure", "daemon", "raw", "daemon vs raw", "target",
                                  "verdict"], rows)


def add_arguments(parser) -> None:
    parser.add_argument("--reps", type=int, default=4, help="chat: repetitions per path")


def run_section(args, cache_dir: Path) -> dict:
    reps = 2 if args.quick else args.reps
    tokens = 16 if args.quick else args.tokens
    return measure(cache_dir, reps, tokens)
