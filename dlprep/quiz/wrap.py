"""Lines that fit the terminal: wrapped by display width with the Unicode line-breaking rules.

A terminal cuts a long line at its last column, mid-word ("t / he network") and before a lone "？".
`wcwidth.wrap` measures CJK characters as two columns and breaks only where UAX #14 allows (between
words, between CJK characters, never before closing punctuation), so we only add hanging indents:
a choice's or a rubric point's continuation lines start under its text, not under its letter.
"""

from __future__ import annotations

import re

__all__ = ["wrap_block"]

# "  A. ", "  • [2] ", "  3. [1] ", or plain leading spaces: what continuation lines are indented by
_PREFIX = re.compile(r"^(\s*(?:[A-Z]\.\s|\d{1,2}\.\s(?:\[[^\]\n]{1,8}\]\s)?|•\s(?:\[[^\]\n]{1,8}\]\s)?)?\s*)")


def wrap_block(text: str, width: int) -> str:
    """Each line of `text` wrapped to `width` columns, continuation lines under the line's text."""
    import wcwidth  # ~60 ms: only a terminal session, which wraps, pays for it

    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append("")
            continue
        prefix = _PREFIX.match(line).group(1)  # type: ignore[union-attr]
        body = line[len(prefix) :]
        hanging = " " * wcwidth.width(prefix)
        lines = wcwidth.wrap(
            body,
            max(width, len(hanging) + 10),
            initial_indent=prefix,
            subsequent_indent=hanging,
            break_on_hyphens=False,
        )
        out.extend(lines or [prefix.rstrip()])
    return "\n".join(out)
