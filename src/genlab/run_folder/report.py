"""A self-contained ``report.html`` per run: metrics, curves, samples, config, environment.

Images are embedded as data URIs, so the file can be mailed or moved on its own.
"""

from __future__ import annotations

import base64
from pathlib import Path

from genlab.fileio import write_atomic
from genlab.run_folder.plots import plot_curves, plot_horizons
from genlab.run_folder.run_dir import RunDir

MAX_TEXT_CHARS = 4000  # a text sample in the report is cut here


def data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def write_report(run: RunDir) -> Path:
    import jinja2

    records = run.read_metrics()
    config = run.read_config()
    info = run.read_info()
    curves = plot_curves(records, run.curves, title=run.name)
    metrics = run.final_metrics()
    horizons = plot_horizons(metrics, run.horizons, title=f"{run.name}: test clips")
    grids = [(kind.replace("-", " "), data_uri(path)) for kind, path in run.latest_sample_grids().items()]
    texts = [(f"{kind} (step {int(path.stem.rsplit('-', 1)[1])})",
              path.read_text(encoding="utf-8", errors="replace")[:MAX_TEXT_CHARS])
             for kind, path in run.latest_text_samples().items()]
    env = jinja2.Environment(loader=jinja2.PackageLoader("genlab.run_folder", "templates"),
                             autoescape=True)
    html = env.get_template("report.html").render(
        name=run.name, info=info, config=config, metrics=metrics,
        curves=data_uri(curves) if curves else None, horizons=data_uri(horizons) if horizons else None, grids=grids, texts=texts,
        config_text=(run.path / RunDir.CONFIG).read_text(), environment=info.get("environment", {}),
    )
    write_atomic(run.report, html)
    return run.report
