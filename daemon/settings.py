"""Settings for the daemon, the sleep cycle and the CLI.

Every field can be set by an environment variable ``SLEEPLLM_<FIELD>`` (for
example ``SLEEPLLM_PORT=8421``) or in a TOML config file: ``$SLEEPLLM_CONFIG``
if set, else ``config.toml`` in the data directory. Environment variables win
over the file; command-line flags win over both.

The training fields become one :class:`~mlx_core.lora_config.LoraConfig` (see
:func:`lora_config`); those left unset take the model's default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from mlx_core import EMBEDDED_MODEL
from mlx_core.lora_config import LoraConfig, help_of

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from prompts import load_prompt

from .sleep.secrets.kinds import SECRET_KINDS

ENV_PREFIX = "SLEEPLLM_"
# Prompt memory per turn: the embedded 135M model is shown one fact inline (it answers
# best from the fact beside the question; see daemon.wake); a 3B model reads many more.
EMBEDDED_WAKE_TOKENS = 48
LARGE_WAKE_TOKENS = 400
DEFAULT_PORT = 8420

# LoraConfig's defaults are the embedded model's; other (3B-class) models differ only in
# the number of adapted blocks: they take the write-up's best 3B run (1e-4, 3 epochs,
# rank 16) on 16 blocks.
LARGE_MODEL_LORA = {"layers": 16}
_LORA = LoraConfig()


def _lora_help(name: str, per_model: bool = False) -> str:
    """A training field's description: LoraConfig's help and the default that applies."""
    default = f"default {getattr(_LORA, name):g}"
    if per_model and name in LARGE_MODEL_LORA:
        default += f" for the embedded model, {LARGE_MODEL_LORA[name]:g} for others"
    return f"{help_of(name).rstrip('.')} ({default})."


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "sleepllm"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sleepllm"


class Settings(BaseSettings):
    """All user-facing settings, with their defaults."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    # Where things live
    data_dir: Path = Field(default_factory=default_data_dir, description="Database, adapters and model versions (owner-only).")
    cache_dir: Path = Field(default_factory=default_cache_dir, description="Converted embedded model and other caches.")
    model: str = Field(EMBEDDED_MODEL, description="'embedded', a local mlx-lm model folder, or a Hugging Face repo id.")
    device: str = Field("auto", description="'auto', 'metal', 'cuda' or 'cpu'.")

    # HTTP
    host: str = Field("127.0.0.1", description="Bind address; non-loopback needs api_token.")
    port: int = Field(DEFAULT_PORT, description="TCP port of the HTTP API.")
    api_token: SecretStr | None = Field(None, description="Bearer token required on every route but /health.")
    max_body_bytes: int = Field(1_000_000, description="Requests with a larger body get 413.")

    # Chat
    context_tokens: int = Field(1536, description="Token budget of a conversation's context before older turns are summarized.")
    max_reply_tokens: int = Field(256, description="Default cap on tokens per reply.")
    temperature: float = Field(0.0, description="Default sampling temperature (0 = greedy).")
    system_prompt: str | None = Field(None, description="System prompt of every chat and training example (default: prompts/system.txt; the embedded model keeps its own, which answers best).")

    # Sleep triggers
    nightly_sleep: bool = Field(True, description="Run a sleep cycle every night at sleep_time.")
    sleep_time: str = Field("03:00", description="Local time HH:MM of the nightly sleep.")
    auto_sleep_turns: int = Field(0, description="Sleep after this many new user turns (0 = off).")

    # Sleep cycle
    wake_tokens: int | None = Field(None, ge=0, description="Token budget of the memory every chat shows the model: facts told but not yet answered by the weights (default 48 for the embedded model, 400 for others; 0 turns it off).")
    wake_style: Literal["inline", "exchange"] | None = Field(None, description="Where that memory goes: 'inline' puts the one fact that best matches the message above it in the user's turn (the embedded model's default: a 135M model answers best from one fact beside the question); 'exchange' adds an earlier turn in which the assistant lists the facts, relevant first, then recent (the default for others).")
    graduation_passes: int = Field(1, ge=1, description="Sleeps in a row after which the weights must answer a fact with no prompt memory before it leaves the prompt.")
    withhold_secrets: list[str] = Field(list(SECRET_KINDS), description="Kinds of secret never trained into the weights: " + ", ".join(SECRET_KINDS) + " (all by default; remove a kind to let the model learn it).")
    model_extraction: bool | None = Field(None, description="Also extract facts by prompting the model (default: on except for the embedded model).")
    # Training: left unset (None), a LoRA field takes the model's default (see lora_config).
    learning_rate: float | None = Field(None, description=_lora_help("learning_rate", True))
    epochs: int | None = Field(None, description=_lora_help("epochs", True))
    lora_rank: int | None = Field(None, description=_lora_help("rank", True))
    lora_layers: int | None = Field(None, description=_lora_help("layers", True))
    anchor_weight: float = Field(_LORA.anchor_weight, ge=0, description="Weight of the loss that keeps the base model's answers to everyday prompts while training (0 turns it off).")
    protect_energy: float = Field(_LORA.protect_energy, ge=0, lt=1, description="Share of what everyday prompts feed each adapted layer that the adapter may not read (0 turns it off).")
    batch_size: int = Field(_LORA.batch_size, description=_lora_help("batch_size"))
    pairs_per_fact: int = Field(4, description="Question phrasings trained per fact (more cost training time).")
    benchmark_path: Path | None = Field(None, description="General-knowledge benchmark file (default: the one shipped with the sleep cycle).")
    benchmark_tolerance: float = Field(0.9, ge=0, le=1, description="Reject an update whose general benchmark score falls below this share of the base model's (the shipped benchmark has 100 questions: 0.9 lets an update lose 10 of them).")
    old_facts_tolerance: float = Field(0.1, ge=0, le=1, description="Reject an update that recalls the facts the served model already learned worse than the served model by more than this share of them (0.1: at most 1 of 10 lost; 0 turns the allowance off, 1 the check).")
    night_replay: float | None = Field(None, ge=0, le=1, description="Train each night on top of the served adapter: the new facts, the learned ones the served model no longer recalls, and this share of the rest, drawn anew each night (unset: retrain every fact from the base model every night). A night after a fact was forgotten or withheld always retrains from the base model; a replaced one is trained over by its successor.")
    keep_versions: int = Field(3, description="Model versions kept on disk for rollback.")
    seed: int = Field(_LORA.seed, description="Seed for training and data shuffling.")

    @field_validator("withhold_secrets")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        unknown = sorted(set(kinds) - set(SECRET_KINDS))
        if unknown:
            raise ValueError(f"unknown kinds of secret {unknown}; known: {', '.join(SECRET_KINDS)}")
        return kinds

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, _config_file()))

    @property
    def db_path(self) -> Path:
        return self.data_dir / "sleepllm.db"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def is_embedded(self) -> bool:
        return self.model == EMBEDDED_MODEL

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"


