"""Roadmap pages: the overview with the plan, a milestone's page, and its forms."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from genlab.dashboard.context import Context, context, safe_next

DEFAULT_HOURS_PER_WEEK = 8.0
router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def roadmap_page(request: Request, hours: str | None = None, ctx: Context = Depends(context)):
    from genlab.roadmap.planner import make_plan
    from genlab.roadmap.views import journal_rows, overview

    notice = None
    try:
        rate = float(hours) if hours else DEFAULT_HOURS_PER_WEEK
        if not 0 < rate <= 80:
            raise ValueError
    except ValueError:
        notice = f"hours per week must be a number between 0 and 80, not {hours!r}; using 8"
        rate = DEFAULT_HOURS_PER_WEEK
    from genlab.review.schedule import due_count

    with ctx.store() as s:
        snap = s.snapshot()
        recent = s.journal()[-6:]
        reviews_due = due_count(s)
    view = overview(ctx.curriculum, snap, ctx.catalog)
    today = date.today()
    plan = make_plan(ctx.curriculum, snap.milestones, rate, today, today)
    items = {item.milestone_id: item for item in plan.items}
    return ctx.page("roadmap.html", request, view=view, plan=plan, items=items, hours=rate,
                    notice=notice, reviews_due=reviews_due, journal=list(reversed(journal_rows(recent, ctx.curriculum))))


@router.get("/milestone/{mid}", response_class=HTMLResponse)
def milestone_page(request: Request, mid: str, ctx: Context = Depends(context)):
    from genlab.roadmap.planner import milestone_hours
    from genlab.roadmap.views import milestone_detail

    m = ctx.milestone_id(mid)
    with ctx.store() as s:
        snap, entries = s.snapshot(), s.journal(m)
    detail = milestone_detail(ctx.curriculum, m, snap, ctx.catalog, entries,
                              milestone_hours(ctx.curriculum)[m])
    return ctx.page("milestone.html", request, m=detail)


@router.get("/guides/{name}.ipynb")
def guide_notebook(name: str):
    """A lab's guide as a notebook to download (without outputs: it runs on the learner's machine)."""
    import nbformat
    from fastapi.responses import Response

    from genlab.guides import GUIDES
    from genlab.guides.notebook import to_notebook

    if name not in GUIDES:
        raise StarletteHTTPException(404, f"no guide {name!r}")
    return Response(nbformat.writes(to_notebook(name)), media_type="application/x-ipynb+json",
                    headers={"Content-Disposition": f'attachment; filename="{name}.ipynb"'})


async def _apply(ctx: Context, work) -> None:
    """Run ``work(store)`` off the event loop (SQLite may wait for another writer)."""
    def run() -> None:
        with ctx.store() as s:
            work(s)

    await run_in_threadpool(run)


def _back(fields: dict, m: int) -> RedirectResponse:
    return RedirectResponse(safe_next(fields.get("next"), f"/milestone/{m}"), 303)


@router.post("/milestone/{mid}/status")
async def set_status(request: Request, mid: str, ctx: Context = Depends(context)):
    m = ctx.milestone_id(mid)
    fields = await ctx.read_form(request)
    note = fields.get("note", "").strip() or None
    await _apply(ctx, lambda s: s.set_status(m, fields.get("status", ""), note=note))
    return _back(fields, m)


@router.post("/milestone/{mid}/note")
async def add_note(request: Request, mid: str, ctx: Context = Depends(context)):
    m = ctx.milestone_id(mid)
    fields = await ctx.read_form(request)
    await _apply(ctx, lambda s: s.add_note(m, fields.get("note", "")))
    return _back(fields, m)


@router.post("/milestone/{mid}/tick")
async def tick(request: Request, mid: str, ctx: Context = Depends(context)):
    m = ctx.milestone_id(mid)
    fields = await ctx.read_form(request)
    count = len(ctx.curriculum.milestone(m).activities)
    try:
        n = int(fields.get("activity", ""))
    except ValueError:
        n = 0
    if not 1 <= n <= count:
        raise StarletteHTTPException(400, f"milestone {m} has activities 1-{count}")
    done = fields.get("done", "1") != "0"
    await _apply(ctx, lambda s: s.tick(m, n, done=done))
    return _back(fields, m)
