"""Your own images: folder datasets, colour, 32x32, CIFAR-10's reader and the metrics' features."""

from __future__ import annotations

import io
import tarfile

import numpy as np
import pytest
import torch

from genlab.data import folders
from genlab.data.images import ImageData, conform, load_images
from genlab.errors import DataError
from tests.applications.conftest import write_folder
from tests.conftest import run_cli


def _load(root, split="train", **kw):
    return load_images(f"folder:{root}", split, **kw)


def test_labelled_rgb_folder_loads_resized_with_classes_and_a_stable_split(rgb_folder):
    train, test = _load(rgb_folder), _load(rgb_folder, "test")
    assert train.shape == (3, 32, 32) and train.images.dtype == torch.uint8
    assert train.classes == ("blue", "red") and len(train) + len(test) == 24 and len(test) >= 1
    red = train.images[train.labels == 1].float()
    assert red[:, 0].mean() > 2 * red[:, 2].mean()  # the red class is red: channels in RGB order
    held_out = {bytes(x.numpy()) for x in test.images}
    write_folder(rgb_folder, classes=("red",), per_class=14, seed=0)  # two more files in "red"
    assert held_out <= {bytes(x.numpy()) for x in _load(rgb_folder, "test").images}


def test_size_and_channels_are_settings_and_grey_folders_stay_grey(tmp_path, rgb_folder):
    assert _load(rgb_folder, image_size=28, channels=1).shape == (1, 28, 28)
    grey = write_folder(tmp_path / "grey", rgb=False)
    assert _load(grey).shape == (1, 32, 32)
    assert _load(grey, channels=3).shape == (3, 32, 32)


def test_flat_folder_is_one_class_and_train_test_subfolders_are_kept(tmp_path):
    flat = write_folder(tmp_path / "flat", classes=("green",), flat=True)
    assert _load(flat).classes == ("all",)
    split = tmp_path / "split"
    write_folder(split / "train", per_class=5)
    write_folder(split / "test", per_class=2)
    assert len(_load(split)) == 10 and len(_load(split, "test")) == 4


@pytest.mark.parametrize("setup, message", [
    (lambda p: p.mkdir(), "has no image files"),
    (lambda p: None, "does not exist"),
    (lambda p: (write_folder(p, per_class=2), (p / "stray.png").write_bytes((p / "red" / "red-1.png").read_bytes())),
     "mixes image files and class subfolders"),
])
def test_bad_folders_are_one_line_errors(tmp_path, setup, message):
    root = tmp_path / "data"
    setup(root)
    with pytest.raises(DataError, match=message) as info:
        _load(root)
    assert "\n" not in str(info.value)


def test_unreadable_files_are_skipped_with_a_warning_or_refused_past_a_tenth(tmp_path, capsys):
    root = write_folder(tmp_path / "d", per_class=15)
    (root / "red" / "broken.png").write_bytes(b"not a png")
    assert len(_load(root)) + len(_load(root, "test")) == 30
    assert "skipped 1 of 31 files" in capsys.readouterr().err
    for i in range(5):
        (root / "blue" / f"bad{i}.jpg").write_bytes(b"\xff\xd8 truncated")
    with pytest.raises(DataError, match="6 of 36 files are not readable.*refused"):
        _load(root)


def test_decoded_images_are_cached_and_a_changed_file_is_noticed(rgb_folder, monkeypatch, tmp_path):
    first = _load(rgb_folder)
    assert list((tmp_path / "cache" / "folders").glob("*.safetensors"))
    monkeypatch.setattr(folders, "_read", lambda *a: pytest.fail("decoded again despite the cache"))
    assert torch.equal(_load(rgb_folder).images, first.images)
    monkeypatch.undo()
    write_folder(rgb_folder, classes=("red",), per_class=12, seed=5)  # same names, new pixels
    assert not torch.equal(_load(rgb_folder).images, first.images)


def test_a_damaged_cache_entry_is_rebuilt(rgb_folder, tmp_path):
    first = _load(rgb_folder)
    for entry in (tmp_path / "cache" / "folders").glob("*.safetensors"):
        entry.write_bytes(b"garbage")
    assert torch.equal(_load(rgb_folder).images, first.images)


def test_the_config_names_a_folder_by_its_absolute_path(tmp_path, rgb_folder, monkeypatch):
    from genlab.config import DataConfig

    monkeypatch.chdir(tmp_path)
    assert DataConfig(dataset="./colours").dataset == f"folder:{rgb_folder}"
    assert DataConfig(dataset="folder:colours").dataset == f"folder:{rgb_folder}"
    assert DataConfig(dataset="mnist").dataset == "mnist"
    (tmp_path / "corpus.txt").write_text("hello")
    assert DataConfig(dataset="./corpus.txt").dataset == "./corpus.txt"  # a text file stays a file


def test_conform_pads_nothing_and_converts_grey_to_rgb_and_back():
    grey = ImageData("x", "train", torch.randint(0, 256, (4, 1, 28, 28), dtype=torch.uint8),
                     torch.zeros(4, dtype=torch.long), ("a",))
    rgb = conform(grey, 32, 3)
    assert rgb.shape == (3, 32, 32) and torch.equal(rgb.images[:, 0], rgb.images[:, 2])
    back = conform(rgb, None, 1)
    assert back.shape == (1, 32, 32)
    assert (back.images.int() - rgb.images[:, :1].int()).abs().max() <= 1
    assert conform(grey, 28, 1) is grey


