"""``sleepllm bench``: its helpers, and the shape of its JSON in quick mode (never its timings).

    .venv/bin/python -m pytest tests/benchmarks/test_bench.py -q           # helpers + chat section
    .venv/bin/python -m pytest tests/benchmarks/test_bench.py -q -m slow   # all sections, quick
"""

from __future__ import annotations

import json
import math

import mlx_core  # noqa: F401  (OpenBLAS before mlx)

import pytest

from benchmarks import bench, bench_common, bench_cycle, bench_lora, bench_sleep


def _run(tmp_path, sections: str) -> dict:
    import argparse

    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    out = tmp_path / "bench.json"
    args = parser.parse_args(["--quick", "--sections", sections, "--json", str(out)])
    assert bench.run(args) == 0
    return json.loads(out.read_text())


# --- helpers ------------------------------------------------------------------------
def test_percentile_and_median():
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert bench_common.percentile(values, 50) == 3.0
    assert bench_common.percentile(values, 100) == 5.0
    assert bench_common.percentile(values, 99) == pytest.approx(4.96)
    assert math.isnan(bench_common.percentile([], 99))
    assert bench_common.median([2.0, 1.0, 4.0]) == 2.0


def test_every_statement_gives_a_fact_and_sizes_are_reached():
    from daemon.sleep.curate import curate
    from daemon.sleep.extract import extract_facts
    from daemon.sleep.types import SourceMessage

    statements = bench_common.make_statements(30, seed=3)
    assert len(set(statements)) == 30
    assert all(extract_facts([SourceMessage(1, s)]) for s in statements)
    told = bench_common.statements_for_facts(20)
    messages = [SourceMessage(i + 1, " ".join(told[i:i + 10])) for i in range(0, len(told), 10)]
    assert len(curate(extract_facts(messages), []).facts) >= 20


def test_growth_exponent_of_linear_and_quadratic_data():
    xs = [10, 50, 200]
    assert bench_cycle.loglog_slope(xs, [3 * x for x in xs]) == pytest.approx(1.0)
    assert bench_cycle.loglog_slope(xs, [x * x for x in xs]) == pytest.approx(2.0)
    assert bench_cycle.loglog_slope([10], [1.0]) is None


def test_stage_breakdown_splits_the_worker():
    record = {"stages": [
        {"name": "gather", "seconds": 0.1}, {"name": "extract", "seconds": 0.2},
        {"name": "firewall", "seconds": 0.1}, {"name": "curate", "seconds": 0.3},
        {"name": "train", "seconds": 100.0, "detail": {"seconds": 60.0}},
        {"name": "validate", "seconds": 0.0, "detail": {"seconds_in_worker": 30.0}},
        {"name": "fuse", "seconds": 5.0}, {"name": "swap", "seconds": 2.0}]}
    out = bench_cycle.breakdown(record)
    assert out["training"] == 60.0 and out["validation"] == 30.0
    assert out["worker_start"] == pytest.approx(10.0)
    assert sum(out.values()) == pytest.approx(sum(s["seconds"] for s in record["stages"]))


def test_mlx_lm_report_is_parsed():
    output = ("  \x1b[1miter   train_loss     tok/s     tokens\x1b[0m\n"
              "  \x1b[38;5;244m  16\x1b[0m    \x1b[1;32m1.231 ▼\x1b[0m    \x1b[1m 1,019\x1b[0m"
              "    \x1b[38;5;244m  5.3k\x1b[0m\n")
    assert bench_lora.parse_mlx_lm(output) == {"iterations": 16, "loss": 1.231,
                                               "tokens_per_s": 1019.0, "tokens_k": 5.3}
    with pytest.raises(RuntimeError):
        bench_lora.parse_mlx_lm("no table here")


def test_swap_figures_find_the_gap_across_the_swap():
    class Poller:
        timeline = [(0.0, "validate", None), (10.0, "fuse", None), (12.0, "swap", None)]
        phase_at = bench_common.CyclePoller.phase_at
        first_seen = bench_common.CyclePoller.first_seen

    idle = {"start": -5.0, "end": -4.0, "arrivals": [-4.9, -4.8, -4.7]}
    spanning = {"start": 9.0, "end": 13.0,
                "arrivals": [9.5, 9.6, 9.7, 11.5, 11.6, 12.5, 12.6]}
    out = bench_sleep.swap_figures([spanning], Poller(), idle)
    assert out["streams_spanning_swap"] == 1
    assert out["spanning_max_gap_ms"] == pytest.approx(1800.0)
    assert out["max_gap_ms_by_stage"]["fuse"] == pytest.approx(1800.0)
    assert out["idle_median_gap_ms"] == pytest.approx(100.0)


# --- the sections, quick -------------------------------------------------------------------
@pytest.mark.integration
def test_chat_section_quick_json_shape(tmp_path):
    result = _run(tmp_path, "chat")
    chat = result["sections"]["chat"]
    assert result["quick"] is True and "error" not in chat
    assert chat["same_tokens_and_prompt"] is True
    assert chat["reps"] == 2 and len(chat["raw"]["trials"]) == 2
    for key in ("tokens_per_s_ratio", "ttft_added_ms_stream", "added_ms_plain", "seconds"):
        assert isinstance(chat[key], float)
    assert set(chat["met"]) == {"tokens_per_s_ratio", "ttft_added_ms_stream", "added_ms_plain"}


@pytest.mark.integration
def test_wake_section_quick_json_shape(tmp_path):
    wake = _run(tmp_path, "wake")["sections"]["wake"]
    assert "error" not in wake and wake["questions"] == 4 and wake["facts_in_full_block"] >= 1
    assert wake["prompt_tokens_full"] > wake["prompt_tokens_none"]
    for mode in ("served", "full"):
        for key in ("score", "prompt_tokens", "ttft_ms"):
            assert wake[f"{key}_ratio_{mode}"] > 0


@pytest.mark.integration
@pytest.mark.slow
def test_every_section_quick_json_shape(tmp_path):
    result = _run(tmp_path, ",".join(bench.SECTIONS))
    sections = result["sections"]
    assert set(sections) == set(bench.SECTIONS)
    assert not [name for name, figures in sections.items() if "error" in figures]
    assert sections["fastpath"]["openblas"]["blas"] == "openblas"
    lora = sections["lora"]
    assert lora["ours"]["tokens"] > 0 and lora["ratio_vs_same_weights"] > 0
    sleeping = sections["sleeping"]
    assert sleeping["latency"]["idle"]["n"] == 3
    assert set(sleeping["memory_mib"]) == {"idle", "sleeping"}
    assert sleeping["memory_mib"]["sleeping"]["with_children_mib"] > 0
    cycle = sections["cycle"]
    assert [r["facts_wanted"] for r in cycle["runs"]] == [3, 6]
    assert set(cycle["runs"][0]["stages_s"]) == {"gather", "extract", "firewall", "curate",
                                                 "worker_start", "training", "validation",
                                                 "fuse", "swap"}
    assert "total" in cycle["growth_exponent"]
