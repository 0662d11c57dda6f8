"""Lab guides: every guide is a valid notebook with the parts a learner needs, and every one
runs top to bottom (at tiny size: GENLAB_GUIDE_TINY=1)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from genlab.guides import GUIDES, guides_for_milestone
from tests.conftest import run_cli

EXECUTED = Path(__file__).resolve().parents[1] / "build" / "guides"

PARTS = ["## The code to read", "## Experiments to try", "## What a good run reaches",
         "## Questions", "<details><summary>Answers</summary>"]


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_guide_has_every_part_and_converts(name):
    from genlab.guides.notebook import to_notebook

    text = GUIDES[name].source.read_text()
    for part in PARTS:
        assert part in text, f"{name}: no {part!r}"
    nb = to_notebook(name)
    nbformat.validate(nb)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds[0] == "markdown" and kinds.count("code") >= 3
    assert "lab_settings(" in text or "run_paper(" in text  # says its laptop size and its tiny size


@pytest.mark.parametrize("name", sorted(n for n, g in GUIDES.items() if not n.startswith(("maths-", "paper-"))))
def test_a_lab_guide_quotes_its_reference_figures_from_the_benchmarks(name):
    """Typed-in numbers drift; a lab guide's "what a good run reaches" reads genlab.figures."""
    text = GUIDES[name].source.read_text()
    section = text.split("## What a good run reaches")[1].split("# %%")[0]
    assert "{fig:" in section


def test_every_milestone_a_guide_names_has_it():
    for g in GUIDES.values():
        for m in g.milestones:
            assert g in guides_for_milestone(m)


def test_notebook_command_writes_an_ipynb_without_jupyter(tmp_path):
    proc = run_cli("notebook", "vae", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    nb = nbformat.read(tmp_path / "vae.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["genlab"]["guide"] == "vae"
    proc = run_cli("notebook", "nope")
    assert proc.returncode == 2 and "unknown guide 'nope'" in proc.stderr and "Traceback" not in proc.stderr
    listing = run_cli("notebook", "--list")
    assert all(name in listing.stdout for name in GUIDES)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GUIDES))
def test_guide_runs_top_to_bottom(name, tmp_path, monkeypatch):
    from genlab.guides.notebook import run_notebook, to_notebook

    monkeypatch.setenv("GENLAB_GUIDE_TINY", "1")
    nb = run_notebook(to_notebook(name), tmp_path, timeout=300)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    said = [o.get("text", "") + o.get("data", {}).get("text/markdown", "") for o in outputs]
    assert any("tiny test run" in t.lower() for t in said)  # it said which size ran
    # make docs DOCS_ARGS="--guides-from build/guides" renders these, so CI runs each guide once
    EXECUTED.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, EXECUTED / f"{name}.ipynb")


def test_a_failing_cell_fails_the_guide(tmp_path):
    from genlab.guides.notebook import GuideFailed, run_notebook

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    nb.metadata["genlab"] = {"guide": "broken"}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with pytest.raises(GuideFailed, match="guide broken: a cell failed: ZeroDivisionError"):
        run_notebook(nb, tmp_path, timeout=60)
