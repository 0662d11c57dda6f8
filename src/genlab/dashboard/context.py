"""What every dashboard page shares: templates, the CSRF token, the progress store, the runs
index and the curriculum, built once by :func:`genlab.dashboard.app.create_app` and handed to
each route with ``ctx: Context = Depends(context)``."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from genlab.dashboard.runs import RunsIndex, resolve_run
from genlab.errors import GenlabError

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATUS_CHOICES = (("not-started", "not started"), ("in-progress", "in progress"),
                  ("done", "done"), ("skipped", "skipped"))


class NotFound(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass
class Context:
    runs_root: Path
    db_path: Path | None
    curriculum: Any
    catalog: dict[int, list[str]]
    index: RunsIndex
    csrf_token: str
    poll_seconds: float
    env: Any = None

    def __post_init__(self):
        self.env = self.env or templates()

    def store(self):
        from genlab.roadmap.progress import ProgressStore

        return ProgressStore(self.db_path)

    def page(self, template: str, request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(
            csrf=self.csrf_token, path=request.url.path, runs_root=str(self.runs_root),
            statuses=STATUS_CHOICES, **context)
        return HTMLResponse(html, status_code=status_code)

    async def read_form(self, request: Request) -> dict[str, str]:
        """Check the request's origin and CSRF token, then return its form fields."""
        site = request.headers.get("sec-fetch-site")
        if site == "cross-site":
            raise StarletteHTTPException(403, "cross-site requests are refused")
        origin = request.headers.get("origin")
        if origin and origin != "null":
            if urlsplit(origin).netloc != request.headers.get("host", ""):
                raise StarletteHTTPException(403, "the request comes from another origin")
        elif origin == "null":
            raise StarletteHTTPException(403, "the request comes from an opaque origin")
        body = await request.body()
        if len(body) > 64 * 1024:
            raise StarletteHTTPException(413, "form too large")
        fields = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"),
                                                keep_blank_values=True).items()}
        if not hmac.compare_digest(fields.get("csrf", ""), self.csrf_token):
            raise StarletteHTTPException(403, "missing or wrong form token: reload the page "
                                              "and try again")
        return fields

    def milestone_id(self, text: str) -> int:
        try:
            mid = int(text)
            self.curriculum.milestone(mid)
        except (ValueError, GenlabError):
            raise NotFound(f"Milestone {text!r}") from None
        return mid

    def find_run(self, name: str) -> Path:
        path = resolve_run(self.runs_root, name)
        if path is None:
            raise NotFound(f"Run {name!r}")
        return path


def context(request: Request) -> Context:
    """The FastAPI dependency that gives a route the app's :class:`Context`."""
    return request.app.state.ctx


def safe_next(value: str | None, default: str) -> str:
    """A local path to go back to after a form (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def templates():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["qp"] = lambda s: quote(str(s), safe="/")
    env.filters["num"] = _number
    env.filters["secs"] = lambda s: (f"{s:.1f} s" if s < 60 else f"{s / 60:.1f} min"
                                     if s < 3600 else f"{s / 3600:.1f} h")
    env.filters["label"] = lambda s: str(s).replace("-", " ")
    env.filters["run_link"] = run_link
    return env


def run_link(shown_by: str, runs_root: str) -> str | None:
    """The run name to link to when ``shown_by`` is a run folder directly in the runs folder."""
    try:
        path = Path(shown_by).resolve()
        return path.name if path.parent == Path(runs_root).resolve() and (path / "run.json").is_file() else None
    except (OSError, ValueError):
        return None


def _number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "–" if value is None else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e5 else f"{value:.3e}"
    return str(value)
