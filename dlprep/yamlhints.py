"""Explain a YAML syntax error the way an instructor editing a bank file thinks about it.

PyYAML reports what its parser expected ("did not find expected key", "found character that
cannot start any token"); an author needs to hear what is wrong with the line: a tab in the
indentation, a key that does not line up with its siblings, an unquoted ': ' in a text, an
unclosed '['. `explain` looks at the source lines around the error; when it recognises none of
these it returns None and the caller keeps PyYAML's own words. Hand-written because no YAML
library offers messages for authors; it only reads text, it never re-parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["explain"]

_KEY_LINE = re.compile(r"^( *)(- +)?([^\s#:'\"{\[-][^:#]*?|'[^']*'|\"[^\"]*\")\s*:(?:\s+(.*))?$")
_ITEM_LINE = re.compile(r"^( *)- ")
_INDENTATION = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed",
    "expected <block end>",
)


@dataclass(frozen=True)
class _Line:
    number: int
    indent: int  # spaces before the line's first character
    column: int  # 0-based column of its key (after '- ' for a list item)
    label: str  # the key, or '-' for a list item without a key
    opens: bool  # a key with nothing after ':' (its value is the indented block below)
    item: bool  # starts with '- '


def _describe(text: str, number: int) -> _Line | None:
    """A line that holds a key or starts a list item; None for text (a block scalar's content)."""
    match = _KEY_LINE.match(text)
    if match:
        indent, dash, key, rest = match.group(1), match.group(2) or "", match.group(3), match.group(4)
        opens = not rest or rest.startswith(("|", ">", "#", "&"))
        return _Line(number, len(indent), len(indent) + len(dash), key.strip("'\""), opens, bool(dash))
    item = _ITEM_LINE.match(text)
    if item:
        return _Line(number, len(item.group(1)), len(item.group(1)), "-", False, True)
    return None


def _enclosing(lines: list[str], number: int) -> list[_Line]:
    """The key lines above `number` that could be its siblings or parents, nearest first."""
    chain: list[_Line] = []
    limit: int | None = None
    for n in range(number - 1, 0, -1):
        text = lines[n - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        line = _describe(text, n)
        if line is None or (limit is not None and line.indent >= limit):
            continue
        chain.append(line)
        limit = line.indent
        if line.indent == 0:
            break
    return chain


def _levels(chain: list[_Line]) -> list[tuple[int, str]]:
    """(indent, how to say it) of every place the next key or item may start."""
    levels: list[tuple[int, str]] = []
    for line in chain:
        if line.label != "-":
            levels.append((line.column, f"lined up with '{line.label}' (line {line.number})"))
        if line.item:
            levels.append((line.indent, f"as a new '- ' item like the one on line {line.number}"))
    return levels


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _what(text: str) -> str:
    line = _describe(text, 0)
    if line is None:
        return f"'{text.strip()[:30]}'"
    return "the list item" if line.label == "-" else f"'{line.label}'"


def _indentation(lines: list[str], number: int) -> str | None:
    text = lines[number - 1]
    indent = len(text) - len(text.lstrip(" "))
    chain = _enclosing(lines, number)
    if not chain:
        return None
    nearest = chain[0]
    if nearest.opens and indent > nearest.column:
        return None  # a child of the key above: the indentation is fine, the problem is elsewhere
    levels = _levels(chain)
    is_item = text.lstrip(" ").startswith("- ")
    keys = [(level, how) for level, how in levels if not how.startswith("as a new")]
    items = [level for level, how in levels if how.startswith("as a new")]
    if not is_item and indent in items and indent not in (level for level, _ in keys):
        key = min(keys, key=lambda lv: (abs(lv[0] - indent), -lv[0]), default=None)
        also = f" indent it to {_spaces(key[0])}, {key[1]}, or" if key else ""
        return (
            f"bad indentation: {_what(text)} on line {number} is indented {_spaces(indent)}, where a"
            f" list expects a '- ' item:{also} start a new item with '- '"
        )
    if any(level == indent for level, _ in levels):
        return None
    best = min(levels, key=lambda lv: (abs(lv[0] - indent), -lv[0]))
    return (
        f"bad indentation: {_what(text)} on line {number} is indented {_spaces(indent)};"
        f" expected {_spaces(best[0])}, {best[1]} (keys of one mapping, and items of one list,"
        " start in the same column)"
    )


def explain(text: str, problem: str, context: str, line: int, column: int) -> str | None:
    """A message for the author, or None to keep PyYAML's."""
    lines = text.splitlines() or [""]
    line = min(max(line, 1), len(lines))
    here = lines[line - 1]
    for number in (line, line - 1):
        source = lines[number - 1] if number >= 1 else ""
        if "\t" in source[: len(source) - len(source.lstrip())]:
            return (
                f"line {number} is indented with a tab: YAML indents with spaces only;"
                " replace the tab with spaces (and set your editor to insert spaces)"
            )
    if "tab" in problem:
        return "a tab where YAML expects spaces: YAML indents with spaces only; replace the tab with spaces"
    if context.startswith("while parsing a flow"):
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        return (
            f"a '{bracket}' is not closed before line {line} column {column}: add '{closing}',"
            " or put a text that contains ',' or ':' in quotes"
        )
    if not problem.startswith(_INDENTATION):
        return None
    indentation = _indentation(lines, line)
    if indentation is not None:
        return indentation
    key = _describe(here, line)
    if problem.startswith("mapping values") and key is not None:
        return (
            f"the value of '{key.label}' on line {line} contains ': ', which YAML reads as another key:"
            " put the text in quotes, or write it as a block (>- on its own line)"
        )
    if "'" in here or '"' in here:
        return (
            f"line {line}: the text ends early at column {column}: a quote inside a quoted text?"
            " In '...' write '' for one ', or quote with \"...\" instead"
        )
    return None
