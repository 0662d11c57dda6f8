import gzip
import hashlib
import http.server
import threading
from functools import partial

import numpy as np
import pytest
import torch

from genlab.data import registry, sources
from genlab.data.batches import ShuffledBatches
from genlab.data.idx import read_idx
from genlab.data.images import load_images
from genlab.data.text import load_text
from genlab.errors import DataError, UnknownNameError
from tests.conftest import SHARED_DATA, needs_fashion, needs_shared


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_pair(folder, n=5, gz=True, images_name="t10k-images-idx3-ubyte", labels_name="t10k-labels-idx1-ubyte"):
    folder.mkdir(parents=True, exist_ok=True)
    imgs = np.arange(n * 28 * 28, dtype=np.int64).reshape(n, 28, 28) % 256
    labels = np.arange(n) % 10
    for name, arr in ((images_name, imgs), (labels_name, labels)):
        data = idx_bytes(arr)
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return imgs, labels


def test_idx_roundtrip(tmp_path):
    arr = np.random.default_rng(0).integers(0, 256, (3, 4, 5)).astype(np.uint8)
    (tmp_path / "a.idx").write_bytes(idx_bytes(arr))
    np.testing.assert_array_equal(read_idx(tmp_path / "a.idx"), arr)


@pytest.mark.parametrize("mutate, message", [
    (lambda b: b[:-7], "truncated"),
    (lambda b: b + b"xx", "trailing bytes"),
    (lambda b: b"\x08\x03" + b[2:], "magic"),
    (lambda b: b[:2] + b"\x0d" + b[3:], "magic"),   # float data is not accepted
    (lambda b: b[:6], "truncated IDX header"),
    (lambda b: b[:2], "too short"),
])
def test_idx_rejects_corrupt_files(tmp_path, mutate, message):
    good = idx_bytes(np.zeros((2, 3, 3), np.uint8))
    path = tmp_path / "bad.idx"
    path.write_bytes(mutate(good))
    with pytest.raises(DataError, match=message):
        read_idx(path)


def test_idx_rejects_corrupt_gzip(tmp_path):
    data = gzip.compress(idx_bytes(np.zeros((50, 28, 28), np.uint8)))
    path = tmp_path / "bad.idx.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="corrupt or truncated"):
        read_idx(path)


def test_idx_wrong_ndim(tmp_path):
    (tmp_path / "l.idx").write_bytes(idx_bytes(np.zeros(4, np.uint8)))
    with pytest.raises(DataError, match="expected 3"):
        read_idx(tmp_path / "l.idx", expect_ndim=3)


def test_search_order_data_dir_beats_env_and_cache(tmp_path, monkeypatch):
    write_pair(tmp_path / "mine", n=3)
    write_pair(tmp_path / "env" / "mnist", n=4)
    monkeypatch.setenv("GENLAB_DATA", str(tmp_path / "env"))
    assert len(load_images("mnist", "test", data_dir=tmp_path / "mine")) == 3
    assert len(load_images("mnist", "test")) == 4       # falls back to $GENLAB_DATA/<name>
    monkeypatch.delenv("GENLAB_DATA")
    write_pair(sources.cache_root() / "mnist", n=6, gz=False)   # uncompressed also accepted
    assert len(load_images("mnist", "test")) == 6


def test_loaded_images_are_uint8_tensors_with_labels(tmp_path):
    imgs, labels = write_pair(tmp_path, n=5)
    data = load_images("mnist", "test", data_dir=tmp_path)
    assert data.images.dtype == torch.uint8 and data.images.shape == (5, 1, 28, 28)
    np.testing.assert_array_equal(data.images[:, 0].numpy(), imgs)
    assert data.labels.tolist() == labels.tolist()
    assert data.shape == (1, 28, 28) and data.num_classes == 10
    x = data.float_images()
    assert x.dtype == torch.float32 and 0 <= x.min() and x.max() <= 1


def test_mismatched_label_count(tmp_path):
    write_pair(tmp_path, n=5)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(np.zeros(4))))
    with pytest.raises(DataError, match="do not belong together"):
        load_images("mnist", "test", data_dir=tmp_path)


