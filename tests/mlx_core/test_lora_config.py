"""One LoRA config from the settings to the trainer: per-model defaults, overrides, JSON.

    .venv/bin/python -m pytest tests/mlx_core/test_lora_config.py
"""

from __future__ import annotations

import json
from dataclasses import fields

from mlx_core.lora_config import LoraConfig

import pytest

from benchmarks.grids import load_grid
from daemon.settings import Settings, lora_config

# What a sleep trained with before the settings became one LoraConfig (the settings'
# per-model table merged with train.py's defaults for the fields the settings left out).
EMBEDDED = {"rank": 16, "layers": 8, "scale": 20.0, "dropout": 0.0, "learning_rate": 1e-4,
            "epochs": 3, "batch_size": 4, "max_seq_length": 512, "mask_prompt": True,
            "seed": 0, "anchor_weight": 6.0, "anchor_batch": 4, "anchor_top_k": 32,
            "protect_energy": 0.9}
LARGE = {**EMBEDDED, "layers": 16}


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch, tmp_path):
    for name in ("LEARNING_RATE", "EPOCHS", "LORA_RANK", "LORA_LAYERS", "BATCH_SIZE", "SEED",
                 "ANCHOR_WEIGHT", "PROTECT_ENERGY", "MODEL"):
        monkeypatch.delenv(f"SLEEPLLM_{name}", raising=False)
    monkeypatch.setenv("SLEEPLLM_CONFIG", str(tmp_path / "none.toml"))


def test_the_embedded_model_trains_as_before():
    assert lora_config(Settings(data_dir="d")).to_dict() == EMBEDDED
    assert LoraConfig().to_dict() == EMBEDDED  # the dataclass defaults are the embedded model's


def test_other_models_adapt_sixteen_blocks():
    assert lora_config(Settings(data_dir="d", model="some/model-3b")).to_dict() == LARGE


def test_settings_override_the_model_defaults():
    settings = Settings(data_dir="d", model="some/model-3b", learning_rate=2e-4, epochs=6,
                        lora_rank=8, lora_layers=4, batch_size=2, seed=7, anchor_weight=0.0,
                        protect_energy=0.5)
    assert lora_config(settings).to_dict() == {
        **LARGE, "learning_rate": 2e-4, "epochs": 6, "rank": 8, "layers": 4, "batch_size": 2,
        "seed": 7, "anchor_weight": 0.0, "protect_energy": 0.5}


def test_settings_describe_the_defaults_truly():
    described = Settings.model_fields
    assert "default 8 for the embedded model, 16 for others" in described["lora_layers"].description
    assert "default 16)" in described["lora_rank"].description
    assert "default 0.0001)" in described["learning_rate"].description
    assert "default 3)" in described["epochs"].description


def test_every_field_has_a_help_string():
    assert all(f.metadata.get("help") for f in fields(LoraConfig))


def test_json_round_trip_and_unknown_keys():
    cfg = LoraConfig(layers=16, learning_rate=5e-5)
    assert LoraConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ValueError, match="lora_rank"):
        LoraConfig.from_dict({**cfg.to_dict(), "lora_rank": 8})


def test_grid_runs_train_with_the_same_type():
    default = next(r for r in load_grid("embedded") if r.name == "smol_default")
    assert default.lora() == LoraConfig()
