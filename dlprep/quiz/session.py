"""A drill session: show cards, read and judge answers, rate them, and save each review at once.

Every answer is written (review row and card state in one transaction) before the feedback is
shown, so quitting, end of input, Ctrl-C or `kill -9` lose at most the card on screen. Undo and
re-rating work on what was saved, through the review's remembered previous state.
"""

from __future__ import annotations

import random
import re
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from dlprep.instance import Instance, instantiate, seed_for
from dlprep.numfmt import fmt_num
from dlprep.question import Question, QuestionType
from dlprep.quiz import cards
from dlprep.quiz.answers import InvalidAnswer, check
from dlprep.quiz.messages import message, rating_name
from dlprep.quiz.queue import LEARN_AHEAD
from dlprep.quiz.schedule import Rating, State, make_scheduler, new_progress, review
from dlprep.quiz.store import Progress, ReviewRow, Store
from dlprep.quiz.terminal import Terminal

_SEEDS = random.SystemRandom()  # os.urandom, as `secrets` would, without importing hashlib for it

__all__ = ["Session", "SessionSummary", "parse_ticks", "rubric_rating"]

# An open question's rating from the share of its rubric points the student says they covered.
RUBRIC_GOOD = 0.8
RUBRIC_HARD = 0.4


@dataclass
class SessionSummary:
    answered: int = 0
    correct: int = 0
    checked: int = 0
    ending: str = "done"  # done, quit (q) or end of input


@dataclass
class _Done:
    """A saved answer this session, for undo and re-rating."""

    review_id: int
    qid: str
    before: Progress | None
    instance: Instance
    row: ReviewRow
    again: bool = False  # a re-show of a card answered wrongly earlier in the session


@dataclass
class _Entry:
    """A card waiting to be shown: planned for the session, or shown again after a wrong answer."""

    qid: str
    instance: Instance | None = None
    again: bool = False


def rubric_rating(share: float) -> Rating:
    """Most of the key points covered is Good, some is Hard, few is Again (Easy stays a re-rating)."""
    if share >= RUBRIC_GOOD:
        return Rating.Good
    if share >= RUBRIC_HARD:
        return Rating.Hard
    return Rating.Again


def parse_ticks(line: str, count: int) -> set[int] | None:
    """Rubric point numbers typed as '13', '1 3', '1,3' or 'a' (all); None if not that."""
    text = line.strip().lower()
    if text in ("a", "all", "全部"):
        return set(range(1, count + 1))
    digits = [c for c in text if not c.isspace() and c not in ",，、;"]
    if not all(c.isdigit() for c in digits):
        return None
    if count >= 10:  # two-digit point numbers need separators
        parts = [p for p in re.split(r"[\s,，、;]+", text) if p]
        ticks = {int(p) for p in parts}
    else:
        ticks = {int(c) for c in digits}
    return ticks if all(1 <= t <= count for t in ticks) else None


