"""FSRS scheduling through the `fsrs` package (py-fsrs), plus the counters FSRS leaves to us.

We keep FSRS's card fields in our own table (see store.py) and convert at the edges, so the
database does not depend on the package's JSON layout. A *lapse* is a card in review that is
forgotten (rated Again); after LEECH_LAPSES lapses a card is a leech, as in Anki.
"""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from dlprep.quiz.store import Progress

__all__ = [
    "LEECH_LAPSES",
    "MATURE_DAYS",
    "Rating",
    "State",
    "is_mature",
    "make_scheduler",
    "new_progress",
    "retrievability",
    "review",
    "to_card",
]

LEECH_LAPSES = 8
MATURE_DAYS = 21  # Anki's threshold: a card whose interval is three weeks or more is mature


def make_scheduler(desired_retention: float = 0.9, parameters: list[float] | None = None) -> Scheduler:
    """FSRS with the default parameters, or those `quiz optimize` fitted to this student."""
    if parameters:
        return Scheduler(parameters=tuple(parameters), desired_retention=desired_retention)
    return Scheduler(desired_retention=desired_retention)


def new_progress(qid: str, now: datetime) -> Progress:
    """A card never reviewed: FSRS's starting state, due now."""
    return Progress(qid, State.Learning.value, 0, None, None, now, None)


def to_card(progress: Progress) -> Card:
    return Card(
        state=State(progress.state),
        step=progress.step,
        stability=progress.stability,
        difficulty=progress.difficulty,
        due=progress.due,
        last_review=progress.last_review,
    )


def review(
    scheduler: Scheduler, progress: Progress, rating: Rating, now: datetime, duration_ms: int
) -> Progress:
    """The card's state after being rated `rating` at `now`."""
    card, _ = scheduler.review_card(to_card(progress), rating, now, duration_ms)
    lapsed = progress.state == State.Review.value and rating == Rating.Again
    lapses = progress.lapses + lapsed
    return Progress(
        progress.qid,
        card.state.value,
        card.step,
        card.stability,
        card.difficulty,
        card.due,
        card.last_review,
        progress.reps + 1,
        lapses,
        progress.leech or lapses >= LEECH_LAPSES,
    )


def retrievability(scheduler: Scheduler, progress: Progress, now: datetime) -> float:
    """The probability of recalling the card now, by FSRS's forgetting curve (0 for a new card)."""
    if progress.last_review is None:
        return 0.0
    return float(scheduler.get_card_retrievability(to_card(progress), now))


def is_mature(progress: Progress) -> bool:
    """In review with an interval of MATURE_DAYS or more."""
    if progress.state != State.Review.value or progress.last_review is None:
        return False
    return (progress.due - progress.last_review).days >= MATURE_DAYS
