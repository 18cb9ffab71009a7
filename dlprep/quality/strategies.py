"""A test-wise student who knows no deep learning: the strategies and what each one scores.

Single choice: pick the choice that ranks first (longest, most detailed, most echo of the
prompt); a tie among k choices that includes the key earns 1/k, the expected score of guessing
among them. Multiple choice: tick the m top-ranked choices and score the share of choices
classified right; ties at the cut are ticked at random, so the expected share is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dlprep.quality.measures import detail, length, shared_units

__all__ = [
    "MULTIPLE_STRATEGIES",
    "SINGLE_STRATEGIES",
    "MultipleItem",
    "SingleItem",
    "multiple_chance",
    "multiple_credit",
    "single_credit",
]

Rank = tuple[int, ...]


@dataclass(frozen=True)
class SingleItem:
    """One single-choice question in one language."""

    prompt: str
    choices: tuple[str, ...]
    key: int


@dataclass(frozen=True)
class MultipleItem:
    """One multiple-choice question in one language."""

    prompt: str
    choices: tuple[str, ...]
    correct: frozenset[int]


def _longest(prompt: str, choice: str, lang: str) -> Rank:
    return (length(choice),)


def _most_detailed(prompt: str, choice: str, lang: str) -> Rank:
    return (detail(choice), length(choice))


def _prompt_echo(prompt: str, choice: str, lang: str) -> Rank:
    return (shared_units(choice, prompt, lang),)


RankFn = Callable[[str, str, str], Rank]
SINGLE_STRATEGIES: dict[str, RankFn] = {
    "longest": _longest,
    "most detailed": _most_detailed,
    "prompt echo": _prompt_echo,
}
MULTIPLE_STRATEGIES: dict[str, RankFn] = {"longest": _longest, "most detailed": _most_detailed}


def single_credit(item: SingleItem, rank: RankFn, lang: str) -> float:
    """1 if the top-ranked choice is the key, 1/k if k choices tie for the top with the key, else 0."""
    ranks = [rank(item.prompt, choice, lang) for choice in item.choices]
    best = max(ranks)
    tied = [i for i, r in enumerate(ranks) if r == best]
    return 1 / len(tied) if item.key in tied else 0.0


def tick_probabilities(ranks: Sequence[Rank], ticks: int) -> list[float]:
    """The chance that each choice is among `ticks` top-ranked ones, ties at the cut broken at random."""
    probabilities = [0.0] * len(ranks)
    left = min(ticks, len(ranks))
    for value in sorted(set(ranks), reverse=True):
        group = [i for i, r in enumerate(ranks) if r == value]
        share = min(1.0, left / len(group)) if left > 0 else 0.0
        for i in group:
            probabilities[i] = share
        left -= len(group)
    return probabilities


def multiple_credit(item: MultipleItem, rank: RankFn, lang: str, ticks: int) -> float:
    """Expected share of choices classified right when the `ticks` top-ranked ones are ticked."""
    ranks = [rank(item.prompt, choice, lang) for choice in item.choices]
    p = tick_probabilities(ranks, ticks)
    right = sum(p[i] if i in item.correct else 1 - p[i] for i in range(len(ranks)))
    return right / len(ranks)


def multiple_chance(n: int, c: int, ticks: int) -> float:
    """Expected share classified right when ticking `ticks` of n choices at random (c correct)."""
    m = min(ticks, n)
    return (m * c / n + (n - c) - m * (n - c) / n) / n
