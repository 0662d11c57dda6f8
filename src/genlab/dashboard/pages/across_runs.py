"""Views across runs: compare (curves overlaid, config differences) and the sample gallery."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from genlab.dashboard import charts
from genlab.dashboard.context import Context, context
from genlab.dashboard.runs import load_run, sort_summaries

router = APIRouter()


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, ctx: Context = Depends(context)):
    from genlab.experiments.runs_table import flatten

    names = list(dict.fromkeys(request.query_params.getlist("run")))
    runs = [load_run(ctx.find_run(n)) for n in names]
    if len(runs) < 2:
        return ctx.page("compare.html", request, runs=runs, choices=sort_summaries(
            ctx.index.summaries(), "name", True), charts=[], diff={}, metrics=[])
    keys = list(dict.fromkeys(k for r in runs for k in charts.metric_keys(r.records)))
    drawn = [charts.line_chart(key, {r.name: charts.series_of(r.records, key) for r in runs},
                               width=360, height=240, legend=False) for key in keys]
    colours = {r.name: charts.PALETTE[i % len(charts.PALETTE)] for i, r in enumerate(runs)}
    flats = [flatten(r.config) for r in runs]
    all_keys = sorted(set().union(*flats))
    diff = {k: [f.get(k) for f in flats] for k in all_keys
            if any(f.get(k) != flats[0].get(k) for f in flats[1:])}
    metrics = sorted({k for r in runs for k in r.latest if k.startswith("test/")})
    return ctx.page("compare.html", request, runs=runs, charts=drawn, diff=diff,
                    metrics=metrics, choices=[], colours=colours)


@router.get("/gallery", response_class=HTMLResponse)
def gallery_page(request: Request, kind: str = "samples", ctx: Context = Depends(context)):
    from genlab.dashboard.runs import latest_samples

    groups: dict[str, list[dict]] = {}
    kinds: set[str] = set()
    for summary in sort_summaries(ctx.index.summaries(), "name", True):
        if summary.status != "finished":
            continue
        grids = latest_samples(summary.path)
        kinds.update(grids)
        if kind in grids:
            groups.setdefault(summary.model, []).append({"run": summary, "image": grids[kind]})
    return ctx.page("gallery.html", request, groups=dict(sorted(groups.items())), kind=kind,
                    kinds=sorted(kinds | {"samples"}))
