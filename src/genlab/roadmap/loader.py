"""Load a curriculum file: parse, validate, and cache the validated form.

Validation needs pydantic, whose import alone costs more than half of ``genlab roadmap``'s time
budget. So the first load of a given file validates it fully and stores the normalized result
under ``$GENLAB_HOME/cache/``; later loads read that JSON and skip pydantic. The cache key is a
SHA-256 of the curriculum's bytes *and* of the schema's source code, so editing either the file
or the rules re-validates: a cached form is only ever one that passed the current checks.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from genlab.fileio import write_atomic
from genlab.roadmap.errors import CurriculumError
from genlab.roadmap.model import Curriculum

PACKAGED_CURRICULUM = Path(__file__).with_name("curriculum.toml")
_SCHEMA_SOURCE = Path(__file__).with_name("schema.py")
_CACHE_KEEP = 8  # cached forms kept; older ones are removed


def _cache_key(content: bytes) -> str:
    digest = hashlib.sha256(content)
    try:
        digest.update(_SCHEMA_SOURCE.read_bytes())
    except OSError:  # no source shipped (e.g. a zipapp): fall back to the schema's version
        from genlab.roadmap.schema import SCHEMA_VERSION

        digest.update(str(SCHEMA_VERSION).encode())
    return digest.hexdigest()[:32]


def _read_cache(path: Path, source: str) -> Curriculum | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Curriculum.from_dict(data, source=source)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or unreadable cache: validate again


def _write_cache(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data))  # a concurrent reader sees the old or the new file
        cached = sorted(path.parent.glob("curriculum-*.json"), key=lambda p: p.stat().st_mtime)
        for old in cached[:-_CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs speed


def parse_and_validate(content: bytes, source: str) -> dict:
    """Full validation of a curriculum file's bytes; returns the normalized dictionary."""
    from genlab import toml

    from genlab.roadmap.schema import validate

    try:
        raw = toml.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise CurriculumError(f"curriculum {source}: not UTF-8 text") from None
    except toml.TOMLDecodeError as exc:
        raise CurriculumError(f"curriculum {source}: invalid TOML: {exc}") from None
    try:
        return validate(raw)
    except CurriculumError as exc:
        raise CurriculumError(f"curriculum {source}: {exc}") from None


def load_curriculum(path: str | Path | None = None, use_cache: bool = True) -> Curriculum:
    """Load and validate a curriculum (the packaged one when ``path`` is None)."""
    file = Path(path).expanduser() if path else PACKAGED_CURRICULUM
    source = str(file)
    try:
        content = file.read_bytes()
    except FileNotFoundError:
        raise CurriculumError(f"curriculum file {source} does not exist") from None
    except OSError as exc:
        raise CurriculumError(f"curriculum file {source} cannot be read: {exc.strerror}") from None

    cache_file = None
    if use_cache:
        from genlab.roadmap.paths import cache_dir

        cache_file = cache_dir() / f"curriculum-{_cache_key(content)}.json"
        cached = _read_cache(cache_file, source)
        if cached is not None:
            return cached

    data = parse_and_validate(content, source)
    if cache_file is not None:
        _write_cache(cache_file, data)
    return Curriculum.from_dict(data, source=source)
