"""A simulated student for the scheduling tests: a memory that follows FSRS with *known* parameters
(different from the defaults), reviewed on the schedule the app chooses.

The app only sees ratings; the student's true stability evolves by `TRUE_PARAMETERS`. Recall at a
review is drawn with the true probability, so fitted parameters can be checked against held-out
reviews, and schedules against the true recall on an exam day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def true_parameters() -> tuple[float, ...]:
    """A student who forgets new material faster and gains less from each review than FSRS's
    average user (initial stabilities ×0.3, the stability increase ×0.7)."""
    w = list(DEFAULT_PARAMETERS)
    for i in range(4):
        w[i] *= 0.3
    w[8] *= 0.7
    return tuple(w)


@dataclass
class Memory:
    """The student's true state of one card."""

    card: Card


class Student:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.truth = Scheduler(parameters=true_parameters(), enable_fuzzing=False)
        self.memory: dict[str, Card] = {}

    def recall_probability(self, qid: str, at: datetime) -> float:
        card = self.memory.get(qid)
        if card is None or card.last_review is None:
            return 0.0
        return float(self.truth.get_card_retrievability(card, at))

    def answer(self, qid: str, at: datetime) -> Rating:
        """Recall with the true probability; a recalled card is Good (Easy now and then)."""
        first = qid not in self.memory
        recalled = (not first) and self.rng.random() < self.recall_probability(qid, at)
        if first:
            rating = Rating.Good if self.rng.random() < 0.6 else Rating.Again
        elif recalled:
            rating = Rating.Easy if self.rng.random() < 0.1 else Rating.Good
        else:
            rating = Rating.Again
        card = self.memory.get(qid) or Card(due=at)
        self.memory[qid], _ = self.truth.review_card(card, rating, at)
        return rating


def days(n: float) -> timedelta:
    return timedelta(days=n)
