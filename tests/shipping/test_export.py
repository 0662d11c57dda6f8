"""`genlab export`: ONNX graphs that onnxruntime runs as PyTorch does, and model folders that
`genlab.load` opens offline with the same samples as the run they came from."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest
import torch

import genlab
from genlab.errors import ConfigError, RunError, UnknownNameError
from genlab.export import export_run
from genlab.export.onnx import graph_of
from tests.conftest import run_cli

from .conftest import TEXT, TINY

ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install 'genlab[export]')")


@pytest.mark.parametrize("name", sorted({**TINY, **TEXT}))
def test_onnx_graph_runs_in_onnxruntime_like_pytorch_at_another_batch_size(name, trained, tmp_path):
    result = export_run(trained[name], "onnx", tmp_path / "model.onnx")
    assert result["max_abs_difference"] <= 1e-3
    model = genlab.load(trained[name]).model("cpu")
    graph = model.export_graph()
    # new inputs, 5 of them (the graph was traced with 2): the batch dimension is dynamic
    inputs = [torch.cat([x] * 3)[:5] for x in graph.inputs]
    if inputs[0].is_floating_point():
        inputs[0] = inputs[0].flip(0) if name == "pixelcnn" else inputs[0] + 0.1 * torch.rand_like(inputs[0])
    session = ort.InferenceSession(result["file"], providers=["CPUExecutionProvider"])
    [got] = session.run(None, {n: x.numpy() for n, x in zip(graph.input_names, inputs)})
    with torch.no_grad():
        want = graph.module(*inputs)
    assert got.shape == tuple(want.shape) and got.shape[0] == 5
    assert float((torch.from_numpy(got) - want).abs().max()) <= 1e-3


def test_onnx_graph_of_a_language_model_takes_any_length(trained, tmp_path):
    result = export_run(trained["gpt"], "onnx", tmp_path / "gpt.onnx")
    session = ort.InferenceSession(result["file"], providers=["CPUExecutionProvider"])
    model = genlab.load(trained["gpt"]).model("cpu")
    tokens = torch.randint(0, model.data_info.num_classes, (3, 13))
    [logits] = session.run(None, {"tokens": tokens.numpy()})
    with torch.no_grad():
        assert torch.allclose(torch.from_numpy(logits), model(tokens), atol=1e-4)


@pytest.mark.parametrize("name", sorted(set(TINY) - {"classifier-fashion"}))
def test_model_folder_loads_offline_with_the_runs_samples(name, trained, tmp_path):
    out = tmp_path / "folder"
    export_run(trained[name], "safetensors-folder", out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "config.json", "model.safetensors",
                                                     "provenance.json"]
    moved = tmp_path / "elsewhere"   # the folder travels without its run
    shutil.copytree(out, moved)
    folder = genlab.load(moved)
    assert folder.info["model"] == genlab.load(trained[name]).info["model"] and folder.info["status"] == "exported"
    run = genlab.load(trained[name])
    assert torch.equal(folder.samples(3, seed=7).images, run.samples(3, seed=7).images)
    assert json.loads((moved / "provenance.json").read_text())["run"] == run.name
    assert run.info["model"] in (moved / "README.md").read_text()   # the model card


def test_model_folder_of_a_language_model_generates_the_runs_text(trained, tmp_path):
    export_run(trained["gpt"], "safetensors-folder", tmp_path / "gpt")
    folder, run = genlab.load(tmp_path / "gpt"), genlab.load(trained["gpt"])
    assert folder.generate("a", 20, seed=1) == run.generate("a", 20, seed=1)


def test_what_needs_the_run_history_says_so_in_one_line(trained, tmp_path):
    export_run(trained["dcgan"], "safetensors-folder", tmp_path / "f")
    folder = genlab.load(tmp_path / "f")
    with pytest.raises(RunError, match="exported model folder"):
        folder.run_dir


def test_damaged_model_folders_are_refused_in_one_line(trained, tmp_path):
    out = tmp_path / "f"
    export_run(trained["dcgan"], "safetensors-folder", out)
    (out / "model.safetensors").write_bytes(b"\x00" * 64)
    with pytest.raises(RunError, match="cannot load"):
        genlab.load(out).model("cpu")
    (out / "config.json").write_text("{not json")
    with pytest.raises(RunError, match="not a readable genlab model config"):
        genlab.load(out)
    (out / "config.json").write_text(json.dumps({"format": "someone-else/3"}))
    with pytest.raises(RunError, match="not a genlab model folder"):
        genlab.load(out)


def test_unknown_format_and_graphless_model_are_refused_in_one_line(trained, tmp_path):
    with pytest.raises(UnknownNameError, match="unknown export format 'pickle'; choose one of: onnx"):
        export_run(trained["dcgan"], "pickle", tmp_path / "x")
    word2vec = SimpleNamespace(export_graph=lambda: None, config=SimpleNamespace(name="word2vec"))
    with pytest.raises(ConfigError, match="'word2vec' has no ONNX graph"):
        graph_of(word2vec)
    assert not (tmp_path / "x").exists()


def test_export_command_writes_and_reports(trained, tmp_path):
    proc = run_cli("export", str(trained["realnvp"]), "--format", "onnx", "--out", str(tmp_path / "r.onnx"))
    assert proc.returncode == 0, proc.stderr
    assert "checked in onnxruntime: max |onnx - torch|" in proc.stdout
    assert (tmp_path / "r.onnx").is_file() and not list(tmp_path.glob("*.tmp"))
    bad = run_cli("export", str(trained["realnvp"]), "--format", "tflite")
    assert bad.returncode == 2 and bad.stderr.strip().startswith("error:") and len(bad.stderr.strip().splitlines()) == 1
