# Plausible mistake: uses the held-out images' average nearest distance as the threshold
"""Ethics: memorization, measured by nearest training neighbours.

A generator that reproduces training images leaks them (privacy, copyright). The direct test:
for every sample, how far is its nearest training image? Alone the number means little, so
compare with held-out real images, which the model never saw: a sample closer to the training
set than every held-out image is to it is suspect. `genlab audit RUN --only memorization` goes
further with the C_T statistic of Meehan et al. (2020) in a classifier's feature space.

Check your work with:  genlab check nearest-neighbour-copying
"""

import torch


def nearest_distances(queries, train):
    """(N,) Euclidean distance from each of ``queries`` (N, ...) to its nearest of ``train`` (M, ...)."""
    return torch.cdist(queries.flatten(1).float(), train.flatten(1).float()).min(dim=1).values


def copy_rate(generated, train, held_out):
    """The share of ``generated`` images nearer to ``train`` than the nearest of all held-out
    images is (strictly closer than min over held-out of its nearest-training distance)."""
    threshold = nearest_distances(held_out, train).mean()
    return float((nearest_distances(generated, train) < threshold).float().mean())
