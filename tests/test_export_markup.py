"""Bank text as LMS/Anki HTML: escaped prose, MathJax delimiters, Moodle multilang spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import read_html

from dlprep.export.markup import bilingual_html, html_text, rubric_html, stacked_html
from dlprep.question import Bilingual, RubricPoint


def test_prose_is_escaped() -> None:
    assert html_text("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert html_text('<script>alert("x")</script>') == '&lt;script&gt;alert("x")&lt;/script&gt;'


def test_math_becomes_mathjax_delimiters_and_keeps_its_latex() -> None:
    assert html_text(r"slope $\frac{1}{4}$ at $x=0$") == r"slope \(\frac{1}{4}\) at \(x=0\)"
    assert html_text(r"$$\sum_i x_i$$") == r"\[\sum_i x_i\]"
    assert html_text(r"$a<b$") == r"\(a&lt;b\)"


def test_a_literal_dollar_code_and_line_breaks() -> None:
    assert html_text(r"costs \$5, not $x$") == r"costs $5, not \(x\)"
    assert html_text("call `x.view(-1)` <now>") == "call <code>x.view(-1)</code> &lt;now&gt;"
    assert html_text("one\ntwo\r\nthree") == "one<br>two<br>three"


def test_both_languages_are_moodle_multilang_spans_with_moodle_codes() -> None:
    text = Bilingual("激活 $x$", "activation $x$")
    assert bilingual_html(text, "both") == (
        r'<span lang="zh_cn" class="multilang">激活 \(x\)</span>'
        r'<span lang="en" class="multilang">activation \(x\)</span>'
    )
    assert bilingual_html(text, "zh") == r"激活 \(x\)"
    assert bilingual_html(text, "en") == r"activation \(x\)"
    assert bilingual_html(Bilingual("ReLU", "ReLU"), "both") == "ReLU"


def test_stacked_shows_chinese_above_english() -> None:
    text = Bilingual("对", "true")
    assert stacked_html(text, "both") == '<span lang="zh">对</span><br><span lang="en" class="en">true</span>'
    assert stacked_html(text, "en") == "true"


def test_rubric_lists_points() -> None:
    rubric = (RubricPoint(Bilingual("定义", "definition"), 2), RubricPoint(Bilingual("例子", "example"), 0.5))
    assert rubric_html(rubric, "en") == "<ul><li>[2] definition</li><li>[0.5] example</li></ul>"
    assert rubric_html((), "en") == ""


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        bilingual_html(Bilingual("a", "b"), "fr")


prose = st.text(st.characters(codec="utf-8", exclude_characters="$`\n\r\\"))


@given(prose)
def test_any_prose_reads_back_as_itself_in_a_browser(text: str) -> None:
    text_read, tags = read_html(html_text(text))
    assert text_read == text.strip()
    assert tags == []


@given(st.text(st.characters(codec="utf-8")))
def test_any_text_gives_html_without_double_ampersands_or_carriage_returns(text: str) -> None:
    markup = html_text(text)
    assert "&&" not in markup and "\r" not in markup
    assert set(read_html(markup)[1]) <= {"br", "code"}
