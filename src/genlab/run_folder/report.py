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


def _audits(run: RunDir) -> list[dict]:
    """The run's recorded audits, with their figures as data URIs (see ``genlab audit``)."""
    from genlab.responsible.records import audit_folder, read_audits

    out = []
    for a in read_audits(run):
        images = [(name.removesuffix(".png").replace("-", " "), data_uri(audit_folder(run) / name))
                  for name in a.get("figures", []) if (audit_folder(run) / name).is_file()]
        excerpt = (a.get("result") or {}).get("longest_excerpt")
        out.append({**a, "images": images, "excerpt": excerpt})
    return out


def privacy_sentence(privacy: dict | None) -> str | None:
    """What a DP-SGD run's (epsilon, delta) means, in one paragraph (None for other runs)."""
    if not privacy:
        return None
    return (f"Trained with DP-SGD (Opacus): epsilon = {privacy['epsilon']:.2f} at delta = {privacy['delta']:g}, "
            f"noise multiplier {privacy['noise_multiplier']:.3f}, per-example gradients clipped to norm "
            f"{privacy['max_grad_norm']:g}. This bounds what anyone can learn about one training example from "
            f"the trained weights: for any example, adding or removing it changes the probability of any "
            f"outcome by at most a factor e^epsilon = {2.718281828 ** privacy['epsilon']:.1f}, except with "
            f"probability delta. Smaller epsilon is more private; epsilon near 1 is strong, about 8 is weak "
            f"but still far better than none.")


def features_line(info: dict, metrics: dict) -> str | None:
    """Which features the run's FID was computed on, if it has one."""
    if not any(k.endswith("fid") for k in metrics) or "data" not in info:
        return None
    from genlab.metrics.features import features_used

    return features_used(info["data"]["shape"], info["data"].get("classes", ()))


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
        audits=_audits(run), privacy=privacy_sentence(info.get("privacy")),
        features=features_line(info, metrics),
    )
    write_atomic(run.report, html)
    return run.report
