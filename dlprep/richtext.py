"""Bank text as a sequence of prose, math, inline code and line breaks, for typeset outputs.

Bank prose is plain text with three kinds of markup: `$...$` (or `$$...$$`) LaTeX math of the
subset `mathtext` checks, backquoted `code`, and line breaks inside `|` blocks. Every output that
typesets (Typst, HTML) walks the same segments, so an escaping rule is written once per format
and never depends on how a piece of prose happens to look.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Kind", "Notation", "Segment", "render", "segments"]


class Kind(StrEnum):
    TEXT = "text"
    MATH = "math"
    DISPLAY_MATH = "display"
    CODE = "code"
    BREAK = "break"


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str = ""


_TOKEN = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
    r"|(?<!\\)\$(?P<math>.+?)(?<!\\)\$"
    r"|`(?P<code>[^`\n]+)`"
    r"|(?P<newline>\n)",
    re.S,
)


def _prose(text: str) -> list[Segment]:
    text = text.replace("\\$", "$")
    return [Segment(Kind.TEXT, text)] if text else []


def segments(text: str) -> list[Segment]:
    """Split `text` into segments; prose keeps its characters, with `\\$` unescaped to `$`."""
    text = text.strip()
    out: list[Segment] = []
    end = 0
    for match in _TOKEN.finditer(text):
        out += _prose(text[end : match.start()])
        end = match.end()
        if match.group("display") is not None:
            out.append(Segment(Kind.DISPLAY_MATH, match.group("display").strip()))
        elif match.group("math") is not None:
            out.append(Segment(Kind.MATH, match.group("math").strip()))
        elif match.group("code") is not None:
            out.append(Segment(Kind.CODE, match.group("code")))
        else:
            out.append(Segment(Kind.BREAK))
    out += _prose(text[end:])
    return out


@dataclass(frozen=True)
class Notation:
    """How one output format writes each kind of segment."""

    text: Callable[[str], str]
    math: Callable[[str], str]
    display_math: Callable[[str], str]
    code: Callable[[str], str]
    line_break: str


def render(text: str, notation: Notation) -> str:
    """Bank text written in `notation`, segment by segment."""
    writers: dict[Kind, Callable[[str], str]] = {
        Kind.TEXT: notation.text,
        Kind.MATH: notation.math,
        Kind.DISPLAY_MATH: notation.display_math,
        Kind.CODE: notation.code,
        Kind.BREAK: lambda _: notation.line_break,
    }
    return "".join(writers[segment.kind](segment.text) for segment in segments(text))