@dataclass
class Session:
    store: Store
    terminal: Terminal
    questions: Mapping[str, Question]
    lang: str
    cram: bool = False
    desired_retention: float = 0.9
    limit: int | None = None
    parameters: list[float] | None = None  # fitted by quiz optimize
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    summary: SessionSummary = field(default_factory=SessionSummary)

    def __post_init__(self) -> None:
        self.scheduler = make_scheduler(self.desired_retention, self.parameters)
        self.progress: dict[str, Progress] = self.store.progress()
        self.done: list[_Done] = []
        self.requeued: set[str] = set()

    # ------------------------------------------------------------------ the loop

    def run(self, queue: Sequence[str]) -> SessionSummary:
        """Show the planned cards, then re-shows of cards answered wrongly; the counter counts the
        planned cards only ("3/10"), and a re-show says how many re-shows are left."""
        pending: deque[_Entry] = deque(_Entry(qid) for qid in queue)
        planned = len(pending)
        planned_done = 0
        while pending and (self.limit is None or self.summary.answered < self.limit):
            entry = pending.popleft()
            if entry.instance is None:
                entry.instance = self._draw(self.questions[entry.qid])
            if entry.again:
                left = 1 + sum(e.again for e in pending)
                label = message("again-header", self.lang, left=left)
            else:
                label = f"{planned_done + 1}/{planned}"
            before = len(self.done)
            outcome = self._ask(entry.instance, label, again=entry.again)
            if outcome in ("quit", "end of input"):
                self.summary.ending = outcome
                break
            if outcome == "undo":
                if len(self.done) > before:  # taken back at the rating prompt: ask this card again
                    self._undo()
                    pending.appendleft(entry)
                    continue
                undone = self._undo()
                if not (entry.again and entry.qid == undone.qid):  # else it was that answer's re-show
                    pending.appendleft(entry)
                for waiting in [e for e in pending if e.qid == undone.qid and e.again]:
                    pending.remove(waiting)  # re-shows that answer queued are gone with it
                planned_done -= not undone.again
                pending.appendleft(_Entry(undone.qid, undone.instance, undone.again))
                continue
            planned_done += not entry.again
            if self._learn_again(entry.qid):
                pending.append(_Entry(entry.qid, None, again=True))
        return self.summary

    def _draw(self, question: Question) -> Instance:
        """A fresh seed for every review: new numbers for a parametric question, new choice order."""
        seed = _SEEDS.randrange(2**31)
        return instantiate(question, seed).with_shuffled_choices(seed_for(seed, "choices"))

    def _learn_again(self, qid: str) -> bool:
        """Show a card once more at the end: in learning and due soon, or failed while cramming."""
        if self.cram:
            last = self.done[-1] if self.done else None
            if last and last.qid == qid and last.row.rating == Rating.Again and qid not in self.requeued:
                self.requeued.add(qid)
                return True
            return False
        progress = self.progress.get(qid)
        return (
            progress is not None
            and progress.state != State.Review.value
            and progress.due <= self.clock() + LEARN_AHEAD
        )

    # ------------------------------------------------------------------ one card

    def _header(self, instance: Instance, label: str) -> str:
        q = instance.question
        progress = self.progress.get(q.id)
        status = (
            "new" if progress is None else ("review" if progress.state == State.Review.value else "learning")
        )
        if self.cram:
            status = "cram"
        status_text = message(f"status-{status}", self.lang)
        return f"{label} · {q.topic} · {q.type.value} · {q.difficulty.value} · {status_text}"

    def _ask(self, instance: Instance, label: str, again: bool = False) -> str:
        """Show the card and handle input until it is answered; 'answered', 'undo' or 'quit'."""
        question = instance.question
        self.terminal.card(
            self._header(instance, label),
            cards.card_text(instance, self.lang),
            cards.answer_hint(question.type, self.lang),
        )
        started = time.monotonic()
        while True:
            line = self.terminal.read(message("answer-prompt", self.lang))
            if line is None:
                return "end of input"
            if line.strip().lower() == "q":
                return "quit"
            command = line.strip().lower()
            if command == "?":
                self.terminal.say(message("keys", self.lang), "dim")
                continue
            if command == "u":
                if not self.done:
                    self.terminal.say(message("nothing-to-undo", self.lang), "yellow")
                    continue
                return "undo"
            if len(command) == 2 and command[0] == "=" and command[1] in "1234":
                self._rerate(int(command[1]))
                continue
            if question.type is QuestionType.OPEN:
                return self._self_rated(instance, line, started, again)
            try:
                checked = check(instance, line)
            except InvalidAnswer as exc:
                self.terminal.say(message("not-counted", self.lang, problem=exc.text), "yellow")
                continue
            duration = int((time.monotonic() - started) * 1000)
            rating = Rating.Good if checked.correct else Rating.Again
            done = self._save(instance, line.strip(), checked.correct, rating, duration, again)
            self.summary.checked += 1
            self.summary.correct += checked.correct
            self._feedback(instance, checked.correct, checked.given)
            return self._offer_rerating(done)

    def _self_rated(self, instance: Instance, line: str, started: float, again: bool) -> str:
        """An open question: the model answer and its numbered key points; the student ticks the
        points they covered and the rating follows from the share of points (1–4 without a rubric)."""
        self.terminal.verdict(None, cards.model_answer_text(instance, self.lang))
        self.terminal.say(cards.explanation_text(instance, self.lang), "dim")
        rubric = instance.question.rubric
        if rubric:
            total = sum(p.points for p in rubric)
            while True:
                typed = self.terminal.read(message("rubric-prompt", self.lang))
                if typed is None:
                    return "end of input"
                if typed.strip().lower() == "q":
                    return "quit"
                ticks = parse_ticks(typed, len(rubric))
                if ticks is not None:
                    break
                self.terminal.say(message("rubric-help", self.lang, n=len(rubric)), "yellow")
            got = sum(rubric[t - 1].points for t in ticks)
            rating = rubric_rating(got / total if total else 0.0)
            self.terminal.say(
                message(
                    "rubric-score",
                    self.lang,
                    got=fmt_num(got),
                    total=fmt_num(total),
                    name=rating_name(int(rating), self.lang),
                ),
                "dim",
            )
            answer = f"{line.strip()} [points: {','.join(map(str, sorted(ticks))) or '-'}]".strip()
            duration = int((time.monotonic() - started) * 1000)
            done = self._save(instance, answer, None, rating, duration, again)
            return self._offer_rerating(done)
        while True:
            rated = self.terminal.read(message("rate-prompt", self.lang))
            if rated is None:
                return "end of input"
            if rated.strip().lower() == "q":
                return "quit"
            if rated.strip() in ("1", "2", "3", "4"):
                break
            self.terminal.say(message("rate-help", self.lang), "yellow")
        duration = int((time.monotonic() - started) * 1000)
        self._save(instance, line.strip(), None, Rating(int(rated.strip())), duration, again)
        return "answered"

    def _feedback(self, instance: Instance, correct: bool, given: str) -> None:
        if instance.question.type is QuestionType.TRUEFALSE and self.lang == "zh":
            given = "对" if given == "true" else "错"
        answer = cards.model_answer_text(instance, self.lang)
        self.terminal.verdict(correct, message("you-said", self.lang, given=given, answer=answer))
        self.terminal.say(cards.explanation_text(instance, self.lang), "dim")

    def _offer_rerating(self, done: _Done) -> str:
        """In a terminal: Enter keeps the derived rating, 1–4 changes it, u takes the answer back."""
        if not self.terminal.interactive:
            return "answered"
        derived = rating_name(done.row.rating, self.lang)
        while True:
            line = self.terminal.read(message("rerate-prompt", self.lang, name=derived))
            if line is None:
                return "end of input"
            command = line.strip().lower()
            if command == "":
                return "answered"
            if command in ("1", "2", "3", "4"):
                self._rerate(int(command))
                return "answered"
            if command == "u":
                return "undo"
            if command == "q":
                return "quit"
            if command == "?":
                self.terminal.say(message("keys", self.lang), "dim")
                continue
            self.terminal.say(message("rerate-help", self.lang), "yellow")

    # ------------------------------------------------------------------ saving

    def _save(
        self,
        instance: Instance,
        answer: str,
        correct: bool | None,
        rating: Rating,
        duration: int,
        again: bool = False,
    ) -> _Done:
        qid = instance.question.id
        now = self.clock()
        before = self.progress.get(qid)
        row = ReviewRow(
            qid,
            now,
            int(rating),
            answer,
            correct,
            duration,
            instance.seed,
            "cram" if self.cram else "scheduled",
            before,
        )
        after = None if self.cram else self._after(qid, before, rating, now, duration)
        review_id = self.store.record(row, after)
        if after is not None:
            self.progress[qid] = after
        done = _Done(review_id, qid, before, instance, row, again)
        self.done.append(done)
        self.summary.answered += 1
        return done

    def _after(
        self, qid: str, before: Progress | None, rating: Rating, now: datetime, duration: int
    ) -> Progress:
        return review(self.scheduler, before or new_progress(qid, now), rating, now, duration)

    def _undo(self) -> _Done:
        done = self.done.pop()
        self.store.undo(done.review_id)
        if not self.cram:
            if done.before is None:
                self.progress.pop(done.qid, None)
            else:
                self.progress[done.qid] = done.before
        self.summary.answered -= 1
        if done.row.correct is not None:
            self.summary.checked -= 1
            self.summary.correct -= done.row.correct
        self.terminal.say(message("undone", self.lang, qid=done.qid), "yellow")
        return done

    def _rerate(self, rating: int) -> None:
        if not self.done:
            self.terminal.say(message("nothing-to-rerate", self.lang), "yellow")
            return
        done = self.done[-1]
        row = done.row
        after = None
        if not self.cram:
            after = self._after(row.qid, done.before, Rating(rating), row.reviewed_at, row.duration_ms)
        self.store.rerate(done.review_id, rating, after)
        if after is not None:
            self.progress[row.qid] = after
        done.row = replace(row, rating=rating)
        self.terminal.say(
            message("rated", self.lang, name=rating_name(rating, self.lang), rating=rating), "dim"
        )
