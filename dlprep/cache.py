"""A per-file cache of validated banks, so that unchanged files are not parsed and checked again.

Parsing and checking the whole bank costs a few hundred milliseconds, most of it YAML and
template parsing; `quiz` and `exam` load it at every start. Like ruff or mypy, we keep each
file's result keyed by its content and by a fingerprint of the code that checked it, so an edit
to the file or to dlprep itself invalidates the entry. The cache lives in the user's cache
folder (platformdirs), or in `DLPREP_CACHE_DIR`; set that to `off` to disable it. It is written
atomically and any failure to read or write it only costs speed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlprep.schema import BankFile

__all__ = ["bank_key", "cache_dir", "lookup", "lookup_bank", "store", "store_bank"]

_FORMAT = 1


def cache_dir() -> Path | None:
    """Where cached results go, or None when caching is off."""
    configured = os.environ.get("DLPREP_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("dlprep", appauthor=False)) / "banks"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Hash of every source file of the package: a change to the checker invalidates the cache."""
    digest = hashlib.sha256(f"{_FORMAT}:{sys.version}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _entry(folder: Path, content: bytes, display: str) -> tuple[Path, str]:
    key = hashlib.sha256(_code_fingerprint().encode() + display.encode() + b"\0" + content).hexdigest()
    return folder / f"{key[:32]}.pickle", key


def _read(path: Path, key: str) -> Any:
    try:
        with path.open("rb") as handle:
            stored_key, result = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, stale or corrupt entry is just a miss
        return None
    return result if stored_key == key else None


def _write(folder: Path, path: Path, key: str, result: Any) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((key, result), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        return


def lookup(content: bytes, display: str) -> BankFile | None:
    """The cached result for this exact content, or None."""
    from dlprep.schema import BankFile

    folder = cache_dir()
    if folder is None:
        return None
    result = _read(*_entry(folder, content, display))
    return result if isinstance(result, BankFile) else None


def store(content: bytes, display: str, result: BankFile) -> None:
    """Remember `result` for this content; silently does nothing if the folder is not writable."""
    folder = cache_dir()
    if folder is not None:
        _write(folder, *_entry(folder, content, display), result)


def bank_key(files: list[tuple[str, bytes]]) -> str:
    """A key for a whole bank: the code's fingerprint and every file's name and content."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for display, content in files:
        digest.update(display.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def lookup_bank(key: str) -> Any:
    """The merged bank stored under `key`, or None. Loading it needs neither YAML nor the checker,
    which is what lets `quiz` show its first card quickly."""
    folder = cache_dir()
    return None if folder is None else _read(folder / f"bank-{key[:32]}.pickle", key)


def store_bank(key: str, bank: Any) -> None:
    folder = cache_dir()
    if folder is not None:
        _write(folder, folder / f"bank-{key[:32]}.pickle", key, bank)
