"""The shipped classifier weights: checksum, metadata, and accuracy."""

import pytest

from genlab.metrics.features import CHECKSUMS, DATASETS, _metadata, dataset_for, sha256, weights_path
from tests.conftest import needs_fashion

GOALS = {"fashion-mnist": 0.91, "mnist": 0.99}


@pytest.mark.parametrize("dataset", DATASETS)
def test_shipped_weights_match_their_checksum(dataset):
    path = weights_path(dataset)
    assert path.is_file(), f"missing {path}; build it with python -m genlab.metrics.build_weights {dataset}"
    assert sha256(path) == CHECKSUMS[dataset]


@pytest.mark.parametrize("dataset", DATASETS)
def test_metadata_describes_the_data_and_records_the_accuracy_goal(dataset):
    meta = _metadata(dataset)
    assert meta["shape"] == (1, 28, 28) and len(meta["classes"]) == 10
    assert meta["accuracy"] >= GOALS[dataset]
    assert dataset_for(meta["shape"], meta["classes"]) == dataset
    assert dataset_for((1, 8, 8), meta["classes"]) is None


@needs_fashion
def test_fashion_classifier_accuracy_on_the_test_set():
    from genlab.data.images import load_images
    from genlab.metrics.features import classify, load_classifier

    test = load_images("fashion-mnist", "test", download=False).subset(2000)
    _, pred = classify(load_classifier("fashion-mnist"), test.float_images())
    assert (pred == test.labels).float().mean() >= 0.91
