"""A drill session through the plain terminal: judged answers, ratings, undo, re-rating, cram,
learning cards shown again, and every answer saved as it is given."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlprep.bank import load_bank
from dlprep.quiz.queue import cram_queue, select, session_queue
from dlprep.quiz.schedule import LEECH_LAPSES, Rating, State, is_mature, make_scheduler, new_progress, review
from dlprep.quiz.session import Session, parse_ticks, rubric_rating
from dlprep.quiz.store import Store
from dlprep.quiz.terminal import PlainTerminal

BANK = load_bank([Path(__file__).parent / "data" / "quiz_bank.yaml"]).require_clean()
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def right_letters(transcript: str, *texts: str) -> str:
    """The letters the last card shown gave to choices containing `texts`."""
    last = transcript.rsplit("== ", 1)[-1]
    return "".join(re.search(rf"([A-H])\. [^\n]*{t}", last).group(1) for t in texts)  # type: ignore[union-attr]


class Scripted(PlainTerminal):
    """Answers computed from what is on screen, like a person reading the card."""

    def __init__(self, answers: list[object]) -> None:
        super().__init__(io.StringIO(), io.StringIO())
        self.answers = list(answers)

    def read(self, prompt: str) -> str | None:
        self.out.write(prompt)
        if not self.answers:
            return None
        answer = self.answers.pop(0)
        text = answer(self.out.getvalue()) if callable(answer) else str(answer)
        self.out.write(text + "\n")
        return text


def session(tmp_path: Path, answers: list[object], **options: object) -> tuple[Session, Scripted]:
    terminal = Scripted(answers)
    store = Store(tmp_path / "q.db")
    return Session(store, terminal, BANK.questions, "en", clock=lambda: NOW, **options), terminal  # type: ignore[arg-type]


def test_answers_are_judged_rated_and_saved(tmp_path: Path) -> None:
    s, terminal = session(
        tmp_path,
        [
            lambda out: right_letters(out, "tanh"),
            "z",
            lambda out: right_letters(out, "adam", "sgd"),
            "t",
            "31",
        ],
    )
    summary = s.run(["drill-single", "drill-multiple", "drill-truefalse", "drill-numeric"])
    out = terminal.out.getvalue()
    assert "RIGHT: you said" in out and "not counted, try again" in out and "WRONG: you said 31" in out
    assert summary.answered == 4 and summary.correct == 3 and summary.checked == 4
    reviews = {r.qid: r for r in s.store.reviews()}
    assert reviews["drill-numeric"].rating == Rating.Again and reviews["drill-numeric"].correct is False
    assert reviews["drill-single"].rating == Rating.Good and reviews["drill-truefalse"].answer == "t"
    assert reviews["drill-numeric"].seed is not None
    assert set(s.store.progress()) == {"drill-single", "drill-multiple", "drill-truefalse", "drill-numeric"}


def test_a_wrong_card_in_learning_comes_back_at_the_end(tmp_path: Path) -> None:
    s, terminal = session(tmp_path, ["f", "t"])
    s.run(["drill-truefalse"])
    assert [r.rating for r in s.store.reviews()] == [Rating.Again, Rating.Good]


def test_open_questions_reveal_the_numbered_rubric_and_the_ticked_points_give_the_rating(
    tmp_path: Path,
) -> None:
    s, terminal = session(tmp_path, ["the chain rule", "5", "1"])
    s.run(["drill-open"])
    out = terminal.out.getvalue()
    assert "at most one quarter" in out and "1. [1] The chain rule multiplies" in out
    assert "2. [1] The sigmoid derivative" in out
    assert "type point numbers 1–2" in out and "covered 1 of 2 points → Hard" in out
    [logged] = s.store.reviews()
    assert logged.rating == Rating.Hard and logged.answer == "the chain rule [points: 1]"
    assert logged.correct is None


@pytest.mark.parametrize(("ticks", "rating"), [("a", Rating.Good), ("21", Rating.Good), ("", Rating.Again)])
def test_ticking_all_or_no_rubric_points(tmp_path: Path, ticks: str, rating: Rating) -> None:
    s, _ = session(tmp_path, ["", ticks])
    s.run(["drill-open"])
    assert [r.rating for r in s.store.reviews()] == [rating]


@pytest.mark.parametrize(
    ("typed", "count", "ticks"),
    [("13", 3, {1, 3}), ("1, 3", 3, {1, 3}), ("a", 2, {1, 2}), ("", 2, set()), ("4", 3, None),
     ("x", 3, None), ("10 2", 12, {10, 2}), ("1、2", 2, {1, 2})],
)  # fmt: skip
def test_parse_ticks(typed: str, count: int, ticks: set[int] | None) -> None:
    assert parse_ticks(typed, count) == ticks


def test_rubric_rating_thresholds() -> None:
    assert [rubric_rating(x) for x in (1.0, 0.8, 0.79, 0.4, 0.39, 0.0)] == [
        Rating.Good, Rating.Good, Rating.Hard, Rating.Hard, Rating.Again, Rating.Again,
    ]  # fmt: skip


def test_undo_restores_the_card_and_asks_it_again(tmp_path: Path) -> None:
    s, terminal = session(tmp_path, ["f", "u", "t", "sigmoid"], limit=2)
    s.run(["drill-truefalse", "drill-short"])
    assert [(r.qid, r.correct) for r in s.store.reviews()] == [
        ("drill-truefalse", True),
        ("drill-short", True),
    ]
    assert "undone: drill-truefalse" in terminal.out.getvalue()


def test_undoing_a_wrong_answer_does_not_leave_it_queued_twice(tmp_path: Path) -> None:
    s, terminal = session(tmp_path, ["f", "u", "t", "t"])  # wrong; undo on its learning re-show; right twice
    summary = s.run(["drill-truefalse"])
    assert [(r.correct, r.rating) for r in s.store.reviews()] == [(True, Rating.Good), (True, Rating.Good)]
    assert summary.ending == "done" and terminal.out.getvalue().count("sigmoid is at most") == 4


def test_rerating_the_last_answer_changes_its_log_and_schedule(tmp_path: Path) -> None:
    s, _ = session(tmp_path, ["t", "=4"])
    s.run(["drill-truefalse", "drill-short"])
    [logged] = s.store.reviews()
    assert logged.rating == Rating.Easy
    assert s.store.progress()["drill-truefalse"].state == State.Review.value  # Easy graduates at once


def test_cram_drills_without_touching_the_schedule(tmp_path: Path) -> None:
    s, _ = session(tmp_path, ["f"])
    s.run(["drill-truefalse"])
    before = s.store.progress()
    last = {r.qid: r.rating for r in s.store.reviews()}
    queue = cram_queue(list(BANK.questions.values()), before, last, 20)
    assert queue == ["drill-truefalse"]
    crammer, _ = session(tmp_path, ["f", "t"], cram=True)
    crammer.run(queue)
    assert crammer.store.progress() == before
    assert [r.kind for r in crammer.store.reviews(kind=None)] == ["scheduled", "cram", "cram"]


def test_the_queue_puts_due_cards_first_then_interleaved_new_ones() -> None:
    questions = select(load_bank().questions.values(), ["cnn", "gan"])
    seen = {questions[5].id: new_progress(questions[5].id, NOW - timedelta(days=1))}
    queue = session_queue(questions, seen, NOW, new=4)
    topics = [BANK.questions[q].topic if q in BANK.questions else q.split("-")[0] for q in queue[1:]]
    assert queue[0] == questions[5].id and topics == ["cnn", "gan", "cnn", "gan"]
    assert len(session_queue(questions, seen, NOW, new=4, limit=2)) == 2


def test_leech_after_eight_lapses_and_mature_after_three_weeks() -> None:
    scheduler = make_scheduler()
    card = review(scheduler, new_progress("q", NOW), Rating.Easy, NOW, 1000)
    now = NOW
    for _ in range(LEECH_LAPSES):
        assert card.state == State.Review.value and not card.leech
        now = card.due
        card = review(scheduler, card, Rating.Again, now, 1000)  # a lapse
        while card.state != State.Review.value:
            now = card.due
            card = review(scheduler, card, Rating.Good, now, 1000)
    assert card.lapses == LEECH_LAPSES and card.leech
    while not is_mature(card):
        now = card.due
        card = review(scheduler, card, Rating.Easy, now, 1000)
    assert (card.due - card.last_review).days >= 21  # type: ignore[operator]
