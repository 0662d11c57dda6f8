"""``genlab export RUN --format onnx``: the model's network as an ONNX graph (``torch.onnx``),
checked against PyTorch in onnxruntime before it is kept.

The batch dimension is dynamic, so the graph takes any number of inputs. The file is written
atomically; a graph whose outputs differ from PyTorch's beyond the tolerance is refused.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import torch

from genlab.errors import ConfigError

TOLERANCE = 1e-3   # max |onnx - torch| accepted (float32 kernels differ in summation order)


def graph_of(model):
    graph = model.export_graph()
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
    for module in model.modules():   # matrices derived from weights (inverses, factors) as constants
        if hasattr(module, "freeze_for_export"):
            module.freeze_for_export()
    graph = graph_of(model)
    tmp = path.with_name(path.name + ".tmp")
    dims: dict[str, object] = {}
    dynamic = tuple({axis: dims.setdefault(name, torch.export.Dim(name, min=1, max=4096))
                     for axis, name in axes.items()} for axes in graph.dynamic or [{0: "batch"}] * len(graph.inputs))
    graph.module.eval()
    try:
        with torch.no_grad(), quiet_exporter():
            # Call.forward takes *args: torch.export sees one tuple argument, hence (dynamic,)
            torch.onnx.export(graph.module, graph.inputs, str(tmp), input_names=graph.input_names,
                              output_names=graph.output_names, dynamic_shapes=(dynamic,), dynamo=True,
                              verbose=False, external_data=False)
    except Exception as exc:  # noqa: BLE001 - torch.export's report is pages long: one line
        tmp.unlink(missing_ok=True)
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))   # the exporter colours its report
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # the exporter's report names the failing operator after "Exception summary"
        summary = [line for line in lines if line.startswith("<class ")]
        first = (summary[0].split(">: ", 1)[-1] if summary else lines[0]) if lines else type(exc).__name__
        raise ConfigError(f"torch.onnx could not export {model.config.name!r}: {first[:300]}") from None
    try:
        error = max_difference(graph, tmp)
    except ConfigError:
        tmp.unlink()
        raise
    if not error <= TOLERANCE:
        tmp.unlink()
        raise ConfigError(f"the ONNX graph differs from PyTorch by {error:.2g} (> {TOLERANCE}); not written")
    os.replace(tmp, path)
    return {"file": str(path), "inputs": graph.input_names, "outputs": graph.output_names,
            "max_abs_difference": error, "description": graph.description}


@contextlib.contextmanager
def quiet_exporter():
    """The exporter prints progress and warns that torchvision's operators are missing (genlab
    uses none): keep the command's output to what the learner needs."""
    import logging
    import warnings

    log = logging.getLogger("torch.onnx")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def max_difference(graph, path: Path) -> float:
    """Largest |onnxruntime - PyTorch| over the graph's outputs, on its example inputs and on
    three times as many (a graph whose batch size was fixed while tracing fails the second)."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    worst = 0.0
    for inputs in (graph.inputs, tuple(torch.cat([x] * 3) for x in graph.inputs)):
        feeds = {name: x.cpu().numpy() for name, x in zip(graph.input_names, inputs)}
        try:
            got = session.run(None, feeds)
        except Exception as exc:  # noqa: BLE001 - onnxruntime's errors are its own classes
            raise ConfigError(f"the ONNX graph does not run at batch {len(inputs[0])}: "
                              f"{str(exc).splitlines()[0][:200]}") from None
        with torch.no_grad():
            want = graph.module(*inputs)
        want = want if isinstance(want, (tuple, list)) else (want,)
        worst = max(worst, *(float((torch.from_numpy(g) - w.float().cpu()).abs().max()) for g, w in zip(got, want)))
    return worst
