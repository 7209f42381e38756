"""The HTTP routes, one module per resource; :func:`daemon.app.create_app` mounts them.

chat (``/v1/chat/completions``), models (``/v1/models``), health (``/health``),
memories (``/memories``), sleep (``/sleep``), conversations (``/conversations``), web
(the page at ``/`` and its files under ``/web/``); errors holds the shared error handling.
"""
