"""How good a predicted clip is, frame by frame, in the conventions of the field.

- **MSE** and **MAE** per frame: the squared (absolute) error *summed over the pixels of one
  frame* in [0, 1], then averaged over clips. This is how the ConvLSTM and PredRNN papers and
  OpenSTL report Moving MNIST (a 64x64 frame of all-wrong pixels scores 4096), so our numbers
  read against theirs. A per-pixel mean would be 4096 times smaller.
- **SSIM** (Wang et al., 2004), computed by torchmetrics with its standard 11-pixel Gaussian
  window, per frame; 1 means identical structure.
- **PSNR** in dB per frame, from the per-pixel MSE: 10 log10(1 / mse).

Each is reported per horizon (the 1st predicted frame, the 2nd, ...) and averaged over all.
For a model that draws several futures, ``best_of_k`` keeps, per clip, the sample nearest the
truth (the usual score of stochastic video models) and ``diversity`` is the mean per-frame MSE
between two samples.
"""

from __future__ import annotations

import torch


def frame_errors(pred: torch.Tensor, truth: torch.Tensor) -> dict[str, torch.Tensor]:
    """Per clip and horizon (N, T): 'mse', 'mae' (summed over a frame's pixels), 'psnr', 'ssim'."""
    diff = pred.float() - truth.float()
    pixel_mse = diff.pow(2).flatten(2).mean(-1)
    return {"mse": diff.pow(2).flatten(2).sum(-1), "mae": diff.abs().flatten(2).sum(-1),
            "psnr": 10 * torch.log10(1.0 / pixel_mse.clamp(min=1e-10)), "ssim": ssim(pred, truth)}


def ssim(pred: torch.Tensor, truth: torch.Tensor) -> torch.Tensor:
    """SSIM per clip and frame (N, T) of clips (N, T, C, H, W) in [0, 1]."""
    from torchmetrics.functional.image import structural_similarity_index_measure as ssim_fn

    n, t = pred.shape[:2]
    flat = ssim_fn(pred.flatten(0, 1).float().clamp(0, 1), truth.flatten(0, 1).float(), data_range=1.0,
                   reduction="none")
    return flat.view(n, t)


class ClipScores:
    """Sums of per-frame scores over clips, for a whole test set evaluated batch by batch."""

    def __init__(self):
        self.sums: dict[str, torch.Tensor] = {}
        self.count = 0

    def add(self, pred: torch.Tensor, truth: torch.Tensor, prefix: str = "") -> None:
        """Scores of one batch's predictions; ``prefix`` keeps a baseline's apart ("copy_last/")."""
        for name, values in frame_errors(pred, truth).items():
            key = prefix + name
            self.sums[key] = self.sums.get(key, 0) + values.sum(0).cpu()

    def seen(self, clips: int) -> None:
        """Count a batch's clips once, however many predictions of it were scored."""
        self.count += clips

    def add_values(self, key: str, values: torch.Tensor) -> None:
        """Per-clip, per-horizon values (N, T) computed elsewhere (best-of-k, diversity)."""
        self.sums[key] = self.sums.get(key, 0) + values.sum(0).cpu()

    def metrics(self) -> dict[str, float]:
        """'mse' (averaged over horizons), 'mse@1' ... 'mse@T', likewise for every score."""
        out: dict[str, float] = {}
        for key, total in self.sums.items():
            per_horizon = total / max(self.count, 1)
            out[key] = float(per_horizon.mean())
            out.update({f"{key}@{h + 1}": float(v) for h, v in enumerate(per_horizon)})
        return out


def best_of_k(samples: torch.Tensor, truth: torch.Tensor) -> torch.Tensor:
    """Per clip, the sample (of K: samples is (K, N, T, C, H, W)) with the lowest mean MSE;
    returns its per-horizon MSE (N, T)."""
    mse = (samples - truth[None]).pow(2).flatten(3).sum(-1)  # (K, N, T)
    best = mse.mean(-1).argmin(0)                             # (N,)
    return mse[best, torch.arange(truth.shape[0])]


def diversity(samples: torch.Tensor) -> torch.Tensor:
    """Per-frame MSE (N, T) between the first two of K samples: 0 when every future is the same."""
    return (samples[0] - samples[1]).pow(2).flatten(3).sum(-1)
