"""Keras samples scored by genlab's metrics, so their figures sit beside the PyTorch labs'.

The same feature extractor (genlab's Fashion-MNIST classifier, or the generic one for other
data), the same real test images and the same formulas as ``genlab evaluate``.
"""

from __future__ import annotations

import numpy as np


def sample_quality(samples: np.ndarray, dataset: str = "fashion-mnist", data_dir=None) -> dict[str, float]:
    """FID, KID, precision/recall and class coverage of ``samples`` (N, H, W, C) in [0, 1]
    against the dataset's test split; empty for images smaller than 16x16 (no extractor)."""
    import torch

    from genlab.data.images import load_images
    from genlab.metrics import compare, extractor_for

    test = load_images(dataset, "test", data_dir=data_dir, download=False)
    classifier = extractor_for(test.shape, test.classes, torch.device("cpu"))
    if classifier is None:
        return {}
    fake = torch.from_numpy(np.ascontiguousarray(samples)).permute(0, 3, 1, 2).float().clamp(0, 1)
    return compare(classifier, test.float_images(), fake, full=True, num_classes=test.num_classes)
