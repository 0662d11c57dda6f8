"""Sample-quality metrics on the features of genlab's per-dataset classifier.

- FID (Heusel et al., 2017): fit a Gaussian to the features of real and of generated images and
  take the Frechet distance ||mu_r - mu_g||^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2)). Biased upward
  for small samples, so compare FIDs only at the same number of samples.
- KID (Binkowski et al., 2018): the unbiased MMD^2 with the kernel k(x, y) = (x.y / d + 1)^3,
  averaged over random subsets; unbiased, so small sample counts are fair.
- Precision and recall (Kynkaenniemi et al., 2019): each real feature gets a ball reaching its
  k-th nearest real neighbour; precision is the share of generated samples inside some real ball
  (are samples realistic?), recall the share of real images inside some generated ball (is the
  data covered?).
- Class coverage: the classifier's label histogram of the samples; ``coverage_min_share`` is the
  rarest class's share divided by its fair share 1/K (1.0 = perfectly balanced, 0 = a class is
  missing: mode collapse).
- Class accuracy (conditional models): the share of samples the classifier puts in the class
  that was asked for.
"""

from __future__ import annotations

import numpy as np
import torch

from genlab.metrics.features import classify, dataset_for, extractor_for, features_used, load_classifier


# -- the metrics on feature matrices -----------------------------------------------------------
def fid(real: torch.Tensor, fake: torch.Tensor) -> float:
    """Frechet distance between Gaussians fitted to two feature sets (rows are samples)."""
    mu1, s1 = _moments(real)
    mu2, s2 = _moments(fake)
    # Tr((S1 S2)^(1/2)) = sum of sqrt(eigenvalues of S1^(1/2) S2 S1^(1/2)), a symmetric PSD
    # matrix: two symmetric eigendecompositions, stabler than a general matrix square root
    w, v = np.linalg.eigh(s1)
    root1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    inner = np.linalg.eigvalsh(root1 @ s2 @ root1)
    tr_sqrt = np.sqrt(np.clip(inner, 0, None)).sum()
    value = ((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt
    return float(max(value, 0.0))


def _moments(x: torch.Tensor):
    a = x.detach().double().cpu().numpy()
    return a.mean(0), np.atleast_2d(np.cov(a, rowvar=False))


def kid(real: torch.Tensor, fake: torch.Tensor, subsets: int = 50, subset_size: int = 1000,
        seed: int = 0) -> float:
    """Kernel inception distance: mean unbiased MMD^2 over random subsets (polynomial kernel)."""
    real, fake = real.double().cpu(), fake.double().cpu()
    m = min(subset_size, len(real), len(fake))
    d = real.shape[1]
    gen = torch.Generator().manual_seed(seed)
    values = []
    for _ in range(subsets):
        x = real[torch.randperm(len(real), generator=gen)[:m]]
        y = fake[torch.randperm(len(fake), generator=gen)[:m]]
        kxx, kyy, kxy = [(a @ b.T / d + 1) ** 3 for a, b in ((x, x), (y, y), (x, y))]
        off = m * (m - 1)
        mmd = ((kxx.sum() - kxx.diagonal().sum()) / off + (kyy.sum() - kyy.diagonal().sum()) / off
               - 2 * kxy.mean())
        values.append(float(mmd))
    return float(np.mean(values))


def precision_recall(real: torch.Tensor, fake: torch.Tensor, k: int = 3) -> tuple[float, float]:
    """Improved precision and recall of Kynkaenniemi et al. (2019) with k-NN balls."""
    real, fake = real.float(), fake.float()
    r_real, r_fake = _knn_radius(real, k), _knn_radius(fake, k)
    precision = _inside_any(fake, real, r_real).float().mean()
    recall = _inside_any(real, fake, r_fake).float().mean()
    return float(precision), float(recall)


def _knn_radius(x: torch.Tensor, k: int, chunk: int = 1000) -> torch.Tensor:
    """Distance of each row to its k-th nearest other row."""
    out = []
    for i in range(0, len(x), chunk):
        d = torch.cdist(x[i:i + chunk], x)
        out.append(d.kthvalue(k + 1, dim=1).values)   # +1: the row itself is at distance 0
    return torch.cat(out)


def _inside_any(query: torch.Tensor, centres: torch.Tensor, radii: torch.Tensor, chunk: int = 1000):
    out = []
    for i in range(0, len(query), chunk):
        d = torch.cdist(query[i:i + chunk], centres)
        out.append((d <= radii[None]).any(1))
    return torch.cat(out)


def coverage_min_share(predicted: torch.Tensor, num_classes: int) -> tuple[float, list[float]]:
    """(rarest class's share / (1/K), each class's share)."""
    counts = torch.bincount(predicted.cpu(), minlength=num_classes).double()
    shares = counts / counts.sum()
    return float(shares.min() * num_classes), [round(float(s), 4) for s in shares]


# -- the whole evaluation of a generator -------------------------------------------------------
_REAL_CACHE: dict = {}
PR_NEIGHBOURS = 3  # k of the k-NN balls of precision/recall


def real_features(classifier, images: torch.Tensor):
    """Features of the real reference images, cached (the test set is the same every time)."""
    key = (id(classifier), images.data_ptr(), tuple(images.shape), images.device.type)
    if key not in _REAL_CACHE:
        _REAL_CACHE.clear()
        _REAL_CACHE[key] = classify(classifier, images)
    return _REAL_CACHE[key]


@torch.no_grad()
def compare(classifier, real: torch.Tensor, fake: torch.Tensor, fake_labels: torch.Tensor | None = None,
            full: bool = True, num_classes: int = 10) -> dict[str, float]:
    """All the metrics between real images and generated images (both in [0, 1])."""
    fr, _ = real_features(classifier, real)
    ff, pred = classify(classifier, fake)
    if not full:
        return {"quick_fid": fid(fr, ff)}
    cov, shares = coverage_min_share(pred, num_classes)
    out = {"fid": fid(fr, ff), "coverage_min_share": cov, "eval_samples": float(len(fake))}
    if min(len(fr), len(ff)) > PR_NEIGHBOURS:  # a folder's tiny test split has too few for k-NN balls
        out["kid"] = kid(fr, ff)
        out["precision"], out["recall"] = precision_recall(fr[:10000], ff[:10000], PR_NEIGHBOURS)
    if fake_labels is not None:
        out["class_accuracy"] = float((pred.cpu() == fake_labels.cpu()).float().mean())
    return out


@torch.no_grad()
def sample_quality(model, batches: list, n: int, full: bool = True, seed: int = 0,
                   **options) -> dict[str, float]:
    """Metrics of ``n`` samples of ``model`` against the real images in ``batches``, on the
    features :func:`features_used` names: a trained classifier for the data, else a generic
    extractor; empty for images smaller than 16x16 (e.g. 8x8 digits). ``options`` go to the
    sampler (e.g. ``steps=4``)."""
    info = model.data_info
    classifier = extractor_for(info.shape, info.classes, model.device)
    if classifier is None:
        return {}
    real = torch.cat([b[0] for b in batches])
    if real.dtype == torch.uint8:  # raw dataset batches: the samples are in [0, 1]
        real = real.float().div(255)
    was_training = model.training
    model.eval()
    fake = model.sample(n, generator=torch.Generator().manual_seed(seed), **options)
    model.train(was_training)
    labels = model.balanced_labels(n) if model.conditional else None
    out = compare(classifier, real, fake, labels, full=full, num_classes=info.num_classes)
    if dataset_for(info.shape, info.classes) is None:  # generic features: their "classes" mean nothing
        out.pop("coverage_min_share", None)
        out.pop("class_accuracy", None)
    return out