def _config_file() -> Path:
    explicit = os.environ.get(ENV_PREFIX + "CONFIG")
    if explicit:
        return Path(explicit)
    data_dir = os.environ.get(ENV_PREFIX + "DATA_DIR")
    return (Path(data_dir) if data_dir else default_data_dir()) / "config.toml"


def lora_config(settings: Settings) -> LoraConfig:
    """The LoRA settings a sleep trains with: the user's, else the model's defaults."""
    per_model = {} if settings.is_embedded else LARGE_MODEL_LORA
    chosen: dict[str, Any] = {"learning_rate": settings.learning_rate, "epochs": settings.epochs,
                              "rank": settings.lora_rank, "layers": settings.lora_layers}
    return LoraConfig(**{**per_model, **{k: v for k, v in chosen.items() if v is not None}},
                      batch_size=settings.batch_size, seed=settings.seed,
                      anchor_weight=settings.anchor_weight,
                      protect_energy=settings.protect_energy)


def resolve_system_prompt(settings: Settings) -> str | None:
    """The system prompt chat and training share; None keeps the chat template's own.

    The 135M embedded model answers general questions worse under any custom
    system prompt we tried (benchmark 0.83 with its own, 0.62-0.67 with ours),
    so it keeps its template's default.
    """
    if settings.system_prompt is not None:
        return settings.system_prompt or None
    if settings.is_embedded:
        return None
    return load_prompt("system")


def wake_budget(settings: Settings) -> int:
    """Tokens of prompt memory per chat turn (see ``daemon.wake``)."""
    if settings.wake_tokens is not None:
        return settings.wake_tokens
    return EMBEDDED_WAKE_TOKENS if settings.is_embedded else LARGE_WAKE_TOKENS


def wake_style(settings: Settings) -> Literal["inline", "exchange"]:
    """Where the prompt memory goes (see ``daemon.wake``)."""
    if settings.wake_style is not None:
        return settings.wake_style
    return "inline" if settings.is_embedded else "exchange"


def uses_model_extraction(settings: Settings) -> bool:
    """Model-based extraction is only useful for models that can follow the prompt."""
    if settings.model_extraction is not None:
        return settings.model_extraction
    return not settings.is_embedded
