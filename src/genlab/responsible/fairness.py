"""The fairness lab: a classifier trained on data with a stated bias, measured and mitigated
with fairlearn, and a conditional generator that carries the bias into synthetic data.

The data (generated, seeded, so the bias is known exactly): people with two skill features, a
proxy feature (think of a postcode) and a group g (30% are in group 1). Their true
qualification q is the same function of the skills in both groups, but the *historical labels*
are biased: a qualified member of group 1 was recorded as positive only with probability
``1 - bias`` (``bias = 0``: fair labels). The group is not a feature, but the proxy tells it
(it is 1.5 higher on average in group 1), which is how a model learns a bias it is never shown.

What the lab shows:

1. A logistic regression on the features (not the group) learns the bias: its selection rate
   and true-positive rate are lower for group 1. fairlearn's ``MetricFrame`` gives the per-group
   rates; ``demographic_parity_difference`` (gap in selection rates) and
   ``equalized_odds_difference`` (the larger of the gaps in TPR and FPR) summarise them.
2. Two mitigations: ``ThresholdOptimizer`` (post-processing: a threshold per group) and
   ``ExponentiatedGradient`` (a reduction: retrain under a parity constraint, with a sweep of
   its tolerance to trace the accuracy-fairness trade-off). Accuracy is measured against the
   biased labels (what a practitioner sees) and against the true qualification (what matters).
3. A conditional generator trained on the biased data — one Gaussian mixture per (group, label)
   cell (scikit-learn), which samples P(x | g, y) and the label mix P(y | g) it saw — makes
   synthetic data with the same selection-rate gap, and a classifier trained on that synthetic
   data inherits it. Rebalancing the sampling (drawing y with the same rate in both groups)
   shrinks the gap: with generative models, *what you ask them to sample* is a fairness lever.
   The same holds for genlab's cgan and cvae, whose class mix is exactly what sampling asks for.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from genlab.errors import ConfigError


def biased_data(n: int, bias: float, seed: int):
    """(features, biased labels, groups, true qualification) of ``n`` people."""
    rng = np.random.default_rng(seed)
    g = (rng.random(n) < 0.3).astype(int)
    skills = rng.normal(size=(n, 2))
    proxy = 1.5 * g + rng.normal(scale=0.5, size=n)                 # e.g. a postcode: tells the group
    x = np.c_[skills, proxy]
    q = (skills.sum(1) + rng.normal(scale=0.5, size=n) > 0.3).astype(int)
    flipped = (g == 1) & (q == 1) & (rng.random(n) < bias)          # the historical bias
    y = np.where(flipped, 0, q)
    return x, y, g, q


def group_metrics(y_true, y_pred, groups) -> dict:
    """fairlearn's per-group rates and the two gaps."""
    from fairlearn.metrics import (MetricFrame, demographic_parity_difference, equalized_odds_difference,
                                   false_positive_rate, selection_rate, true_positive_rate)
    from sklearn.metrics import accuracy_score

    frame = MetricFrame(metrics={"selection_rate": selection_rate, "tpr": true_positive_rate,
                                 "fpr": false_positive_rate, "accuracy": accuracy_score},
                        y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    by_group = {str(k): {m: round(float(v), 4) for m, v in row.items()} for k, row in frame.by_group.iterrows()}
    return {"by_group": by_group,
            "demographic_parity_difference": float(demographic_parity_difference(y_true, y_pred, sensitive_features=groups)),
            "equalized_odds_difference": float(equalized_odds_difference(y_true, y_pred, sensitive_features=groups)),
            "accuracy": float(accuracy_score(y_true, y_pred))}


def mitigations(x, y, g, x_test, y_test, g_test, q_test, seed: int) -> list[dict]:
    """Baseline, ThresholdOptimizer and an ExponentiatedGradient sweep: one row each."""
    from fairlearn.postprocessing import ThresholdOptimizer
    from fairlearn.reductions import DemographicParity, ExponentiatedGradient
    from sklearn.linear_model import LogisticRegression

    rows = []
    base = LogisticRegression().fit(x, y)
    rows.append(_row("unmitigated", base.predict(x_test), y_test, g_test, q_test))
    post = ThresholdOptimizer(estimator=LogisticRegression(), constraints="demographic_parity",
                              predict_method="predict_proba", prefit=False).fit(x, y, sensitive_features=g)
    rows.append(_row("ThresholdOptimizer (demographic parity)",
                     post.predict(x_test, sensitive_features=g_test, random_state=seed), y_test, g_test, q_test))
    for eps in (0.1, 0.05, 0.02, 0.01):
        red = ExponentiatedGradient(LogisticRegression(), DemographicParity(difference_bound=eps))
        red.fit(x, y, sensitive_features=g)
        pred = red.predict(x_test, random_state=seed)
        rows.append(_row(f"ExponentiatedGradient (parity within {eps})", pred, y_test, g_test, q_test))
    return rows


def _row(name, pred, y_test, g_test, q_test) -> dict:
    m = group_metrics(y_test, pred, g_test)
    return {"method": name, "accuracy_vs_recorded": m["accuracy"],
            "accuracy_vs_true": float((pred == q_test).mean()),
            "demographic_parity_difference": m["demographic_parity_difference"],
            "equalized_odds_difference": m["equalized_odds_difference"], "by_group": m["by_group"]}


def synthetic_data(x, y, g, n: int, seed: int, rebalance: bool):
    """Samples of a conditional generator (a Gaussian mixture per (group, label) cell) trained
    on the biased data; ``rebalance`` draws the labels at the same rate in both groups."""
    from sklearn.mixture import GaussianMixture

    rng = np.random.default_rng(seed)
    cells = {(gg, yy): GaussianMixture(2, random_state=seed).fit(x[(g == gg) & (y == yy)])
             for gg in (0, 1) for yy in (0, 1)}
    g_new = (rng.random(n) < g.mean()).astype(int)
    rate = {gg: y[g == gg].mean() for gg in (0, 1)}
    if rebalance:
        rate = {gg: y.mean() for gg in (0, 1)}
    y_new = (rng.random(n) < np.where(g_new == 1, rate[1], rate[0])).astype(int)
    x_new = np.zeros((n, x.shape[1]))
    for (gg, yy), model in cells.items():
        idx = np.flatnonzero((g_new == gg) & (y_new == yy))
        if len(idx):
            x_new[idx] = model.sample(len(idx))[0][rng.permutation(len(idx))]
    return x_new, y_new, g_new


def run_lab(out: Path, seed: int = 0, bias: float = 0.8, n: int = 20_000) -> dict:
    """The whole lab; writes ``results.json``, ``results.md`` and ``tradeoff.png`` into ``out``."""
    from sklearn.linear_model import LogisticRegression

    if not 0.0 <= bias <= 0.99:
        raise ConfigError(f"--bias must be between 0 and 0.99, got {bias}")
    import warnings

    x, y, g, q = biased_data(n, bias, seed)
    xt, yt, gt, qt = biased_data(n // 2, bias, seed + 1)
    with warnings.catch_warnings():  # fairlearn's own deprecation notices on pandas 3
        warnings.filterwarnings("ignore", message="Setting a value on a Series via .at")
        warnings.filterwarnings("ignore", message="Setting an item of incompatible dtype")
        rows = mitigations(x, y, g, xt, yt, gt, qt, seed)
    synthetic = {}
    for name, rebalance in (("synthetic", False), ("synthetic, rebalanced", True)):
        xs, ys, gs = synthetic_data(x, y, g, n, seed, rebalance)
        pred = LogisticRegression().fit(xs, ys).predict(xt)
        synthetic[name] = {"label_rate_by_group": {str(k): round(float(ys[gs == k].mean()), 4) for k in (0, 1)},
                           "downstream": _row(f"trained on {name} data", pred, yt, gt, qt)}
    result = {"bias": bias, "seed": seed, "n": n,
              "data_label_rate_by_group": {str(k): round(float(y[g == k].mean()), 4) for k in (0, 1)},
              "true_rate_by_group": {str(k): round(float(q[g == k].mean()), 4) for k in (0, 1)},
              "methods": rows, "synthetic": synthetic}
    result["lines"] = _lines(result)
    _write(out, result)
    return result


def _lines(r: dict) -> list[str]:
    lines = [f"biased data: recorded positive rate {r['data_label_rate_by_group']['0']:.3f} (group 0) vs "
             f"{r['data_label_rate_by_group']['1']:.3f} (group 1); truly qualified {r['true_rate_by_group']['0']:.3f} "
             f"vs {r['true_rate_by_group']['1']:.3f}"]
    for m in r["methods"]:
        lines.append(f"{m['method']}: accuracy {m['accuracy_vs_recorded']:.3f} (vs true {m['accuracy_vs_true']:.3f}), "
                     f"parity gap {m['demographic_parity_difference']:.3f}, odds gap {m['equalized_odds_difference']:.3f}")
    for name, s in r["synthetic"].items():
        d = s["downstream"]
        lines.append(f"{name} data: positive rate {s['label_rate_by_group']['0']:.3f} vs {s['label_rate_by_group']['1']:.3f}; "
                     f"a classifier trained on it: parity gap {d['demographic_parity_difference']:.3f}, "
                     f"accuracy vs true {d['accuracy_vs_true']:.3f}")
    return lines


def _write(out: Path, result: dict) -> None:
    from genlab.fileio import write_atomic
    from genlab.run_folder.plots import inline_figure

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "results.json", json.dumps(result, indent=1))
    md = ["# Fairness lab", "", f"Bias {result['bias']}, seed {result['seed']}, {result['n']} training people.", ""]
    md += ["| method | accuracy (recorded) | accuracy (true) | parity gap | odds gap |", "|---|---|---|---|---|"]
    rows = result["methods"] + [s["downstream"] for s in result["synthetic"].values()]
    md += [f"| {m['method']} | {m['accuracy_vs_recorded']:.3f} | {m['accuracy_vs_true']:.3f} | "
           f"{m['demographic_parity_difference']:.3f} | {m['equalized_odds_difference']:.3f} |" for m in rows]
    write_atomic(out / "results.md", "\n".join(md + ["", *("- " + line for line in result["lines"])]) + "\n")
    fig = inline_figure(figsize=(5, 3.6))
    ax = fig.subplots()
    for m in rows:
        ax.scatter(m["demographic_parity_difference"], m["accuracy_vs_recorded"], label=m["method"], s=20)
    ax.set_xlabel("demographic parity difference (lower is fairer)")
    ax.set_ylabel("accuracy on the recorded labels")
    ax.set_title("the accuracy-fairness trade-off")
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(out / "tradeoff.png", dpi=90)
