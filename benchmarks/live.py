"""Run the real daemon under uvicorn on a free loopback port, for experiments and benchmarks.

    with running_daemon(settings) as base_url:
        client = OpenAI(base_url=base_url + "/v1", api_key="local")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_daemon(settings, startup_timeout: float = 300.0) -> Iterator[str]:
    """Start ``create_app(settings)`` under uvicorn in a thread; yield its base URL."""
    import uvicorn

    from daemon.app import create_app

    port = free_port()
    settings = settings.model_copy(update={"host": "127.0.0.1", "port": port})
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the daemon did not start")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)


def wait_for_sleep(base_url: str, cycle_id: int, headers: dict | None = None,
                   timeout: float = 3600.0, on_poll=None) -> dict:
    """Poll ``GET /sleep/{id}`` until the cycle ends; return its record.

    A succeeded cycle is committed at the swap and graduates its facts just after: the
    record is returned once that stage is in it too, so questions asked next meet the
    prompt memory as it will stay.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cycle = httpx.get(f"{base_url}/sleep/{cycle_id}", headers=headers, timeout=30).json()
        if on_poll is not None:
            on_poll(cycle)
        stages = [s["name"] for s in cycle.get("stages", [])]
        if cycle["status"] != "running" and (cycle["status"] != "succeeded"
                                             or "graduate" in stages):
            return cycle
        time.sleep(1.0)
    raise TimeoutError(f"sleep cycle {cycle_id} still running after {timeout:.0f}s")
