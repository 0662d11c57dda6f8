# Plausible mistake: blends the images but keeps the hard labels
"""Applications: data augmentation by mixing, with real and with generated images.

Mixup trains on convex combinations of pairs of examples and of their labels: a 0.7/0.3 blend of
a shoe and a shirt with the label 0.7 "shoe" + 0.3 "shirt". It regularises a classifier towards
behaving linearly between training examples. Augmenting with a generative model instead adds
new labelled images, each with the class the model was asked for; `genlab augment` measures
whether that helps (often only when real data is scarce).

Check your work with:  genlab check mixup
"""

import torch
import torch.nn.functional as F


def mixup(x, y, lam, perm, num_classes):
    """(x_mix, y_mix): images ``x`` (B, ...) blended with ``x[perm]`` by ``lam``, and the one-hot
    labels of ``y`` (B,) blended the same way, as floats (B, num_classes)."""
    onehot = F.one_hot(y, num_classes).float()
    return lam * x + (1 - lam) * x[perm], onehot


def mix_real_and_generated(real_x, real_y, gen_x, gen_y, share):
    """The real images and labels followed by the first round(share * len(real_x)) generated
    ones: (x, y). ``share`` 0 returns the real set alone."""
    n = round(share * len(real_x))
    return torch.cat([real_x, gen_x[:n]]), torch.cat([real_y, gen_y[:n]])
