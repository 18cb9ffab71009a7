"""A hint names a mistake only when every case of the function agrees; look-alikes are named
together; dict and tuple answers are judged part by part; warnings say what happened."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.declare import Call, Case, Mistake, Tolerance
from grader.exercise import Hidden
from grader.hints import Outcome, function_hints, stability_hint

TOL = Tolerance(rtol=1e-6, atol=1e-9)
INPUTS = [np.array([1.0, 2.0]), np.array([0.0, 0.0]), np.array([-1.0, 3.0])]


def _hidden(mistakes: list[Mistake]) -> Hidden:
    cases = tuple(
        Case(f"f: case {i}", "f", (Call("f", (x,)),), lambda run: None) for i, x in enumerate(INPUTS)
    )  # type: ignore[arg-type,return-value]
    return Hidden(cases, TOL, tuple(mistakes))


def _mistake(key: str, wrong: Any) -> Mistake:
    return Mistake(key, "f", f"{key} (en)", f"{key} (zh)", wrong)


def _outcomes(answers: list[Any], expected: list[Any]) -> list[Outcome]:
    from grader.compare import difference

    return [Outcome(difference(a, e, TOL) is None, a, True) for a, e in zip(answers, expected, strict=True)]


EXPECTED = [2 * x for x in INPUTS]


def test_the_one_mistake_that_explains_every_case_is_named_once() -> None:
    hidden = _hidden([_mistake("triple", lambda x: 3 * x), _mistake("square", lambda x: x * x)])
    got = [3 * x for x in INPUTS]
    hints = function_hints(hidden, EXPECTED, _outcomes(got, EXPECTED))
    assert list(hints) == [0]  # one hint, on the first failed case
    assert "triple (en)" in hints[0].text and "square" not in hints[0].text
    assert hints[0].mistakes == ("triple",)


def test_a_mistake_contradicted_by_one_case_is_not_named() -> None:
    """The student's answer is x·x on case 0 but something else on case 2: "square" is not named."""
    hidden = _hidden([_mistake("square", lambda x: x * x)])
    got = [INPUTS[0] * INPUTS[0], EXPECTED[1], np.array([7.0, 7.0])]
    assert function_hints(hidden, EXPECTED, _outcomes(got, EXPECTED)) == {}


def test_two_mistakes_with_the_same_numbers_are_named_together() -> None:
    hidden = _hidden(
        [_mistake("old-buffer", lambda x: 3 * x), _mistake("plain-momentum", lambda x: x + x + x)]
    )
    got = [3 * x for x in INPUTS]
    text = function_hints(hidden, EXPECTED, _outcomes(got, EXPECTED))[0].text
    assert "old-buffer (en)" in text and "plain-momentum (en)" in text and "one of them" in text


def test_dict_answers_are_judged_key_by_key() -> None:
    cases = tuple(Case(f"g: {i}", "g", (Call("g", (x,)),), lambda run: None) for i, x in enumerate(INPUTS))  # type: ignore[arg-type,return-value]
    bias = Mistake(
        "bias-not-summed", "g", "not summed over the batch", "zh", lambda x: {"W1": x, "b1": x[:1]}
    )
    hidden = Hidden(cases, TOL, (bias,))
    expected = [{"W1": x, "b1": np.array([x.sum()])} for x in INPUTS]
    got = [{"W1": x, "b1": x[:1]} for x in INPUTS]
    hints = function_hints(hidden, expected, _outcomes(got, expected))
    assert "not summed over the batch" in hints[0].text  # the whole answer is explained
    got = [{"W1": 5 * x, "b1": x[:1]} for x in INPUTS]
    text = function_hints(hidden, expected, _outcomes(got, expected))[0].text
    assert text.startswith("part by part: W1 wrong, b1 wrong: not summed over the batch")


def test_a_pass_where_the_mistake_is_wrong_rules_it_out_and_errors_are_no_evidence() -> None:
    hidden = _hidden([_mistake("triple", lambda x: 3 * x)])
    outcomes = [Outcome(False), Outcome(False, 3 * INPUTS[1], True), Outcome(True, EXPECTED[2], True)]
    assert function_hints(hidden, EXPECTED, outcomes) == {}  # case 2 passed where "triple" is wrong
    outcomes[2] = Outcome(False)
    assert list(function_hints(hidden, EXPECTED, outcomes)) == []  # case 1: 3·0 = 2·0, nothing shown


def test_stability_hint_names_what_numpy_reported() -> None:
    assert "overflow in exp()" in stability_hint("RuntimeWarning", "overflow encountered in exp")
    assert "division by zero" in stability_hint("RuntimeWarning", "divide by zero encountered in log")
    assert "nan" in stability_hint("RuntimeWarning", "invalid value encountered in subtract")
    assert "RuntimeWarning" in stability_hint("RuntimeWarning", "something else")
