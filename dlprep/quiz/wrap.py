"""Lines that fit the terminal: wrapped by display width, at Unicode line-break opportunities.

A terminal cuts a long line at its last column, mid-word ("t / he network") and before a lone "？".
We measure each character as the terminal draws it (East Asian wide and fullwidth characters take
two columns, combining marks and format characters none) and break only where the Unicode
line-breaking algorithm (UAX #14) allows: after spaces, between CJK characters, beside a word that
meets CJK text; never inside a word, never before closing punctuation or after opening
punctuation. Continuation lines of a choice or a rubric point hang under its text.

Why not `wcwidth.wrap`, which implements all of UAX #14: importing wcwidth costs 20 ms, a fifth of
`python -c "import typer, rich, yaml, fsrs"`, and alone took the drill's first card past the 1.5x
goal of `bench/bench_quiz.py` in a terminal. The standard library's `unicodedata` holds the same
East Asian Width and general categories that wcwidth's tables are built from, so the width and the
few break rules our texts need are short. The rules here are UAX #14's, made stricter where that
is simpler (no break at hyphens, slashes or quotes): every break they allow, UAX #14 allows too.
`tests/test_quiz_wrap.py` checks that against wcwidth, kept as a test dependency, on every text of
the bank and on generated ones, and checks each character's width against wcwidth's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["break_opportunities", "display_width", "wrap", "wrap_block"]

# Break classes: a simplification of UAX #14's.
_WORD = 0  # letters, digits, symbols: no break between two of them (UAX #14 AL, NU, ...)
_IDEO = 1  # CJK ideographs, kana, Hangul: a break is allowed before and after (ID)
_CLOSE = 2  # closing punctuation: no break before it, even after spaces (CL, CP, EX, IS, NS, IN, PO)
_OPEN = 3  # opening punctuation: no break after it, even before spaces (OP)
_GLUE = 4  # quotes, hyphens, slashes, dashes, combining marks, no-break spaces: no break on either side
_SPACE = 5
_SIGN = 6  # signs and currency before a number: no break right after one (PR)

_ASCII = {  # UAX #14's classes of the printable ASCII characters, in ours
    **dict.fromkeys(",.:;!?)]}%", _CLOSE),
    **dict.fromkeys("([{", _OPEN),
    **dict.fromkeys("$+\\", _SIGN),
    **dict.fromkeys("\"'-/|", _GLUE),
    " ": _SPACE,
    "\t": _SPACE,
}
_CLOSING = (
    set(  # beyond ASCII: closing punctuation and what may not start a line (CL, CP, EX, IS, NS, IN, PO)
        "、。，．：；！？）」』】》〉〕〗〙〛｝］｠〞々〻〼ー・ゝゞヽヾ…‥⋯⁄"
        "‰‱°′″‴℃℉¢"
        "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    )
)
_OPENING = set("（「『【《〈〔〖〘〚｛［｟〝¡¿")
_SIGNS = set("£¥€₹¤±−∓№")
_INITIAL_QUOTES = set("“‘«‹")  # a line may start with one after a space (UAX #14 LB18, LB15a)
_MARK_LETTERS = set("ˈˌ˟\u3035")  # letters UAX #14 treats as marks or break-before signs
_GLUE_SYMBOLS = set("❛❜❝❞❟❠❢❣⠀")  # quotes, exclamations and a blank among the dingbats


_ZERO_WIDTH = ("Mn", "Me", "Mc", "Cf", "Cc", "Zl", "Zp")
_FILLERS = "\u3164\uffa0"  # Hangul fillers draw nothing
_SHOWN_FORMAT = "\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"  # drawn


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if " " <= char < "\x7f":
        return 1
    category = unicodedata.category(char)
    if category in _ZERO_WIDTH:
        return 1 if char in _SHOWN_FORMAT else 0
    if "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff" or char in _FILLERS:
        return 0  # Hangul vowels and final consonants join the syllable before them
    if category == "Cn":  # unassigned: terminals draw one column
        return 1
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal (no escape sequences in it)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_char_width(char) for char in text)


@lru_cache(maxsize=4096)
def _break_class(char: str) -> int:
    """Our class of `char`: UAX #14's where we know it, else one that forbids more breaks than it."""
    if char < "\x7f":
        return _ASCII.get(char, _WORD)
    if char in _CLOSING:
        return _CLOSE
    if char in _OPENING:
        return _OPEN
    if char in _SIGNS:
        return _SIGN
    category = unicodedata.category(char)
    kind = category[0]
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    if kind == "P":
        return {"Ps": _OPEN, "Pe": _CLOSE}.get(category, _GLUE)
    if kind == "S":
        if wide:  # emoji: ideographic or alphabetic for UAX #14, so no break beside a letter
            return _WORD if category == "So" else _GLUE  # skin tones (Sk) join the emoji before
        symbol = category in ("Sm", "So") and (char <= "\u03ff" or "\u2000" <= char <= "\u2bff")
        return _WORD if symbol and char not in _GLUE_SYMBOLS else _GLUE  # others kept whole
    if kind in ("L", "N"):
        if _is_jamo(char) or unicodedata.east_asian_width(char) == "H" or char in _MARK_LETTERS:
            return _GLUE
        if wide:
            return _GLUE if category == "Lm" else _IDEO  # wide modifier letters are iteration marks
        if kind == "L":
            return _WORD if char <= "\u1fff" or "\u2000" <= char <= "\u2bff" else _GLUE
        return _WORD if category == "Nd" or char <= "\u00ff" or "\u2000" <= char <= "\u2bff" else _GLUE
    return _GLUE  # marks, format characters, other spaces, unassigned


