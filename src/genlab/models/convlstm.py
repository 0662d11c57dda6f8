"""ConvLSTM: an LSTM whose gates are convolutions (Shi et al., 2015), as an encoder–forecaster.

An LSTM keeps a memory cell ``c`` and decides with gates what to forget, what to write and what
to show:

    i = σ(W_i * [x, h]),  f = σ(W_f * [x, h]),  o = σ(W_o * [x, h]),  g = tanh(W_g * [x, h])
    c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')

In a plain LSTM ``*`` is a matrix product over flat vectors, so every hidden unit sees the whole
frame and the spatial layout is lost. Here ``*`` is a *convolution*, and ``h`` and ``c`` are
feature maps: a unit sees only its neighbourhood, the same weights apply everywhere (a digit
moves the same way in every corner), and a kernel of k pixels can follow motion of about k/2
pixels per step per layer. All four gates come from one convolution with 4x the channels.

The encoder–forecaster of the paper: stacked ConvLSTM layers read the input frames; a second
stack, started from the encoder's states, runs for the future frames with no input (it must
extrapolate from what it remembers), and a 1x1 convolution over its hidden maps gives each
predicted frame. The paper's patch trick makes this cheap: a 64x64 frame is folded into 4x4
patches, i.e. a 16x16 map of 16 channels (``pixel_unshuffle``), so the recurrent convolutions
run on maps 16 times smaller, and predictions are unfolded back (``pixel_shuffle``).
The paper trained with cross-entropy; we use the mean squared error like OpenSTL, on a linear
output clamped to [0, 1] only when scored (see :mod:`genlab.models.video` for why not a sigmoid).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator
from torch import nn

from genlab.models.video import VideoConfig, VideoPredictor


class ConvLSTMConfig(VideoConfig):
    name: str = "convlstm"
    hidden: list[int] = Field([64, 64], min_length=1, description="channels of each ConvLSTM layer")
    kernel: int = Field(5, ge=1, description="side of the gate convolutions (odd)")
    patch: int = Field(4, ge=1, description="frames are folded into patch x patch blocks")

    @model_validator(mode="after")
    def _shapes(self):
        if self.kernel % 2 == 0:
            raise ValueError(f"kernel must be odd so the maps keep their size, got {self.kernel}")
        if self.frame_size % self.patch:
            raise ValueError(f"frame_size {self.frame_size} is not divisible by patch {self.patch}")
        return self


class ConvLSTMCell(nn.Module):
    """One ConvLSTM step: (x, (h, c)) -> (h', c'). All four gates in one convolution."""

    def __init__(self, in_channels: int, hidden: int, kernel: int):
        super().__init__()
        self.hidden = hidden
        self.gates = nn.Conv2d(in_channels + hidden, 4 * hidden, kernel, padding=kernel // 2)

    def forward(self, x: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor]):
        h, c = state
        i, f, o, g = self.gates(torch.cat([x, h], 1)).chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        return h, c


class ConvLSTM(VideoPredictor):
    Config = ConvLSTMConfig

    def __init__(self, config: ConvLSTMConfig, data):
        super().__init__(config, data)
        c = config
        folded = self.channels * c.patch ** 2
        sizes = [folded] + c.hidden
        self.encoder = nn.ModuleList(ConvLSTMCell(sizes[i], sizes[i + 1], c.kernel) for i in range(len(c.hidden)))
        # the forecaster has no input of its own: layer 0 sees zeros, the others the layer below
        self.forecaster = nn.ModuleList(ConvLSTMCell(0 if i == 0 else c.hidden[i - 1], c.hidden[i], c.kernel)
                                        for i in range(len(c.hidden)))
        self.to_frame = nn.Conv2d(sum(c.hidden), folded, 1)

    def predict_frames(self, inputs: torch.Tensor) -> torch.Tensor:
        p = self.config.patch
        b, t = inputs.shape[:2]
        x = F.pixel_unshuffle(inputs.flatten(0, 1), p).unflatten(0, (b, t))   # (B, T, C*p*p, H/p, W/p)
        h, w = x.shape[-2:]
        states = [(x.new_zeros(b, n, h, w), x.new_zeros(b, n, h, w)) for n in self.config.hidden]
        for step in range(t):                       # read the input frames
            layer_in = x[:, step]
            for k, cell in enumerate(self.encoder):
                states[k] = cell(layer_in, states[k])
                layer_in = states[k][0]
        frames = []
        empty = x.new_zeros(b, 0, h, w)
        for _ in range(self.frames_out):            # extrapolate from the encoder's memory
            layer_in = empty
            for k, cell in enumerate(self.forecaster):
                states[k] = cell(layer_in, states[k])
                layer_in = states[k][0]
            folded = self.to_frame(torch.cat([s[0] for s in states], 1))
            frames.append(F.pixel_shuffle(folded, p))
        return torch.stack(frames, 1)
