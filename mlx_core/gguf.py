"""Convert a llama-architecture GGUF file into an mlx-lm model folder.

MLX reads Q4_0/Q4_1 GGUF tensors directly as its own 4-bit affine format
(group size 32), so conversion is a renaming of tensors, undoing llama.cpp's
rope permutation of the q/k rows, and writing ``config.json`` plus tokenizer
files built from the GGUF metadata.

    python -m mlx_core.gguf model.gguf out_dir
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, cast

import mlx.core as mx
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

# GGUF tensor name -> mlx-lm llama parameter name, per block.
_BLOCK_NAMES = {
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
    "attn_norm": "input_layernorm",
    "ffn_norm": "post_attention_layernorm",
}
_TOP_NAMES = {
    "token_embd": "model.embed_tokens",
    "output_norm": "model.norm",
    "output": "lm_head",
}


def _scalar(meta: dict, key: str):
    value = meta[key]
    return value.item() if hasattr(value, "item") else value


def make_config(meta: dict, weights: dict) -> dict:
    """Build an mlx-lm ``config.json`` for a llama GGUF."""
    arch = str(meta["general.architecture"])
    if arch != "llama":
        raise ValueError(f"unsupported GGUF architecture {arch!r} (only llama)")
    p = f"{arch}."
    heads = int(_scalar(meta, p + "attention.head_count"))
    config = {
        "model_type": "llama",
        "architectures": ["LlamaForCausalLM"],
        "hidden_size": int(_scalar(meta, p + "embedding_length")),
        "intermediate_size": int(_scalar(meta, p + "feed_forward_length")),
        "num_hidden_layers": int(_scalar(meta, p + "block_count")),
        "num_attention_heads": heads,
        "num_key_value_heads": int(_scalar(meta, p + "attention.head_count_kv")),
        "rms_norm_eps": float(_scalar(meta, p + "attention.layer_norm_rms_epsilon")),
        "rope_theta": float(_scalar(meta, p + "rope.freq_base")),
        "max_position_embeddings": int(_scalar(meta, p + "context_length")),
        "vocab_size": len(meta["tokenizer.ggml.tokens"]),
        "tie_word_embeddings": "output.weight" not in weights,
        "bos_token_id": int(_scalar(meta, "tokenizer.ggml.bos_token_id")),
        "eos_token_id": int(_scalar(meta, "tokenizer.ggml.eos_token_id")),
    }
    if "token_embd.scales" in weights:
        # Q4_0 / Q4_1 blocks hold 32 values.
        config["quantization"] = {"group_size": 32, "bits": 4}
    return config


def _unpermute_rows(x: mx.array, n_heads: int) -> mx.array:
    """Undo llama.cpp's rope row permutation.

    llama.cpp stores each head's rows interleaved as (d/2, 2); Hugging Face
    (and mlx-lm) expect them as (2, d/2).
    """
    rows = x.shape[0]
    half = rows // n_heads // 2
    x = x.reshape(n_heads, half, 2, *x.shape[1:])
    return mx.swapaxes(x, 1, 2).reshape(rows, *x.shape[3:])


def convert_weights(weights: dict, config: dict) -> dict:
    """Rename GGUF tensors to mlx-lm names and undo the q/k permutation."""
    out = {}
    for name, value in weights.items():
        parts = name.split(".")
        if parts[0] == "blk":
            layer, kind, leaf = parts[1], parts[2], parts[3]
            new = f"model.layers.{layer}.{_BLOCK_NAMES[kind]}.{leaf}"
            if kind == "attn_q":
                value = _unpermute_rows(value, config["num_attention_heads"])
            elif kind == "attn_k":
                value = _unpermute_rows(value, config["num_key_value_heads"])
        else:
            new = f"{_TOP_NAMES[parts[0]]}.{parts[1]}"
        out[new] = value
    return out


def make_tokenizer_files(meta: dict, out_dir: Path) -> None:
    """Write ``tokenizer.json`` and ``tokenizer_config.json`` from GGUF metadata."""
    model_kind = str(meta["tokenizer.ggml.model"])
    if model_kind != "gpt2":
        raise ValueError(f"unsupported GGUF tokenizer {model_kind!r} (only gpt2 BPE)")
    tokens = list(meta["tokenizer.ggml.tokens"])
    merges = [tuple(m.split(" ", 1)) for m in meta["tokenizer.ggml.merges"]]
    types = meta["tokenizer.ggml.token_type"].tolist()
    vocab = {tok: i for i, tok in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, fuse_unk=False))
    # SmolLM/StarCoder-style pre-tokenizer: digits split one by one, then GPT-2 bytes.
    pre: list[pre_tokenizers.PreTokenizer] = [
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)]
    if str(meta.get("tokenizer.ggml.pre", "")) in ("smollm", "starcoder", "refact"):
        pre.insert(0, pre_tokenizers.Digits(individual_digits=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence(pre)
    tok.decoder = decoders.ByteLevel()
    specials = [t for t, kind in zip(tokens, types, strict=True) if kind == 3]
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    tok.save(str(out_dir / "tokenizer.json"))

    bos = tokens[int(_scalar(meta, "tokenizer.ggml.bos_token_id"))]
    eos = tokens[int(_scalar(meta, "tokenizer.ggml.eos_token_id"))]
    pad_id = meta.get("tokenizer.ggml.padding_token_id")
    tok_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": bos,
        "eos_token": eos,
        "pad_token": tokens[int(pad_id.item())] if pad_id is not None else eos,
        "unk_token": tokens[int(_scalar(meta, "tokenizer.ggml.unknown_token_id"))],
        "add_bos_token": bool(_scalar(meta, "tokenizer.ggml.add_bos_token")),
        "add_prefix_space": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": int(_scalar(meta, "llama.context_length")),
        "additional_special_tokens": [t for t in specials if t not in (bos, eos)],
        "chat_template": str(meta["tokenizer.chat_template"]),
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2))


def convert_gguf(gguf_path: str | Path, out_dir: str | Path) -> Path:
    """Convert ``gguf_path`` into an mlx-lm model folder at ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # With return_metadata=True mx.load returns (weights, metadata); its stub says any shape.
    loaded = cast(tuple[dict[str, mx.array], dict[str, Any]],
                  mx.load(str(gguf_path), return_metadata=True))
    weights, meta = loaded
    config = make_config(meta, weights)
    mx.save_safetensors(
        str(out_dir / "model.safetensors"),
        convert_weights(weights, config),
        metadata={"format": "mlx"},
    )
    make_tokenizer_files(meta, out_dir)
    # config.json last: its presence marks a complete folder.
    (out_dir / "config.json").write_text(json.dumps(config, indent=2))
    return out_dir


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m mlx_core.gguf MODEL.gguf OUT_DIR")
    print(convert_gguf(sys.argv[1], sys.argv[2]))
