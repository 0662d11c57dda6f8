"""Run pages: the runs table, one run's page with its live part, its metrics and its files."""

from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from genlab.dashboard import charts
from genlab.dashboard.context import Context, NotFound, context
from genlab.dashboard.runs import load_run, resolve_file, sort_summaries
from genlab.run_folder.plots import by_horizon, horizon_scores

router = APIRouter()
# an HTML file in a run folder must not run scripts as the dashboard
RUN_FILE_CSP = "sandbox; default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'"


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, sort: str = "name", order: str = "desc", ctx: Context = Depends(context)):
    runs = sort_summaries(ctx.index.summaries(), sort, order != "asc")
    return ctx.page("runs.html", request, runs=runs, sort=sort, order=order)


def live_fragment(ctx: Context, run) -> str:
    first = ("train/loss", str(run.info.get("key_metric") or ""))
    drawn = [charts.line_chart(key, {key: charts.series_of(run.records, key)}, width=360, height=220)
             for key in charts.metric_keys(run.records, first) if not by_horizon(key)]
    drawn += horizon_charts(run.records)
    return ctx.env.get_template("_run_live.html").render(run=run, charts=drawn)


def horizon_charts(records: list[dict]) -> list[str]:
    """A video run's last scores by horizon (frames ahead), beside its baselines."""
    last: dict[str, float] = {}
    for record in records:
        last.update({k: v for k, v in record.items() if k.startswith("test/") and "@" in k})
    return [charts.line_chart(f"{score} by horizon", {label: list(enumerate(values, 1)) for label, values in lines.items()},
                              width=360, height=220, x_label="frames ahead")
            for score, lines in sorted(horizon_scores(last).items())]


@router.get("/runs/{name}", response_class=HTMLResponse)
def run_page(request: Request, name: str, ctx: Context = Depends(context)):
    path = ctx.find_run(name)
    run = load_run(path)
    return ctx.page("run.html", request, run=run, live_html=live_fragment(ctx, run),
                    poll_ms=int(ctx.poll_seconds * 1000), **responsible_parts(path, run.info))


def responsible_parts(path, info: dict) -> dict:
    """The run's audits (summaries and figures), DP guarantee and model card, if it has them."""
    from genlab.responsible.card import CARD_NAME
    from genlab.responsible.records import read_audits
    from genlab.run_folder.report import privacy_sentence
    from genlab.run_folder.run_dir import RunDir

    run = RunDir(path)
    card = path / CARD_NAME
    return {"audits": read_audits(run), "privacy": privacy_sentence(info.get("privacy")),
            "card": card.read_text(encoding="utf-8", errors="replace") if card.is_file() else None}


@router.get("/runs/{name}/live")
def run_live(name: str, v: str = "", ctx: Context = Depends(context)):
    """The live part of a run page; 204 when nothing changed since version ``v``."""
    from genlab.dashboard.runs import change_token

    path = ctx.find_run(name)
    if v and v == change_token(path):
        return Response(status_code=204)
    run = load_run(path)
    return JSONResponse({"v": run.token, "status": run.status, "live": run.live,
                         "html": live_fragment(ctx, run)}, headers={"Cache-Control": "no-store"})


@router.get("/runs/{name}/metrics.json")
def run_metrics(name: str, ctx: Context = Depends(context)):
    from genlab.dashboard.runs import read_metrics

    records, bad = read_metrics(ctx.find_run(name))
    # NaN and infinities (a diverged run) are not JSON: send them as null
    clean = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
             for r in records]
    return JSONResponse({"records": clean, "malformed_lines": bad}, headers={"Cache-Control": "no-store"})


@router.get("/runs/{name}/files/{relative:path}")
def run_file(name: str, relative: str, ctx: Context = Depends(context)):
    path = resolve_file(ctx.find_run(name), relative)
    if path is None:
        raise NotFound(f"File {relative!r} of run {name!r}")
    return FileResponse(path, headers={"Content-Security-Policy": RUN_FILE_CSP,
                                       "Cache-Control": "no-cache"})
