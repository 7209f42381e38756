"""Error responses of the HTTP API: one body shape everywhere, never a traceback.

Every error the daemon returns looks like OpenAI's::

    {"error": {"message": "...", "type": "invalid_request_error", "code": "..."}}

so the ``openai`` client shows our messages as-is. Validation errors (422) also keep
FastAPI's ``detail`` list (with ``loc`` naming the offending field), minus the echoed
input. Routes raise :func:`api_error`; :func:`install_error_handlers` maps everything
else: ``CycleRunning`` -> 409, ``StoreError`` -> 503, anything unexpected -> 500.

Used by :func:`daemon.app.create_app`; tested through the API in ``tests/daemon/test_api*.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from memory_store import CycleRunning, StoreError

log = logging.getLogger(__name__)

STORE_BUSY_MESSAGE = "database is busy, try again"

_TYPES = {
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    409: "conflict_error",
}


class ErrorDetail(BaseModel):
    message: str
    type: str
    code: str | None = None


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ConflictResponse(ErrorResponse):
    id: int
    """The sleep cycle that is running."""


_DESCRIPTIONS = {
    400: "The request cannot be answered (the message says why).",
    401: "Missing or wrong API token (only when one is configured).",
    403: "A browser request from a foreign host or origin.",
    404: "No such resource.",
    409: "A sleep cycle is running.",
    413: "The request body is larger than max_body_bytes.",
    422: "Malformed JSON, an unknown field or an invalid value.",
    500: "The model failed to generate.",
    503: "The database is busy.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses."""
    return {status: {"model": ConflictResponse if status == 409 else ErrorResponse,
                     "description": _DESCRIPTIONS[status]} for status in statuses}


# Statuses any route but /health can answer (from the middleware and the store).
COMMON_ERRORS = error_responses(401, 403, 413, 503)


def error_type(status: int) -> str:
    """OpenAI-style error type for an HTTP status."""
    if status >= 500:
        return "server_error"
    return _TYPES.get(status, "invalid_request_error")


def error_body(status: int, message: str, code: str | None = None, **extra: Any) -> dict:
    """The JSON body of an error response; ``extra`` adds top-level keys (e.g. ``id``)."""
    return {"error": {"message": message, "type": error_type(status), "code": code}, **extra}


def error_response(status: int, message: str, code: str | None = None,
                   headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, code, **extra), status_code=status,
                        headers=headers)


def api_error(status: int, message: str, code: str | None = None,
              headers: dict[str, str] | None = None) -> HTTPException:
    """An exception for routes to raise; rendered by the handler below."""
    return HTTPException(status, detail={"message": message, "code": code}, headers=headers)


def _field(loc: Sequence[Any]) -> str:
    # loc starts with where the value came from ("body", "query", ...); the rest is the path.
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts)


def describe_validation_error(error: dict[str, Any]) -> str:
    """One readable sentence for one pydantic error, naming the field."""
    kind, loc, msg = error.get("type", ""), error.get("loc", ()), error.get("msg", "")
    field = _field(loc)
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return f"request body is not valid JSON ({reason})" if reason else \
            "request body is not valid JSON"
    if kind == "missing":
        return f"missing field '{field}'" if field != "body" else "missing request body"
    return f"invalid value for '{field}': {msg}"


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    message = "; ".join(dict.fromkeys(describe_validation_error(e) for e in errors[:5]))
    detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
              for e in errors]
    return error_response(422, message or "invalid request", "invalid_request", detail=detail)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> str:
    """Every method the path supports (Starlette's 405 names only the first route's).

    A path the API documents literally supports what is documented for it: DELETE
    ``/memories/export`` reaches ``/memories/{fact_id}`` (and gets 422), but it is not a
    method of the export.
    """
    allowed = [m for m in _METHODS
               if any(route.matches({**request.scope, "method": m})[0] == Match.FULL
                      for route in request.app.routes)]
    documented = request.app.openapi().get("paths", {}).get(request.url.path)
    if documented is not None:
        named = {m.upper() for m in documented}
        allowed = [m for m in allowed if m in named or (m == "HEAD" and "GET" in named)]
    return ", ".join(allowed)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail
    if isinstance(detail, dict):
        message, code = str(detail.get("message", "")), detail.get("code")
    else:
        message, code = str(detail), None
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    return error_response(exc.status_code, message, code, headers=headers or None)


async def _cycle_running(_: Request, exc: CycleRunning) -> JSONResponse:
    return error_response(409, str(exc), "cycle_running", id=exc.cycle_id)


async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
    # The reason goes to the log only: it can name files and SQL.
    log.warning("%s %s: store error: %s", request.method, request.url.path, exc)
    return error_response(503, STORE_BUSY_MESSAGE, "store_unavailable")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises after this response and uvicorn logs the traceback; one line here.
    log.error("%s %s failed: %r", request.method, request.url.path, exc)
    return error_response(500, "internal server error", "internal_error")


def install_error_handlers(app: FastAPI) -> None:
    # The ignores: Starlette types every handler as taking a plain Exception, not
    # the exception class it is registered for.
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(CycleRunning, _cycle_running)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
