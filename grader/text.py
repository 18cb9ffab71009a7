"""Student-controlled text made safe to store and to show: bounded, valid Unicode, and unable to forge.

Every string that comes from a submission (exception names and messages, traceback lines, stdout, file
names) passes :func:`clean` on its way into a result, so any writer can encode it; every human-readable
report shows it through :func:`escape` or :func:`quote`, so a newline, a carriage return or an ANSI
escape in it cannot start a line of its own, move the cursor or recolour the terminal.
Written by hand: the standard library's ``repr`` also escapes every non-ASCII letter (Chinese text
would turn into ``\\u`` codes) and has no length bound.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "escape", "display_name", "printable", "quote", "spreadsheet_cell", "writable"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def clean(value: object, limit: int) -> str:
    """``value`` as a str of at most about ``limit`` characters, lone surrogates written as ``\\udXXX``."""
    try:
        text = value if type(value) is str else str(value)
    except Exception:  # noqa: BLE001 - a value that cannot even be printed
        text = f"<unprintable {type(value).__name__}>"
    if len(text) > limit:
        text = f"{text[:limit]}… [{len(text) - limit} more characters]"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def escape(text: str) -> str:
    """``text`` with every control, line-breaking and direction-changing character written as an escape.

    Backslashes are doubled, so an escape the student typed cannot pass for one we wrote.
    """
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\\", "\\\\"))
    return _UNSAFE.sub(_escaped, text)


def printable(line: str) -> str:
    """One line of a report with any control or line-breaking character in it escaped (backslashes kept)."""
    return _UNSAFE.sub(_escaped, line)


def writable(text: str) -> str:
    """``text`` as any UTF-8 writer takes it: a lone surrogate left anywhere becomes ``\\udXXX``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def quote(text: str) -> str:
    """``text`` escaped and between double quotes (inner quotes escaped): plainly the student's words."""
    return '"' + escape(text).replace('"', '\\"') + '"'


_PLAIN_NAME = re.compile(r"[\w./+-]+")


def display_name(text: str) -> str:
    """A file or submission name for a line of text: as is when it is a plain path, else quoted."""
    return text if _PLAIN_NAME.fullmatch(text) else quote(text)


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: escaped, and never read as a formula."""
    text = escape(unicodedata.normalize("NFC", text))
    return "'" + text if text.startswith(FORMULA_START) else text
