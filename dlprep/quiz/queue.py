"""Which cards a session shows, in which order: pure functions of the bank, the progress and the time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from dlprep.errors import UsageError
from dlprep.question import Difficulty, QuestionHeader, QuestionType
from dlprep.quiz.messages import message
from dlprep.quiz.store import Progress

__all__ = ["LEARN_AHEAD", "cram_queue", "select", "session_queue"]

LEARN_AHEAD = timedelta(minutes=20)  # Anki's default: a card in learning due this soon is not made to wait
REVIEW = 2  # fsrs.State.Review, without importing the scheduler here


def _unknown(kind: str, name: str, known: Sequence[str], lang: str) -> UsageError:
    """'unknown topic 'cnnn'; did you mean cnn?', else the list of what there is."""
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)

    def what(code: str) -> str:  # a message within a message: `both` keeps English with English
        return message(f"kind-{kind}", code)

    def either(code: str) -> str:
        return f" {message('or', code)} ".join(close)

    if close:
        return UsageError(message("unknown-name", lang, kind=what, name=name, close=either))
    return UsageError(message("unknown-name-list", lang, kind=what, name=name, known=", ".join(known)))


def select(
    questions: Iterable[QuestionHeader],
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
    types: Sequence[str] = (),
    difficulties: Sequence[str] = (),
    lang: str = "en",
) -> list[QuestionHeader]:
    """The questions in the named topics, of the named types and difficulties, having any of the
    tags (an empty filter lets everything through), in bank order. Unknown names are errors that
    suggest close ones, as `exam build --select` does."""
    questions = list(questions)
    known_topics = list(dict.fromkeys(q.topic for q in questions))
    for topic in topics:
        if topic not in known_topics:
            raise _unknown("topic", topic, known_topics, lang)
    known_types = [t.value for t in QuestionType]
    for qtype in types:
        if qtype not in known_types:
            raise _unknown("type", qtype, known_types, lang)
    known_levels = [d.value for d in Difficulty]
    for level in difficulties:
        if level not in known_levels:
            raise _unknown("difficulty", level, known_levels, lang)
    chosen = [
        q
        for q in questions
        if (not topics or q.topic in topics)
        and (not types or q.type.value in types)
        and (not difficulties or q.difficulty.value in difficulties)
    ]
    if tags:
        known_tags = sorted({t for q in questions for t in q.tags})
        wanted = set(tags)
        chosen = [q for q in chosen if wanted & set(q.tags)]
        if not chosen:
            missing = [t for t in tags if t not in known_tags]
            if missing:
                import difflib

                if difflib.get_close_matches(missing[0], known_tags, n=3, cutoff=0.6):
                    raise _unknown("tag", missing[0], known_tags, lang)

            def where(code: str) -> str:
                return message("no-tagged-where", code) if topics else ""

            raise UsageError(message("no-tagged", lang, where=where, tags=", ".join(tags)))
    if not chosen and (types or difficulties):
        raise UsageError(message("no-match", lang))
    return chosen


def _interleaved(questions: Sequence[QuestionHeader]) -> list[QuestionHeader]:
    """New cards one topic at a time in turn (interleaving beats blocking for retention)."""
    by_topic: dict[str, list[QuestionHeader]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    out: list[QuestionHeader] = []
    columns = list(by_topic.values())
    for i in range(max((len(c) for c in columns), default=0)):
        out.extend(c[i] for c in columns if i < len(c))
    return out


def session_queue(
    questions: Sequence[QuestionHeader],
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
    questions: Sequence[QuestionHeader],
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
