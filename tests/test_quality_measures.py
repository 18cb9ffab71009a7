"""Length, detail and prompt echo of one text, as issue 17 defines them."""

from __future__ import annotations

import pytest

from dlprep.quality.measures import detail, echo_units, length, shared_units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  tanh  ", 4),
        ("$x^2$ grows", 9),  # the math span counts as its source x^2, without the dollars
        ("$$\\frac{a}{b}$$", 11),
        ("costs \\$5", 9),  # an escaped dollar is not math
        ("双曲正切（奇）", 7),
        ("$a$ 与 $b$", 5),
    ],
)
def test_length_counts_characters_and_math_source(text: str, expected: int) -> None:
    assert length(text) == expected


def test_detail_counts_separators_and_joining_words() -> None:
    assert detail("plain words only") == 0
    assert detail("a, b; c (d) and e or f, but which because") == 3 + 1 + 5  # , ; , ( and words
    assert detail("Android and orchards") == 1  # whole words only: not 'and' in Android
    assert detail("只有在训练时，并且或者但因为而") == 1 + 6
    assert detail("分别是、（") == 2


def test_echo_units_are_english_words_or_chinese_bigrams() -> None:
    assert echo_units("The ReLU is a unit, the end", "en") == {"the", "relu", "unit", "end"}
    assert echo_units("激活函数，以零", "zh") == {"激活", "活函", "函数", "以零"}
    assert (
        shared_units("zeroes random units during training", "What does dropout do during training?", "en")
        == 2
    )
    assert shared_units("逻辑斯蒂S型函数", "哪个激活函数以零为中心？", "zh") == 1
