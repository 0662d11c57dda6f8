"""Baseline: a plain DCGAN script shaped like pytorch/examples' ``dcgan/main.py``, for comparison.

It mirrors that example's choices, written here from its description (no code copied, no
torchvision): images resized to 64x64 *per sample* in a Dataset's ``__getitem__`` (PIL resize,
to tensor, normalise to [-1, 1]) and batched by a DataLoader with 2 workers; the 64x64 DCGAN of
Radford et al. (nz = 100, ngf = ndf = 64, a 4x4 transposed-convolution stack 1 -> 4 -> 8 -> 16 ->
32 -> 64 and its mirror image, batch norm, sigmoid output with BCELoss); Adam 2e-4, betas
(0.5, 0.999); batch 64; D on real then fake, then G with the non-saturating loss.

It trains for ``--minutes`` of wall-clock time, then writes ``--samples`` generator samples,
downscaled to 28x28 (the resolution genlab's metric classifier reads), to an ``.npy`` file, and
prints one JSON line with ``images``, ``train_s`` and ``images_per_s``. ``benchmarks/images.py``
runs it and scores the samples with the same metric as genlab's models.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

NZ, NGF, NDF, SIZE = 100, 64, 64, 64


class FashionFiles(torch.utils.data.Dataset):
    """Fashion-MNIST from its IDX files; one PIL image per item, resized on every access."""

    def __init__(self, folder: Path):
        with gzip.open(folder / "train-images-idx3-ubyte.gz", "rb") as f:
            raw = f.read()
        self.images = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 28, 28)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = Image.fromarray(self.images[i]).resize((SIZE, SIZE), Image.BILINEAR)
        x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0)[None]
        return (x - 0.5) / 0.5, 0


def generator() -> nn.Module:
    def up(cin, cout, stride=2, pad=1):
        return [nn.ConvTranspose2d(cin, cout, 4, stride, pad, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True)]

    return nn.Sequential(*up(NZ, NGF * 8, 1, 0), *up(NGF * 8, NGF * 4), *up(NGF * 4, NGF * 2),
                         *up(NGF * 2, NGF), nn.ConvTranspose2d(NGF, 1, 4, 2, 1, bias=False), nn.Tanh())


def discriminator() -> nn.Module:
    def down(cin, cout, bn=True):
        return [nn.Conv2d(cin, cout, 4, 2, 1, bias=False)] + ([nn.BatchNorm2d(cout)] if bn else []) + [
            nn.LeakyReLU(0.2, inplace=True)]

    return nn.Sequential(*down(1, NDF, bn=False), *down(NDF, NDF * 2), *down(NDF * 2, NDF * 4),
                         *down(NDF * 4, NDF * 8), nn.Conv2d(NDF * 8, 1, 4, 1, 0, bias=False), nn.Sigmoid())


def init_weights(m):
    name = type(m).__name__
    if "Conv" in name:
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif "BatchNorm" in name:
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="pytorch/examples-style DCGAN baseline (64x64)")
    p.add_argument("--data", type=Path, default=Path("/usr/share/datasets/fashion-mnist"))
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--samples", type=int, default=10000)
    p.add_argument("--out", type=Path, required=True, help=".npy file for the 28x28 samples")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)
    loader = torch.utils.data.DataLoader(FashionFiles(args.data), batch_size=args.batch_size,
                                         shuffle=True, num_workers=args.workers)
    G, D = generator(), discriminator()
    G.apply(init_weights)
    D.apply(init_weights)
    bce = nn.BCELoss()
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    seen, start, done = 0, time.perf_counter(), False
    while not done:
        for real, _ in loader:
            n = real.shape[0]
            # D: real images labelled 1, fakes labelled 0
            opt_d.zero_grad()
            err_real = bce(D(real).view(-1), torch.ones(n))
            err_real.backward()
            fake = G(torch.randn(n, NZ, 1, 1))
            err_fake = bce(D(fake.detach()).view(-1), torch.zeros(n))
            err_fake.backward()
            opt_d.step()
            # G: make D say 1 on fakes
            opt_g.zero_grad()
            err_g = bce(D(fake).view(-1), torch.ones(n))
            err_g.backward()
            opt_g.step()
            seen += n
            if time.perf_counter() - start >= args.minutes * 60:
                done = True
                break
    train_s = time.perf_counter() - start
    G.eval()
    out = []
    with torch.no_grad():
        gen = torch.Generator().manual_seed(0)
        for i in range(0, args.samples, 250):
            m = min(250, args.samples - i)
            x = (G(torch.randn(m, NZ, 1, 1, generator=gen)) + 1) / 2
            # area averaging down to 28x28, the metric classifier's input size
            out.append(torch.nn.functional.interpolate(x, size=(28, 28), mode="area").clamp(0, 1))
    np.save(args.out, torch.cat(out).numpy().astype(np.float32))
    print(json.dumps({"images": seen, "train_s": round(train_s, 2), "images_per_s": round(seen / train_s, 1)}))


if __name__ == "__main__":
    main()
