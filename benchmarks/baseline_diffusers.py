"""The peer of genlab's diffusion lab: Hugging Face diffusers' ``UNet2DModel`` + ``DDPMScheduler``,
trained the way diffusers' unconditional training example (``train_unconditional.py``) does, for a
fixed number of minutes, then sampled with 25 DDIM steps. Run by ``benchmarks/diffusion_vs_diffusers.py``.

What is taken from the example's defaults: the epsilon-prediction MSE loss, DDPMScheduler with
1000 linear-beta steps, AdamW (lr 1e-4, betas 0.95/0.999, weight decay 1e-6, eps 1e-8), a cosine
learning rate with 500 warm-up steps, gradient clipping at 1.0, an EMA of the weights (decay
0.9999 with its warm-up, inv_gamma 1, power 3/4) used for sampling, batches of 16, images scaled
to [-1, 1], no flips. What differs: the U-Net is sized to genlab's (the example's is for 64x64
colour images), the images are 28x28 Fashion-MNIST held in memory (the same tensors genlab
trains on, through genlab's data layer), and the cosine runs over the steps the time budget
allows (measured on the first 20 steps).

    python benchmarks/baseline_diffusers.py --minutes 10 --samples 2000 --out samples.npy

Prints one JSON line: steps, images/s of training and of sampling, parameters.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch
import torch.nn.functional as F

BATCH = 16


def unet():
    """Sized to genlab's U-Net (16-32-32 channels, attention at 7x7): 0.96x its parameters."""
    from diffusers import UNet2DModel

    return UNet2DModel(sample_size=28, in_channels=1, out_channels=1, layers_per_block=1,
                       block_out_channels=(8, 16, 32), norm_num_groups=8, attention_head_dim=8,
                       down_block_types=("DownBlock2D", "DownBlock2D", "AttnDownBlock2D"),
                       up_block_types=("AttnUpBlock2D", "UpBlock2D", "UpBlock2D"))


def train(model, images: torch.Tensor, minutes: float, seed: int = 0) -> int:
    from diffusers import DDPMScheduler
    from diffusers.optimization import get_scheduler
    from diffusers.training_utils import EMAModel

    torch.manual_seed(seed)
    noise_scheduler = DDPMScheduler(num_train_timesteps=1000, beta_schedule="linear", prediction_type="epsilon")
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.95, 0.999), weight_decay=1e-6, eps=1e-8)
    ema = EMAModel(model.parameters(), decay=0.9999, use_ema_warmup=True, inv_gamma=1.0, power=3 / 4)

    def step(batch, lr_scheduler=None):
        noise = torch.randn_like(batch)
        t = torch.randint(0, noise_scheduler.config.num_train_timesteps, (batch.shape[0],))
        noisy = noise_scheduler.add_noise(batch, noise, t)
        loss = F.mse_loss(model(noisy, t).sample.float(), noise.float())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if lr_scheduler:
            lr_scheduler.step()
        opt.zero_grad()
        ema.step(model.parameters())

    end = time.perf_counter() + minutes * 60
    order, pos = torch.randperm(len(images)), 0
    steps, start = 0, time.perf_counter()
    lr_scheduler = None
    while time.perf_counter() < end:
        if pos + BATCH > len(order):  # a new epoch, reshuffled
            order, pos = torch.randperm(len(images)), 0
        step(images[order[pos:pos + BATCH]] * 2 - 1, lr_scheduler)
        pos, steps = pos + BATCH, steps + 1
        if steps == 20:  # the budget in steps, for the cosine schedule
            total = int(20 / (time.perf_counter() - start) * minutes * 60)
            lr_scheduler = get_scheduler("cosine", optimizer=opt, num_warmup_steps=500,
                                         num_training_steps=max(total, 501))
            for _ in range(20):
                lr_scheduler.step()
    ema.copy_to(model.parameters())
    return steps


@torch.no_grad()
def sample(model, n: int, steps: int = 25, batch: int = 500, seed: int = 0) -> torch.Tensor:
    from diffusers import DDIMScheduler

    scheduler = DDIMScheduler(num_train_timesteps=1000, beta_schedule="linear", prediction_type="epsilon")
    scheduler.set_timesteps(steps)
    gen = torch.Generator().manual_seed(seed)
    out = []
    for k in range(0, n, batch):
        x = torch.randn(min(batch, n - k), 1, 28, 28, generator=gen)
        for t in scheduler.timesteps:
            x = scheduler.step(model(x, t).sample, t, x, eta=0.0).prev_sample
        out.append((x / 2 + 0.5).clamp(0, 1))
    return torch.cat(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    from genlab.data.images import load_images

    images = load_images("fashion-mnist", "train", download=False).float_images()
    model = unet()
    params = sum(p.numel() for p in model.parameters())
    start = time.perf_counter()
    steps = train(model.train(), images, args.minutes)
    train_s = time.perf_counter() - start
    model.eval()
    start = time.perf_counter()
    fake = sample(model, args.samples)
    sample_s = time.perf_counter() - start
    np.save(args.out, fake.numpy())
    print(json.dumps({"steps": steps, "train_s": round(train_s, 1), "images_per_s": round(steps * BATCH / train_s, 1),
                      "sample_images_per_s": round(args.samples / sample_s, 2), "parameters": params}))


if __name__ == "__main__":
    main()
