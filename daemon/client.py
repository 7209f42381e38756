"""How the CLI reaches the assistant: the running daemon over HTTP, or the model in-process.

    client = DaemonClient.find(settings)          # None when no daemon answers /health
    for piece in client.chat("Hi, I'm Ana", None):
        print(piece, end="")
    client.conversation_id                         # the conversation to continue

:class:`LocalAssistant` offers the same ``chat`` without a daemon: it opens the store
and goes through the same context code as the HTTP route (:mod:`daemon.context`), so
offline messages are logged and learned from just the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

import httpx

from memory_store import FACT_STATES, open_store

from .context import ContextTooLong, finish_turn, make_refiner, prepare_turn
from .datadir import DataDirLock
from .security import configured_token
from .settings import Settings

PROBE_TIMEOUT_S = 1.0
REQUEST_TIMEOUT_S = 30.0
CHAT_TIMEOUT_S = 600.0
# How long `sleepllm sleep` waits for a succeeded cycle's graduate stage (a few questions).
GRADUATE_WAIT_S = 300.0


class ClientError(RuntimeError):
    """The daemon answered with an error (the message is the daemon's)."""


def _error_message(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


class DaemonClient:
    """Talks to a running daemon at ``settings.base_url`` (with the API token, if set)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base_url = settings.base_url
        self.token = configured_token(settings)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.http = httpx.Client(base_url=self.base_url, headers=headers,
                                 timeout=REQUEST_TIMEOUT_S)
        self.conversation_id: str | None = None

    @classmethod
    def find(cls, settings: Settings) -> DaemonClient | None:
        """A client if a daemon answers ``GET /health`` at the configured address."""
        try:
            response = httpx.get(f"{settings.base_url}/health", timeout=PROBE_TIMEOUT_S)
        except httpx.HTTPError:
            return None
        if response.status_code != 200 or "model" not in response.text:
            return None
        return cls(settings)

    def close(self) -> None:
        self.http.close()

    def get(self, path: str) -> dict[str, Any]:
        response = self.http.get(path)
        if response.status_code != 200:
            raise ClientError(_error_message(response))
        return response.json()

    def delete(self, path: str) -> dict[str, Any]:
        response = self.http.delete(path)
        if response.status_code != 200:
            raise ClientError(_error_message(response))
        return response.json()

    def start_sleep(self) -> tuple[int, bool]:
        """``POST /sleep``: (cycle id, True if started now / False if one was running)."""
        response = self.http.post("/sleep")
        if response.status_code == 202:
            return int(response.json()["id"]), True
        if response.status_code == 409 and "id" in response.json():
            return int(response.json()["id"]), False
        raise ClientError(_error_message(response))

    def watch_cycle(self, cycle_id: int, on_poll: Callable[[dict], None],
                    poll_s: float = 1.0) -> dict[str, Any]:
        """Poll ``GET /sleep/{id}`` until the cycle is no longer running; return it.

        A succeeded cycle is committed at the swap and graduates its facts just after: it
        is watched until that stage is recorded too (for at most GRADUATE_WAIT_S), so the
        facts' states shown next are final.
        """
        committed_at = None
        while True:
            cycle = self.get(f"/sleep/{cycle_id}")
            on_poll(cycle)
            if cycle["status"] == "succeeded" and committed_at is None:
                committed_at = time.monotonic()
            graduated = "graduate" in [s.get("name") for s in cycle.get("stages") or []]
            if cycle["status"] != "running" and (
                    cycle["status"] != "succeeded" or graduated
                    or time.monotonic() - (committed_at or 0.0) > GRADUATE_WAIT_S):
                return cycle
            time.sleep(poll_s)

    def chat(self, text: str, conversation_id: str | None,
             max_tokens: int | None = None) -> Iterator[str]:
        """Stream the reply to ``text`` through the OpenAI-compatible route."""
        from openai import APIError, OpenAI  # optional (test extra), ~0.9 s to import

        client = OpenAI(base_url=f"{self.base_url}/v1", api_key=self.token or "sleepllm",
                        max_retries=0, timeout=CHAT_TIMEOUT_S)
        extra = {"X-Conversation-Id": conversation_id} if conversation_id else None
        try:
            # The ignore: openai's overloads want its message TypedDicts and a typed
            # max_tokens; a plain dict and an optional keyword are what it gets here.
            stream = client.chat.completions.create(  # type: ignore[call-overload]
                model=self.settings.model, messages=[{"role": "user", "content": text}],
                stream=True, extra_headers=extra,
                **({"max_tokens": max_tokens} if max_tokens else {}))
            for chunk in stream:
                self.conversation_id = getattr(chunk, "conversation_id", None) or \
                    self.conversation_id
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except APIError as exc:
            raise ClientError(getattr(exc, "message", None) or str(exc)) from None
        finally:
            client.close()


class LocalAssistant:
    """The model loaded in this process, logging to the store like the daemon does."""

    def __init__(self, settings: Settings) -> None:
        # MLX and the model (~1 s to import) only when no daemon answers.
        from mlx_core.device import activate, make_device_plan

        from .engine import ChatEngine, ModelSlot
        from .sleep import versions

        self.settings = settings
        plan = make_device_plan(settings.device)
        activate(plan)
        # Shared, as the daemon holds it: no import or restore while this chat writes.
        self.lock = DataDirLock.shared(settings.data_dir)
        try:
            self.store = open_store(settings.db_path)
        except BaseException:
            self.lock.release()
            raise
        try:
            loaded, version = versions.load_served_model(settings, self.store, plan)
        except BaseException:
            self.store.close()
            self.lock.release()
            raise
        self.engine = ChatEngine(ModelSlot(loaded, version))
        self.conversation_id: str | None = None

    def close(self) -> None:
        self.engine.close()
        self.store.close()
        self.lock.release()

    def chat(self, text: str, conversation_id: str | None,
             max_tokens: int | None = None) -> Iterator[str]:
        from .engine import GenerationParams  # MLX: see __init__

        params = GenerationParams(max_tokens=max_tokens or self.settings.max_reply_tokens,
                                  temperature=self.settings.temperature)
        refine = make_refiner(self.settings, self.engine.complete)
        try:
            turn = prepare_turn(self.store, self.settings, self.engine.count_tokens,
                                [{"role": "user", "content": text}], conversation_id,
                                params.max_tokens, "chat", refine)
        except (ContextTooLong, ValueError) as exc:
            raise ClientError(str(exc)) from None
        self.conversation_id = turn.conversation_id
        pieces: list[str] = []
        try:
            for chunk in self.engine.stream(turn.messages, params):
                pieces.append(chunk.text)
                yield chunk.text
        finally:
            # Ctrl-C mid-reply: store what was shown, as the daemon does for a hang-up.
            finish_turn(self.store, turn.conversation_id, "".join(pieces), turn.source)


# --- sleepllm status ----------------------------------------------------------------------
def _last_sleep(cycle: dict[str, Any] | None) -> dict[str, Any] | None:
    if cycle is None:
        return None
    return {k: cycle.get(k) for k in ("id", "status", "started_at", "finished_at", "error")}


def status_from_daemon(client: DaemonClient) -> dict[str, Any]:
    """What ``sleepllm status`` shows, asked of the running daemon."""
    health = client.get("/health")
    memories = client.get("/memories?state=pending")
    withheld = client.get("/memories?state=withheld")["facts"]  # masked by the sleep
    sleep = client.get("/sleep")
    cycles = sleep.get("cycles") or []
    return {
        "daemon": client.base_url, "model": health["model"],
        "model_version": health["model_version"], "sleeping": health["sleeping"],
        "facts": memories["counts"], "unslept_user_messages": memories["unslept_user_messages"],
        "withheld": [{"id": f["id"], "text": f["text"]} for f in withheld],
        "last_sleep": _last_sleep(cycles[0] if cycles else None),
        "next_sleep": sleep.get("next_run"),
    }


def status_from_store(settings: Settings) -> dict[str, Any]:
    """The same, read from the data directory (no daemon running; nothing is created)."""
    from .scheduler import next_sleep_time  # apscheduler, ~0.25 s: only without a daemon

    when = next_sleep_time(settings)
    info: dict[str, Any] = {
        "daemon": None, "model": settings.model, "model_version": None, "sleeping": False,
        "facts": dict.fromkeys(FACT_STATES, 0), "unslept_user_messages": 0, "withheld": [],
        "last_sleep": None, "next_sleep": when.isoformat() if when else None,
    }
    if not settings.db_path.exists():
        return info
    with open_store(settings.db_path) as store:
        served = store.served_version()
        for fact in store.list_facts():
            info["facts"][fact.state] = info["facts"].get(fact.state, 0) + 1
            if fact.state == "withheld":  # its text is masked ("**** 1111")
                info["withheld"].append({"id": fact.id, "text": fact.text})
        last = store.last_cycle()
        info.update(
            model_version=served.id if served else None,
            sleeping=store.running_cycle() is not None,
            unslept_user_messages=store.count_unconsumed_user_messages(),
            last_sleep=_last_sleep(asdict(last) if last else None),
        )
    return info
