"""Study statistics from the progress database: pure functions of rows, the bank and the time.

Definitions follow Anki's where it has one: *true retention* counts only reviews of cards that
were already in review (learning steps excluded) and calls a review passed unless rated Again;
a card is *mature* at an interval of 21 days or more. *Mastery* of a topic is FSRS's mean
probability of recall over all its questions right now, unseen ones counting as 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from dlprep.question import Bilingual, QuestionHeader, Topic
from dlprep.quiz.schedule import LEECH_LAPSES, State, is_mature, make_scheduler, retrievability
from dlprep.quiz.store import Progress, ReviewRow

__all__ = ["Stats", "TopicCounts", "compute_stats", "topic_counts"]


@dataclass(frozen=True)
class TopicCounts:
    """One line of `quiz list`."""

    topic: str
    title: Bilingual
    questions: int
    new: int
    learning: int
    due: int
    mature: int


def topic_counts(
    questions: Sequence[QuestionHeader],
    topics: Mapping[str, Topic],
    progress: Mapping[str, Progress],
    now: datetime,
) -> list[TopicCounts]:
    out: dict[str, Counter[str]] = {}
    for q in questions:
        counts = out.setdefault(q.topic, Counter())
        counts["questions"] += 1
        p = progress.get(q.id)
        if p is None:
            counts["new"] += 1
            continue
        counts["learning"] += p.state != State.Review.value
        counts["due"] += p.due <= now
        counts["mature"] += is_mature(p)
    return [
        TopicCounts(
            t,
            topics[t].title if t in topics else Bilingual(t, t),
            c["questions"],
            c["new"],
            c["learning"],
            c["due"],
            c["mature"],
        )
        for t, c in out.items()
    ]


@dataclass(frozen=True)
class Stats:
    today: date
    reviews_total: int
    reviews_per_day: list[tuple[date, int]]  # the last 30 days, oldest first
    retention_30_days: float | None
    retention_all_time: float | None
    retention_reviews: int  # how many reviews the all-time figure rests on
    forecast: list[tuple[date, int]]  # cards due each of the next 30 days (today includes overdue)
    due_next_7_days: int
    due_next_30_days: int
    topics: list[dict[str, Any]]
    streak_days: int
    leeches: list[dict[str, Any]]
    orphaned: int

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        data["reviews_per_day"] = [{"date": d.isoformat(), "reviews": n} for d, n in self.reviews_per_day]
        data["forecast"] = [{"date": d.isoformat(), "due": n} for d, n in self.forecast]
        return data


def _graduated(rows: Sequence[ReviewRow]) -> list[ReviewRow]:
    """The reviews true retention counts: of cards that were already in review."""
    return [r for r in rows if r.before is not None and r.before.state == State.Review.value]


def _retention(rows: Sequence[ReviewRow]) -> float | None:
    counted = _graduated(rows)
    if not counted:
        return None
    return sum(r.rating > 1 for r in counted) / len(counted)


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def compute_stats(
    questions: Sequence[QuestionHeader],
    topics: Mapping[str, Topic],
    progress: Mapping[str, Progress],
    reviews: Sequence[ReviewRow],
    now: datetime,
    tz: tzinfo | None = None,
    desired_retention: float = 0.9,
) -> Stats:
    """Everything `quiz stats` shows; days are calendar days in `tz` (default: the local zone)."""
    local = now.astimezone(tz)
    today = local.date()
    scheduled = [r for r in reviews if r.kind == "scheduled"]
    per_day = Counter(r.reviewed_at.astimezone(tz).date() for r in scheduled)
    days30 = [today - timedelta(days=i) for i in range(29, -1, -1)]
    recent = [r for r in scheduled if r.reviewed_at.astimezone(tz).date() > today - timedelta(days=30)]

    known = {q.id for q in questions}
    cards = [p for qid, p in progress.items() if qid in known]
    due_on = Counter(max(p.due.astimezone(tz).date(), today) for p in cards)
    forecast = [(today + timedelta(days=i), due_on.get(today + timedelta(days=i), 0)) for i in range(30)]

    scheduler = make_scheduler(desired_retention)
    by_topic: dict[str, list[QuestionHeader]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    topic_rows = []
    for topic, members in by_topic.items():
        seen = [progress[q.id] for q in members if q.id in progress]
        recall = sum(retrievability(scheduler, p, now) for p in seen)
        topic_rows.append(
            {
                "topic": topic,
                "title": topics[topic].title.en if topic in topics else topic,
                "questions": len(members),
                "seen": len(seen),
                "mature": sum(is_mature(p) for p in seen),
                "mastery": recall / len(members),
            }
        )
    topic_of = {q.id: q.topic for q in questions}
    leeches: list[dict[str, Any]] = [
        {"id": p.qid, "lapses": p.lapses, "topic": topic_of[p.qid]}
        for p in sorted(cards, key=lambda p: -p.lapses)
        if p.leech or p.lapses >= LEECH_LAPSES
    ]
    return Stats(
        today=today,
        reviews_total=len(scheduled),
        reviews_per_day=[(d, per_day.get(d, 0)) for d in days30],
        retention_30_days=_retention(recent),
        retention_all_time=_retention(scheduled),
        retention_reviews=len(_graduated(scheduled)),
        forecast=forecast,
        due_next_7_days=sum(n for _, n in forecast[:7]),
        due_next_30_days=sum(n for _, n in forecast),
        topics=topic_rows,
        streak_days=_streak({r.reviewed_at.astimezone(tz).date() for r in reviews}, today),
        leeches=leeches,
        orphaned=sum(1 for qid in progress if qid not in known),
    )
