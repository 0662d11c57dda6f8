"""Gated PixelCNN (van den Oord et al., 2016, "Conditional Image Generation with PixelCNN
Decoders") on binarized images, with an exact likelihood.

The idea: write the probability of an image as a product over its pixels in raster order,

    p(x) = prod_i p(x_i | x_1, ..., x_{i-1}),

and let one convolutional network output all the conditionals at once. The only rule is that the
prediction for pixel i may not see pixel i or anything after it. There is no latent and no bound:
-log p(x) is a sum of per-pixel cross-entropies, the *exact* negative log-likelihood, reported in
nats per image and in bits per dimension (nats / (pixels * ln 2)).

How the network keeps the rule (why two stacks): a masked 3x3 convolution stacked many times has
a blind spot (pixels above-right that never reach the output). The gated PixelCNN uses two
stacks instead:

- a *vertical* stack whose convolutions see only rows strictly above the current one (the input
  is shifted down one row at the first layer, and every later kernel covers only rows at or
  above its output, so it stays strictly above);
- a *horizontal* stack that sees only pixels to the left in the current row (input shifted right
  one pixel at the first layer, kernels covering only columns at or left of the output), and
  receives the vertical stack's features at each layer.

Together they cover every earlier pixel with no blind spot. Each layer's activation is the gated
unit tanh(W_f * x) ⊙ sigmoid(W_g * x) of the paper; a class label adds a learned bias inside both
gates (the paper's conditioning vector h). Shifts and padding replace explicit masks here; the
``pixelcnn-mask`` exercise builds the masked-kernel version and checks it is causal.

Binarization: pixel > 0.5 is 1 (fixed thresholding), so the test set is one fixed binary set.
Published MNIST results (PixelCNN: 81.30 nats, van den Oord, Kalchbrenner & Kavukcuoglu, 2016,
"Pixel Recurrent Neural Networks", Table 4) use the stochastic binarization of Salakhutdinov &
Murray (2008) and the standard 50k/10k split; thresholded digits have fewer noisy edge pixels and
are easier to model, so our nats are not the same benchmark (see the lab's README row).
Colour images get one binary output per channel, channels independent given the pixels before.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.models.autoregressive import choose
from genlab.models.base import DataInfo, LossOutput
from genlab.models.capabilities import ExampleLosses
from genlab.models.imagegen import ImageGenerator, ImageGeneratorConfig

SAMPLE_CHUNK = 100


class PixelCNNConfig(ImageGeneratorConfig):
    name: Literal["pixelcnn"] = "pixelcnn"
    channels: int = Field(64, ge=4, description="feature maps in each stack")
    layers: int = Field(8, ge=1, description="gated layers")
    kernel: int = Field(5, ge=3, description="kernel size of the gated layers (odd)")
    first_kernel: int = Field(7, ge=3, description="kernel size of the first layer (odd)")
    class_conditional: bool = False
    eval_samples: int = Field(100, ge=100, description="samples for FID/KID/P/R (sampling takes "
                              "one network call per pixel, so few)")
    quick_eval_samples: int = Field(0, ge=0)


class PixelCNN(ImageGenerator, ExampleLosses):
    Config = PixelCNNConfig
    key_metric = "test/nll"

    def __init__(self, config: PixelCNNConfig, data: DataInfo):
        super().__init__(config, data)
        c = data.shape[0]
        self.conditional = config.class_conditional
        k = data.num_classes if config.class_conditional else 0
        self.layers = nn.ModuleList(
            GatedLayer(c if i == 0 else config.channels, config.channels,
                       config.first_kernel if i == 0 else config.kernel, k, first=i == 0)
            for i in range(config.layers))
        self.head = nn.Sequential(nn.ReLU(), nn.Conv2d(config.channels, config.channels, 1), nn.ReLU(),
                                  nn.Conv2d(config.channels, c, 1))

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        """Logits of p(x_i = 1 | pixels before i) for every pixel of binary images ``x``."""
        v = h = x * 2 - 1
        for layer in self.layers:
            v, h = layer(v, h, labels if self.conditional else None)
        return self.head(h)

    def export_graph(self):
        from genlab.export.graph import Call, ExportGraph

        x = (torch.rand(2, *self.data_info.shape) > 0.5).float().to(self.device)
        shape = "x".join(map(str, self.data_info.shape))
        if self.conditional:
            y = torch.tensor([0, 1], device=self.device)
            return ExportGraph(Call(self, lambda x, y: self(x, y)), (x, y), ["image", "label"], ["logits"],
                               f"conditionals: binary image (N, {shape}) and label (N,) -> logits of p(x_i = 1 | x_<i)")
        return ExportGraph(Call(self, lambda x: self(x)), (x,), ["image"], ["logits"],
                           f"conditionals: binary image (N, {shape}) -> logits of p(x_i = 1 | x_<i), every pixel")

    # -- likelihood --------------------------------------------------------------------------
    def example_losses(self, batch, generator=None) -> torch.Tensor:
        """-log p(x) of each binarized image, in nats (exact: no bound, no sampling)."""
        x = binarize(batch[0])
        logits = self(x, batch[1] if self.conditional else None)
        return F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)

    def loss(self, batch) -> LossOutput:
        nll = self.example_losses(batch).mean()
        return LossOutput(nll, {"bpd": nll.detach() / (self.dims * math.log(2))})

    @property
    def dims(self) -> int:
        return math.prod(self.data_info.shape)

    @torch.no_grad()
    def eval_losses(self, batches) -> dict[str, float]:
        total, count = 0.0, 0
        for batch in batches:
            total += float(self.example_losses(batch).sum())
            count += batch[0].shape[0]
        nll = total / max(count, 1)
        return {"nll": nll, "bpd": nll / (self.dims * math.log(2))}

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, samples: int | None = None, **options):
        """As every generator, but sample quality is measured against the *binarized* test
        images, the data this model learns (greyscale ones would count binarization as error)."""
        binary = [(binarize(b[0]), *b[1:]) for b in batches]   # (batches may be a generator: read once)
        return super().evaluate(binary, final, samples, **options)   # eval_losses binarizes: same NLL

    # -- sampling: one pixel at a time -------------------------------------------------------
    def draw_latents(self, n, generator=None):
        return torch.randn(n, *self.data_info.shape, generator=generator)

    @torch.no_grad()
    def decode_latents(self, z, labels=None, **options):
        """Fill the image in raster order; pixel i is chosen by latent z_i from p(x_i | x_<i).
        Each pixel needs a network call (H * W of them): the price of the exact likelihood. Row
        r's outputs depend only on rows <= r (nothing is padded below), so each call sees only the
        rows filled so far: the same numbers for about half the work."""
        if z.shape[0] > SAMPLE_CHUNK:   # small batches run faster per image on a CPU (cache)
            parts = [self.decode_latents(z[i:i + SAMPLE_CHUNK], None if labels is None else
                                         labels[i:i + SAMPLE_CHUNK]) for i in range(0, z.shape[0], SAMPLE_CHUNK)]
            return torch.cat(parts)
        x = torch.zeros_like(z)
        _, _, height, width = z.shape
        for i in range(height):
            for j in range(width):
                p = torch.sigmoid(self(x[:, :, :i + 1], labels)[:, :, i, j].float())
                x[:, :, i, j] = choose(torch.stack([1 - p, p], -1), z[:, :, i, j]).to(x.dtype)
        return x


def binarize(images: torch.Tensor) -> torch.Tensor:
    """Pixels in [0, 1] -> {0, 1}, by a fixed threshold of 0.5."""
    return (images > 0.5).to(images.dtype)


class GatedLayer(nn.Module):
    """One layer of both stacks: gated vertical features, and gated horizontal features that
    also receive the vertical ones; a residual connection on the horizontal stack."""

    def __init__(self, cin: int, ch: int, kernel: int, num_classes: int, first: bool):
        super().__init__()
        self.first, self.k = first, kernel // 2
        self.vertical = nn.Conv2d(cin, 2 * ch, (self.k + 1, 2 * self.k + 1))   # rows at or above
        self.horizontal = nn.Conv2d(cin, 2 * ch, (1, self.k + 1))              # columns at or left
        self.v_to_h = nn.Conv2d(2 * ch, 2 * ch, 1)
        self.h_out = nn.Conv2d(ch, ch, 1)
        self.class_bias = nn.Embedding(num_classes, 4 * ch) if num_classes else None

    def forward(self, v, h, labels=None):
        if self.first:   # the current pixel must not see itself: shift it out of reach
            v = F.pad(v, (0, 0, 1, 0))[:, :, :-1]
            h = F.pad(h, (1, 0))[:, :, :, :-1]
        v_feat = self.vertical(F.pad(v, (self.k, self.k, self.k, 0)))
        h_feat = self.horizontal(F.pad(h, (self.k, 0))) + self.v_to_h(v_feat)
        if self.class_bias is not None and labels is not None:
            bv, bh = self.class_bias(labels)[:, :, None, None].chunk(2, 1)
            v_feat, h_feat = v_feat + bv, h_feat + bh
        h_new = self.h_out(gate(h_feat))
        return gate(v_feat), h_new if self.first else h + h_new


def gate(x: torch.Tensor) -> torch.Tensor:
    """The gated activation unit: tanh(a) * sigmoid(b) over the two halves of the channels."""
    a, b = x.chunk(2, 1)
    return torch.tanh(a) * torch.sigmoid(b)
