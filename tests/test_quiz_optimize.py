"""`quiz optimize` on a simulated student whose memory has known, non-default parameters: the
parameters fitted to the student's reviews predict *held-out* reviews better than the defaults."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from dlprep.quiz.optimize import MIN_REVIEWS, evaluate, optimize_store, review_logs
from dlprep.quiz.store import ReviewRow, Store

sys.path.insert(0, str(Path(__file__).parent))
from quiz_simulation import START, Student, days  # noqa: E402


def simulate(cards: int, span: int, new_per_day: int, seed: int) -> list[ReviewRow]:
    """Months of reviews on the app's default schedule, answered by the simulated student."""
    app = Scheduler(enable_fuzzing=False)
    student = Student(seed)
    state: dict[str, Card] = {}
    rows: list[ReviewRow] = []

    def one(qid: str, at: datetime) -> None:
        rating = student.answer(qid, at)
        state[qid], _ = app.review_card(state.get(qid) or Card(due=at), rating, at)
        rows.append(ReviewRow(qid, at, int(rating), "", rating != Rating.Again, 5000, None))

    waiting = [f"q{i}" for i in range(cards)]
    for day in range(span):
        now = START + days(day)
        for qid in [q for q, c in state.items() if c.due <= now] + waiting[:new_per_day]:
            if qid in waiting:
                waiting.remove(qid)
            one(qid, now)
            while state[qid].due <= now + days(0.5):  # learning steps, the same day
                one(qid, state[qid].due)
    return rows


def test_fitted_parameters_predict_held_out_reviews_better(tmp_path: Path) -> None:
    rows = simulate(cards=120, span=100, new_per_day=2, seed=3)
    train = [r for r in rows if int(r.qid[1:]) % 5]
    held_out = [r for r in rows if int(r.qid[1:]) % 5 == 0]
    assert len(train) >= MIN_REVIEWS
    store = Store(tmp_path / "q.db")
    for row in train:
        store.record(row, None)
    report = optimize_store(store)
    assert any(line.startswith("default parameters: log-loss") for line in report), report
    fitted = json.loads(store.setting("fsrs_parameters") or "null")
    assert fitted is not None and len(fitted) == 21, report
    default, mine = evaluate(None, review_logs(held_out)), evaluate(fitted, review_logs(held_out))
    assert mine.predictions == default.predictions > 50
    assert mine.log_loss < default.log_loss and mine.rmse < default.rmse


def test_too_few_reviews_says_how_many_more(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    rows = simulate(cards=20, span=30, new_per_day=1, seed=1)
    for row in rows:
        store.record(row, None)
    [line] = optimize_store(store)
    counted = evaluate(None, review_logs(store.reviews())).predictions
    assert 0 < counted < MIN_REVIEWS
    assert line.startswith(f"{len(rows)} review(s) so far, {counted} of them a day or more after")
    assert f"needs at least {MIN_REVIEWS} of those ({MIN_REVIEWS - counted} more)" in line
    assert store.setting("fsrs_parameters") is None


def test_the_scheduler_uses_fitted_parameters(tmp_path: Path) -> None:
    from dlprep.quiz.schedule import make_scheduler

    fitted = [round(v * 1.1, 4) for v in Scheduler().parameters]
    assert tuple(make_scheduler(0.9, fitted).parameters) == tuple(fitted)
    assert tuple(make_scheduler(0.9, None).parameters) == tuple(Scheduler().parameters)
