"""SVG-LP: stochastic video generation with a learned prior (Denton & Fergus, 2018).

A deterministic predictor that is unsure whether a digit will turn left or right at a wall
predicts the average of both: a blur. SVG instead gives the predictor a small random code
``z_t`` per frame that says *which* future to draw, and learns what the codes mean:

- an **encoder** turns each frame into a vector ``h_t``; a **decoder** turns a vector back into a
  frame, with skip connections from the last input frame (the background and the digits' look
  are copied, so the vectors need only carry where things go);
- a **posterior** LSTM sees the true next frame, ``q(z_t | x_1..x_t)``; during training the
  predictor is given its codes, so it learns to use them (a conditional VAE per frame);
- a **learned prior** LSTM sees only the past, ``p(z_t | x_1..x_{t-1})``, and is trained to match
  the posterior by the KL term. At a bounce the posterior knows which way the digit went and the
  prior does not, so the prior learns a spread there: sampling it draws different futures;
- a **frame predictor** LSTM maps ``[h_{t-1}, z_t]`` to the next frame's vector.

Loss per frame: the squared error of the predicted frame plus ``beta`` times the KL between
posterior and prior (the paper: beta = 1e-4 with a per-pixel mean squared error). Training is
teacher-forced (the encoder always sees true frames); generation feeds predictions back.
Trained on ``bounce = "random"`` clips, whose future really is uncertain.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator
from torch import nn

from genlab.models.base import LossOutput
from genlab.models.video import VideoConfig, VideoPredictor


class SVGConfig(VideoConfig):
    name: str = "svg"
    bounce: str = "random"
    features: int = Field(32, ge=1, description="channels of the encoder's first layer (doubling)")
    frame_dim: int = Field(64, ge=1, description="size of a frame's vector h_t")
    z_dim: int = Field(8, ge=1, description="size of the random code z_t")
    rnn_size: int = Field(128, ge=1, description="units of the LSTMs")
    predictor_layers: int = Field(2, ge=1)
    beta: float = Field(1e-4, ge=0, description="weight of the KL term")

    @model_validator(mode="after")
    def _shapes(self):
        levels = math.log2(self.frame_size / 4)
        if levels != int(levels) or levels < 1:
            raise ValueError(f"frame_size must be 4 times a power of two (8, 16, 32, 64...), got {self.frame_size}")
        return self


def down(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 4, 2, 1), nn.GroupNorm(min(8, cout), cout), nn.LeakyReLU(0.2))


def up(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.ConvTranspose2d(cin, cout, 4, 2, 1), nn.GroupNorm(min(8, cout), cout), nn.LeakyReLU(0.2))


class FrameEncoder(nn.Module):
    """Frame (C, S, S) -> vector (frame_dim) and the maps of each level (the decoder's skips)."""

    def __init__(self, channels: int, features: int, levels: int, frame_dim: int):
        super().__init__()
        sizes = [channels] + [features * 2 ** i for i in range(levels)]
        self.levels = nn.ModuleList(down(sizes[i], sizes[i + 1]) for i in range(levels))
        self.to_vector = nn.Sequential(nn.Conv2d(sizes[-1], frame_dim, 4), nn.Tanh())  # 4x4 -> 1x1

    def forward(self, x):
        skips = []
        for level in self.levels:
            x = level(x)
            skips.append(x)
        return self.to_vector(x).flatten(1), skips


class FrameDecoder(nn.Module):
    """Vector and the encoder's skips -> frame, mirror of :class:`FrameEncoder`."""

    def __init__(self, channels: int, features: int, levels: int, frame_dim: int):
        super().__init__()
        sizes = [features * 2 ** i for i in range(levels)]
        self.from_vector = nn.Sequential(nn.ConvTranspose2d(frame_dim, sizes[-1], 4),
                                         nn.GroupNorm(min(8, sizes[-1]), sizes[-1]), nn.LeakyReLU(0.2))
        self.levels = nn.ModuleList(up(2 * sizes[i], sizes[i - 1] if i else sizes[0]) for i in reversed(range(levels)))
        self.out = nn.Conv2d(sizes[0], channels, 3, padding=1)

    def forward(self, h, skips):
        x = self.from_vector(h[:, :, None, None])
        for level, skip in zip(self.levels, reversed(skips)):
            x = level(torch.cat([x, skip], 1))
        return self.out(x)  # linear, clamped when scored (see genlab.models.video)


class LSTMStack(nn.Module):
    """Stacked LSTM cells on vectors, stepped one frame at a time; ``heads`` linear outputs."""

    def __init__(self, n_in: int, size: int, layers: int, n_out: int, heads: int = 1):
        super().__init__()
        self.embed = nn.Linear(n_in, size)
        self.cells = nn.ModuleList(nn.LSTMCell(size, size) for _ in range(layers))
        self.out = nn.Linear(size, n_out * heads)
        self.heads = heads

    def start(self, batch: int, device) -> list:
        return [(torch.zeros(batch, c.hidden_size, device=device),) * 2 for c in self.cells]

    def forward(self, x, state):
        x = self.embed(x)
        for k, cell in enumerate(self.cells):
            state[k] = cell(x, state[k])
            x = state[k][0]
        out = self.out(x)
        return out.chunk(self.heads, -1) if self.heads > 1 else out


class SVG(VideoPredictor):
    Config = SVGConfig
    stochastic = True

    def __init__(self, config: SVGConfig, data):
        super().__init__(config, data)
        c = config
        levels = int(math.log2(c.frame_size / 4))
        self.encoder = FrameEncoder(self.channels, c.features, levels, c.frame_dim)
        self.decoder = FrameDecoder(self.channels, c.features, levels, c.frame_dim)
        self.posterior = LSTMStack(c.frame_dim, c.rnn_size, 1, c.z_dim, heads=2)
        self.prior = LSTMStack(c.frame_dim, c.rnn_size, 1, c.z_dim, heads=2)
        self.predictor = LSTMStack(c.frame_dim + c.z_dim, c.rnn_size, c.predictor_layers, c.frame_dim)

    def _states(self, b: int, device):
        return self.posterior.start(b, device), self.prior.start(b, device), self.predictor.start(b, device)

    def loss(self, batch) -> LossOutput:
        clips = batch[0][:, :self.frames_in + self.frames_out]
        b, t = clips.shape[:2]
        h, skips = self.encoder(clips.flatten(0, 1))               # every true frame at once
        h = h.unflatten(0, (b, t))
        skips = [s.unflatten(0, (b, t)) for s in skips]
        post, prior, pred = self._states(b, clips.device)
        vectors, kl = [], clips.new_zeros(())
        for i in range(1, t):
            mu_q, logvar_q = self.posterior(h[:, i], post)
            mu_p, logvar_p = self.prior(h[:, i - 1], prior)
            z = mu_q + torch.randn_like(mu_q) * (0.5 * logvar_q).exp()
            vectors.append(torch.tanh(self.predictor(torch.cat([h[:, i - 1], z], 1), pred)))
            kl = kl + gaussian_kl(mu_q, logvar_q, mu_p, logvar_p).sum(1).mean()
        # skips from the frame before, up to the last input frame; from that one afterwards
        src = torch.arange(t - 1).clamp(max=self.frames_in - 1)
        frames = self.decoder(torch.stack(vectors, 1).flatten(0, 1),
                              [s[:, src].flatten(0, 1) for s in skips]).unflatten(0, (b, t - 1))
        mse_all = F.mse_loss(frames, clips[:, 1:], reduction="none").mean((2, 3, 4)).sum(1).mean()
        mse_all = mse_all + (t - 1) * self.l1_term(frames, clips[:, 1:])  # summed over frames, like mse_all
        future_mse = F.mse_loss(frames[:, self.frames_in - 1:], clips[:, self.frames_in:])
        return LossOutput(mse_all + self.config.beta * kl,
                          {"frame_mse": future_mse.detach() * self.height * self.width * self.channels,
                           "kl": kl.detach() / (t - 1)})

    def predict_frames(self, inputs: torch.Tensor) -> torch.Tensor:
        """One sampled future: the inputs go through the posterior (the codes of what did happen),
        then the prior draws a code per future frame and the predictions are fed back."""
        b = inputs.shape[0]
        post, prior, pred = self._states(b, inputs.device)
        h, skips = self.encoder(inputs[:, 0])
        out = []
        for i in range(1, self.frames_in + self.frames_out):
            if i < self.frames_in:
                h_next, skips_next = self.encoder(inputs[:, i])
                mu, logvar = self.posterior(h_next, post)
                self.prior(h, prior)  # keep the prior's memory of the past up to date
            else:
                mu, logvar = self.prior(h, prior)
            z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
            vector = torch.tanh(self.predictor(torch.cat([h, z], 1), pred))
            if i < self.frames_in:
                h, skips = h_next, skips_next
            else:
                frame = self.decoder(vector, skips)
                out.append(frame)
                h, _ = self.encoder(frame.clamp(0, 1))  # skips stay those of the last input frame
        return torch.stack(out, 1)


def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    """KL(N(mu_q, var_q) || N(mu_p, var_p)) per dimension."""
    return 0.5 * (logvar_p - logvar_q + (logvar_q.exp() + (mu_q - mu_p) ** 2) / logvar_p.exp() - 1)
