"""The ``sleepllm`` command line (also ``python -m daemon``).

    sleepllm serve [--host H] [--port P] [--data-dir D] [--model M]
    sleepllm chat [MESSAGE] [--conversation ID]
    sleepllm sleep [--offline] [--no-wait]
    sleepllm status [--json]
    sleepllm forget FACT_ID
    sleepllm audit
    sleepllm export FILE / import FILE / backup DIR / restore DIR   (see daemon.cli_data)
    sleepllm model fetch
    sleepllm experiment ... / sleepllm bench ...      (benchmarks, when installed)

``chat``, ``sleep`` and ``status`` use the running daemon at ``settings.base_url`` when
it answers, else work directly on the data directory. Settings come from
``SLEEPLLM_*`` environment variables and ``config.toml`` (see :mod:`daemon.settings`);
flags win. Heavy imports (MLX, FastAPI, the model) happen inside the commands, so
``sleepllm --help`` stays fast. Exit codes: 0 ok, 1 failed, 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mlx_core  # noqa: F401  (loads OpenBLAS; must precede anything importing mlx)

from .cli_common import CliError, eprint, load_settings, log_level
from .cli_data import add_commands as add_data_commands
from .datadir import DataDirBusy
from .logging_setup import configure_logging
from .sleep.progress import CycleBars

# Subcommands whose code lives in the benchmarks package: (module, help).
DELEGATED = {
    "demo": ("benchmarks.demo", "tell the assistant about someone, let it sleep, ask it"),
    "experiment": ("benchmarks.experiment", "run the memory experiment over a persona"),
    "bench": ("benchmarks.bench", "run the benchmarks against the served model"),
}
# The cycle's stages as recorded in the store (for the progress bar's length only).
STAGES = ("gather", "extract", "firewall", "curate", "train", "validate",
          "fuse", "swap", "graduate")
OK_STATUSES = ("succeeded", "no_messages")


# --- serve ---------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    from .security import BindRefused, check_bind, configured_token  # starlette, ~0.4 s

    settings = load_settings(args)
    try:
        check_bind(settings.host, configured_token(settings) is not None)
    except BindRefused as exc:
        raise CliError(str(exc), 2) from None
    import uvicorn  # the server and the app (FastAPI, MLX): only for `serve`

    from .app import create_app

    try:
        app = create_app(settings)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    configure_logging(log_level(args, "INFO"))
    # log_config=None: uvicorn's loggers propagate to ours instead of replacing them.
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None)
    return 0


# --- chat ----------------------------------------------------------------------------
def _assistant(settings: Any) -> Any:
    from .client import DaemonClient, LocalAssistant  # httpx and starlette, ~0.5 s

    client = DaemonClient.find(settings)
    if client is not None:
        eprint(f"talking to the daemon at {settings.base_url}")
        return client
    eprint("no daemon running; loading the model here")
    return LocalAssistant(settings)


def _say(assistant: Any, text: str, conversation: str | None,
         max_tokens: int | None) -> str | None:
    from .client import ClientError  # see _assistant

    try:
        for piece in assistant.chat(text, conversation, max_tokens):
            print(piece, end="", flush=True)
    except ClientError as exc:
        print(flush=True)
        raise CliError(str(exc)) from None
    print(flush=True)
    return assistant.conversation_id or conversation


def _interactive(assistant: Any, conversation: str | None,
                 max_tokens: int | None) -> str | None:
    eprint("type a message; /quit (or Ctrl-D) to leave")
    while True:
        try:
            text = input("> ")
        except EOFError:
            print()
            return conversation
        if text.strip() in ("/quit", "/exit"):
            return conversation
        if text.strip():
            conversation = _say(assistant, text, conversation, max_tokens)


def cmd_chat(args: argparse.Namespace) -> int:
    if args.max_tokens is not None and args.max_tokens < 1:
        raise CliError("--max-tokens must be at least 1", 2)
    configure_logging(log_level(args))
    assistant = _assistant(load_settings(args))
    try:
        if args.message is not None:
            if not args.message.strip():
                raise CliError("the message is empty", 2)
            conversation = _say(assistant, args.message, args.conversation, args.max_tokens)
        else:
            conversation = _interactive(assistant, args.conversation, args.max_tokens)
    finally:
        assistant.close()
    if conversation:
        eprint(f"conversation {conversation} (continue with --conversation {conversation})")
    return 0


# --- sleep ---------------------------------------------------------------------------
def _show_progress(client: Any, cycle_id: int) -> dict[str, Any]:
    bars = CycleBars(cycle_id, len(STAGES))
    try:
        return client.watch_cycle(cycle_id, bars.update)
    finally:
        bars.close()


def _sleep_offline(settings: Any) -> int:
    from .sleep.cycle import run_offline  # MLX and the training code, ~1.7 s

    configure_logging("WARNING")
    return run_offline(settings, progress=True)


def cmd_sleep(args: argparse.Namespace) -> int:
    from .client import ClientError, DaemonClient  # see _assistant

    settings = load_settings(args)
    client = DaemonClient.find(settings)
    if client is None:
        if not args.offline:
            eprint("no daemon running; sleeping here")
        return _sleep_offline(settings)
    try:
        if args.offline:
            raise CliError(f"a daemon is running at {settings.base_url}; sleep through it "
                           "(without --offline) so it serves the new weights", 2)
        cycle_id, started = client.start_sleep()
        eprint(f"sleep cycle {cycle_id} " + ("started" if started else "is already running"))
        if not args.wait:
            print(cycle_id)
            return 0
        try:
            cycle = _show_progress(client, cycle_id)
        except KeyboardInterrupt:
            eprint(f"stopped watching; sleep cycle {cycle_id} goes on in the daemon "
                   "(see `sleepllm status`)")
            return 130
    except ClientError as exc:
        raise CliError(str(exc)) from None
    finally:
        client.close()
    reason = cycle.get("error") or cycle.get("verdict")
    print(f"sleep cycle {cycle_id}: {cycle['status']}" + (f" ({reason})" if reason else ""))
    return 0 if cycle["status"] in OK_STATUSES else 1


# --- status --------------------------------------------------------------------------
def cmd_status(args: argparse.Namespace) -> int:
    from .client import (  # see _assistant
        ClientError,
        DaemonClient,
        status_from_daemon,
        status_from_store,
    )

    settings = load_settings(args)
    client = DaemonClient.find(settings)
    try:
        info = status_from_daemon(client) if client else status_from_store(settings)
    except ClientError as exc:
        raise CliError(str(exc)) from None
    finally:
        if client is not None:
            client.close()
    print(json.dumps(info, indent=2) if args.json else format_status(info))
    return 0


def format_status(info: dict[str, Any]) -> str:
    facts, last = info["facts"], info["last_sleep"]
    version = info["model_version"]
    sleeping = {True: "yes", False: "no", None: "unknown"}[info["sleeping"]]
    last_text = "never" if last is None else (
        f"cycle {last['id']} {last['status']} (started {last['started_at']}"
        + (f", finished {last['finished_at']})" if last["finished_at"] else ")"))
    lines = [
        ("daemon", f"running at {info['daemon']}" if info["daemon"] else "not running"),
        ("model", f"{info['model']} (version {version if version is not None else 'base'})"),
        ("sleeping", sleeping),
        ("facts", f"{facts.get('pending', 0)} pending, {facts.get('learned', 0)} learned, "
                  f"{facts.get('graduated', 0)} graduated, {facts.get('withheld', 0)} withheld"),
        ("not slept on", f"{info['unslept_user_messages']} user messages"),
        ("last sleep", last_text),
        ("next sleep", info["next_sleep"] or "off"),
    ]
    lines += [("withheld", f"#{w['id']} {w['text']}") for w in info.get("withheld", [])]
    return "\n".join(f"{name + ':':<14}{value}" for name, value in lines)


# --- forget and audit ------------------------------------------------------------------
def cmd_forget(args: argparse.Namespace) -> int:
    from memory_store import open_store

    from .client import ClientError, DaemonClient

    settings = load_settings(args)
    client = DaemonClient.find(settings)
    try:
        if client is not None:
            fact = client.delete(f"/memories/{args.fact_id}")
        else:
            with open_store(settings.db_path) as store:
                fact = vars(store.forget_fact(args.fact_id, reason="forgotten by the user"))
    except (ClientError, KeyError) as exc:
        raise CliError(str(exc).strip("'\"")) from None
    finally:
        if client is not None:
            client.close()
    print(f"forgot fact {fact['id']}: {fact['text']} (the next sleep trains without it)")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from mlx_core.chat import answer_all
    from mlx_core.device import activate, make_device_plan

    from memory_store import open_store

    from .settings import resolve_system_prompt
    from .sleep.secrets.audit import format_audit, run_audit
    from .sleep.versions import load_served_model

    settings = load_settings(args)
    if not settings.db_path.exists():
        print("audit: no data yet; nothing to audit.")
        return 0
    plan = make_device_plan(settings.device)
    activate(plan)
    system = resolve_system_prompt(settings)
    with open_store(settings.db_path) as store:
        loaded, version = load_served_model(settings, store, plan)
        findings = run_audit(store, lambda qs: answer_all(loaded, qs, system, max_tokens=48),
                             settings.withhold_secrets)
    print(format_audit(findings, version))
    return 1 if any(f.leaked_by for f in findings) else 0


# --- model fetch -----------------------------------------------------------------------
def cmd_model_fetch(args: argparse.Namespace) -> int:
    from mlx_core.embedded import ensure_embedded_model  # MLX, ~0.8 s

    configure_logging(log_level(args, "INFO"))
    settings = load_settings(args)
    print(ensure_embedded_model(Path(settings.cache_dir)))
    if not args.no_warm:
        _warm_first_sleep(settings)
    return 0


def _warm_first_sleep(settings: Any) -> None:
    """What every sleep on the model needs first (its benchmark score, the anchor
    replies, the distillation teacher, the protected subspaces), computed now and kept
    in the cache, so the first sleep is as fast as the next ones."""
    from .sleep.train_stage import make_warm_job  # MLX and the sleep code, ~1 s
    from .sleep.worker import warm_caches

    eprint("preparing the first sleep (benchmark, anchors, teacher; a few minutes the "
           "first time, seconds after) ...")
    tic = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        warm_caches(make_warm_job(settings, Path(work)))
    eprint(f"ready in {time.perf_counter() - tic:.0f} s")


# --- delegated subcommands -----------------------------------------------------------------
def _unavailable(name: str) -> Any:
    def run(_: argparse.Namespace) -> int:
        raise CliError(f"'sleepllm {name}' is not available in this build", 2)

    return run


def _add_delegated(subparsers: Any, name: str, chosen: bool) -> None:
    """Register ``name``; import its module only when it is the command being run."""
    module_name, help_text = DELEGATED[name]
    try:
        present = importlib.util.find_spec(module_name) is not None
    except ImportError:
        present = False
    parser = subparsers.add_parser(
        name, help=help_text if present else f"{help_text} (not available in this build)")
    if not (present and chosen):
        parser.set_defaults(func=_unavailable(name) if not present else None)
        return
    try:
        module = importlib.import_module(module_name)
        module.add_arguments(parser)
    except ImportError:
        parser.set_defaults(func=_unavailable(name))
        return
    parser.set_defaults(func=lambda args: module.run(args))


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sleepllm", description="A local assistant that remembers what you tell it "
        "by sleeping on it (nightly LoRA training).")
    parser.add_argument("--log-level", type=str.upper,
                        help="log level (default: INFO for serve, else WARNING)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the daemon (HTTP API on 127.0.0.1:8420)")
    serve.add_argument("--host", help="bind address (default 127.0.0.1; others need a token)")
    serve.add_argument("--port", type=int, help="TCP port (default 8420)")
    serve.add_argument("--data-dir", type=Path, help="database and model versions")
    serve.add_argument("--model", help="'embedded', a local mlx-lm folder or a hub repo id")
    serve.set_defaults(func=cmd_serve)

    chat = sub.add_parser("chat", help="chat with the assistant (one message or interactive)")
    chat.add_argument("message", nargs="?", help="one message; omit for an interactive chat")
    chat.add_argument("--conversation", help="continue this conversation id")
    chat.add_argument("--max-tokens", type=int, help="cap on tokens per reply "
                      "(default: the max_reply_tokens setting)")
    chat.set_defaults(func=cmd_chat)

    sleep = sub.add_parser("sleep", help="sleep now: learn what you said since the last sleep")
    sleep.add_argument("--offline", action="store_true",
                       help="run the cycle in this process (no daemon may be running)")
    sleep.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True,
                       help="follow the cycle to its end (default) or just start it")
    sleep.set_defaults(func=cmd_sleep)

    status = sub.add_parser("status", help="served model, facts, last and next sleep")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=cmd_status)

    forget = sub.add_parser("forget", help="forget a remembered fact (ids: sleepllm status "
                            "--json or GET /memories)")
    forget.add_argument("fact_id", type=int, help="the fact's id")
    forget.set_defaults(func=cmd_forget)

    audit = sub.add_parser("audit", help="ask the served model for the secrets you said; "
                           "exit code 1 if it gives one")
    audit.set_defaults(func=cmd_audit)

    add_data_commands(sub)

    model = sub.add_parser("model", help="manage the model")
    model_sub = model.add_subparsers(title="model commands", metavar="ACTION")
    fetch = model_sub.add_parser("fetch", help="download and convert the embedded model")
    fetch.add_argument("--no-warm", action="store_true",
                       help="skip preparing the first sleep's caches (benchmark score, "
                            "anchor replies, teacher); the first sleep then does it")
    fetch.set_defaults(func=cmd_model_fetch)

    def model_help(_: argparse.Namespace) -> int:
        model.print_help(sys.stderr)
        return 2

    model.set_defaults(func=model_help)

    # Only the command actually run may import its (heavy) benchmarks module.
    commands = set(sub.choices) | set(DELEGATED)
    chosen = next((a for a in argv or [] if a in commands), None)
    for name in DELEGATED:
        _add_delegated(sub, name, chosen == name)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        eprint(f"sleepllm: error: {exc}")
        return exc.code
    except DataDirBusy as exc:  # an offline chat or sleep while a restore runs
        eprint(f"sleepllm: error: {exc}")
        return 1
    except KeyboardInterrupt:
        eprint("interrupted")
        return 130
