"""The dashboard's web app: roadmap, milestones, runs, compare and gallery pages.

This module builds the app: the shared :class:`~.context.Context`, the security middleware,
the error pages and one router per page area (:mod:`genlab.dashboard.pages`).

Pages are rendered on the server with Jinja2; charts are inline SVG (see :mod:`.charts`); the
only JavaScript is a small file that refreshes a training run's page. Progress is read and
written through :class:`genlab.roadmap.progress.ProgressStore`, one store per request, so the
CLI and the dashboard always agree.

Security: every state-changing request is a POST that carries the app's CSRF token (a random
value put in each form; a page of another site cannot read it) and, when the browser sends
them, an ``Origin`` that matches the ``Host`` and a ``Sec-Fetch-Site`` that is not cross-site.
Files are served only from the package's ``static/`` folder and from inside run folders (see
:mod:`.runs`); run files are served with a sandboxing Content-Security-Policy, so an HTML file
in a run folder cannot run scripts as the dashboard.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from genlab.dashboard.context import Context, NotFound
from genlab.dashboard.pages import across_runs, review, roadmap, runs
from genlab.dashboard.runs import RunsIndex
from genlab.errors import GenlabError

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _host_name(header: str) -> str:
    """The host part of a Host header: ``[::1]:8765`` -> ``::1``, ``a.b:80`` -> ``a.b``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def create_app(runs_dir: Path | str, progress_db: Path | str | None = None, *,
               curriculum_path: Path | str | None = None,
               allowed_hosts: list[str] | None = None,
               poll_seconds: float = 2.0) -> FastAPI:
    """The dashboard for the runs under ``runs_dir`` and the progress in ``progress_db``
    (None: the CLI's database, ``$GENLAB_HOME/progress.db``). ``allowed_hosts`` restricts the
    ``Host`` header (against DNS rebinding when the server listens on loopback)."""
    from genlab.roadmap.links import exercise_ids_by_milestone
    from genlab.roadmap.loader import load_curriculum

    runs_root = Path(runs_dir)
    ctx = Context(runs_root, Path(progress_db) if progress_db is not None else None,
                  load_curriculum(curriculum_path), exercise_ids_by_milestone(),
                  RunsIndex(runs_root), secrets.token_urlsafe(32), poll_seconds)
    app = FastAPI(title="genlab dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ctx = ctx
    app.state.csrf_token = ctx.csrf_token
    app.state.runs_root = runs_root
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR), follow_symlink=False), name="static")
    add_security_headers(app, {h.strip("[]").lower() for h in allowed_hosts} if allowed_hosts else None)
    _add_error_pages(app, ctx)
    for area in (roadmap, runs, across_runs, review):
        app.include_router(area.router)

    @app.get("/healthz")
    def health():
        return {"ok": True, "runs_dir": str(runs_root),
                "time": datetime.now().isoformat(timespec="seconds")}

    return app


def add_security_headers(app: FastAPI, hosts: set[str] | None) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next):
        started = time.perf_counter()
        if hosts is not None and _host_name(request.headers.get("host", "")) not in hosts:
            return Response("Invalid host header", status_code=400, media_type="text/plain")
        response = await call_next(request)
        # the whole server-side time of the request (the benchmark reads it)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


def _add_error_pages(app: FastAPI, ctx: Context) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return ctx.page("message.html", request, 404, title="Not found",
                        message=f"{exc.what} was not found.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        title = "Not found" if exc.status_code == 404 else f"Error {exc.status_code}"
        return ctx.page("message.html", request, exc.status_code, title=title, message=str(exc.detail))

    @app.exception_handler(GenlabError)
    async def genlab_error(request: Request, exc: GenlabError):
        from genlab.roadmap.errors import ProgressDBError

        code = 503 if isinstance(exc, ProgressDBError) else 400
        return ctx.page("message.html", request, code, title="Cannot do that", message=str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        return ctx.page("message.html", request, 500, title="Something went wrong",
                        message=f"{type(exc).__name__}: {exc}")
