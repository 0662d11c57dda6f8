"""What a model ships as an ONNX graph: one network call, its example inputs and their names.

Sampling loops (50 denoising steps, one call per pixel or token) stay in the application that
runs the graph; what is exported is the network those loops call, the part that has weights:

- single-pass generators (GANs, VAEs, autoencoders): the decoder, latents (+ labels) -> images;
- diffusion and flow matching: the denoiser / velocity network, (x_t, t, labels) -> eps or v;
- PixelCNN: all the conditionals at once, binary images -> logits;
- VQ-VAE: the decoder of code grids, codes -> images (the GPT prior can be shipped as a GPT);
- language models and the classifier: tokens -> logits, images -> logits.

Each model says which with ``export_graph()`` (see :mod:`genlab.export.onnx`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn


@dataclass
class ExportGraph:
    module: nn.Module
    inputs: tuple[torch.Tensor, ...]
    input_names: list[str]
    output_names: list[str]
    description: str   # what goes in and what comes out, for the model card and the CLI
    #: per input, its dynamic dimensions by name (default: the batch dimension only)
    dynamic: tuple[dict[int, str], ...] | None = None


def sequence_graph(model, what: str, logits: Callable | None = None) -> ExportGraph:
    """A network over token ids (N, T) -> logits (N, T, V), batch and length both dynamic
    (``logits``: the function to export, by default the model's forward)."""
    block = model.config.block_size
    idx = torch.randint(0, model.data_info.num_classes, (2, min(block, 8)), device=model.device)
    return ExportGraph(Call(model, logits or (lambda idx: model(idx))), (idx,), ["tokens"], ["logits"],
                       f"{what}: tokens (N, T <= {block}) int64 -> next-token logits (N, T, "
                       f"{model.data_info.num_classes})", ({0: "batch", 1: "tokens"},))


class Call(nn.Module):
    """An ``nn.Module`` whose forward is ``fn`` over ``owner``'s weights (for export only)."""

    def __init__(self, owner: nn.Module, fn: Callable):
        super().__init__()
        self.owner, self.fn = owner, fn

    def forward(self, *args):
        return self.fn(*args)


def decoder_graph(model, what: str = "decoder") -> ExportGraph:
    """The graph of a single-pass generator: latents (and class labels) -> images in [0, 1]."""
    z = model.draw_latents(2, torch.Generator().manual_seed(0)).to(model.device)
    shape = "x".join(map(str, model.data_info.shape))
    if model.conditional:
        labels = torch.tensor([0, 1], device=model.device)
        return ExportGraph(Call(model, lambda z, y: model.decode_latents(z, y)), (z, labels),
                           ["latent", "label"], ["image"],
                           f"{what}: latent (N, {z.shape[1]}) float and label (N,) int64 -> image (N, {shape}) in [0, 1]")
    return ExportGraph(Call(model, lambda z: model.decode_latents(z)), (z,), ["latent"], ["image"],
                       f"{what}: latent (N, {', '.join(map(str, z.shape[1:]))}) float -> image (N, {shape}) in [0, 1]")


def denoiser_graph(model, net: nn.Module, what: str, time_scale: float = 1.0) -> ExportGraph:
    """A diffusion or flow network: (x_t, t, labels) -> its prediction, one call of the sampler."""
    x = torch.randn(2, *model.data_info.shape, device=model.device)
    t = torch.tensor([0.25, 0.75], device=model.device) * time_scale
    shape = "x".join(map(str, model.data_info.shape))
    if model.conditional:
        y = torch.tensor([0, model.data_info.num_classes], device=model.device)  # a class, the null label
        return ExportGraph(Call(net, lambda x, t, y: net(x, t, y)), (x, t, y), ["x_t", "t", "label"], ["output"],
                           f"{what}: x_t (N, {shape}) in [-1, 1], t (N,) float, label (N,) int64 "
                           f"(index {model.data_info.num_classes} = no class) -> (N, {shape})")
    return ExportGraph(Call(net, lambda x, t: net(x, t)), (x, t), ["x_t", "t"], ["output"],
                       f"{what}: x_t (N, {shape}) in [-1, 1], t (N,) float -> (N, {shape})")
