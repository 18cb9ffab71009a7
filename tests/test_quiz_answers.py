"""Typed answers are read by question type: lenient on form, strict on what is not an answer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlprep.bank import load_bank
from dlprep.instance import Instance, instantiate
from dlprep.quiz.answers import (
    InvalidAnswer,
    check,
    normalise_text,
    parse_letters,
    parse_number,
    parse_truefalse,
)

BANK = load_bank([Path(__file__).parent / "data" / "quiz_bank.yaml"]).require_clean()


def card(qid: str, seed: int = 0) -> Instance:
    return instantiate(BANK.questions[qid], seed)


@pytest.mark.parametrize(
    ("text", "value"),
    [("32", 32.0), ("32.0", 32.0), ("3.2e1", 32.0), ("1/4", 0.25), ("25%", 0.25), ("-0.5", -0.5),
     ("−2", -2.0), (" .5 ", 0.5), ("３２", 32.0), ("1.5/3", 0.5), ("2E-3", 0.002), ("12.5 %", 0.125)],
)  # fmt: skip
def test_numbers_in_every_usual_form(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "1/0", "3,2", "1e999", "", "1//2", "e5", "%"])
def test_text_is_not_a_number(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_number(text)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_any_printed_float_reads_back(value: float) -> None:
    assert parse_number(repr(value)) == value


def test_letters_any_order_case_and_separator() -> None:
    assert parse_letters("ca", 4, multiple=True) == (0, 2)
    assert parse_letters("A, C", 4, multiple=True) == (0, 2)
    assert parse_letters(" c a ", 4, multiple=True) == (0, 2)
    assert parse_letters("b", 3, multiple=False) == (1,)


@pytest.mark.parametrize(
    ("text", "multiple"), [("e", False), ("ab", False), ("z", True), ("1", True), ("", True)]
)
def test_letters_that_are_not_choices_are_invalid(text: str, multiple: bool) -> None:
    with pytest.raises(InvalidAnswer):
        parse_letters(text, 4, multiple)


def test_true_false_words() -> None:
    assert all(parse_truefalse(t) for t in ("t", "T", "true", "对", "y", "正确"))
    assert not any(parse_truefalse(t) for t in ("f", "False", "错", "n", "错误"))
    with pytest.raises(InvalidAnswer):
        parse_truefalse("maybe")


def test_short_answers_ignore_case_width_hyphens_and_punctuation() -> None:
    assert normalise_text("  Leaky-ReLU. ") == normalise_text("leaky relu")
    assert check(card("drill-short"), "Sigmoid").correct
    assert check(card("drill-short"), "logistic-sigmoid。").correct
    assert check(card("drill-short"), "logisticsigmoid").correct
    assert not check(card("drill-short"), "tanh").correct


def test_math_in_accepted_answers_matches_plain_typing() -> None:
    question = load_bank().questions["activations-prelu-gradient-short"]
    instance = instantiate(question)
    assert check(instance, "min(0,x)").correct and check(instance, "x").correct


def test_choice_questions_are_judged_on_the_shuffled_letters() -> None:
    for seed in range(5):
        shown = card("drill-multiple").with_shuffled_choices(random.Random(seed))
        right = "".join("ABCD"[i] for i in shown.correct_choices)
        assert check(shown, right.lower()).correct
        assert check(shown, right[::-1]).correct
        assert not check(shown, right[0]).correct
        wrong = next(letter for letter in "ABCD" if letter not in right)
        assert not check(shown, right + wrong).correct


def test_numeric_uses_the_drawn_answer_and_tolerance() -> None:
    instance = card("drill-numeric")
    assert instance.answer == 32
    assert check(instance, "3.2e1").correct and check(instance, "32").correct
    assert not check(instance, "31").correct


def test_single_choice_wants_one_letter() -> None:
    with pytest.raises(InvalidAnswer, match="one letter"):
        check(card("drill-single"), "ab")
    with pytest.raises(InvalidAnswer, match="A to C"):
        check(card("drill-single"), "d")


def test_open_questions_are_not_auto_checked() -> None:
    with pytest.raises(InvalidAnswer):
        check(card("drill-open"), "anything")
