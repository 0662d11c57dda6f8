"""The dashboard's web app: roadmap, milestones, runs, compare and gallery pages.

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

import hmac
import math
import secrets
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from genlab.dashboard import charts
from genlab.dashboard.runs import RunsIndex, load_run, resolve_file, resolve_run, sort_summaries
from genlab.errors import GenlabError

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DEFAULT_HOURS_PER_WEEK = 8.0
STATUS_CHOICES = (("not-started", "not started"), ("in-progress", "in progress"),
                  ("done", "done"), ("skipped", "skipped"))


class NotFound(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def _templates():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["qp"] = lambda s: quote(str(s), safe="/")

    def number(value: Any) -> str:
        if isinstance(value, bool) or value is None:
            return "–" if value is None else str(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return f"{value:.4g}" if abs(value) < 1e5 else f"{value:.3e}"
        return str(value)

    env.filters["num"] = number
    env.filters["secs"] = lambda s: (f"{s:.1f} s" if s < 60 else f"{s / 60:.1f} min"
                                     if s < 3600 else f"{s / 3600:.1f} h")
    env.filters["label"] = lambda s: str(s).replace("-", " ")
    return env


def _safe_next(value: str | None, default: str) -> str:
    """A local path to go back to after a form (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


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
    from genlab.roadmap.progress import ProgressStore

    runs_root = Path(runs_dir)
    db_path = Path(progress_db) if progress_db is not None else None
    curriculum = load_curriculum(curriculum_path)
    catalog = exercise_ids_by_milestone()
    env = _templates()
    index = RunsIndex(runs_root)
    csrf_token = secrets.token_urlsafe(32)

    app = FastAPI(title="genlab dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.csrf_token = csrf_token
    app.state.runs_root = runs_root
    hosts = {h.strip("[]").lower() for h in allowed_hosts} if allowed_hosts else None
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR), follow_symlink=False),
              name="static")

    def store() -> ProgressStore:
        return ProgressStore(db_path)

    def page(template: str, request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            csrf=csrf_token, path=request.url.path, runs_root=str(runs_root),
            statuses=STATUS_CHOICES, **context)
        return HTMLResponse(html, status_code=status_code)

    # -- middleware, errors ----------------------------------------------------------------------
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

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return page("message.html", request, 404, title="Not found",
                    message=f"{exc.what} was not found.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        title = "Not found" if exc.status_code == 404 else f"Error {exc.status_code}"
        return page("message.html", request, exc.status_code, title=title,
                    message=str(exc.detail))

    @app.exception_handler(GenlabError)
    async def genlab_error(request: Request, exc: GenlabError):
        from genlab.roadmap.errors import ProgressDBError

        code = 503 if isinstance(exc, ProgressDBError) else 400
        return page("message.html", request, code, title="Cannot do that", message=str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        return page("message.html", request, 500, title="Something went wrong",
                    message=f"{type(exc).__name__}: {exc}")

    # -- forms ------------------------------------------------------------------------------------
    async def read_form(request: Request) -> dict[str, str]:
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
        if not hmac.compare_digest(fields.get("csrf", ""), csrf_token):
            raise StarletteHTTPException(403, "missing or wrong form token: reload the page "
                                              "and try again")
        return fields

    def milestone_id(text: str) -> int:
        try:
            mid = int(text)
            curriculum.milestone(mid)
        except (ValueError, GenlabError):
            raise NotFound(f"Milestone {text!r}") from None
        return mid

    # -- roadmap -----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def roadmap_page(request: Request, hours: str | None = None):
        from genlab.roadmap.planner import make_plan
        from genlab.roadmap.views import overview

        notice = None
        try:
            rate = float(hours) if hours else DEFAULT_HOURS_PER_WEEK
            if not 0 < rate <= 80:
                raise ValueError
        except ValueError:
            notice = f"hours per week must be a number between 0 and 80, not {hours!r}; using 8"
            rate = DEFAULT_HOURS_PER_WEEK
        with store() as s:
            snap = s.snapshot()
            recent = s.journal()[-6:]
        view = overview(curriculum, snap, catalog)
        today = date.today()
        plan = make_plan(curriculum, snap.milestones, rate, today, today)
        items = {item.milestone_id: item for item in plan.items}
        from genlab.roadmap.views import journal_rows

        return page("roadmap.html", request, view=view, plan=plan, items=items, hours=rate,
                    notice=notice, journal=list(reversed(journal_rows(recent, curriculum))))

    @app.get("/milestone/{mid}", response_class=HTMLResponse)
    def milestone_page(request: Request, mid: str):
        from genlab.roadmap.planner import milestone_hours
        from genlab.roadmap.views import milestone_detail

        m = milestone_id(mid)
        with store() as s:
            snap, entries = s.snapshot(), s.journal(m)
        detail = milestone_detail(curriculum, m, snap, catalog, entries,
                                  milestone_hours(curriculum)[m])
        return page("milestone.html", request, m=detail)

    @app.post("/milestone/{mid}/status")
    async def set_status(request: Request, mid: str):
        m = milestone_id(mid)
        fields = await read_form(request)
        note = fields.get("note", "").strip() or None

        def work() -> None:
            with store() as s:
                s.set_status(m, fields.get("status", ""), note=note)

        await run_in_threadpool(work)
        return RedirectResponse(_safe_next(fields.get("next"), f"/milestone/{m}"), 303)

    @app.post("/milestone/{mid}/note")
    async def add_note(request: Request, mid: str):
        m = milestone_id(mid)
        fields = await read_form(request)

        def work() -> None:
            with store() as s:
                s.add_note(m, fields.get("note", ""))

        await run_in_threadpool(work)
        return RedirectResponse(_safe_next(fields.get("next"), f"/milestone/{m}"), 303)

    @app.post("/milestone/{mid}/tick")
    async def tick(request: Request, mid: str):
        m = milestone_id(mid)
        fields = await read_form(request)
        count = len(curriculum.milestone(m).activities)
        try:
            n = int(fields.get("activity", ""))
        except ValueError:
            n = 0
        if not 1 <= n <= count:
            raise StarletteHTTPException(400, f"milestone {m} has activities 1-{count}")
        done = fields.get("done", "1") != "0"

        def work() -> None:
            with store() as s:
                s.tick(m, n, done=done)

        await run_in_threadpool(work)
        return RedirectResponse(_safe_next(fields.get("next"), f"/milestone/{m}"), 303)

    # -- runs ---------------------------------------------------------------------------------------
    @app.get("/runs", response_class=HTMLResponse)
    def runs_page(request: Request, sort: str = "name", order: str = "desc"):
        runs = sort_summaries(index.summaries(), sort, order != "asc")
        return page("runs.html", request, runs=runs, sort=sort, order=order)

    def find_run(name: str) -> Path:
        path = resolve_run(runs_root, name)
        if path is None:
            raise NotFound(f"Run {name!r}")
        return path

    def live_fragment(run) -> str:
        first = ("train/loss", str(run.info.get("key_metric") or ""))
        drawn = [charts.line_chart(key, {key: charts.series_of(run.records, key)},
                                   width=360, height=220)
                 for key in charts.metric_keys(run.records, first)]
        return env.get_template("_run_live.html").render(run=run, charts=drawn)

    @app.get("/runs/{name}", response_class=HTMLResponse)
    def run_page(request: Request, name: str):
        run = load_run(find_run(name))
        return page("run.html", request, run=run, live_html=live_fragment(run),
                    poll_ms=int(poll_seconds * 1000))

    @app.get("/runs/{name}/live")
    def run_live(name: str, v: str = ""):
        """The live part of a run page; 204 when nothing changed since version ``v``."""
        from genlab.dashboard.runs import change_token

        path = find_run(name)
        if v and v == change_token(path):
            return Response(status_code=204)
        run = load_run(path)
        return JSONResponse({"v": run.token, "status": run.status, "live": run.live,
                             "html": live_fragment(run)},
                            headers={"Cache-Control": "no-store"})

    @app.get("/runs/{name}/metrics.json")
    def run_metrics(name: str):
        from genlab.dashboard.runs import read_metrics

        records, bad = read_metrics(find_run(name))
        # NaN and infinities (a diverged run) are not JSON: send them as null
        clean = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                  for k, v in r.items()} for r in records]
        return JSONResponse({"records": clean, "malformed_lines": bad},
                            headers={"Cache-Control": "no-store"})

    @app.get("/runs/{name}/files/{relative:path}")
    def run_file(name: str, relative: str):
        path = resolve_file(find_run(name), relative)
        if path is None:
            raise NotFound(f"File {relative!r} of run {name!r}")
        return FileResponse(path, headers={
            "Content-Security-Policy": "sandbox; default-src 'none'; img-src data: 'self'; "
                                       "style-src 'unsafe-inline'",
            "Cache-Control": "no-cache"})

    @app.get("/compare", response_class=HTMLResponse)
    def compare_page(request: Request):
        from genlab.experiments.runs_table import flatten

        names = list(dict.fromkeys(request.query_params.getlist("run")))
        runs = [load_run(find_run(n)) for n in names]
        if len(runs) < 2:
            return page("compare.html", request, runs=runs, choices=sort_summaries(
                index.summaries(), "name", True), charts=[], diff={}, metrics=[])
        keys = list(dict.fromkeys(k for r in runs for k in charts.metric_keys(r.records)))
        drawn = [charts.line_chart(key, {r.name: charts.series_of(r.records, key) for r in runs},
                                   width=360, height=240, legend=False) for key in keys]
        colours = {r.name: charts.PALETTE[i % len(charts.PALETTE)] for i, r in enumerate(runs)}
        flats = [flatten(r.config) for r in runs]
        all_keys = sorted(set().union(*flats))
        diff = {k: [f.get(k) for f in flats] for k in all_keys
                if any(f.get(k) != flats[0].get(k) for f in flats[1:])}
        metrics = sorted({k for r in runs for k in r.latest if k.startswith("test/")})
        return page("compare.html", request, runs=runs, charts=drawn, diff=diff,
                    metrics=metrics, choices=[], colours=colours)

    @app.get("/gallery", response_class=HTMLResponse)
    def gallery_page(request: Request, kind: str = "samples"):
        from genlab.dashboard.runs import latest_samples

        groups: dict[str, list[dict]] = {}
        kinds: set[str] = set()
        for summary in sort_summaries(index.summaries(), "name", True):
            if summary.status != "finished":
                continue
            grids = latest_samples(summary.path)
            kinds.update(grids)
            if kind in grids:
                groups.setdefault(summary.model, []).append(
                    {"run": summary, "image": grids[kind]})
        return page("gallery.html", request, groups=dict(sorted(groups.items())), kind=kind,
                    kinds=sorted(kinds | {"samples"}))

    @app.get("/healthz")
    def health():
        return {"ok": True, "runs_dir": str(runs_root),
                "time": datetime.now().isoformat(timespec="seconds")}

    return app
