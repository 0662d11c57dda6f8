"""``genlab export RUN --format onnx``: the model's network as an ONNX graph (``torch.onnx``),
checked against PyTorch in onnxruntime before it is kept.

The batch dimension is dynamic, so the graph takes any number of inputs. The file is written
atomically; a graph whose outputs differ from PyTorch's beyond the tolerance is refused.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import torch

from genlab.errors import ConfigError

TOLERANCE = 1e-3   # max |onnx - torch| accepted (float32 kernels differ in summation order)


def graph_of(model):
    graph = model.export_graph() if hasattr(model, "export_graph") else None
    if graph is None:
        raise ConfigError(f"model {model.config.name!r} has no ONNX graph yet; models that have one: "
                          "the image generators, gpt, char-rnn, classifier")
    return graph


def export_onnx(model, path: Path) -> dict:
    """Write ``model``'s graph to ``path`` (.onnx); returns what was checked."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        raise ConfigError("ONNX export needs onnx, onnxscript and onnxruntime: "
                          "pip install 'genlab[export]'") from None
    model = model.cpu().eval()
    graph = graph_of(model)
    tmp = path.with_name(path.name + ".tmp")
    dims: dict[str, object] = {}
    dynamic = tuple({axis: dims.setdefault(name, torch.export.Dim(name, min=1, max=4096))
                     for axis, name in axes.items()} for axes in graph.dynamic or [{0: "batch"}] * len(graph.inputs))
    with torch.no_grad(), contextlib.redirect_stdout(io.StringIO()):
        torch.onnx.export(graph.module, graph.inputs, str(tmp), input_names=graph.input_names,
                          output_names=graph.output_names, dynamic_shapes=dynamic, dynamo=True,
                          verbose=False, external_data=False)
    error = max_difference(graph, tmp)
    if not error <= TOLERANCE:
        tmp.unlink()
        raise ConfigError(f"the ONNX graph differs from PyTorch by {error:.2g} (> {TOLERANCE}); not written")
    os.replace(tmp, path)
    return {"file": str(path), "inputs": graph.input_names, "outputs": graph.output_names,
            "max_abs_difference": error, "description": graph.description}


def max_difference(graph, path: Path) -> float:
    """Largest |onnxruntime - PyTorch| over the graph's outputs on its example inputs."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {name: x.cpu().numpy() for name, x in zip(graph.input_names, graph.inputs)}
    got = session.run(None, feeds)
    with torch.no_grad():
        want = graph.module(*graph.inputs)
    want = want if isinstance(want, (tuple, list)) else (want,)
    return max(float((torch.from_numpy(g) - w.float().cpu()).abs().max()) for g, w in zip(got, want))
