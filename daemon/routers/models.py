"""``GET /v1/models``: the one served model, OpenAI-style, with its model version id.

``model_version`` is the id of the served weights in the store's model versions (None:
the base model, no sleep has been accepted yet); it changes when a sleep hot-swaps.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import EngineDep
from .errors import COMMON_ERRORS

router = APIRouter(tags=["models"], responses=COMMON_ERRORS)


@router.get("/v1/models")
def list_models(engine: EngineDep, request: Request) -> dict:
    loaded, version = engine.slot.get()
    model = {"id": loaded.name, "object": "model", "created": request.app.state.started_at,
             "owned_by": "sleepllm", "model_version": version}
    return {"object": "list", "data": [model]}
