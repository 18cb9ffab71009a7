"""A bank's item-quality figures per question type and language: how far test-taking skill gets.

The test-wise score is the best strategy's score; its gap above chance is what the bank gives
away to a student who knows nothing. Parametric questions are taken as drawn for seed 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dlprep.instance import instantiate
from dlprep.quality.measures import length
from dlprep.quality.strategies import (
    MULTIPLE_STRATEGIES,
    SINGLE_STRATEGIES,
    MultipleItem,
    SingleItem,
    multiple_chance,
    multiple_credit,
    single_credit,
)
from dlprep.question import LANGS, Question, QuestionType

__all__ = ["GOAL_GAP", "MAX_COUNT_SHARE", "TypeFigures", "bank_figures", "usual_ticks"]

GOAL_GAP = 0.10  # test-wise score at most 10 points above chance
MAX_COUNT_SHARE = 0.45  # no number of correct choices in more than ~45% of multiple-choice questions


@dataclass(frozen=True)
class TypeFigures:
    """The figures of one question type in one language (scores are shares, 0 to 1)."""

    type: str
    lang: str
    questions: int
    strategies: dict[str, float]
    chance: float
    correct_counts: dict[int, int]
    length_ratio: float | None  # mean correct-choice length / mean distractor length
    ticks: int | None = None  # m, the usual number of correct choices (multiple choice only)
    warnings: tuple[str, ...] = field(default=())

    @property
    def testwise(self) -> float:
        return max(self.strategies.values())

    @property
    def gap(self) -> float:
        return self.testwise - self.chance

    @property
    def largest_count_share(self) -> float:
        total = sum(self.correct_counts.values())
        return max(self.correct_counts.values()) / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "lang": self.lang,
            "questions": self.questions,
            "strategies": self.strategies,
            "testwise": self.testwise,
            "chance": self.chance,
            "gap": self.gap,
            "ticks": self.ticks,
            "correct_counts": {str(k): v for k, v in sorted(self.correct_counts.items())},
            "largest_count_share": self.largest_count_share,
            "length_ratio": self.length_ratio,
            "warnings": list(self.warnings),
        }


def usual_ticks(counts: Counter[int]) -> int:
    """m: the most common number of correct choices (the smaller one on a tie)."""
    return min(counts, key=lambda c: (-counts[c], c))


def _length_ratio(pairs: Iterable[tuple[str, bool]]) -> float | None:
    correct: list[int] = []
    wrong: list[int] = []
    for text, is_correct in pairs:
        (correct if is_correct else wrong).append(length(text))
    if not correct or not wrong or sum(wrong) == 0:
        return None
    return (sum(correct) / len(correct)) / (sum(wrong) / len(wrong))


def _goal_warnings(figures: TypeFigures) -> tuple[str, ...]:
    found = []
    if figures.gap > GOAL_GAP:
        found.append(
            f"test-wise score {figures.testwise:.0%} is {figures.gap * 100:.1f} points above chance"
            f" ({figures.chance:.0%}); the goal is at most {GOAL_GAP * 100:.0f}"
        )
    if figures.type == QuestionType.MULTIPLE and figures.largest_count_share > MAX_COUNT_SHARE:
        common = usual_ticks(Counter(figures.correct_counts))
        found.append(
            f"{figures.largest_count_share:.0%} of the questions have {common} correct choices;"
            f" vary the number (at most ~{MAX_COUNT_SHARE:.0%} for any one count)"
        )
    return tuple(found)


def _single(questions: list[Question], lang: str) -> TypeFigures:
    items = []
    pairs: list[tuple[str, bool]] = []
    for question in questions:
        instance = instantiate(question, 0)
        texts = tuple(choice.text.get(lang) for choice in instance.choices)
        items.append(SingleItem(instance.prompt.get(lang), texts, instance.correct_choices[0]))
        pairs.extend((c.text.get(lang), c.correct) for c in instance.choices)
    scores = {
        name: sum(single_credit(item, rank, lang) for item in items) / len(items)
        for name, rank in SINGLE_STRATEGIES.items()
    }
    chance = sum(1 / len(item.choices) for item in items) / len(items)
    counts = Counter(1 for _ in items)
    figures = TypeFigures("single", lang, len(items), scores, chance, dict(counts), _length_ratio(pairs))
    return _with_warnings(figures)


def _multiple(questions: list[Question], lang: str) -> TypeFigures:
    items = []
    pairs: list[tuple[str, bool]] = []
    for question in questions:
        instance = instantiate(question, 0)
        texts = tuple(choice.text.get(lang) for choice in instance.choices)
        items.append(MultipleItem(instance.prompt.get(lang), texts, frozenset(instance.correct_choices)))
        pairs.extend((c.text.get(lang), c.correct) for c in instance.choices)
    counts = Counter(len(item.correct) for item in items)
    m = usual_ticks(counts)
    scores = {
        name: sum(multiple_credit(item, rank, lang, m) for item in items) / len(items)
        for name, rank in MULTIPLE_STRATEGIES.items()
    }
    chance = sum(multiple_chance(len(i.choices), len(i.correct), m) for i in items) / len(items)
    figures = TypeFigures(
        "multiple", lang, len(items), scores, chance, dict(counts), _length_ratio(pairs), ticks=m
    )
    return _with_warnings(figures)


def _with_warnings(figures: TypeFigures) -> TypeFigures:
    return replace(figures, warnings=_goal_warnings(figures))


def bank_figures(questions: Iterable[Question]) -> list[TypeFigures]:
    """Figures for single and multiple choice, in zh and en; a type without questions is left out."""
    by_type: dict[QuestionType, list[Question]] = {QuestionType.SINGLE: [], QuestionType.MULTIPLE: []}
    for question in questions:
        if question.type in by_type:
            by_type[question.type].append(question)
    figures = []
    for qtype, members in by_type.items():
        if not members:
            continue
        for lang in LANGS:
            figures.append(
                _single(members, lang) if qtype is QuestionType.SINGLE else _multiple(members, lang)
            )
    return figures
