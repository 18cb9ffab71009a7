"""The progress database: migrations, refusal of files that are not ours, atomic reviews, undo."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlprep.quiz.store import MIGRATIONS, SCHEMA_VERSION, Progress, QuizDbError, ReviewRow, Store

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def progress(qid: str = "q1", **changes: object) -> Progress:
    base = Progress(qid, 2, None, 5.0, 4.2, NOW + timedelta(days=5), NOW, 3, 1, False)
    return Progress(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def row(qid: str = "q1", before: Progress | None = None, kind: str = "scheduled") -> ReviewRow:
    return ReviewRow(qid, NOW, 3, "b", True, 1200, 42, kind, before)


def test_a_new_file_gets_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_an_older_schema_is_migrated_forward_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO cards VALUES ('q1', 2, NULL, 5.0, 4.2, ?, ?, 3, 1, 0)",
        (NOW.isoformat(), NOW.isoformat()),
    )
    db.execute("INSERT INTO reviews (qid, reviewed_at, rating, answer, correct, duration_ms) VALUES "
               "('q1', ?, 3, 'b', 1, 900)", (NOW.isoformat(),))  # fmt: skip
    db.commit()
    db.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.progress()["q1"].stability == 5.0
    [review] = store.reviews()
    assert review.kind == "scheduled" and review.answer == "b"
    store.set_setting("lang", "zh")
    assert store.setting("lang") == "zh"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database, just text\n" * 40, "is not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "not a usable quiz database"),
    ],
)
def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "q.db"
    path.write_bytes(content)
    with pytest.raises(QuizDbError, match=message):
        Store(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "q.db-wal").exists()


def test_a_truncated_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    store = Store(path)
    for i in range(200):
        store.record(row(f"q{i}"), progress(f"q{i}"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    content = path.read_bytes()[:6000]
    path.write_bytes(content)
    with pytest.raises(QuizDbError, match="left untouched"):
        Store(path)
    assert path.read_bytes() == content


def test_a_newer_schema_or_a_foreign_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(QuizDbError, match="newer dlprep"):
        Store(newer)
    foreign = tmp_path / "foreign.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE photos (x)")
    db.close()
    with pytest.raises(QuizDbError, match="another program"):
        Store(foreign)


def test_a_missing_folder_or_a_folder_as_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(QuizDbError, match="does not exist"):
        Store(tmp_path / "nope" / "q.db")
    with pytest.raises(QuizDbError, match="is a folder"):
        Store(tmp_path)
    Store(tmp_path / "made" / "q.db", create_folder=True).close()
    assert (tmp_path / "made" / "q.db").is_file()


def test_record_undo_and_rerate(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    first = store.record(row(), progress())
    second = store.record(row(before=progress()), progress(stability=9.0, reps=4))
    assert store.progress()["q1"].stability == 9.0
    store.rerate(second, 1, progress(stability=1.0, lapses=2))
    assert store.reviews()[-1].rating == 1 and store.progress()["q1"].lapses == 2
    store.undo(second)
    assert store.progress()["q1"] == progress()
    store.undo(first)
    assert store.progress() == {} and store.reviews() == []


def test_cram_reviews_are_logged_apart_and_leave_the_card(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    store.record(row(), progress())
    store.record(row(kind="cram", before=progress()), None)
    assert len(store.reviews()) == 1 and len(store.reviews(kind=None)) == 2
    assert store.progress()["q1"] == progress()


def test_orphans_are_counted_and_dropped_with_their_reviews_after_a_backup(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    store.record(row("keep"), progress("keep"))
    store.record(row("gone"), progress("gone"))
    store.record(row("gone", kind="cram"), None)
    assert store.orphans({"keep", "other"}) == {"gone": 2}
    store.backup(tmp_path / "q.db.bak")
    store.drop(["gone"])
    assert set(store.progress()) == {"keep"} and [r.qid for r in store.reviews(kind=None)] == ["keep"]
    kept = Store(tmp_path / "q.db.bak", must_exist=True)
    assert set(kept.progress()) == {"keep", "gone"} and len(kept.reviews(kind=None)) == 3
    assert not list(tmp_path.glob("*.partial"))


def test_must_exist_refuses_a_missing_file_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(QuizDbError, match="no such progress file"):
        Store(tmp_path / "typo.db", must_exist=True)
    assert not (tmp_path / "typo.db").exists()


def test_a_failed_write_rolls_back_the_whole_review(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    store.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON cards BEGIN SELECT RAISE(ABORT, 'no'); END")
    with pytest.raises(sqlite3.IntegrityError):
        store.record(row(), progress())
    assert store.reviews() == [] and store.progress() == {}
