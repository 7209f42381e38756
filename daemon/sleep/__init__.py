"""The sleep cycle: gather -> extract -> firewall -> curate -> train -> validate -> fuse -> swap.

Each stage is its own module with a clear input and output; :mod:`.cycle` runs
them in order and records each stage's outcome and timing in the store.
Training and validation run in a child process (:mod:`.worker`) so chat keeps
its CPU share and a crash there cannot take the daemon down.
"""
