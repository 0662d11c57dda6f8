"""The named datasets genlab knows, as plain data (no torch import).

Each image dataset is a set of IDX files (the format of MNIST and Fashion-MNIST) with known
sha256 checksums for downloads. Local copies are found by :mod:`genlab.data.sources`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from genlab.errors import DataError, unknown


@dataclass(frozen=True)
class RemoteFile:
    """One file of a dataset: its name on disk, and where and with which checksum to download it."""

    name: str
    checksum: str
    url: str
    #: the checksum's algorithm, where the publisher gives no sha256 (pooch checks either)
    algorithm: str = "sha256"


@dataclass(frozen=True)
class ImageDatasetSpec:
    name: str
    description: str
    classes: tuple[str, ...]
    files: dict[str, tuple[RemoteFile, RemoteFile]] = field(default_factory=dict)
    """split -> (images file, labels file); empty for datasets embedded in a package."""
    how_to_get: str = ""
    #: one archive holding every split (CIFAR-10), instead of per-split files
    archive: RemoteFile | None = None


@dataclass(frozen=True)
class TextDatasetSpec:
    name: str
    description: str
    file: RemoteFile | None
    env_var: str | None = None
    how_to_get: str = ""


_FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
_MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
# Checksums of the upstream .gz files (as published with TensorFlow Datasets' url_checksums).
_FASHION = {
    "train": (
        RemoteFile("train-images-idx3-ubyte.gz",
                   "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", _FASHION_URL),
        RemoteFile("train-labels-idx1-ubyte.gz",
                   "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", _FASHION_URL),
    ),
    "test": (
        RemoteFile("t10k-images-idx3-ubyte.gz",
                   "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", _FASHION_URL),
        RemoteFile("t10k-labels-idx1-ubyte.gz",
                   "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", _FASHION_URL),
    ),
}
_MNIST = {
    "train": (
        RemoteFile("train-images-idx3-ubyte.gz",
                   "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", _MNIST_URL),
        RemoteFile("train-labels-idx1-ubyte.gz",
                   "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", _MNIST_URL),
    ),
    "test": (
        RemoteFile("t10k-images-idx3-ubyte.gz",
                   "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", _MNIST_URL),
        RemoteFile("t10k-labels-idx1-ubyte.gz",
                   "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", _MNIST_URL),
    ),
}

IMAGE_DATASETS: dict[str, ImageDatasetSpec] = {
    "fashion-mnist": ImageDatasetSpec(
        "fashion-mnist",
        "Zalando's 28x28 grey clothing images, 60k train / 10k test, 10 classes",
        ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
        _FASHION,
        "install Debian's package (sudo apt-get install dataset-fashion-mnist), pass --data-dir, "
        "or allow the automatic download with --download",
    ),
    "mnist": ImageDatasetSpec(
        "mnist",
        "28x28 grey handwritten digits, 60k train / 10k test, 10 classes",
        tuple(str(i) for i in range(10)),
        _MNIST,
        "pass --data-dir to a folder with the IDX files, or allow the automatic download "
        "with --download",
    ),
    "cifar10": ImageDatasetSpec(
        "cifar10",
        "32x32 colour photos of 10 object classes, 50k train / 10k test (Krizhevsky, 2009)",
        ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
        how_to_get="put cifar-10-binary.tar.gz (or its extracted cifar-10-batches-bin folder) in "
                   "--data-dir, or allow the automatic download (162 MB) with --download",
        # the binary version: fixed-size records, read without unpickling anything; md5 as
        # published on https://www.cs.toronto.edu/~kriz/cifar.html
        archive=RemoteFile("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530",
                           "https://www.cs.toronto.edu/~kriz/", algorithm="md5"),
    ),
    "digits": ImageDatasetSpec(
        "digits",
        "scikit-learn's embedded 8x8 digits (1797 images, 10 classes); needs no download",
        tuple(str(i) for i in range(10)),
    ),
}

@dataclass(frozen=True)
class VideoDatasetSpec:
    """Moving digits: clips generated from an image dataset's digits, and the standard test file."""

    name: str
    description: str
    digits: str  # the image dataset the moving objects come from


