"""Constrained decoding (``mlx_core.constrain``) with the real embedded model.

The grammar, not the model, decides the shape: a 135M model's reply parses and fits
the schema, down to a value it would never write unprompted.

    .venv/bin/python -m pytest tests/mlx_core/test_constrain.py -q
"""

from __future__ import annotations

from typing import Any

from mlx_core.constrain import GrammarError, close_objects, generate_json, json_schema_grammar

import pytest
from pydantic import BaseModel, Field


class Pet(BaseModel):
    name: str
    species: str
    age: int
    toys: list[str] = Field(max_length=2)


def ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


@pytest.mark.integration
def test_the_reply_fits_a_pydantic_schema(served_model: Any) -> None:
    data = generate_json(served_model, ask("My dog Rex is 3 and loves his ball."),
                         Pet.model_json_schema(), max_tokens=80)
    Pet.model_validate(data)


@pytest.mark.integration
def test_the_grammar_decides_even_an_unlikely_value(served_model: Any) -> None:
    schema = {"type": "object", "properties": {"code": {"enum": ["zq-17"]}},
              "required": ["code"], "additionalProperties": False}
    assert generate_json(served_model, ask("Say hello."), schema, max_tokens=20) == \
        {"code": "zq-17"}


@pytest.mark.integration
def test_without_a_schema_any_object(served_model: Any) -> None:
    data = generate_json(served_model, ask("What is the capital of France? Answer in JSON."),
                         max_tokens=40)
    assert isinstance(data, dict)


def test_a_schema_that_cannot_compile_is_a_grammar_error() -> None:
    with pytest.raises(GrammarError, match="objectx"):
        json_schema_grammar({"type": "objectx"}).check()
    json_schema_grammar({"type": "object", "title": "x", "format": "whatever"}).check()


def test_objects_are_closed_unless_the_schema_says_otherwise() -> None:
    schema = {"type": "object", "properties": {
        "pet": {"type": "object", "properties": {"name": {"type": "string"}}},
        "tags": {"type": "object", "additionalProperties": {"type": "string"}},
        "any": {"anyOf": [{"type": "object", "properties": {}}, {"type": "null"}]}}}
    closed = close_objects(schema)
    assert closed["additionalProperties"] is False
    assert closed["properties"]["pet"]["additionalProperties"] is False
    assert closed["properties"]["tags"]["additionalProperties"] == {"type": "string"}
    assert closed["properties"]["any"]["anyOf"][0]["additionalProperties"] is False
    assert "additionalProperties" not in schema  # the caller's schema is left alone
