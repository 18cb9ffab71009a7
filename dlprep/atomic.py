"""Files written whole or not at all: a temporary file beside the target, then a rename over it.

`os.replace` is atomic within one file system, so a reader (or a crash, Ctrl-C or full disk in the
middle) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes | str, *, errors: str = "strict", durable: bool = False) -> None:
    """Write `data` (text as UTF-8, encoded with `errors`) to `path`, creating its folders.

    `durable` also flushes the data to the disk before the rename, for files a user keeps (an
    export of their progress) rather than ones we can write again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8", errors) if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