@pytest.mark.parametrize("model", ["vae", "autoencoder", "dcgan", "cgan", "cvae", "diffusion"])
def test_every_image_model_trains_and_samples_in_colour_at_32x32(rgb_folder, tmp_path, model):
    import genlab

    extra = {"model.eval_samples": 100} if model != "vae" else {}
    if model == "diffusion":
        extra.update({"model.sample_steps": 2, "model.channels": 8})
    run = genlab.train(model, dataset=str(rgb_folder), steps=2, runs_dir=tmp_path / "runs", quiet=True,
                       set={"train.num_samples": 4, **extra})
    images = run.samples(4).images
    assert images.shape == (4, 3, 32, 32) and torch.isfinite(images).all()


def test_photos_shipped_with_scikit_learn_cut_into_patches_train_a_model(tmp_path):
    from PIL import Image
    from sklearn.datasets import load_sample_images

    import genlab

    root = tmp_path / "photos"
    for name, photo in zip(("china", "flower"), load_sample_images().images):
        (root / name).mkdir(parents=True)
        for i in range(12):  # 64x64 patches along the diagonal, resized to 32 by the loader
            y, x = 20 * i, 30 * i
            Image.fromarray(photo[y:y + 64, x:x + 64]).save(root / name / f"{i}.png")
    run = genlab.train("autoencoder", dataset=f"folder:{root}", steps=3, runs_dir=tmp_path / "runs",
                       quiet=True, set={"model.eval_samples": 100})
    assert run.config["data"]["dataset"] == f"folder:{root}"
    assert "test/fid" in run.metrics  # on the generic features: this folder has no classifier


def test_cli_trains_on_a_folder_and_says_which_features_fid_used(rgb_folder, tmp_path):
    out = run_cli("train", "dcgan", "--dataset", str(rgb_folder), "--steps", "2", "--runs-dir",
                  str(tmp_path / "runs"), "--set", "model.eval_samples=100")
    assert out.returncode == 0, out.stderr
    assert "FID features: generic" in " ".join(out.stdout.split())
    report = next((tmp_path / "runs").glob("dcgan-*/report.html")).read_text()
    assert "untrained, seed-0 random convolutional network" in report


def test_cli_refuses_an_empty_folder_in_one_line_before_any_run_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    out = run_cli("train", "vae", "--dataset", f"folder:{tmp_path / 'empty'}", "--steps", "2",
                  "--runs-dir", str(tmp_path / "runs"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "no image files" in out.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_generic_features_drop_class_metrics_and_a_built_classifier_replaces_them(rgb_folder):
    from genlab.metrics.build_weights import build
    from genlab.metrics.features import dataset_for, features_used

    shape, classes = (3, 32, 32), ("blue", "red")
    assert dataset_for(shape, classes) is None and features_used(shape, classes).startswith("generic")
    assert features_used((1, 8, 8), tuple("0123456789")) is None  # 8x8 digits: no sample metrics
    built = build(str(rgb_folder), overrides=["train.steps=5", "data.batch_size=8"])
    assert built["dataset"] == f"folder:{rgb_folder}" and built["goal"] is None
    assert dataset_for(shape, classes) == f"folder:{rgb_folder}"
    assert features_used(shape, classes).startswith("genlab's classifier trained on folder:")


def test_a_flat_folder_cannot_build_a_classifier(tmp_path):
    from genlab.metrics.build_weights import build

    flat = write_folder(tmp_path / "flat", classes=("green",), flat=True)
    with pytest.raises(DataError, match="one class only"):
        build(str(flat), overrides=["train.steps=1"])


# -- CIFAR-10 ---------------------------------------------------------------------------------
def _cifar_records(n: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n, dtype=np.uint8)
    pixels = rng.integers(0, 256, (n, 3072), dtype=np.uint8)
    return np.concatenate([labels[:, None], pixels], 1).tobytes()


def test_cifar10_is_read_from_its_binary_archive_without_unpickling(tmp_path):
    archive = tmp_path / "cifar10" / "cifar-10-binary.tar.gz"
    archive.parent.mkdir()
    with tarfile.open(archive, "w:gz") as tar:
        for name, n in [(f"data_batch_{i}.bin", 3) for i in range(1, 6)] + [("test_batch.bin", 4)]:
            raw = _cifar_records(n, len(name))
            info = tarfile.TarInfo(f"cifar-10-batches-bin/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    train = load_images("cifar10", "train", data_dir=tmp_path)
    test = load_images("cifar10", "test", data_dir=tmp_path)
    assert train.shape == (3, 32, 32) and len(train) == 15 and len(test) == 4
    assert train.classes[0] == "airplane" and int(train.labels.max()) < 10
    raw = _cifar_records(4, len("test_batch.bin"))
    assert int(test.labels[0]) == raw[0] and bytes(test.images[0].flatten().numpy()) == raw[1:3073]


def test_cifar10_extracted_folder_damaged_file_and_offline_errors(tmp_path):
    folder = tmp_path / "cifar-10-batches-bin"
    folder.mkdir()
    for i in range(1, 6):
        (folder / f"data_batch_{i}.bin").write_bytes(_cifar_records(2, i))
    (folder / "test_batch.bin").write_bytes(_cifar_records(2, 9)[:-5])
    assert len(load_images("cifar10", "train", data_dir=tmp_path)) == 10
    with pytest.raises(DataError, match="not a whole number of 3073-byte records"):
        load_images("cifar10", "test", data_dir=tmp_path)
    with pytest.raises(DataError, match="downloads are off.*cifar-10-binary.tar.gz"):
        load_images("cifar10", "test")


def test_the_cifar10_download_is_pinned_to_the_publishers_checksum():
    from genlab.data.registry import image_spec

    spec = image_spec("cifar10").archive
    assert (spec.url + spec.name, spec.algorithm) == (
        "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "md5")
    assert spec.checksum == "c32a1d4ab5d03f1284b67883e8d87530"
