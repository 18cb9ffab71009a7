"""Studying for an exam day: with the same number of reviews, choosing cards by their expected gain
on the exam day gives a simulated student a higher recall on that day than the plain schedule."""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dlprep.errors import UsageError
from dlprep.quiz.examdate import ExamTarget, exam_gain, exam_queue, target_from_date
from dlprep.quiz.queue import session_queue
from dlprep.quiz.schedule import make_scheduler, new_progress, review
from dlprep.quiz.store import Progress

sys.path.insert(0, str(Path(__file__).parent))
from quiz_simulation import START, Student, days  # noqa: E402


@dataclass(frozen=True)
class Card:  # the two fields the queues read
    id: str
    topic: str = "t"


QUESTIONS = [Card(f"q{i}") for i in range(120)]
APP = make_scheduler()


def study(student: Student, progress: dict[str, Progress], now: datetime, queue: list[str]) -> None:
    for qid in queue:
        rating = student.answer(qid, now)
        progress[qid] = review(APP, progress.get(qid) or new_progress(qid, now), rating, now, 0)


def exam_day_recall(seed: int, budget: int = 12, before: int = 20, left: int = 10) -> dict[str, float]:
    student, progress = Student(seed), {}
    for day in range(before):
        now = START + days(day)
        study(student, progress, now, session_queue(QUESTIONS, progress, now, 4, budget))  # type: ignore[arg-type]
    exam = START + days(before + left)
    target = ExamTarget(exam.date(), exam, {})
    result: dict[str, float] = {}
    for plan in ("plain", "exam"):
        mind, cards, reviews = copy.deepcopy(student), dict(progress), 0
        for day in range(before, before + left):
            now = START + days(day)
            if plan == "plain":
                queue = session_queue(QUESTIONS, cards, now, budget, budget)  # type: ignore[arg-type]
            else:
                queue = exam_queue(QUESTIONS, cards, now, target, APP, new=budget, limit=budget)  # type: ignore[arg-type]
            study(mind, cards, now, queue)
            reviews += len(queue)
        result[plan] = sum(mind.recall_probability(q.id, exam) for q in QUESTIONS) / len(QUESTIONS)
        result[f"{plan} reviews"] = reviews
    return result


@pytest.mark.parametrize("seed", [0, 1])
def test_exam_date_scheduling_beats_the_plain_schedule_with_the_same_reviews(seed: int) -> None:
    result = exam_day_recall(seed)
    assert result["exam reviews"] == result["plain reviews"] > 0
    assert result["exam"] > result["plain"] + 0.1, result


def test_weights_leave_out_questions_the_exam_cannot_ask_and_favour_heavy_ones() -> None:
    now = START
    exam = START + days(7)
    target = ExamTarget(exam.date(), exam, {"q1": 4.0, "q2": 1.0})
    queue = exam_queue(QUESTIONS, {}, now, target, APP, new=10, limit=10)  # type: ignore[arg-type]
    assert queue == ["q1", "q2"]


def test_a_card_reviewed_today_gains_little_and_a_forgotten_one_much() -> None:
    exam = START + days(10)
    fresh = review(APP, new_progress("a", START), 3, START, 0)
    old = review(APP, new_progress("b", START - days(60)), 3, START - days(60), 0)
    assert exam_gain(APP, old, START, exam) > exam_gain(APP, fresh, START, exam)


def test_exam_dates_are_checked() -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    assert target_from_date("2026-12-20", now).day == date(2026, 12, 20)
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        target_from_date("20/12/2026", now)
    with pytest.raises(UsageError, match="has passed"):
        target_from_date("2026-12-01", now)