def test_missing_dataset_offline_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "SYSTEM_DATASETS", tmp_path / "nothing")
    with pytest.raises(DataError, match="downloads are off.*apt-get install dataset-fashion-mnist"):
        load_images("fashion-mnist", "train")


def test_unknown_dataset_and_split():
    with pytest.raises(UnknownNameError, match="unknown dataset 'cifar'.*fashion-mnist"):
        load_images("cifar")
    with pytest.raises(DataError, match="unknown split"):
        load_images("digits", "validation")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_download_checks_sha256(local_server, tmp_path):
    root, url = local_server
    (root / "input.txt").write_text("to be or not to be\n")
    good = hashlib.sha256(b"to be or not to be\n").hexdigest()
    ok = registry.RemoteFile("input.txt", good, url)
    [path] = sources.download("tiny", [ok], "get it", download=True)
    assert path.read_text() == "to be or not to be\n"
    assert path.parent == sources.cache_root() / "tiny"
    bad = registry.RemoteFile("input.txt", "0" * 64, url)
    with pytest.raises(DataError, match="checksum mismatch"):
        sources.download("tiny2", [bad], "get it", download=True)
    assert not (sources.cache_root() / "tiny2" / "input.txt").exists()


def test_download_refused_when_offline():
    f = registry.RemoteFile("x", "0" * 64, "http://127.0.0.1:9/")
    with pytest.raises(DataError, match="downloads are off"):
        sources.download("x", [f], "get it", download=None)


def test_digits_is_embedded_and_split_deterministically():
    train, test = load_images("digits", "train"), load_images("digits", "test")
    assert train.shape == (1, 8, 8) and len(train) + len(test) == 1797
    assert train.images.max() == 255
    assert torch.equal(load_images("digits", "test").images, test.images)


@needs_fashion
def test_fashion_mnist_from_debian_package():
    test = load_images("fashion-mnist", "test")
    assert test.images.shape == (10000, 1, 28, 28)
    assert torch.bincount(test.labels).tolist() == [1000] * 10


@needs_shared
def test_text_sources(tmp_path, monkeypatch):
    text = load_text(str(SHARED_DATA / "tinyshakespeare" / "input.txt"))
    assert text.startswith("First Citizen")
    monkeypatch.setenv("GENLAB_TINYSHAKESPEARE", str(SHARED_DATA / "tinyshakespeare" / "input.txt"))
    assert load_text("tinyshakespeare") == text


def test_text_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(DataError, match="empty"):
        load_text(str(tmp_path / "empty.txt"))
    (tmp_path / "bin.txt").write_bytes(b"abc\x00\x01")
    with pytest.raises(DataError, match="binary"):
        load_text(str(tmp_path / "bin.txt"))
    with pytest.raises(UnknownNameError, match="unknown text corpus"):
        load_text("no-such-corpus")


def test_batches_cover_epoch_once_and_are_reproducible():
    x = torch.arange(10)
    b = ShuffledBatches((x,), batch_size=4, seed=3)
    assert len(b) == 3
    epoch0 = torch.cat([t[0] for t in b.epoch(0)])
    assert sorted(epoch0.tolist()) == list(range(10))
    assert torch.equal(epoch0, torch.cat([t[0] for t in b.epoch(0)]))
    assert not torch.equal(epoch0, torch.cat([t[0] for t in b.epoch(1)]))
    resumed = torch.cat([t[0] for t in b.epoch(0, start=1)])
    assert torch.equal(resumed, epoch0[4:])
    # two processes split each global batch between them; the incomplete last batch is dropped
    ranks = [list(ShuffledBatches((x,), 4, 3, rank=r, world_size=2).epoch(0)) for r in (0, 1)]
    assert len(ranks[0]) == len(ranks[1]) == 2
    for step, single in enumerate(list(b.epoch(0))[:2]):
        both = torch.cat([ranks[0][step][0], ranks[1][step][0]])
        assert sorted(both.tolist()) == sorted(single[0].tolist())
