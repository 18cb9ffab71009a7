"""The spec's scoring rules, worked by hand."""

from __future__ import annotations

import pytest

from dlprep.scan.marks import Mark, classify
from dlprep.scan.scoring import ScoringError, score_answer

AON = {"multiple": "all-or-nothing", "negative": 0.0}
PER = {"multiple": "per-choice", "negative": 0.0}
NEG = {"multiple": "per-choice", "negative": 0.5}


def q(qtype: str, key: object, points: float = 4.0, choices: int = 5) -> dict[str, object]:
    return {"number": 1, "type": qtype, "key": key, "points": points, "choice_order": list(range(choices))}


def test_single_and_truefalse_with_and_without_negative_marking() -> None:
    assert score_answer(q("single", "B"), "B", AON) == 4
    assert score_answer(q("single", "B"), "C", AON) == 0
    assert score_answer(q("single", "B"), "C", NEG) == -2
    assert score_answer(q("single", "B"), "", NEG) == 0  # a blank never costs
    assert score_answer(q("truefalse", True), "true", NEG) == 4
    assert score_answer(q("truefalse", True), "false", NEG) == -2
    with pytest.raises(ScoringError):
        score_answer(q("truefalse", True), "maybe", AON)


def test_multiple_all_or_nothing_and_per_choice_with_floor() -> None:
    multi = q("multiple", "AC", points=4.0, choices=5)  # 2 right, 3 wrong
    assert score_answer(multi, "AC", AON) == 4
    assert score_answer(multi, "A", AON) == 0
    assert score_answer(multi, "A", PER) == 2  # half the right ones
    assert score_answer(multi, "ACD", PER) == pytest.approx(4 - 4 / 3)
    assert score_answer(multi, "BDE", PER) == 0  # floored at 0
    assert score_answer(multi, "BDE", NEG) == -2  # floored at -negative x points
    assert score_answer(multi, "BD", NEG) == pytest.approx(-2)  # -8/3 floored at -2


def test_numeric_within_tolerance_and_marker_scores() -> None:
    numeric = q("numeric", {"value": 12.5, "tolerance": 0.05})
    assert score_answer(numeric, "12.55", AON) == 4
    assert score_answer(numeric, "12.56", AON) == 0
    assert score_answer(numeric, "-12.5", AON) == 0
    assert score_answer(q("open", None, points=6), "5", AON) == 5
    with pytest.raises(ScoringError, match="outside"):
        score_answer(q("open", None, points=6), "7", AON)


@pytest.mark.parametrize(
    ("dark", "light", "mark"),
    [
        (0.0, 0.01, Mark.EMPTY),
        (0.3, 0.4, Mark.FILLED),
        (0.97, 1.0, Mark.AMBIGUOUS),
        (0.0, 0.35, Mark.AMBIGUOUS),
        (0.04, 0.05, Mark.AMBIGUOUS),
    ],
)
def test_box_classification(dark: float, light: float, mark: Mark) -> None:
    assert classify(dark, light).mark is mark
