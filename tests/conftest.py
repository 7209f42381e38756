"""Shared pytest fixtures: a hermetic environment, and real daemons served in-process.

* ``hermetic_env`` (autouse, session): tests never read the user's ``SLEEPLLM_*``
  variables or config file.
* ``daemon`` (session): the real daemon (real embedded model, real uvicorn on a free
  loopback port, tmp data dir, nightly sleep on at 03:30). It loads the model once.
* ``start_daemon`` (session): a factory for more daemons with other settings; they
  share the session's loaded weights (``create_app(settings, loaded_model=...)``).

Talk to one with ``live.openai()`` (the official client) or ``live.http`` (httpx).

    .venv/bin/python -m pytest tests/daemon/test_api.py -q
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

STARTUP_TIMEOUT_S = 120.0
MAIN_SLEEP_TIME = "03:30"


@pytest.fixture(scope="session", autouse=True)
def hermetic_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Clear SLEEPLLM_<setting> variables and point the config file at nothing."""
    from daemon.settings import ENV_PREFIX, Settings

    with pytest.MonkeyPatch.context() as patch:
        for name in Settings.model_fields:
            patch.delenv(ENV_PREFIX + name.upper(), raising=False)
        patch.setenv(ENV_PREFIX + "CONFIG",
                     str(tmp_path_factory.mktemp("config") / "absent.toml"))
        yield


@dataclass
class LiveDaemon:
    """A daemon running under uvicorn in a thread of the test process."""

    app: Any
    server: Any
    thread: threading.Thread
    port: int
    http: Any  # httpx.Client on the base URL

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def settings(self) -> Any:
        return self.app.state.settings

    @property
    def store(self) -> Any:
        return self.app.state.store

    def openai(self, **kwargs: Any) -> Any:
        from openai import OpenAI

        kwargs.setdefault("api_key", "x")
        return OpenAI(base_url=f"{self.url}/v1", max_retries=0, timeout=120, **kwargs)


def _listening_socket() -> socket.socket:
    # Bound here and handed to uvicorn: no window for another process to take the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def run_daemon(settings: Any, loaded_model: Any = None) -> Iterator[LiveDaemon]:
    """Serve ``create_app(settings)`` on a free loopback port until the block ends."""
    import httpx
    import uvicorn

    from daemon.app import create_app

    sock = _listening_socket()
    port = sock.getsockname()[1]
    settings = settings.model_copy(update={"host": "127.0.0.1", "port": port})
    app = create_app(settings, loaded_model=loaded_model)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the daemon did not start (see the log above)")
        time.sleep(0.05)
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
    try:
        yield LiveDaemon(app, server, thread, port, http)
    finally:
        http.close()
        server.should_exit = True
        thread.join(60)
        sock.close()


def daemon_settings(data_dir: Path, **overrides: Any) -> Any:
    from daemon.settings import Settings

    values: dict[str, Any] = {"data_dir": data_dir, "nightly_sleep": True,
                              "sleep_time": MAIN_SLEEP_TIME, "max_body_bytes": 64_000,
                              "auto_sleep_turns": 0}
    return Settings(**{**values, **overrides})


@pytest.fixture(scope="session")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDaemon]:
    """The session's daemon, started the production way (the lifespan loads the model)."""
    with run_daemon(daemon_settings(tmp_path_factory.mktemp("daemon") / "data")) as live:
        yield live


@pytest.fixture(scope="session")
def served_model(daemon: LiveDaemon) -> Any:
    """The session daemon's loaded model, to share with other apps and offline tests."""
    loaded, _ = daemon.app.state.engine.slot.get()
    return loaded


@pytest.fixture(scope="session")
def start_daemon(tmp_path_factory: pytest.TempPathFactory,
                 served_model: Any) -> Iterator[Callable[..., LiveDaemon]]:
    """``start_daemon(**settings)``: another daemon on a fresh data dir, same weights.

    It runs until the end of the session.
    """
    with ExitStack() as running:
        def start(**overrides: Any) -> LiveDaemon:
            data_dir = tmp_path_factory.mktemp("daemon") / "data"
            return running.enter_context(
                run_daemon(daemon_settings(data_dir, **overrides), loaded_model=served_model))

        yield start
