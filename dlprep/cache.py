"""A per-file cache of validated banks, so that unchanged files are not parsed and checked again.

Parsing and checking the whole bank costs a few hundred milliseconds, most of it YAML and
template parsing; `quiz` and `exam` load it at every start. Like ruff or mypy, we keep each
file's result keyed by its content and by a fingerprint of the code that checked it, so an edit
to the file or to dlprep itself invalidates the entry. The cache lives in the user's cache
folder (platformdirs), or in `DLPREP_CACHE_DIR`; set that to `off` to disable it. It is written
atomically and any failure to read or write it only costs speed.
"""

from __future__ import annotations

import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlprep.schema import BankFile

__all__ = ["bank_key", "cache_dir", "lookup", "lookup_bank", "store", "store_bank"]

_FORMAT = 2


def _hasher() -> Any:
    """A BLAKE2b hash without `hashlib`, whose import loads OpenSSL: 4 ms of `quiz`'s start."""
    try:
        from _blake2 import blake2b  # what hashlib.blake2b is on CPython
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b(digest_size=32)


def cache_dir() -> Path | None:
    """Where cached results go, or None when caching is off."""
    configured = os.environ.get("DLPREP_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("dlprep", appauthor=False)) / "banks"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Name, size and modification time of every source file of the package, as make, mypy and
    ruff judge their inputs: a change to the checker invalidates the cache. Reading and hashing
    every file instead costs `quiz` 3 ms at each start."""
    digest = _hasher()
    digest.update(f"{_FORMAT}:{sys.version}".encode())
    package = Path(__file__).resolve().parent
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(n for n in names if n.endswith(".py")):
            source = os.path.join(folder, name)
            stat = os.stat(source)
            digest.update(
                f"{os.path.relpath(source, package)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return str(digest.hexdigest())


def _entry(folder: Path, content: bytes, display: str) -> tuple[Path, str]:
    digest = _hasher()
    digest.update(_code_fingerprint().encode() + display.encode() + b"\0" + content)
    key = str(digest.hexdigest())
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
        import tempfile  # only a miss writes

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
    digest = _hasher()
    digest.update(_code_fingerprint().encode())
    for display, content in files:
        part = _hasher()
        part.update(content)
        digest.update(display.encode() + b"\0" + part.digest())
    return str(digest.hexdigest())


def lookup_bank(key: str) -> Any:
    """What `store_bank` stored under `key` (the merged bank, packed by `dlprep.bank`), or None.
    Loading it needs neither YAML nor the checker, which is what lets `quiz` show its first card
    quickly."""
    folder = cache_dir()
    return None if folder is None else _read(folder / f"bank-{key[:32]}.pickle", key)


def store_bank(key: str, bank: Any) -> None:
    folder = cache_dir()
    if folder is not None:
        _write(folder, folder / f"bank-{key[:32]}.pickle", key, bank)
