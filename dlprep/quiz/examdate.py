"""Studying for an exam day: choose and order cards for the best expected score on that day.

FSRS schedules each card for a long-run retention; before an exam the question is another one:
which reviews, today, raise the expected recall *on the exam day* the most, weighted by how many
points each question is worth there. For each card we compare its recall on the exam day without a
review now with the expected recall after one (rated Good with the probability of recalling it
now, Again otherwise), multiply by its weight, and take the cards with the largest gain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from dlprep.errors import UsageError
from dlprep.question import QuestionHeader
from dlprep.quiz.store import Progress

__all__ = [
    "ExamTarget",
    "exam_gain",
    "exam_queue",
    "question_weights",
    "target_from_date",
    "target_from_spec",
]

EXAM_HOUR = 9  # local time: recall is what it is when the exam starts


@dataclass(frozen=True)
class ExamTarget:
    day: dt.date
    moment: dt.datetime
    weights: Mapping[str, float] = field(default_factory=dict)  # question id -> points; empty: all 1


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(EXAM_HOUR)).astimezone().astimezone(dt.UTC)


def target_from_date(
    text: str, now: dt.datetime, weights: Mapping[str, float] | None = None, lang: str = "en"
) -> ExamTarget:
    from dlprep.quiz.messages import message

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(message("exam-date-format", lang, text=text)) from None
    if _moment(day) <= now:
        raise UsageError(message("exam-date-passed", lang, day=day))
    return ExamTarget(day, _moment(day), dict(weights or {}))


def question_weights(path: Path, bank: object) -> tuple[dict[str, float], str]:
    """Expected points of each question on the exam a spec describes, and the spec's date text.

    A question a section lists by id is worth its points; a question a section may draw is worth
    its points times the chance of being drawn (count / questions that match)."""
    from dlprep.bank import Bank
    from dlprep.sheets.spec import load_spec

    assert isinstance(bank, Bank)
    spec = load_spec(path, bank)
    questions = list(bank.questions.values())
    weights: dict[str, float] = {}
    for section in spec.sections:
        group = section.group
        pool = (
            [q for q in questions if q.id in group.ids]
            if group.ids
            else [q for q in questions if group.filter.matches(q)]
        )
        chance = 1.0 if group.ids or group.count is None else min(1.0, group.count / max(len(pool), 1))
        for q in pool:
            if section.points is not None:
                points = section.points
            elif isinstance(spec.points, int | float):
                points = float(spec.points)
            elif isinstance(spec.points, Mapping) and q.type.value in spec.points:
                points = float(spec.points[q.type.value])
            else:
                points = float(q.points)
            weights[q.id] = weights.get(q.id, 0.0) + points * chance
    return weights, spec.date.en or spec.date.zh


def target_from_spec(
    path: Path, bank: object, exam_date: str | None, now: dt.datetime | None = None, lang: str = "en"
) -> ExamTarget:
    from dlprep.quiz.messages import message

    weights, date_text = question_weights(path, bank)
    text = exam_date or date_text
    if not text:
        raise UsageError(message("exam-spec-no-date", lang, path=path))
    try:
        return target_from_date(text, now or dt.datetime.now(dt.UTC), weights, lang)
    except UsageError:
        if exam_date:
            raise
        raise UsageError(message("exam-spec-bad-date", lang, path=path, text=text)) from None


def _card(progress: Progress) -> Card:
    from dlprep.quiz.schedule import to_card

    return to_card(progress)


def exam_gain(scheduler: Scheduler, progress: Progress | None, now: dt.datetime, exam: dt.datetime) -> float:
    """Expected recall on the exam day after a review now, minus the recall without it."""
    if progress is None or progress.last_review is None:
        card = Card(due=now)
        after, _ = scheduler.review_card(card, Rating.Good, now)
        return float(scheduler.get_card_retrievability(after, exam))
    card = _card(progress)
    without = float(scheduler.get_card_retrievability(card, exam))
    recall_now = float(scheduler.get_card_retrievability(card, now))
    good, _ = scheduler.review_card(card, Rating.Good, now)
    again, _ = scheduler.review_card(card, Rating.Again, now)
    expected = recall_now * float(scheduler.get_card_retrievability(good, exam)) + (1 - recall_now) * float(
        scheduler.get_card_retrievability(again, exam)
    )
    return expected - without


def exam_queue(
    questions: Sequence[QuestionHeader],
    progress: Mapping[str, Progress],
    now: dt.datetime,
    target: ExamTarget,
    scheduler: Scheduler,
    *,
    new: int,
    limit: int,
) -> list[str]:
    """The `limit` cards whose review now adds the most expected points on the exam day (at most
    `new` unseen ones), largest gain first. Questions the exam cannot ask (weight 0) are left out."""
    scored: list[tuple[float, bool, str]] = []
    for q in questions:
        weight = target.weights.get(q.id, 0.0) if target.weights else 1.0
        if weight <= 0:
            continue
        p = progress.get(q.id)
        gain = weight * exam_gain(scheduler, p, now, target.moment)
        scored.append((gain, p is None, q.id))
    scored.sort(key=lambda item: -item[0])
    queue: list[str] = []
    fresh = 0
    for gain, is_new, qid in scored:
        if len(queue) >= limit:
            break
        if gain <= 0:
            continue
        if is_new:
            if fresh >= new:
                continue
            fresh += 1
        queue.append(qid)
    return queue
