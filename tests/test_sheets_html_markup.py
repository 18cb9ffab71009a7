"""Bank text as HTML: escaped prose, MathML for math, and CSS strings nothing can break out of."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import HtmlReader, bank_texts, command_sample, read_html

from dlprep.bank import Bank
from dlprep.mathtext import ALLOWED_COMMANDS
from dlprep.richtext import Kind, segments
from dlprep.sheets.html_markup import css_string, html_math, html_rich, html_string

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def test_script_tags_ampersands_and_quotes_are_escaped() -> None:
    assert html_string('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert html_string("a & b") == "a &amp; b"
    assert html_string("it's") == "it&#x27;s"
    rich = html_rich("<script>alert(\"x\")</script> & 'q'")
    assert "<script" not in rich and "&lt;script&gt;" in rich
    assert read_html(rich) == ("<script>alert(\"x\")</script> & 'q'", [])


def test_quotes_cannot_leave_an_attribute() -> None:
    markup = f'<p title="{html_string(chr(34) + " onmouseover=" + chr(39) + "x")}">t</p>'
    reader = HtmlReader()
    reader.feed(markup)
    assert reader.tags == ["p"] and reader.attrs == [("title", "\" onmouseover='x")]


def test_math_becomes_mathml() -> None:
    inline = html_rich("slope $\\frac{1}{4}$ at $x<0$")
    assert inline.count("<math") == 2 and 'display="inline"' in inline
    assert "\\frac" not in inline and "$" not in inline
    display = html_rich("$$\\sum_i x_i$$")
    assert display.startswith("<math") and 'display="block"' in display
    text, tags = read_html(inline)
    assert tags.count("math") == 2 and "mfrac" in tags
    assert text.startswith("slope ")


def test_code_breaks_and_literal_dollars() -> None:
    assert html_rich("call `x<y & z`") == "call <code>x&lt;y &amp; z</code>"
    assert html_rich("one\ntwo") == "one<br>two"
    assert html_rich(r"costs \$5") == "costs $5"


@given(st.text(st.characters(exclude_characters="$`\n\r"), max_size=40))
def test_any_prose_reads_back_as_itself_with_no_tags(text: str) -> None:
    assert read_html(html_rich(text)) == (text.strip(), [])


def _bank_math(bank: Bank) -> set[tuple[Kind, str]]:
    texts = bank_texts(bank)
    return {(s.kind, s.text) for t in texts for s in segments(t) if s.kind in (Kind.MATH, Kind.DISPLAY_MATH)}


def _check_mathml(markup: str, display: bool) -> None:
    root = ET.fromstring(markup)
    assert root.tag == f"{MATHML}math"
    assert root.get("display") == ("block" if display else "inline")
    assert len(root) > 0


def test_every_math_span_of_the_bank_converts(bank: Bank) -> None:
    spans = _bank_math(bank)
    assert len(spans) > 1000
    failures = []
    for kind, latex in sorted(spans):
        try:
            _check_mathml(html_math(latex, display=kind is Kind.DISPLAY_MATH), kind is Kind.DISPLAY_MATH)
        except Exception as exc:  # any converter or XML error is a failure to report
            failures.append(f"{latex!r}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("command", sorted(ALLOWED_COMMANDS))
def test_every_command_lint_allows_converts(command: str) -> None:
    _check_mathml(html_math(command_sample(command)), display=False)


# --- CSS strings ---------------------------------------------------------------------------


def _css_string_value(css: str) -> tuple[str, int]:
    """Read one CSS string token the way a browser does (CSS Syntax 3, 4.3.5), after the input
    preprocessing that HTML and CSS do (CR, CRLF and FF become LF); return its value and end."""
    css = css.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\0", "\ufffd")
    quote, i, out = css[0], 1, []
    while i < len(css):
        ch = css[i]
        if ch == quote:
            return "".join(out), i + 1
        if ch == "\n":
            raise AssertionError(f"raw newline at {i}: the string ends there and the rest is CSS")
        if ch == "\\":
            i += 1
            if i == len(css):
                break
            hexdigits = re.match(r"[0-9a-fA-F]{1,6}", css[i:])
            if css[i] == "\n":
                i += 1
            elif hexdigits:
                i += len(hexdigits.group())
                if i < len(css) and css[i] in " \t\n":
                    i += 1
                out.append(chr(int(hexdigits.group(), 16)))
            else:
                out.append(css[i])
                i += 1
            continue
        out.append(ch)
        i += 1
    raise AssertionError("unterminated CSS string")


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        'a "quoted" title',
        "back\\slash",
        "</style><script>alert(1)</script>",
        '"; } body { display: none } x { content: "',
        "a & b <c>",
        "two\nlines",
        "深度学习 — Final",
        "trailing\\",
        "\\22 not an escape",
        "carriage\rreturn",
        "form\ffeed",
    ],
)
def test_css_string_cannot_be_broken_out_of(text: str) -> None:
    css = css_string(text)
    assert "<" not in css  # nothing that could end the <style> element
    value, end = _css_string_value(css)
    assert end == len(css), f"the string token ends early: {css!r}"
    assert value == text


@given(st.text(st.characters(exclude_characters="\r\f\0"), max_size=30))
def test_css_string_round_trips(text: str) -> None:
    css = css_string(text)
    assert "<" not in css and ">" not in css
    assert _css_string_value(css) == (text, len(css))
