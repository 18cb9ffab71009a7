"""Short answers: harmless differences are forgiven and named; wrong answers stay wrong."""

from __future__ import annotations

import pytest

from dlprep.quiz.matching import match_short

SIGMOID = ["sigmoid", "logistic", "logistic function"]
SIGMOID_PROMPT = "Which activation has the derivative f(x)(1-f(x))? 导数为 f(x)(1-f(x)) 的激活函数叫什么？"


@pytest.mark.parametrize(
    ("typed", "key", "step"),
    [
        ("Sigmoid", "sigmoid", "case, width, spaces and hyphens ignored"),
        ("sigmoid", "sigmoid", None),
        ("the sigmoid", "sigmoid", "articles ignored"),
        ("a logistic function", "logistic function", "articles ignored"),
        ("sigmoid function", "sigmoid", "the generic word 'function' ignored (the question uses it)"),
        ("Sigmoid 函数", "sigmoid", "the generic word '函数' ignored (the question uses it)"),
        ("logistic 函数", "logistic", "the generic word '函数' ignored (the question uses it)"),
    ],
)
def test_accepted_forms_name_their_key_and_step(typed: str, key: str, step: str | None) -> None:
    match = match_short(typed, SIGMOID, context=SIGMOID_PROMPT)
    assert match.accepted and match.key == key
    assert match.steps == ((step,) if step else ())


@pytest.mark.parametrize(
    "typed", ["tanh", "tanh function", "sigmoid loss", "function", "the", "sigmoids", "sig"]
)
def test_wrong_answers_are_rejected_with_the_closest_keys(typed: str) -> None:
    match = match_short(typed, SIGMOID, context=SIGMOID_PROMPT)
    assert not match.accepted and match.key is None
    assert len(match.closest) == 3 and set(match.closest) <= set(SIGMOID)


def test_a_head_word_the_question_never_uses_is_not_dropped() -> None:
    assert not match_short("squash 函数", ["squash"], context="What is the non-linearity called?").accepted
    assert match_short("squash 函数", ["squash", "squash function"]).accepted
    assert match_short("full 卷积", ["full", "full mode"], context="一维卷积的哪种模式输出最长？").accepted
    assert not match_short("malfunction", ["mal"], context="a function").accepted


NHW = [["N", "H", "W"]]


@pytest.mark.parametrize(
    "typed", ["H, W, N", "N、H、W", "W，N，H", "N H and W", "N、H 和 W", "WHN", "(H, W, N)"]
)
def test_a_list_key_takes_its_items_in_any_order_and_separator(typed: str) -> None:
    match = match_short(typed, ["N, H, W"], NHW)
    assert match.accepted and match.key == "[N, H, W]"


@pytest.mark.parametrize("typed", ["N, C, H", "N, H, W, C", "NCHW", "H, W", "N, H, H", "C H W"])
def test_a_list_key_rejects_other_items(typed: str) -> None:
    assert not match_short(typed, ["N, H, W"], NHW).accepted


def test_an_ordered_list_accepts_other_separators_but_not_another_order() -> None:
    key = ["(32, 16, 3, 3)"]
    for typed in ["32、16、3、3", "32 16 3 3", "[32,16,3,3]", "32; 16; 3; 3"]:
        match = match_short(typed, key)
        assert match.accepted and match.steps in (
            ("separators ignored, items in the order of the key",),
            ("case, width, spaces and hyphens ignored",),
        ), typed
    for typed in ["16, 32, 3, 3", "32, 16, 3", "3, 3, 16, 32"]:
        assert not match_short(typed, key).accepted, typed


def test_math_keys_match_plain_typing() -> None:
    match = match_short("min(0,x)", ["$\\min(0,x)$"])
    assert match.accepted and match.steps == ("math written as plain text",)


def test_reasons_read_as_sentences() -> None:
    assert match_short("the sigmoid", SIGMOID).reason == "matches the key 'sigmoid' after: articles ignored"
    assert match_short("sigmoid", SIGMOID).reason == "matches the key 'sigmoid' exactly"
    assert match_short("tanh", ["sigmoid"]).reason == "matches no key; closest: 'sigmoid'"
