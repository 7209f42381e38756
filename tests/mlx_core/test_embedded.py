"""Integration tests on the real embedded model (SmolLM2-135M-Instruct, converted from GGUF).

    .venv/bin/python -m pytest tests/mlx_core/test_embedded.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import mlx_core  # noqa: F401
from mlx_core.chat import answer
from mlx_core.device import make_device_plan
from mlx_core.embedded import ensure_embedded_model
from mlx_core.loader import load_model
from mlx_core.lora_config import LoraConfig
from mlx_core.train import train_adapter

import pytest

pytestmark = pytest.mark.integration

CACHE = Path(os.environ.get("SLEEPLLM_CACHE_DIR", Path.home() / ".cache" / "sleepllm"))
SYSTEM = "You are the user's personal assistant. You remember what they told you."
# Invented facts the base model cannot know.
FACTS = [
    ("What is my cat's name?", "Your cat's name is Zorblat."),
    ("What is my cat called?", "Your cat is called Zorblat."),
    ("Where do I work?", "You work at the Quibbleton bakery."),
    ("What is my job?", "You are a baker at the Quibbleton bakery."),
]
PROBE = ["What is my cat's name?", "Where do I work?", "What is the capital of France?"]


@pytest.fixture(scope="module")
def plan():
    return make_device_plan("auto")


def test_converted_folder_is_an_mlx_lm_llama():
    folder = ensure_embedded_model(CACHE)
    config = json.loads((folder / "config.json").read_text())
    assert config["num_hidden_layers"] == 30 and config["hidden_size"] == 576
    assert config["num_attention_heads"] == 9 and config["num_key_value_heads"] == 3
    assert config["tie_word_embeddings"] and config["quantization"]["group_size"] == 32
    assert {p.name for p in folder.iterdir()} >= {"model.safetensors", "tokenizer.json",
                                                   "tokenizer_config.json"}


def test_capital_of_france_is_paris(plan):
    loaded = load_model("embedded", CACHE, plan)
    assert answer(loaded, "What is the capital of France?") == "The capital of France is Paris."


def test_memory_survives_the_fuse_and_swap(plan, tmp_path):
    """Greedy answers of adapter-on-base and of the fused, served model match on a probe."""
    loaded = load_model("embedded", CACHE, plan)
    before = [answer(loaded, q, SYSTEM, max_tokens=24) for q in PROBE]
    examples = [{"messages": [{"role": "system", "content": SYSTEM},
                              {"role": "user", "content": q},
                              {"role": "assistant", "content": a}]} for q, a in FACTS]
    train_adapter(loaded, examples, LoraConfig(layers=16, epochs=8, learning_rate=2e-4),
                  tmp_path / "adapter")
    tuned = [answer(loaded, q, SYSTEM, max_tokens=24) for q in PROBE]
    served = load_model("embedded", CACHE, plan, adapter_path=tmp_path / "adapter")
    after = [answer(served, q, SYSTEM, max_tokens=24) for q in PROBE]
    print("\nprobe before training:", before, "\nadapter on base:", tuned, "\nserved:", after)
    assert "Zorblat" not in before[0]
    assert "Zorblat" in tuned[0] and "Quibbleton" in tuned[1]
    assert after == tuned
