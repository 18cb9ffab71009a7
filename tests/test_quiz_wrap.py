"""The drill's line wrapping, checked against wcwidth (UAX #14 and the terminal widths it knows):
it breaks only where UAX #14 allows, measures every character as wcwidth does, and keeps lines
within the width with choices hanging under their text."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth.linebreak import iter_line_breaks

from dlprep.bank import load_bank
from dlprep.instance import instantiate
from dlprep.quiz import cards
from dlprep.quiz.wrap import break_opportunities, display_width, wrap, wrap_block

CLOSING = tuple("，。？！；：、）」』》,.?!;:)")


def _uax14(text: str) -> set[int]:
    return {b.index for b in iter_line_breaks(text, hyphens=False)} - {len(text)}


@pytest.fixture(scope="module")
def shown_lines() -> list[str]:
    """Every line the drill can show for the bank: cards, explanations and answers, in each language."""
    lines: list[str] = []
    for question in load_bank().questions.values():
        for seed in (1, 2):
            instance = instantiate(question, seed)
            for lang in ("zh", "en", "both"):
                for text in (
                    cards.card_text(instance, lang),
                    cards.explanation_text(instance, lang),
                    cards.model_answer_text(instance, lang),
                ):
                    lines += [line.strip() for line in text.split("\n") if line.strip()]
    return list(dict.fromkeys(lines))


def test_every_break_in_the_bank_is_one_uax14_allows(shown_lines: list[str]) -> None:
    ours = theirs = 0
    for line in shown_lines:
        mine, allowed = set(break_opportunities(line)), _uax14(line)
        assert mine <= allowed, f"breaks UAX #14 forbids in {line!r}: {sorted(mine - allowed)}"
        ours, theirs = ours + len(mine), theirs + len(allowed)
    assert ours >= 0.95 * theirs  # stricter in a few places (slashes, quotes), not a different wrapper


def test_every_character_of_the_bank_is_as_wide_as_wcwidth_says(shown_lines: list[str]) -> None:
    for char in set("".join(shown_lines)):
        assert display_width(char) == wcwidth.width(char), repr(char)


def _assigned(*blocks: tuple[int, int]) -> list[str]:
    return [
        chr(point)
        for low, high in blocks
        for point in range(low, high)
        if unicodedata.category(chr(point)) not in ("Cn", "Cs", "Co")
    ]


def test_every_character_breaks_only_where_uax14_allows_beside_typical_neighbours() -> None:
    """The Basic Multilingual Plane and the emoji, between letters, CJK, punctuation and spaces (of
    the CJK ideographs and Hangul syllables, which share one class each, the first hundred)."""
    neighbours = list("a0中，（)“+/") + ["\u0301", " "]
    blocks = [(0xA0, 0x3400), (0x3400, 0x3464), (0x4E00, 0x4E64), (0xA000, 0xAC64), (0xD7A4, 0xD800)]
    chars = _assigned(*blocks, (0xF900, 0x10000), (0x1F000, 0x1FB00))
    for char in chars:
        for near in neighbours:
            for text in (near + char, char + near, f"{near} {char}", f"{char} {near}"):
                assert set(break_opportunities(text)) <= _uax14(text), f"{text!r} (U+{ord(char):04X})"


def test_the_scripts_of_our_banks_are_as_wide_as_wcwidth_says() -> None:
    """Latin, Greek, punctuation, math, CJK, kana, Hangul, full- and halfwidth forms. (Other blocks
    may differ where Python's Unicode database is older than wcwidth's.)"""
    blocks = [(0x20, 0x250), (0x370, 0x400), (0x2000, 0x2400), (0x2500, 0x2600), (0x3000, 0x3100)]
    blocks += [(0x4E00, 0x9FF0), (0xAC00, 0xD7A4), (0xFF00, 0xFFF0)]
    for char in _assigned(*blocks):
        assert display_width(char) == wcwidth.width(char), f"U+{ord(char):04X}"


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ019 ,.;:!?()[]{}'\"-/+%$#=<>|~_*&@^")),
        st.sampled_from(list("  \t")),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),  # CJK ideographs
        st.sampled_from(list("，。、；：？！（）「」『』《》【】“”‘’…—·・ーっァ々％")),
        st.sampled_from(list("αβγσλ∂∇≤≥≈×→−±²³ⁱ₁ₙ√∑ëé\u0301\u200b\u00a0\u2060")),
        st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # kana
        st.characters(min_codepoint=0xAC00, max_codepoint=0xAC20),  # Hangul syllables
        st.sampled_from(list("😀👍🎉\u200d\ufe0f")),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_generated_text_breaks_only_where_uax14_allows(text: str) -> None:
    assert set(break_opportunities(text)) <= _uax14(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_generated_characters_are_as_wide_as_wcwidth_says(text: str) -> None:
    for char in text:
        if char != "\t":
            assert display_width(char) == wcwidth.width(char), repr(char)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=12, max_value=70))
def test_wrapped_lines_fit_and_lose_nothing(text: str, width: int) -> None:
    lines = wrap(text, width, initial_indent="  A. ", subsequent_indent="     ")
    for line in lines:
        assert wcwidth.width(line) <= width or display_width(line.strip()) <= 2, (line, width)
    assert "".join(lines).replace(" ", "").replace("\t", "").replace("A.", "", 1) == (
        text.replace(" ", "").replace("\t", "")
    )
    assert all(line.startswith("     ") for line in lines[1:])


def test_a_long_english_choice_hangs_under_its_text() -> None:
    text = "  B. The whole network collapses to a single affine map W x + b, however many layers it has"
    lines = wrap_block(text, 40).split("\n")
    assert lines[0].startswith("  B. The whole") and len(lines) == 3
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:])
    words = set(text.split())
    assert all(word in words for line in lines for word in line.replace("B.", "").split())


def test_chinese_never_starts_a_line_with_closing_punctuation() -> None:
    text = "把多层全连接网络里的所有激活函数都换成恒等函数，网络会怎样？训练变快，但表达能力不变。"
    for width in range(12, 40):
        lines = wrap_block(text, width).split("\n")
        assert all(display_width(line) <= width for line in lines)
        assert not any(line.startswith(CLOSING) for line in lines), lines
        assert "".join(lines) == text


def test_a_word_longer_than_the_line_is_cut_at_the_width() -> None:
    assert wrap("a " + "x" * 25, 10) == ["a", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]


def test_the_drill_screen_does_not_import_wcwidth() -> None:
    """Importing wcwidth costs 20 ms of the time to the first card (see dlprep/quiz/wrap.py)."""
    code = (
        "import io, sys; from dlprep.quiz.terminal import AnsiTerminal; "
        "t = AnsiTerminal(out=io.StringIO(), lang='zh'); t.card('1/3', '网络会怎样？' * 30, '一个字母'); "
        "t.say('好' * 200); print('wcwidth' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