def _is_jamo(char: str) -> bool:
    """Hangul letters that combine into syllables: never split from their neighbours."""
    return "\u1100" <= char <= "\u11ff" or "\ua960" <= char <= "\ua97f" or "\ud7b0" <= char <= "\ud7ff"


def _break_after_spaces(before: str, after: str, after_class: int) -> bool:
    if not before or _break_class(before) == _OPEN or unicodedata.category(before) == "Pi":
        return False  # "( x", "“ x": UAX #14 LB14, LB15a
    if before > "\x7f" and _break_class(before) == _GLUE and unicodedata.category(before) == "Po":
        return False  # punctuation we do not know the class of
    if after_class == _OPEN:  # '" (': LB15
        return _break_class(before) != _GLUE or unicodedata.category(before) not in ("Pi", "Pf", "Po")
    return after_class in (_WORD, _IDEO, _SIGN) or after in _INITIAL_QUOTES


def break_opportunities(text: str) -> list[int]:
    """Indexes where a line may end, before text[i]; len(text) is not listed."""
    classes = [_break_class(char) for char in text]
    breaks: list[int] = []
    before_spaces = ""  # the last character before the current run of spaces
    for i in range(1, len(text)):
        left, right = classes[i - 1], classes[i]
        if right == _SPACE:
            if left != _SPACE:
                before_spaces = text[i - 1]
            continue
        if left == _SPACE:  # after spaces, unless the next one closes or the spaces follow an opener
            if _break_after_spaces(before_spaces, text[i], right):
                breaks.append(i)
            continue
        if text[i - 1] == "/" and right == _WORD and text[i] < "\u0590" and not text[i].isdigit():
            breaks.append(i)  # after a slash, as in a path or "input/output" (UAX #14 SY)
            continue
        if right in (_CLOSE, _GLUE) or left in (_OPEN, _GLUE, _SIGN):
            continue
        wide_close = left == _CLOSE and right != _SIGN and _char_width(text[i - 1]) == 2
        wide_open = right == _OPEN and _char_width(text[i]) == 2
        if left == _IDEO or right == _IDEO or wide_close or wide_open:
            breaks.append(i)  # beside CJK text, after wide closing or before wide opening punctuation
    return breaks


def _hard_split(piece: str, room: int) -> list[str]:
    """A run with no break opportunity that is wider than the line, cut at the line's width."""
    parts: list[str] = []
    current, used = "", 0
    for char in piece:
        width = _char_width(char)
        if used + width > room and current and width:
            parts.append(current)
            current, used = "", 0
        current += char
        used += width
    parts.append(current)
    return parts


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """`text` (one paragraph) in lines of at most `width` columns, the indents included; spaces at
    the ends of lines are dropped."""
    text = text.replace("\t", " ").strip(" ")
    if not text:
        return []
    cuts = [0, *break_opportunities(text), len(text)]
    pieces = [text[start:end] for start, end in zip(cuts, cuts[1:], strict=False)]
    lines: list[str] = []
    indent = initial_indent
    line, used = "", 0
    for piece in pieces:
        room = width - display_width(indent)
        word = piece.rstrip(" ")
        needed = display_width(word)
        if line and used + needed > room:
            lines.append(indent + line.rstrip(" "))
            indent, line, used = subsequent_indent, "", 0
            room = width - display_width(indent)
        if not line and needed > room:  # longer than a whole line: cut it
            *full, rest = _hard_split(word, room)
            for part in full:
                lines.append(indent + part)
                indent = subsequent_indent
                room = width - display_width(indent)
            piece = rest + piece[len(word) :]
            word = rest
        line += piece
        used += display_width(piece)
    if line.strip(" "):
        lines.append(indent + line.rstrip(" "))
    return lines


# "  A. ", "  • [2] ", "  3. [1] ", or plain leading spaces: what continuation lines are indented by
_PREFIX = re.compile(r"^(\s*(?:[A-Z]\.\s|\d{1,2}\.\s(?:\[[^\]\n]{1,8}\]\s)?|•\s(?:\[[^\]\n]{1,8}\]\s)?)?\s*)")


def wrap_block(text: str, width: int) -> str:
    """Each line of `text` wrapped to `width` columns, continuation lines under the line's text."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append("")
            continue
        prefix = _PREFIX.match(line).group(1)  # type: ignore[union-attr]
        body = line[len(prefix) :]
        hanging = " " * display_width(prefix)
        lines = wrap(body, max(width, len(hanging) + 10), initial_indent=prefix, subsequent_indent=hanging)
        out.extend(lines or [prefix.rstrip()])
    return "\n".join(out)
