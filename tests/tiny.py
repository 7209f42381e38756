"""Tiny random-weight llama models and a word-level tokenizer, built in-process.

Unit tests use these instead of a downloaded model: they run in milliseconds
and exercise the same mlx-lm code paths (LoRA layers, training loop, fuse).
"""

from __future__ import annotations

import json
from pathlib import Path

import mlx_core  # noqa: F401  (OpenBLAS before mlx)
from mlx_core.device import make_device_plan
from mlx_core.loader import LoadedModel

import mlx.core as mx
from mlx_lm.models import llama
from mlx_lm.tokenizer_utils import TokenizerWrapper

WORDS = ("what is my cat name your called the capital of france paris you live in where "
         "do i a dog blue red green hello yes no").split()
SPECIALS = ["<pad>", "<|im_start|>", "<|im_end|>", "<unk>"]
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }} {{ m['content'] }}<|im_end|>"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant {% endif %}"
)


def make_tokenizer(folder: Path) -> TokenizerWrapper:
    """A word-level tokenizer with a ChatML-like template, saved in ``folder``."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(SPECIALS + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>",
                                   eos_token="<|im_end|>", bos_token="<|im_start|>")
    fast.chat_template = CHAT_TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(folder)
    return TokenizerWrapper(fast)


def model_args(vocab: int) -> llama.ModelArgs:
    return llama.ModelArgs(model_type="llama", hidden_size=32, num_hidden_layers=4,
                           intermediate_size=64, num_attention_heads=4, num_key_value_heads=2,
                           rms_norm_eps=1e-5, vocab_size=vocab, tie_word_embeddings=True)


def make_tiny(folder: Path, seed: int = 0, quantize: bool = False) -> LoadedModel:
    """A tiny llama with random weights, also saved as an mlx-lm folder in ``folder``."""
    tokenizer = make_tokenizer(folder)
    mx.random.seed(seed)
    args = model_args(len(SPECIALS) + len(WORDS))
    model = llama.Model(args)
    config = {k: v for k, v in args.__dict__.items() if v is not None}
    config.update(eos_token_id=2, max_position_embeddings=128)
    if quantize:
        import mlx.nn as nn

        nn.quantize(model, group_size=32, bits=4)
        config["quantization"] = {"group_size": 32, "bits": 4}
    mx.eval(model.parameters())
    from mlx.utils import tree_flatten

    mx.save_safetensors(str(folder / "model.safetensors"), dict(tree_flatten(model.parameters())))
    (folder / "config.json").write_text(json.dumps(config))
    return LoadedModel(model, tokenizer, config, folder, str(folder), make_device_plan("cpu"))
