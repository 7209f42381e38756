"""The web page: ``GET /`` is ``daemon/web/index.html``; ``/web/...`` its script and style.

Plain files shipped inside the package (no build step, nothing fetched from elsewhere).
They hold no data, so they are served without the API token (see :mod:`daemon.security`);
the page asks for the token when the API answers 401 and sends it on every request.
The page's Content-Security-Policy lets it load and call only this daemon.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_PREFIX = "/web"
# No inline script or style, nothing from another origin, no framing by other sites.
POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
          "frame-ancestors 'none'; form-action 'self'")

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    """The page."""
    return FileResponse(WEB_DIR / "index.html", media_type="text/html",
                        headers={"Content-Security-Policy": POLICY,
                                 "Cache-Control": "no-cache"})


def static_files() -> StaticFiles:
    """The page's script and style, mounted at :data:`STATIC_PREFIX`."""
    return StaticFiles(directory=WEB_DIR)
