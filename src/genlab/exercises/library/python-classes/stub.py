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
        # your code here
        raise NotImplementedError("write this part")

    def __len__(self):
        # your code here
        raise NotImplementedError("write this part")

    def __getitem__(self, i):
        # your code here
        raise NotImplementedError("write this part")

    def __repr__(self):
        # your code here
        raise NotImplementedError("write this part")
