"""The sleepllm daemon: HTTP API, chat engine, sleep cycles, scheduler and the CLI.

    sleepllm serve            # or: python -m daemon serve
    sleepllm --help

Importing this package is cheap on purpose: the model, MLX and FastAPI are only
imported by the modules (and CLI commands) that need them.
"""
