# Plausible mistake: ignores the transform
"""Python: classes, and the protocol a dataset follows.

PyTorch asks very little of a dataset: ``len(dataset)`` and ``dataset[i]``. Implementing
``__len__`` and ``__getitem__`` is enough for a ``DataLoader`` to batch and shuffle it, and for
Python itself to loop over it. (genlab keeps whole datasets in memory as tensors and slices
batches instead, which is faster for small images, but the protocol is the same idea.)

Check your work with:  genlab check python-classes
"""


class PairsDataset:
    """(x, y) pairs from two arrays of the same length; ``transform`` (optional) is applied to
    x when an item is read. ``ds[i]`` returns ``(x, y)``."""

    def __init__(self, x, y, transform=None):
        if len(x) != len(y):
            raise ValueError(f"x has {len(x)} examples but y has {len(y)}")
        self.x, self.y, self.transform = x, y, transform

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"index out of range for {len(self)} examples")
        x = self.x[i]
        return x, self.y[i]

    def __repr__(self):
        return f"PairsDataset({len(self)} examples, x shape {tuple(self.x[0].shape)})"
