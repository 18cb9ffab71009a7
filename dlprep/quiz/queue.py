"""Which cards a session shows, in which order: pure functions of the bank, the progress and the time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from dlprep.errors import UsageError
from dlprep.question import Question
from dlprep.quiz.store import Progress

__all__ = ["LEARN_AHEAD", "cram_queue", "select", "session_queue"]

LEARN_AHEAD = timedelta(minutes=20)  # Anki's default: a card in learning due this soon is not made to wait
REVIEW = 2  # fsrs.State.Review, without importing the scheduler here


def select(
    questions: Iterable[Question], topics: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Question]:
    """The questions in the named topics having any of the tags (no filter: all), in bank order."""
    questions = list(questions)
    known_topics = list(dict.fromkeys(q.topic for q in questions))
    unknown = [t for t in topics if t not in known_topics]
    if unknown:
        raise UsageError(f"unknown topic {unknown[0]!r}; topics in the bank: {', '.join(known_topics)}")
    chosen = [q for q in questions if not topics or q.topic in topics]
    if tags:
        wanted = set(tags)
        chosen = [q for q in chosen if wanted & set(q.tags)]
        if not chosen:
            raise UsageError(
                f"no question{' in these topics' if topics else ''} has the tag(s) {', '.join(tags)}"
            )
    return chosen


def _interleaved(questions: Sequence[Question]) -> list[Question]:
    """New cards one topic at a time in turn (interleaving beats blocking for retention)."""
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    out: list[Question] = []
    columns = list(by_topic.values())
    for i in range(max((len(c) for c in columns), default=0)):
        out.extend(c[i] for c in columns if i < len(c))
    return out


def session_queue(
    questions: Sequence[Question],
    progress: Mapping[str, Progress],
    now: datetime,
    new: int,
    limit: int | None = None,
) -> list[str]:
    """Due cards (most overdue first), then up to `new` unseen cards, then cards in learning due
    within LEARN_AHEAD (as Anki does, rather than end a session minutes before they are due); at
    most `limit` in all."""
    seen = [progress[q.id] for q in questions if q.id in progress]
    due = sorted((p for p in seen if p.due <= now), key=lambda p: p.due)
    ahead = sorted(
        (p for p in seen if now < p.due <= now + LEARN_AHEAD and p.state != REVIEW), key=lambda p: p.due
    )
    fresh = _interleaved([q for q in questions if q.id not in progress])[: max(new, 0)]
    queue = [p.qid for p in due] + [q.id for q in fresh] + [p.qid for p in ahead]
    return queue if limit is None else queue[:limit]


def cram_queue(
    questions: Sequence[Question],
    progress: Mapping[str, Progress],
    last_rating: Mapping[str, int],
    limit: int,
) -> list[str]:
    """Seen cards, failed ones first (last answer Again, then most lapses), then the hardest by
    FSRS difficulty and lowest stability: the night-before-the-exam list."""
    seen = [progress[q.id] for q in questions if q.id in progress]

    def hardness(p: Progress) -> tuple[bool, int, float, float]:
        return (
            last_rating.get(p.qid) != 1,
            -p.lapses,
            -(p.difficulty or 0.0),
            p.stability or 0.0,
        )

    return [p.qid for p in sorted(seen, key=hardness)][:limit]
