"""Paper reproductions: each runs at tiny scale and writes its table with the paper's claim."""

from __future__ import annotations

import json

import pytest
import torch

from genlab.papers import PAPERS, run_paper
from tests.conftest import run_cli


@pytest.mark.parametrize("paper_id", sorted(PAPERS))
def test_each_reproduction_runs_tiny_and_writes_its_table(paper_id, tmp_path):
    folder, result = run_paper(paper_id, tmp_path, tiny=True)
    text = (folder / "results.md").read_text()
    assert PAPERS[paper_id].citation in text and PAPERS[paper_id].claim in text
    assert "Tiny test run" in text and result.verdict in text
    assert len(result.rows) >= 2 and all(len(r) == len(result.columns) for r in result.rows)
    saved = json.loads((folder / "results.json").read_text())
    assert saved["tiny"] is True and saved["rows"] == json.loads(json.dumps(result.rows))
    assert PAPERS[paper_id].guide and f"{paper_id}" in PAPERS[paper_id].guide


def test_papers_command_lists_and_refuses_unknown_ids():
    listing = run_cli("papers")
    assert listing.returncode == 0 and all(p in listing.stdout for p in PAPERS)
    bad = run_cli("papers", "run", "nope")
    assert bad.returncode == 2 and "unknown paper reproduction 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_gpt_ablation_switches_change_the_model():
    from tests.language.test_gpt import tiny_gpt

    idx = torch.randint(0, 11, (2, 16))
    base, unscaled = tiny_gpt().eval(), tiny_gpt(attn_scale=False).eval()  # same seed, same weights
    assert not torch.allclose(base(idx), unscaled(idx))
    no_pos = tiny_gpt(position="none").eval()
    assert no_pos.pos_emb is None and no_pos(idx).shape == (2, 16, 11)
    # without positions, the first token's output cannot depend on where the sequence starts
    shifted = torch.cat([idx[:, :1], idx[:, :15]], 1)
    assert torch.allclose(no_pos(idx)[:, 0], no_pos(shifted)[:, 0])


@pytest.mark.skipif(not (__import__("tests.conftest").conftest.FASHION_DIR / "t10k-images-idx3-ubyte.gz").is_file(),
                    reason="Fashion-MNIST not installed")
def test_ddim_cells_are_real_fids_on_fashion_mnist(tmp_path):
    """The laptop-size table scores Fashion-MNIST samples: every cell must be a number."""
    import math

    import genlab
    from genlab.papers.ddim_steps import fid

    run = genlab.train("diffusion", dataset="fashion-mnist", steps=1, quiet=True, runs_dir=tmp_path,
                       set={"model.channels": 8, "model.mults": [1, 2], "model.timesteps": 20,
                            "model.sample_steps": 2, "model.eval_samples": 100, "model.quick_eval_samples": 0,
                            "data.limit_train": 64, "data.limit_test": 200})
    value = fid(run, 2, 1.0, 100)
    assert isinstance(value, float) and math.isfinite(value)
