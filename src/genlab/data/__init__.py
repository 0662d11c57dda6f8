"""The data layer: named datasets loaded as in-memory tensors, and batches sliced from them.

``from genlab.data import load_images, load_text, ShuffledBatches`` imports torch on first use
only, so listing datasets stays cheap.
"""

from genlab.data.registry import IMAGE_DATASETS, TEXT_DATASETS

__all__ = ["IMAGE_DATASETS", "TEXT_DATASETS", "load_images", "load_text", "ShuffledBatches",
           "ImageData", "read_idx"]


def __getattr__(name):
    if name in ("load_images", "ImageData"):
        from genlab.data import images
        return getattr(images, name)
    if name == "load_text":
        from genlab.data.text import load_text
        return load_text
    if name == "ShuffledBatches":
        from genlab.data.batches import ShuffledBatches
        return ShuffledBatches
    if name == "read_idx":
        from genlab.data.idx import read_idx
        return read_idx
    raise AttributeError(name)
