"""Text corpora: any local text file, or a named corpus found locally or downloaded."""

from __future__ import annotations

import os
from pathlib import Path

from genlab.data import registry, sources
from genlab.errors import DataError


def load_text(name_or_path: str, data_dir=None, download: bool | None = None) -> str:
    """Return the text of a named corpus (e.g. ``tinyshakespeare``) or of a local file.

    A named corpus is looked for at ``$GENLAB_<NAME>`` (e.g. ``$GENLAB_TINYSHAKESPEARE``), then
    in the usual dataset folders, then downloaded with a checksum when allowed.
    """
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return read_text_file(path)
    if name_or_path not in registry.TEXT_DATASETS:
        if os.sep in name_or_path or path.suffix:
            raise DataError(f"text file {name_or_path!r} not found")
        raise registry.text_spec(name_or_path)  # raises the 'unknown corpus' error
    spec = registry.text_spec(name_or_path)
    env_path = os.environ.get(spec.env_var or "")
    if env_path:
        if not Path(env_path).is_file():
            raise DataError(f"${spec.env_var} points to {env_path}, which is not a file")
        return read_text_file(Path(env_path))
    found = sources.find_local(spec.name, [spec.file.name], data_dir)
    if found is None:
        found = sources.download(spec.name, [spec.file], spec.how_to_get, download)
    return read_text_file(found[0])


def read_text_file(path: Path) -> str:
    """Read UTF-8 text, refusing empty and binary files with a clear error."""
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(f"{path}: the corpus is empty")
    if b"\x00" in raw[:65536]:
        raise DataError(f"{path}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not valid UTF-8 text (byte {exc.start})") from None
