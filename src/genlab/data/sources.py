"""Where dataset files are found, and how they are downloaded when they are not.

Search order, first match wins:
1. ``--data-dir`` (the folder itself, or ``<data-dir>/<name>``),
2. ``$GENLAB_DATA`` (likewise),
3. the user cache (``platformdirs``; ``$GENLAB_CACHE`` overrides),
4. ``/usr/share/datasets/<name>`` (Debian's dataset packages; ``$GENLAB_SYSTEM_DATA`` overrides),
5. a download into the cache, checked against its checksum (pooch), only when allowed.

Downloads are allowed unless ``download=False`` or ``$GENLAB_OFFLINE=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

from genlab.errors import DataError
from genlab.data.registry import RemoteFile

SYSTEM_DATASETS = Path(os.environ.get("GENLAB_SYSTEM_DATA", "/usr/share/datasets"))


def cache_root() -> Path:
    env = os.environ.get("GENLAB_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("genlab"))


def downloads_allowed(download: bool | None) -> bool:
    if download is not None:
        return download
    return os.environ.get("GENLAB_OFFLINE", "") not in ("1", "true", "yes")


def candidate_dirs(name: str, data_dir: str | Path | None = None) -> list[Path]:
    """The folders searched for dataset ``name``, in order. A ``data_dir`` the user named must exist."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise DataError(f"the data folder {data_dir} does not exist (or is not a folder); "
                        "check --data-dir / data.data_dir")
    dirs: list[Path] = []
    for root in (data_dir, os.environ.get("GENLAB_DATA")):
        if root:
            dirs += [Path(root), Path(root) / name]
    dirs += [cache_root() / name, SYSTEM_DATASETS / name]
    return dirs


def find_local(name: str, filenames: list[str], data_dir=None) -> list[Path] | None:
    """The first folder holding all ``filenames`` (each also accepted without ``.gz``)."""
    for folder in candidate_dirs(name, data_dir):
        found = [_variant(folder, f) for f in filenames]
        if all(found):
            return found  # type: ignore[return-value]
    return None


def _variant(folder: Path, filename: str) -> Path | None:
    for candidate in (filename, filename.removesuffix(".gz")):
        path = folder / candidate
        if path.is_file():
            return path
    return None


def download(name: str, files: list[RemoteFile], how_to_get: str, download: bool | None) -> list[Path]:
    """Fetch ``files`` into the cache with a checksum check, or explain how to get them."""
    searched = ", ".join(str(d) for d in candidate_dirs(name)[-2:])
    if not downloads_allowed(download):
        raise DataError(f"dataset {name!r} not found (searched --data-dir, $GENLAB_DATA, {searched}) "
                        f"and downloads are off; {how_to_get}")
    import pooch

    target = cache_root() / name
    paths = []
    for f in files:
        try:
            paths.append(Path(pooch.retrieve(
                url=f.url + f.name, known_hash=f"{f.algorithm}:{f.checksum}", fname=f.name,
                path=target, progressbar=False,
                downloader=pooch.HTTPDownloader(timeout=15, progressbar=False))))
        except ValueError as exc:  # pooch's checksum mismatch
            raise DataError(f"checksum mismatch for {f.name} of {name!r} ({_first_line(exc)}); "
                            "the download was discarded, try again later or " + how_to_get) from None
        except Exception as exc:  # network errors of every kind
            raise DataError(f"could not download {f.name} of {name!r} ({type(exc).__name__}); "
                            f"offline? {how_to_get}") from None
    return paths


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
