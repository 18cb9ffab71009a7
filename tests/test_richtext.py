"""Bank text split into prose, math, display math, inline code and line breaks."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from dlprep.richtext import Kind, Segment, segments

T, M, D, C, B = Kind.TEXT, Kind.MATH, Kind.DISPLAY_MATH, Kind.CODE, Kind.BREAK


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(s.kind, s.text) for s in segments(text)]


def test_plain_prose_is_one_text_segment() -> None:
    assert segments("Which activation is zero-centred?") == [
        Segment(Kind.TEXT, "Which activation is zero-centred?")
    ]
    assert segments("") == []
    assert segments("   \n  ") == []


def test_inline_math_keeps_its_latex_without_dollars() -> None:
    assert kinds(r"slope $\frac{1}{4}$ at $x=0$.") == [
        (T, "slope "),
        (M, r"\frac{1}{4}"),
        (T, " at "),
        (M, "x=0"),
        (T, "."),
    ]


def test_math_is_stripped_of_surrounding_spaces() -> None:
    assert kinds("$ x + 1 $") == [(M, "x + 1")]
    assert kinds("$$  \\sum_i x_i  $$") == [(D, "\\sum_i x_i")]


def test_display_math() -> None:
    assert kinds(r"loss $$L = -\sum_i y_i \log p_i$$ done") == [
        (T, "loss "),
        (D, r"L = -\sum_i y_i \log p_i"),
        (T, " done"),
    ]


def test_display_then_inline_math_are_told_apart() -> None:
    assert kinds("$$a$$$b$") == [(D, "a"), (M, "b")]
    assert kinds("$a$$$b$$") == [(M, "a"), (D, "b")]
    assert kinds("$a$$b$") == [(M, "a"), (M, "b")]


def test_escaped_dollar_is_a_literal_dollar_in_prose() -> None:
    assert kinds(r"costs \$5, not \$6") == [(T, "costs $5, not $6")]
    assert kinds(r"costs \$5 and $x$ \$") == [(T, "costs $5 and "), (M, "x"), (T, " $")]


def test_escaped_dollar_inside_math_does_not_close_it() -> None:
    assert kinds(r"price $\$5 + x$ ok") == [(T, "price "), (M, r"\$5 + x"), (T, " ok")]


def test_lone_dollar_stays_prose() -> None:
    assert kinds("a $ b") == [(T, "a $ b")]


def test_code_spans_keep_their_text_verbatim() -> None:
    assert kinds("call `x.view(-1)` now") == [(T, "call "), (C, "x.view(-1)"), (T, " now")]
    assert kinds("`$x$` is not math") == [(C, "$x$"), (T, " is not math")]
    assert kinds("`a  b`") == [(C, "a  b")]


def test_unclosed_or_multiline_backquotes_are_prose() -> None:
    assert kinds("a ` b") == [(T, "a ` b")]
    assert kinds("a `b\nc` d") == [(T, "a `b"), (B, ""), (T, "c` d")]
    assert kinds("``") == [(T, "``")]


def test_newlines_are_breaks_and_the_text_is_stripped() -> None:
    assert kinds("\n  one\ntwo\n\nthree  \n") == [
        (T, "one"),
        (B, ""),
        (T, "two"),
        (B, ""),
        (B, ""),
        (T, "three"),
    ]


def test_math_may_span_lines() -> None:
    assert kinds("$a +\nb$") == [(M, "a +\nb")]


def test_segments_are_frozen_values() -> None:
    assert Segment(Kind.MATH, "x") == Segment(Kind.MATH, "x")
    assert Kind.DISPLAY_MATH.value == "display"


_PROSE = st.text(st.characters(exclude_characters="$`\n\\"), min_size=1, max_size=12)
_INNER = st.text(st.characters(exclude_characters="$"), min_size=1, max_size=10).filter(
    lambda s: s == s.strip() and not s.endswith("\\")
)
_CODE = st.text(st.characters(exclude_characters="`\n"), min_size=1, max_size=10)
_PART = st.one_of(
    _PROSE,
    _INNER.map(lambda s: f"${s}$"),
    _INNER.map(lambda s: f"$${s}$$"),
    _CODE.map(lambda s: f"`{s}`"),
    st.just("\n"),
)


def _rewrap(parts: list[Segment]) -> str:
    out = []
    for segment in parts:
        if segment.kind is Kind.TEXT:
            out.append(segment.text)
        elif segment.kind is Kind.MATH:
            out.append(f"${segment.text}$")
        elif segment.kind is Kind.DISPLAY_MATH:
            out.append(f"$${segment.text}$$")
        elif segment.kind is Kind.CODE:
            out.append(f"`{segment.text}`")
        else:
            out.append("\n")
    return "".join(out)


@given(st.lists(_PART, max_size=8))
def test_segments_put_back_together_give_the_stripped_input(parts: list[str]) -> None:
    text = "".join(parts)
    assume("\\$" not in text)
    result = segments(text)
    assert _rewrap(result) == text.strip()
    assert all(s.text for s in result if s.kind is not Kind.BREAK)
    # no two prose segments in a row: prose runs up to the next token
    assert all(
        not (a.kind is Kind.TEXT and b.kind is Kind.TEXT) for a, b in zip(result, result[1:], strict=False)
    )


@given(st.text(max_size=40))
def test_text_without_dollars_or_backquotes_is_prose_and_breaks(text: str) -> None:
    assume("$" not in text and "`" not in text)
    result = segments(text)
    assert {s.kind for s in result} <= {Kind.TEXT, Kind.BREAK}
    assert _rewrap(result) == text.strip()
