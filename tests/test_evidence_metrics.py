"""Every metric an evidence rule of the curriculum names is one the model really reports."""

from __future__ import annotations

import genlab
from genlab.models import MODELS, model_class
from genlab.roadmap.loader import load_curriculum


def test_every_metric_in_an_evidence_rule_exists(tmp_path):
    rules = [a.rule for m in load_curriculum().milestones for a in m.activities if a.rule and a.rule.get("metric")]
    assert rules
    reported: dict[str, set] = {}
    for rule in rules:
        metric, model = rule["metric"], rule.get("model")
        candidates = [model] if model else list(MODELS)
        if any(model_class(c).key_metric == metric for c in candidates):
            continue
        assert model, f"no model reports {metric}"
        if model not in reported:  # not the key metric: train it a step and look
            run = genlab.train(model, dataset="digits", steps=1, runs_dir=tmp_path, quiet=True)
            reported[model] = set(run.metrics)
        assert metric in reported[model], f"{model} does not report {metric}: {sorted(reported[model])}"
