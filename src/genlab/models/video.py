"""What every video-prediction model shares: the clips it trains on, its loss, its scores and its
pictures. A model only says how it turns the ``frames_in`` input frames into ``frames_out``
predicted ones (:meth:`VideoPredictor.predict_frames`); see ``convlstm.py`` and ``simvp.py``.

Every evaluation also scores two baselines with the same code, so a run's report says at once
whether the model learnt anything: **copy-last** (the last input frame, repeated) and
**mean-frame** (the mean of the input frames, repeated). A model that does not beat copy-last
at every horizon has not learnt the motion.

Models predict frames with a *linear* output, trained by the mean squared error and clamped to
[0, 1] only for scoring and pictures. A sigmoid would seem natural for pixels, but most pixels are
black: the gradient of the squared error through a sigmoid near 0 shrinks like the output itself,
so the background creeps towards 0 and stays faintly grey for thousands of steps, which costs
little MSE and most of the SSIM (SSIM compares local contrast, and a grey haze on black has none).
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field, model_validator

from genlab.models.base import LossOutput, Model, ModelConfig
from genlab.models.capabilities import VideoPrediction

SCORED_PER_HORIZON = ("mse", "ssim")


class VideoConfig(ModelConfig):
    """The clips (see :mod:`genlab.data.moving_digits`) and their split into input and future."""

    objects: int = Field(2, ge=1, le=4, description="digits per clip")
    frame_size: int = Field(64, ge=16, description="side of a square frame, pixels")
    digit_size: int = Field(28, ge=4, description="side of a digit, pixels")
    speed: float = Field(3.6, gt=0, description="pixels per frame")
    bounce: Literal["mirror", "random"] = Field(
        "mirror", description="random: a new random direction at each wall, so the future is uncertain")
    frames_in: int = Field(10, ge=1)
    frames_out: int = Field(10, ge=1)
    train_size: int = Field(10_000, ge=1, description="training clips per epoch (made on the fly)")
    test_size: int = Field(1_000, ge=1, description="the fixed test clips")
    l1_weight: float = Field(0.0, ge=0, description="weight of an L1 term beside the squared error (clears the haze)")
    eval_samples: int = Field(5, ge=2, description="futures per test clip scored by a stochastic model")
    test_file: Literal["generated", "standard"] = Field(
        "generated", description="standard: the 10,000 clips of mnist_test_seq.npy (Srivastava et al.)")

    @model_validator(mode="after")
    def _digits_fit(self):
        if self.digit_size > self.frame_size:
            raise ValueError(f"digit_size {self.digit_size} is larger than frame_size {self.frame_size}")
        return self


class VideoPredictor(Model, VideoPrediction):
    Config = VideoConfig
    key_metric = "test/mse"
    stochastic = False

    def __init__(self, config: VideoConfig, data):
        super().__init__(config, data)
        _, self.channels, self.height, self.width = data.shape
        self.frames_in, self.frames_out = config.frames_in, config.frames_out

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        from genlab.data.moving_digits import ClipSettings, load_clips

        c = cls.parse_config(cfg.model)
        settings = ClipSettings(c.objects, c.frame_size, c.digit_size, c.speed, c.frames_in, c.frames_out,
                                c.bounce)
        return load_clips(cfg.data.dataset, settings, c.train_size, c.test_size, seed=cfg.train.seed,
                          splits=splits, test_file=c.test_file, data_dir=cfg.data.data_dir,
                          download=cfg.data.download)

    # -- what a model defines --------------------------------------------------------------------
    def predict_frames(self, inputs: torch.Tensor) -> torch.Tensor:
        """(B, frames_in, C, H, W) in [0, 1] -> (B, frames_out, C, H, W), unclamped (see above)."""
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------------------
    def split(self, clips: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return clips[:, :self.frames_in], clips[:, self.frames_in:self.frames_in + self.frames_out]

    def loss(self, batch) -> LossOutput:
        inputs, future = self.split(batch[0])
        pred = self.predict_frames(inputs)
        mse = F.mse_loss(pred, future)
        # logged like the test metric: squared error summed over a frame's pixels
        return LossOutput(mse + self.l1_term(pred, future),
                          {"frame_mse": mse.detach() * self.height * self.width * self.channels})

    def l1_term(self, pred: torch.Tensor, truth: torch.Tensor) -> torch.Tensor:
        """``l1_weight`` times the mean absolute error (zero, and not computed, by default)."""
        w = self.config.l1_weight
        return w * F.l1_loss(pred, truth) if w else pred.new_zeros(())

    def predict(self, inputs: torch.Tensor, samples: int = 1) -> torch.Tensor:
        """Futures of ``inputs``: (samples, B, frames_out, C, H, W); one for deterministic models."""
        return torch.stack([self.predict_frames(inputs).clamp(0, 1) for _ in range(samples)])

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, **options) -> dict[str, float]:
        from genlab.metrics.video import ClipScores

        scores, losses, n = ClipScores(), 0.0, 0
        for (clips,) in batches:
            inputs, future = self.split(clips)
            pred = self.predict_frames(inputs)
            losses += float(F.mse_loss(pred, future)) * clips.shape[0]
            n += clips.shape[0]
            scores.add(pred.clamp(0, 1), future)
            scores.add(inputs[:, -1:].expand_as(future), future, prefix="copy_last/")
            scores.add(inputs.mean(1, keepdim=True).expand_as(future), future, prefix="mean_frame/")
            if self.stochastic:
                self.score_samples(inputs, future, scores)
            scores.seen(clips.shape[0])
        metrics = {k: v for k, v in scores.metrics().items()
                   if "@" not in k or k.split("/")[-1].split("@")[0] in SCORED_PER_HORIZON}
        return {"loss": losses / max(n, 1), **metrics}

    def score_samples(self, inputs, future, scores) -> None:
        """A stochastic model's futures: best-of-k MSE and SSIM (the sample nearest the truth, k =
        ``eval_samples``) and the diversity between samples (0 would mean one future only)."""
        from genlab.metrics.video import best_of_k, diversity, ssim

        k = max(2, self.config.eval_samples)
        samples = self.predict(inputs, k)
        scores.add_values("best_of_k/mse", best_of_k(samples, future))
        per_sample = torch.stack([ssim(x, future) for x in samples])       # (K, N, T)
        best = per_sample.mean(-1).argmax(0)                                # per clip, as for the MSE
        scores.add_values("best_of_k/ssim", per_sample[best, torch.arange(future.shape[0])])
        scores.add_values("diversity", diversity(samples))

    @torch.no_grad()
    def visualize(self, batch, generator: torch.Generator, num_samples: int) -> dict[str, torch.Tensor]:
        """One picture: per clip, the truth (input then future) above the prediction."""
        from genlab.run_folder.images import grid_array

        clips = batch[0][:4]
        inputs, future = self.split(clips)
        pred = self.predict(inputs)[0]
        rows = []
        for i in range(clips.shape[0]):
            rows += [torch.cat([inputs[i], future[i]]), torch.cat([inputs[i], pred[i]])]
        tiles = torch.cat(rows)
        grid = grid_array(tiles, nrow=self.frames_in + self.frames_out)
        return {"predictions": torch.from_numpy(grid).float().div(255)[None, None]}

    @torch.no_grad()
    def write_artefacts(self, batch, generator: torch.Generator, folder, step: int) -> list:
        from genlab.run_folder.video import write_clip_gif

        inputs, future = self.split(batch[0][:4])
        pred = self.predict(inputs)[0]
        return [write_clip_gif(inputs, future, pred, folder / f"predictions-step-{step:08d}.gif")]
