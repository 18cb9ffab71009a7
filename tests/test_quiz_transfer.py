"""Progress export and import on real SQLite files: a round trip, merging two machines' histories
without duplicates, refusal of damaged files, and a SIGKILL in the middle of an import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlprep.quiz.store import Progress, ReviewRow, Store, to_iso
from dlprep.quiz.transfer import FORMAT, TransferError, export_document, import_progress, read_export

QUIZ = str(Path(sys.executable).with_name("quiz"))
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def card(qid: str, last: datetime) -> Progress:
    return Progress(qid, 2, None, 5.0, 4.2, last + timedelta(days=5), last, 3, 0, False)


def answered(store: Store, qid: str, at: datetime, rating: int = 3) -> None:
    store.record(ReviewRow(qid, at, rating, "b", rating > 1, 900, 7), card(qid, at))


def test_a_round_trip_keeps_every_field(tmp_path: Path) -> None:
    one = Store(tmp_path / "one.db")
    answered(one, "q1", NOW)
    answered(one, "q1", NOW + timedelta(days=3), rating=1)
    one.record(ReviewRow("q2", NOW, 4, "t", True, 500, None, "cram"), None)
    one.set_setting("lang", "zh")
    out = tmp_path / "p.json"
    (out).write_text(json.dumps(export_document(one)), encoding="utf-8")
    two = Store(tmp_path / "two.db")
    summary = import_progress(two, out)
    assert (summary.reviews_added, summary.reviews_present, summary.cards_updated) == (3, 0, 1)

    def strip(rows: list[ReviewRow]) -> list[tuple[object, ...]]:
        return [(r.qid, r.reviewed_at, r.rating, r.answer, r.correct, r.kind, r.before) for r in rows]

    assert sorted(strip(two.reviews(kind=None))) == sorted(strip(one.reviews(kind=None)))
    assert two.progress() == one.progress() and two.setting("lang") == "zh"
    one.close()
    two.close()


def test_two_machines_merge_and_the_later_card_state_wins(tmp_path: Path) -> None:
    laptop, desktop = Store(tmp_path / "l.db"), Store(tmp_path / "d.db")
    answered(laptop, "q1", NOW)
    answered(desktop, "q1", NOW)  # the same review, imported earlier: not added again
    answered(desktop, "q1", NOW + timedelta(days=2))  # a later review on the desktop
    answered(laptop, "q2", NOW + timedelta(days=1))
    out = tmp_path / "laptop.json"
    out.write_text(json.dumps(export_document(laptop)), encoding="utf-8")
    summary = import_progress(desktop, out)
    assert (summary.reviews_added, summary.reviews_present) == (1, 1)
    assert (summary.cards_updated, summary.cards_kept) == (1, 1)  # q2 new; q1 newer on the desktop
    assert desktop.progress()["q1"].last_review == NOW + timedelta(days=2)
    assert len(desktop.reviews()) == 3
    laptop.close()
    desktop.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=9), "export version 9"),
        (lambda d: d["reviews"][0].update(rating=7), "reviews[0]: 'rating' should be 1 to 4"),
        (
            lambda d: d["reviews"][0].update(reviewed_at="yesterday"),
            "reviews[0]: 'reviewed_at' is not an ISO time",
        ),
        (lambda d: d["cards"][0].update(stability="x"), "cards[0]: 'stability' should be int"),
        (lambda d: d["cards"][0].pop("due"), "cards[0]: missing 'due'"),
    ],
)
def test_a_damaged_export_is_refused_before_anything_is_written(tmp_path: Path, change, message) -> None:  # type: ignore[no-untyped-def]
    source = Store(tmp_path / "s.db")
    answered(source, "q1", NOW)
    data = export_document(source)
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = Store(tmp_path / "t.db")
    with pytest.raises(TransferError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_export(bad)
    with pytest.raises(TransferError):
        import_progress(target, bad)
    assert target.reviews(kind=None) == [] and target.progress() == {}
    source.close()
    target.close()


def _big_export(path: Path, count: int) -> None:
    reviews = [
        {
            "qid": f"q{i % 500}",
            "reviewed_at": to_iso(NOW + timedelta(seconds=i)),
            "rating": 3,
            "answer": "b" * 40,
            "correct": True,
            "duration_ms": 900,
            "seed": i,
            "kind": "scheduled",
            "before": None,
        }
        for i in range(count)
    ]
    cards = [
        {"qid": f"q{i}", "state": 2, "step": None, "stability": 5.0, "difficulty": 4.2,
         "due": to_iso(NOW + timedelta(days=5)), "last_review": to_iso(NOW), "reps": 3, "lapses": 0,
         "leech": False}
        for i in range(500)
    ]  # fmt: skip
    path.write_text(json.dumps({"format": FORMAT, "version": 1, "cards": cards, "reviews": reviews}))


def _count(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(connection.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        connection.close()


def test_sigkill_during_an_import_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    store = Store(db)
    answered(store, "mine", NOW - timedelta(days=1))
    store.close()
    big = tmp_path / "big.json"
    count = 60_000
    _big_export(big, count)
    wal = db.with_name(db.name + "-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    child = subprocess.Popen(
        [QUIZ, "import", str(big), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + (1 << 20):  # the transaction is writing
            break
        time.sleep(0.005)
    assert child.poll() is None, "the import finished before it could be killed: make the file bigger"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _count(db) == 1  # none of the import landed, and the file is intact
    done = subprocess.run(
        [QUIZ, "import", str(big), "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"{count} review(s) added" in done.stdout and _count(db) == count + 1