VIDEO_DATASETS: dict[str, VideoDatasetSpec] = {
    "moving-mnist": VideoDatasetSpec(
        "moving-mnist", "MNIST digits bouncing in a square (Srivastava et al., 2015), generated, seeded",
        "mnist"),
    "moving-fashion": VideoDatasetSpec(
        "moving-fashion", "Fashion-MNIST items bouncing in a square, generated, seeded", "fashion-mnist"),
    "moving-digits": VideoDatasetSpec(
        "moving-digits", "scikit-learn's 8x8 digits bouncing in a square; needs no files (tests)", "digits"),
}

#: The fixed test set of Srivastava et al.: 10,000 clips of 20 64x64 frames, 2 digits each.
#: Checksum as published with torchvision's MovingMNIST (md5; the page gives none).
MOVING_MNIST_TEST = RemoteFile("mnist_test_seq.npy", "be083ec986bfe91a449d63653c411eb2",
                               "http://www.cs.toronto.edu/~nitish/unsupervised_video/", algorithm="md5")

TEXT_DATASETS: dict[str, TextDatasetSpec] = {
    "tinyshakespeare": TextDatasetSpec(
        "tinyshakespeare",
        "about 1 MB of Shakespeare's plays, the classic character-level corpus",
        RemoteFile("input.txt",
                   "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
                   "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/"),
        env_var="GENLAB_TINYSHAKESPEARE",
        how_to_get="set $GENLAB_TINYSHAKESPEARE to a local input.txt, pass --data-dir, or allow "
                   "the automatic download with --download",
    ),
}


def image_spec(name: str) -> ImageDatasetSpec:
    if name not in IMAGE_DATASETS:
        if "/" in name or name.startswith(("~", ".")):
            raise DataError(f"image folder {name} does not exist (or is not a folder)")
        raise unknown("dataset", name, list(IMAGE_DATASETS) + ["folder:PATH"])
    return IMAGE_DATASETS[name]


def video_spec(name: str) -> VideoDatasetSpec:
    if name not in VIDEO_DATASETS:
        raise unknown("video dataset", name, VIDEO_DATASETS)
    return VIDEO_DATASETS[name]


def text_spec(name: str) -> TextDatasetSpec:
    if name not in TEXT_DATASETS:
        raise unknown("text corpus", name, TEXT_DATASETS)
    return TEXT_DATASETS[name]

#: Where each dataset comes from and under what terms (what a model card says about its data).
LICENCES: dict[str, str] = {
    "fashion-mnist": "Fashion-MNIST, Xiao, Rasul & Vollgraf (2017), Zalando Research; MIT licence",
    "mnist": "MNIST, LeCun, Cortes & Burges; distributed under CC BY-SA 3.0",
    "cifar10": "CIFAR-10, Krizhevsky (2009), collected from the 80 Million Tiny Images set; "
               "no licence is stated by its authors (research use)",
    "digits": "scikit-learn's copy of the UCI Optical Recognition of Handwritten Digits set "
              "(Alpaydin & Kaynak, 1998); CC BY 4.0",
    "moving-mnist": "generated by genlab from MNIST digits (CC BY-SA 3.0); the Srivastava et al. "
                    "(2015) test file is theirs",
    "moving-fashion": "generated by genlab from Fashion-MNIST items (MIT licence)",
    "moving-digits": "generated by genlab from scikit-learn's digits (CC BY 4.0)",
    "tinyshakespeare": "Tiny Shakespeare, compiled by Andrej Karpathy for char-rnn from Shakespeare's "
                       "plays (public domain text)",
    "python-stdlib": "the running Python's standard library source (PSF licence)",
}


def licence(name: str) -> str:
    """The origin and licence of a dataset, or a line saying the user must supply them."""
    return LICENCES.get(name, f"{name}: a local dataset; its origin and licence are not known to "
                              "genlab: state them here")
