"""A drill session: show cards, read and judge answers, rate them, and save each review at once.

Every answer is written (review row and card state in one transaction) before the feedback is
shown, so quitting, end of input, Ctrl-C or `kill -9` lose at most the card on screen. Undo and
re-rating work on what was saved, through the review's remembered previous state.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from dlprep.instance import Instance, instantiate, seed_for
from dlprep.question import Question, QuestionType
from dlprep.quiz import cards
from dlprep.quiz.answers import InvalidAnswer, check
from dlprep.quiz.queue import LEARN_AHEAD
from dlprep.quiz.schedule import Rating, State, make_scheduler, new_progress, review
from dlprep.quiz.store import Progress, ReviewRow, Store
from dlprep.quiz.terminal import Terminal

__all__ = ["Session", "SessionSummary"]

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


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


@dataclass
class Session:
    store: Store
    terminal: Terminal
    questions: Mapping[str, Question]
    lang: str
    cram: bool = False
    desired_retention: float = 0.9
    limit: int | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    summary: SessionSummary = field(default_factory=SessionSummary)

    def __post_init__(self) -> None:
        self.scheduler = make_scheduler(self.desired_retention)
        self.progress: dict[str, Progress] = self.store.progress()
        self.done: list[_Done] = []
        self.requeued: set[str] = set()

    # ------------------------------------------------------------------ the loop

    def run(self, queue: Sequence[str]) -> SessionSummary:
        pending: deque[tuple[str, Instance | None]] = deque((qid, None) for qid in queue)
        total = len(pending)
        while pending and (self.limit is None or self.summary.answered < self.limit):
            qid, instance = pending.popleft()
            if instance is None:
                instance = self._draw(self.questions[qid])
            outcome = self._ask(instance, position=self.summary.answered + 1, total=total)
            if outcome in ("quit", "end of input"):
                self.summary.ending = outcome
                break
            if outcome == "undo":
                undone = self._undo()
                if qid != undone.qid:  # the card on screen waits; unless it is the undone one shown again
                    pending.appendleft((qid, instance))
                requeued = [e for e in pending if e[0] == undone.qid and e[1] is None]
                for entry in requeued:  # it was queued again for learning: that answer is gone
                    pending.remove(entry)
                total -= len(requeued) + (qid == undone.qid)
                pending.appendleft((undone.qid, undone.instance))
                continue
            again = self._learn_again(qid)
            if again:
                pending.append((qid, None))
                total += 1
        return self.summary

    def _draw(self, question: Question) -> Instance:
        """A fresh seed for every review: new numbers for a parametric question, new choice order."""
        seed = secrets.randbelow(2**31)
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

    def _header(self, instance: Instance, position: int, total: int) -> str:
        q = instance.question
        progress = self.progress.get(q.id)
        status = (
            "new" if progress is None else ("review" if progress.state == State.Review.value else "learning")
        )
        if self.cram:
            status = "cram"
        return f"{position}/{total} · {q.topic} · {q.type.value} · {q.difficulty.value} · {status}"

    def _ask(self, instance: Instance, position: int, total: int) -> str:
        """Show the card and handle input until it is answered; 'answered', 'undo' or 'quit'."""
        question = instance.question
        self.terminal.card(
            self._header(instance, position, total),
            cards.card_text(instance, self.lang),
            cards.answer_hint(question.type, self.lang),
        )
        started = time.monotonic()
        while True:
            line = self.terminal.read("answer> ")
            if line is None:
                return "end of input"
            if line.strip().lower() == "q":
                return "quit"
            command = line.strip().lower()
            if command == "?":
                self.terminal.say(cards.KEYS, "dim")
                continue
            if command == "u":
                if not self.done:
                    self.terminal.say("nothing to undo in this session", "yellow")
                    continue
                return "undo"
            if len(command) == 2 and command[0] == "=" and command[1] in "1234":
                self._rerate(int(command[1]))
                continue
            if question.type is QuestionType.OPEN:
                return self._self_rated(instance, line, started)
            try:
                checked = check(instance, line)
            except InvalidAnswer as exc:
                self.terminal.say(f"{exc} — not counted, try again", "yellow")
                continue
            duration = int((time.monotonic() - started) * 1000)
            rating = Rating.Good if checked.correct else Rating.Again
            done = self._save(instance, line.strip(), checked.correct, rating, duration)
            self.summary.checked += 1
            self.summary.correct += checked.correct
            self._feedback(instance, checked.correct, checked.given)
            return self._offer_rerating(done)

    def _self_rated(self, instance: Instance, line: str, started: float) -> str:
        self.terminal.verdict(None, cards.model_answer_text(instance, self.lang))
        self.terminal.say(cards.explanation_text(instance, self.lang), "dim")
        while True:
            rated = self.terminal.read("rate 1 Again · 2 Hard · 3 Good · 4 Easy> ")
            if rated is None:
                return "end of input"
            if rated.strip().lower() == "q":
                return "quit"
            if rated.strip() in ("1", "2", "3", "4"):
                break
            self.terminal.say("type 1, 2, 3 or 4 (how well did you know it?)", "yellow")
        duration = int((time.monotonic() - started) * 1000)
        self._save(instance, line.strip(), None, Rating(int(rated.strip())), duration)
        return "answered"

    def _feedback(self, instance: Instance, correct: bool, given: str) -> None:
        if instance.question.type is QuestionType.TRUEFALSE and self.lang == "zh":
            given = "对" if given == "true" else "错"
        answer = cards.model_answer_text(instance, self.lang)
        self.terminal.verdict(correct, f"you said {given}; the answer is {answer}")
        self.terminal.say(cards.explanation_text(instance, self.lang), "dim")

    def _offer_rerating(self, done: _Done) -> str:
        """In a terminal: Enter keeps the derived rating, 1–4 changes it, u takes the answer back."""
        if not self.terminal.interactive:
            return "answered"
        derived = RATING_NAMES[done.row.rating]
        while True:
            line = self.terminal.read(f"Enter: {derived} · 1–4 change · u undo · q quit> ")
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
                self.terminal.say(cards.KEYS, "dim")
                continue
            self.terminal.say("Enter, 1–4, u or q", "yellow")

    # ------------------------------------------------------------------ saving

    def _save(
        self, instance: Instance, answer: str, correct: bool | None, rating: Rating, duration: int
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
        done = _Done(review_id, qid, before, instance, row)
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
        self.terminal.say(f"undone: {done.qid} is back as it was", "yellow")
        return done

    def _rerate(self, rating: int) -> None:
        if not self.done:
            self.terminal.say("nothing to re-rate in this session", "yellow")
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
        self.terminal.say(f"rated {RATING_NAMES[rating]} ({rating})", "dim")
