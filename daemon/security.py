"""Who may reach the daemon: bind rules, the bearer token, body size and browser guards.

* :func:`check_bind` refuses a non-loopback bind address unless an API token is set
  (``sleepllm serve`` exits with code 2 on it).
* :class:`TokenAuthMiddleware`: with a token, every route but ``/health`` and the web
  page's static files (``/`` and ``/web/...``, which hold no data) needs
  ``Authorization: Bearer <token>`` (``/docs`` and ``/openapi.json`` too); else 401.
* :class:`BodyLimitMiddleware`: bodies over ``max_body_bytes`` get 413 before anything
  parses them: by Content-Length, and by counting the bytes actually received (a chunked
  upload has no Content-Length).
* :class:`LocalOriginMiddleware`: without a token the daemon trusts anyone who can reach
  127.0.0.1, so it refuses what only a web page could send: a ``Host`` that is not a
  loopback name (DNS rebinding) or a foreign ``Origin`` (cross-site POST /sleep).

All are pure ASGI middleware (no request object is built, the body is not parsed).
Tested in ``tests/daemon/test_api.py``.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .routers.errors import error_response
from .settings import Settings

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
OPEN_PATHS = frozenset({"/health", "/"})
# The web page's script and style: files of the package, the same for everyone.
OPEN_PREFIXES = ("/web/",)


class BindRefused(ValueError):
    """Binding this address would expose the daemon without a token."""


def is_loopback(host: str) -> bool:
    """True for loopback addresses and ``localhost``; hostnames are not resolved."""
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def configured_token(settings: Settings) -> str | None:
    """The API token, or None when unset or blank (a blank token would match anyone)."""
    if settings.api_token is None:
        return None
    return settings.api_token.get_secret_value().strip() or None


def check_bind(host: str, has_token: bool) -> None:
    """Raise :class:`BindRefused` unless ``host`` is loopback or a token is configured."""
    if not is_loopback(host) and not has_token:
        raise BindRefused(
            f"refusing to listen on {host}: the API would be open to the network without a "
            "token. Set SLEEPLLM_API_TOKEN (or api_token in config.toml), or bind 127.0.0.1."
        )


def _host_name(value: str) -> str:
    """The host part of a Host header or an Origin URL, without port or brackets."""
    if "//" in value:
        return (urlsplit(value).hostname or "").lower()
    if value.startswith("["):
        return value[1:value.find("]")].lower()
    return value.rsplit(":", 1)[0].lower() if value.count(":") == 1 else value.lower()


class TokenAuthMiddleware:
    """Require ``Authorization: Bearer <token>`` on every HTTP route but the open ones."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._token = token.encode()

    def _authorized(self, scope: Scope) -> bool:
        scheme, _, credential = Headers(scope=scope).get("authorization", "").partition(" ")
        # compare_digest: the time taken must not reveal how much of the token matched.
        return scheme.lower() == "bearer" and hmac.compare_digest(
            credential.strip().encode(), self._token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Only a route under /web/ can answer a path that starts with it: the static
        # files, which refuse anything outside their folder ("/web/../x" included).
        if (scope["type"] != "http" or scope["path"] in OPEN_PATHS
                or scope["path"].startswith(OPEN_PREFIXES) or self._authorized(scope)):
            await self.app(scope, receive, send)
            return
        response = error_response(401, "missing or wrong API token", "invalid_api_key",
                                  headers={"WWW-Authenticate": "Bearer"})
        await response(scope, receive, send)


class LocalOriginMiddleware:
    """Refuse non-loopback Host and Origin headers (browser attacks on a tokenless daemon)."""

    def __init__(self, app: ASGIApp, extra_hosts: tuple[str, ...] = ()) -> None:
        self.app = app
        self._hosts = LOOPBACK_NAMES | {h.lower() for h in extra_hosts}

    def _allowed(self, value: str | None) -> bool:
        if value == "null":  # the origin of sandboxed pages and file:// documents
            return False
        if not value:  # no header: HTTP/1.0 clients and scripts, not browsers
            return True
        name = _host_name(value)
        return name in self._hosts or is_loopback(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            if not (self._allowed(headers.get("host")) and self._allowed(headers.get("origin"))):
                response = error_response(403, "requests from this host or origin are refused",
                                          "forbidden_origin")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Answer 413 to bodies over ``max_bytes``; pass smaller ones on, fully buffered."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> Exception:
        return _TooLarge(f"request body is larger than {self.max_bytes} bytes")

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None if the client went away; raises _TooLarge."""
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body = message.get("body", b"")
            size += len(body)
            # Counted as it arrives: a chunked upload never declares its size.
            if size > self.max_bytes:
                raise self._too_large()
            chunks.append(body)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(scope, receive)
        except _TooLarge as exc:
            await error_response(413, str(exc), "body_too_large")(scope, receive, send)
            return
        if body is None:
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            # After the body, the app only waits for the disconnect (streaming responses).
            return await receive()

        await self.app(scope, replay, send)


class _TooLarge(Exception):
    pass
