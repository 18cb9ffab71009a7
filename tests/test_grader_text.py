"""Student text in reports: bounded, always encodable, and unable to start a line or move the cursor."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from grader.text import clean, escape, printable, quote, spreadsheet_cell, writable


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=[]), max_size=200))
def test_escaped_text_is_one_encodable_line(text: str) -> None:
    shown = quote(clean(text, 1000))
    shown.encode("utf-8")  # never a lone surrogate left
    assert len(shown.splitlines()) <= 1 and "\x1b" not in shown and "\r" not in shown
    assert shown.startswith('"') and shown.endswith('"')


def test_surrogates_lengths_and_controls() -> None:
    assert clean("a\ud800b", 10) == "a\\ud800b"
    assert clean("x" * 50, 10) == "x" * 10 + "… [40 more characters]"
    assert escape("1\n2\r3\x1b[2J\u2028\u202e") == "1\\n2\\r3\\e[2J\\u2028\\u202e"
    assert quote('say "hi"\\') == '"say \\"hi\\"\\\\"'
    assert escape("中文 σ′ ok") == "中文 σ′ ok"  # letters of any script stay as they are
    assert printable("a\\nb\x07") == "a\\nb\\x07"
    assert writable("\udcff") == "\\udcff"
    assert clean(type("Bad", (), {"__str__": lambda self: 1 / 0})(), 50) == "<unprintable Bad>"


def test_spreadsheet_cells_are_never_formulas() -> None:
    for formula in ("=1+2", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x"):
        cell = spreadsheet_cell(formula)
        assert cell.startswith("'") or not cell.startswith(("=", "+", "-", "@")), cell
    out = io.StringIO()
    csv.writer(out).writerow([spreadsheet_cell("a\nb=c")])
    assert out.getvalue() == "a\\nb=c\r\n"
