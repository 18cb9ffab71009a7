"""The figures of a small hand-made bank, every value worked out by hand from its texts.

tests/data/quality_bank.yaml has three single-choice questions (qdemo-s1..s3) and three
multiple-choice questions (qdemo-m1..m3). The comments give the sums.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep.bank import load_bank
from dlprep.quality.figures import TypeFigures, bank_figures

DATA = Path(__file__).parent / "data" / "quality_bank.yaml"


@pytest.fixture(scope="module")
def figures() -> dict[tuple[str, str], TypeFigures]:
    bank = load_bank([DATA]).require_clean()
    return {(f.type, f.lang): f for f in bank_figures(bank.questions.values())}


def test_single_choice_english(figures: dict[tuple[str, str], TypeFigures]) -> None:
    f = figures["single", "en"]
    assert f.questions == 3
    # longest: 'the sigmoid' (11) beats the key 'tanh (odd)' (10); the key of s2 is longest (35);
    # 'SGD, plain' (10) beats 'Adam' (4)
    assert f.strategies["longest"] == pytest.approx(1 / 3)
    # most detailed: the key 'tanh (odd)' has the only '('; s2 no separators, longest wins; s3 the comma
    assert f.strategies["most detailed"] == pytest.approx(2 / 3)
    # prompt echo: s1 and s3 share no word with any choice (1/3 each); s2's key repeats 'during training'
    assert f.strategies["prompt echo"] == pytest.approx((1 / 3 + 1 + 1 / 3) / 3)
    assert f.chance == pytest.approx(1 / 3)
    assert f.testwise == pytest.approx(2 / 3) and f.gap == pytest.approx(1 / 3)
    assert f.correct_counts == {1: 3}
    # correct lengths 10, 35, 4; distractors 11, 4, 21, 24, 10, 7
    assert f.length_ratio == pytest.approx((49 / 3) / (77 / 6))
    assert any("33.3 points above chance" in w for w in f.warnings)


def test_single_choice_chinese(figures: dict[tuple[str, str], TypeFigures]) -> None:
    f = figures["single", "zh"]
    assert f.strategies["longest"] == pytest.approx(1 / 3)  # '逻辑斯蒂S型函数' (8) > key (7)
    assert f.strategies["most detailed"] == pytest.approx(2 / 3)
    # echo: s1's distractor shares the bigram 函数 with the prompt; s2's key shares 训练, 练时; s3 none
    assert f.strategies["prompt echo"] == pytest.approx((0 + 1 + 1 / 3) / 3)
    # correct 7, 11, 4; distractors 8, 4, 7, 7, 8, 7
    assert f.length_ratio == pytest.approx((22 / 3) / (41 / 6))


def test_multiple_choice_english(figures: dict[tuple[str, str], TypeFigures]) -> None:
    f = figures["multiple", "en"]
    assert f.ticks == 2 and f.correct_counts == {2: 2, 1: 1}
    # m1: ticks 'weight decay', 'more layers' -> 2/4; m2: 'bigger lr, and more' and one of the two
    # norms (a tie) -> 2/4; m3: 'sigmoid' and one of ReLU/tanh -> 1/3
    assert f.strategies["longest"] == pytest.approx((1 / 2 + 1 / 2 + 1 / 3) / 3)
    # m2 by detail: 'bigger lr, and more' (2) and 'no, norm' (1), both wrong -> 0
    assert f.strategies["most detailed"] == pytest.approx((1 / 2 + 0 + 1 / 3) / 3)
    # chance (m = 2): 1/2, 1/2 and (2/3 + 2 - 4/3)/3 = 4/9
    assert f.chance == pytest.approx((1 / 2 + 1 / 2 + 4 / 9) / 3)
    assert f.gap == pytest.approx(4 / 9 - 13 / 27)
    assert f.length_ratio == pytest.approx((43 / 5) / (59 / 6))
    assert f.largest_count_share == pytest.approx(2 / 3)
    assert any("67% of the questions have 2 correct choices" in w for w in f.warnings)
    assert not any("above chance" in w for w in f.warnings)


def test_multiple_choice_chinese(figures: dict[tuple[str, str], TypeFigures]) -> None:
    f = figures["multiple", "zh"]
    # m1: '不用，从不' (5) then a tie of 4-character choices -> 1/4; m2: '更大学习率' then a
    # three-way tie for one tick -> 1/3; m3 as in English -> 1/3
    assert f.strategies["longest"] == pytest.approx((1 / 4 + 1 / 3 + 1 / 3) / 3)
    assert f.strategies["most detailed"] == pytest.approx((1 / 4 + 1 / 3 + 1 / 3) / 3)
    assert f.length_ratio == pytest.approx((19 / 5) / (29 / 6))


def test_as_dict_is_what_json_prints(figures: dict[tuple[str, str], TypeFigures]) -> None:
    record = figures["multiple", "en"].as_dict()
    assert record["correct_counts"] == {"1": 1, "2": 2}
    assert record["testwise"] == pytest.approx(4 / 9) and record["ticks"] == 2
    assert set(record) >= {"type", "lang", "strategies", "chance", "gap", "length_ratio"}


def test_a_type_without_questions_has_no_figures(write_bank: Callable[..., Path]) -> None:
    text = VALID_BANK.replace("type: single", "type: multiple")
    bank = load_bank([write_bank(text)])
    assert [(f.type, f.lang) for f in bank_figures(bank.questions.values())] == [
        ("multiple", "zh"),
        ("multiple", "en"),
    ]
    assert bank_figures([]) == []
