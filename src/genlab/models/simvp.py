"""SimVP: video prediction with convolutions only (Gao et al., 2022).

Recurrent predictors step through time one frame at a time. SimVP asks whether that is needed
and answers no: encode every input frame with the same small CNN, then *stack the frames'
feature maps along the channels* and let a plain CNN, the translator, map "T_in frames of
features" to "T_out frames of features" in one pass; a decoder turns each back into a frame.
Time becomes channels, so motion is learnt by ordinary convolutions that see all input frames at
once, everything runs in parallel, and there is no recurrence to unroll or to train through.

- **Encoder** (per frame): strided 3x3 convolutions halve the frame ``downsample`` times
  (64 -> 16 with 2), with GroupNorm and SiLU.
- **Translator**: residual blocks over the stacked maps (``T_in * hidden`` channels). Like the
  paper's inception blocks it mixes a 1x1 convolution across channels (across time, here) with
  grouped spatial convolutions, which keep the parameter count small.
- **Decoder** (per frame): transposed convolutions back to the frame size, with a skip
  connection from the encoder's first layer of the last input frame (the paper's trick to
  carry fine detail past the bottleneck), and a linear output (clamped when scored).
"""

from __future__ import annotations

import torch
from pydantic import Field, model_validator
from torch import nn

from genlab.models.video import VideoConfig, VideoPredictor


class SimVPConfig(VideoConfig):
    name: str = "simvp"
    hidden: int = Field(32, ge=1, description="channels of a frame's feature map")
    translator: int = Field(128, ge=1, description="channels inside the translator's blocks")
    blocks: int = Field(4, ge=1, description="residual blocks of the translator")
    downsample: int = Field(2, ge=0, description="how many times the encoder halves a frame")
    groups: int = Field(8, ge=1, description="groups of the translator's spatial convolutions")

    @model_validator(mode="after")
    def _shapes(self):
        if self.frame_size % 2 ** self.downsample:
            raise ValueError(f"frame_size {self.frame_size} cannot be halved {self.downsample} times")
        if self.translator % self.groups:
            raise ValueError(f"translator channels {self.translator} are not divisible by groups {self.groups}")
        return self


def conv_block(cin: int, cout: int, stride: int = 1, transpose: bool = False) -> nn.Sequential:
    conv = (nn.ConvTranspose2d(cin, cout, 4, 2, 1) if transpose and stride == 2
            else nn.Conv2d(cin, cout, 3, stride, 1))
    return nn.Sequential(conv, nn.GroupNorm(min(8, cout), cout), nn.SiLU())


class TranslatorBlock(nn.Module):
    """Mix across time (1x1), then space (grouped 3x3), with a residual path."""

    def __init__(self, channels: int, inner: int, groups: int):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(channels, inner, 1), nn.GroupNorm(groups, inner), nn.SiLU(),
                                 nn.Conv2d(inner, inner, 3, padding=1, groups=groups),
                                 nn.GroupNorm(groups, inner), nn.SiLU(), nn.Conv2d(inner, channels, 1))

    def forward(self, x):
        return x + self.net(x)


class SimVP(VideoPredictor):
    Config = SimVPConfig

    def __init__(self, config: SimVPConfig, data):
        super().__init__(config, data)
        c = config
        self.stem = conv_block(self.channels, c.hidden)
        self.down = nn.Sequential(*[conv_block(c.hidden, c.hidden, stride=2) for _ in range(c.downsample)])
        t_in, t_out = c.frames_in * c.hidden, c.frames_out * c.hidden
        self.translator = nn.Sequential(nn.Conv2d(t_in, t_out, 1),
                                        *[TranslatorBlock(t_out, c.translator, c.groups) for _ in range(c.blocks)])
        self.up = nn.Sequential(*[conv_block(c.hidden, c.hidden, stride=2, transpose=True)
                                  for _ in range(c.downsample)])
        self.head = nn.Sequential(conv_block(2 * c.hidden, c.hidden), nn.Conv2d(c.hidden, self.channels, 1))

    def predict_frames(self, inputs: torch.Tensor) -> torch.Tensor:
        b, t_in = inputs.shape[:2]
        first = self.stem(inputs.flatten(0, 1))                       # (B*T, hidden, H, W)
        z = self.down(first).unflatten(0, (b, t_in))                   # (B, T, hidden, h, w)
        z = self.translator(z.flatten(1, 2))                           # time stacked as channels
        z = z.unflatten(1, (self.frames_out, self.config.hidden)).flatten(0, 1)
        up = self.up(z)                                                # (B*T_out, hidden, H, W)
        skip = first.unflatten(0, (b, t_in))[:, -1:].expand(-1, self.frames_out, -1, -1, -1).flatten(0, 1)
        frames = self.head(torch.cat([up, skip], 1))
        return frames.unflatten(0, (b, self.frames_out))
