"""The test-wise strategies: ties earn their expected share, and chance is what random ticks get."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from dlprep.quality.strategies import (
    MULTIPLE_STRATEGIES,
    SINGLE_STRATEGIES,
    MultipleItem,
    SingleItem,
    multiple_chance,
    multiple_credit,
    single_credit,
    tick_probabilities,
)

LONGEST = SINGLE_STRATEGIES["longest"]
DETAILED = SINGLE_STRATEGIES["most detailed"]
ECHO = SINGLE_STRATEGIES["prompt echo"]


def test_single_credit_is_one_zero_or_a_tie_share() -> None:
    item = SingleItem("Which?", ("long key here", "short", "tiny"), key=0)
    assert single_credit(item, LONGEST, "en") == 1
    assert single_credit(SingleItem("Which?", item.choices, key=1), LONGEST, "en") == 0
    tied = SingleItem("Which?", ("abcd", "efgh", "ij"), key=1)
    assert single_credit(tied, LONGEST, "en") == pytest.approx(1 / 2)
    assert single_credit(SingleItem("Which?", ("abcd", "efgh", "ij"), key=2), LONGEST, "en") == 0


def test_most_detailed_breaks_ties_by_length_and_echo_counts_prompt_words() -> None:
    item = SingleItem("Why does dropout help?", ("a, b", "c, dd", "eeeeeeee"), key=1)
    assert single_credit(item, DETAILED, "en") == 1  # one comma each; the longer one wins
    echo = SingleItem("Why does dropout help?", ("dropout helps", "noise", "weights"), key=0)
    assert single_credit(echo, ECHO, "en") == 1
    none = SingleItem("Why?", ("x", "y", "z", "w"), key=3)
    assert single_credit(none, ECHO, "en") == pytest.approx(1 / 4)


def test_tick_probabilities_split_the_cut_among_ties() -> None:
    assert tick_probabilities([(3,), (2,), (2,), (1,)], 2) == [1.0, 0.5, 0.5, 0.0]
    assert tick_probabilities([(1,), (1,), (1,)], 1) == pytest.approx([1 / 3] * 3)
    assert tick_probabilities([(1,), (2,)], 5) == [1.0, 1.0]


def test_multiple_credit_counts_choices_classified_right() -> None:
    longest = MULTIPLE_STRATEGIES["longest"]
    item = MultipleItem("Which?", ("weight decay", "dropout", "more layers", "none, ever"), frozenset({0, 1}))
    assert multiple_credit(item, longest, "en", 2) == 0.5  # ticks 'weight decay' and 'more layers'
    assert multiple_credit(item, MULTIPLE_STRATEGIES["most detailed"], "en", 2) == 0.5
    perfect = MultipleItem("Which?", ("batch norm", "layer norm", "lr", "no"), frozenset({0, 1}))
    assert multiple_credit(perfect, longest, "en", 2) == 1


@pytest.mark.parametrize(("n", "c", "m"), [(4, 2, 2), (3, 1, 2), (5, 3, 3), (4, 1, 3), (3, 2, 5)])
def test_chance_formula_matches_enumerating_every_random_tick(n: int, c: int, m: int) -> None:
    ticks = min(m, n)
    correct = set(range(c))
    shares = [
        Fraction(sum((i in chosen) == (i in correct) for i in range(n)), n)
        for chosen in map(set, itertools.combinations(range(n), ticks))
    ]
    assert multiple_chance(n, c, m) == pytest.approx(float(sum(shares) / len(shares)))
