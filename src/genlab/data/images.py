"""Image datasets as in-memory tensors.

A whole dataset of this size (Fashion-MNIST is 47 MB as bytes) lives in memory as one uint8
tensor; batches are sliced from it and scaled to [0, 1] as whole batches, so there is no
per-sample Python work on the training hot path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from genlab.data import folders, registry, sources
from genlab.data.batches import ShuffledBatches
from genlab.data.info import DataInfo
from genlab.data.idx import read_idx
from genlab.errors import DataError

SPLITS = ("train", "test")


@dataclass
class ImageData:
    """Images (uint8, N x C x H x W) with integer labels, and the dataset's class names."""

    name: str
    split: str
    images: torch.Tensor
    labels: torch.Tensor
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return self.images.shape[0]

    @property
    def shape(self) -> tuple[int, int, int]:
        """(channels, height, width) of one image."""
        return tuple(self.images.shape[1:])  # type: ignore[return-value]

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def to(self, device) -> "ImageData":
        return ImageData(self.name, self.split, self.images.to(device), self.labels.to(device),
                         self.classes)

    def subset(self, n: int | None) -> "ImageData":
        if n is None or n >= len(self):
            return self
        return ImageData(self.name, self.split, self.images[:n], self.labels[:n], self.classes)

    def tensors(self) -> tuple[torch.Tensor, ...]:
        return self.images, self.labels

    def info(self) -> DataInfo:
        return DataInfo(self.shape, self.num_classes, self.classes)

    def batches(self, batch_size: int, seed: int = 0, rank: int = 0, world_size: int = 1) -> ShuffledBatches:
        """Shuffled training batches of (uint8 images, labels); see :class:`ShuffledBatches`."""
        return ShuffledBatches((self.images, self.labels), batch_size, seed=seed, rank=rank,
                               world_size=world_size)

    def eval_batches(self, batch_size: int):
        """Batches in order, for evaluation."""
        for i in range(0, len(self), batch_size):
            yield self.images[i:i + batch_size], self.labels[i:i + batch_size]

    def float_images(self, index=slice(None)) -> torch.Tensor:
        """Images at ``index`` scaled to [0, 1] as float32."""
        return self.images[index].float().div_(255.0)


def load_images(name: str, split: str = "train", data_dir=None, download: bool | None = None,
                limit: int | None = None, image_size: int | None = None,
                channels: int | None = None) -> ImageData:
    """Load split ``split`` of image dataset ``name``: a named one (see :mod:`genlab.data.sources`)
    or ``folder:PATH`` (see :mod:`genlab.data.folders`). ``image_size`` and ``channels`` resize
    and convert the images (by default each dataset keeps its own)."""
    if split not in SPLITS:
        raise DataError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
    if folders.is_folder(name):
        got = folders.load_folder(name, split, image_size, channels)
        data = ImageData(name, split, torch.from_numpy(got.images), torch.from_numpy(got.labels),
                         got.classes)
        return data.subset(limit)
    spec = registry.image_spec(name)
    if name == "digits":
        images, labels = _load_digits(split)
    elif name == "cifar10":
        from genlab.data.cifar import load_cifar10

        images, labels = load_cifar10(split, data_dir, download)
    else:
        images, labels = _load_idx_pair(spec, split, data_dir, download)
    data = ImageData(name, split, torch.from_numpy(images), torch.from_numpy(labels), spec.classes)
    return conform(data.subset(limit), image_size, channels)


def conform(data: ImageData, image_size: int | None, channels: int | None) -> ImageData:
    """``data`` resized to ``image_size`` (antialiased bilinear; a non-square image is centre-
    cropped first) and converted to ``channels`` (grey -> RGB repeats the plane; RGB -> grey
    by ITU-R 601 luma). Unchanged where both already match."""
    images = data.images
    c, h, w = data.shape
    if image_size and (h, w) != (image_size, image_size):
        side = min(h, w)
        top, left = (h - side) // 2, (w - side) // 2
        x = images[:, :, top:top + side, left:left + side].float()
        x = torch.nn.functional.interpolate(x, size=(image_size, image_size), mode="bilinear",
                                            antialias=True, align_corners=False)
        images = x.round_().clamp_(0, 255).to(torch.uint8)
    if channels and channels != images.shape[1]:
        if channels == 3:
            images = images.repeat(1, 3, 1, 1)
        else:
            luma = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)
            images = (images.float() * luma).sum(1, keepdim=True).round_().clamp_(0, 255).to(torch.uint8)
    if images is data.images:
        return data
    return ImageData(data.name, data.split, images.contiguous(), data.labels, data.classes)


def split_test_set(name: str, at: int, splits, data_dir=None, download: bool | None = None,
                   image_size: int | None = None, channels: int | None = None) -> list[ImageData]:
    """Train on the first ``at`` images of the test split and test on the rest: for when only a
    dataset's test files are at hand (e.g. the MNIST test set beside this project)."""
    full = load_images(name, "test", data_dir, download, image_size=image_size, channels=channels)
    if not 0 < at < len(full):
        raise DataError(f"data.split_test_at = {at} must be between 1 and {len(full) - 1} "
                        f"({name}'s test split has {len(full)} images)")
    cut = {"train": slice(0, at), "test": slice(at, None)}
    return [ImageData(full.name, s, full.images[cut[s]], full.labels[cut[s]], full.classes) for s in splits]


def _load_idx_pair(spec, split, data_dir, download):
    image_file, label_file = spec.files[split]
    names = [image_file.name, label_file.name]
    paths = sources.find_local(spec.name, names, data_dir)
    if paths is None:
        paths = sources.download(spec.name, [image_file, label_file], spec.how_to_get, download)
    images = read_idx(paths[0], expect_ndim=3)
    labels = read_idx(paths[1], expect_ndim=1)
    if images.shape[0] != labels.shape[0]:
        raise DataError(f"{paths[0]} has {images.shape[0]} images but {paths[1]} has "
                        f"{labels.shape[0]} labels; the files do not belong together")
    if labels.size and labels.max() >= len(spec.classes):
        raise DataError(f"{paths[1]}: label {labels.max()} out of range for {len(spec.classes)} classes")
    return images[:, None], labels.astype(np.int64)


def _load_digits(split: str):
    """scikit-learn's 8x8 digits, scaled from 0..16 to 0..255, with a fixed 80/20 split."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = np.round(bunch.images * (255.0 / 16.0)).astype(np.uint8)[:, None]
    order = np.random.default_rng(0).permutation(len(images))
    cut = int(0.8 * len(images))
    index = order[:cut] if split == "train" else order[cut:]
    return images[index].copy(), bunch.target[index].astype(np.int64)
