"""genlab.figures: the recorded benchmark figures that the docs, the README and the guides quote."""

from __future__ import annotations

import json

import pytest

from genlab import figures


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_FIGURES", str(tmp_path))
    (tmp_path / "vae.json").write_text(json.dumps({"test_nelbo": 244.4512, "overlap": 0.442}))
    (tmp_path / "labs.jsonl").write_text(
        json.dumps({"recipe": "seq2seq", "metrics": {"test/accuracy": 0.5}}) + "\n"
        + json.dumps({"recipe": "seq2seq", "metrics": {"test/accuracy": 0.9712}}) + "\n")
    return tmp_path


def test_fill_formats_nested_and_newest_figures(recorded):
    text = "ELBO {fig:vae:test_nelbo:.2f}, {fig:vae:overlap:%} shared, {fig:labs:seq2seq.metrics.test/accuracy:.1%}"
    assert figures.fill(text) == "ELBO 244.45, 44% shared, 97.1%"
    assert figures.fill("no figure here {not:one}") == "no figure here {not:one}"


def test_a_missing_figure_names_the_benchmark_to_run(recorded):
    with pytest.raises(figures.MissingFigure, match="run python benchmarks/gpt.py"):
        figures.fill("{fig:gpt:val_loss:.3f}")
    with pytest.raises(figures.MissingFigure, match="no seq2seq.metrics.bleu"):
        figures.get("labs", "seq2seq", "metrics", "bleu")


def test_the_packaged_figures_parse_and_say_how_they_were_measured(monkeypatch):
    monkeypatch.delenv("GENLAB_FIGURES", raising=False)
    files = sorted(figures.PACKAGED.glob("*.json*"))
    assert {f.stem for f in files} >= {"images", "papers"}
    for path in files:
        entries = figures.load(path.stem)
        newest = [entries] if path.suffix == ".json" else list(entries.values())
        for entry in newest:
            if path.stem == "images" and "measured" not in entry:  # its lines from before record.py
                continue
            assert entry["measured"]["command"] and entry["measured"]["date"], path.name
