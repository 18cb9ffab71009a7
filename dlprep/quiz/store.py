"""Progress in SQLite: one row per card (keyed by question id), one row per review, a few settings.

Every review is one transaction (the review row and the card's new state together), in WAL mode
with full sync, so a `kill -9` at any moment loses at most the card on screen and never leaves a
half-written file. The schema version lives in `PRAGMA user_version`; opening an older file
migrates it forward inside a transaction; a newer or foreign file is refused, never overwritten.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dlprep.errors import DlprepError

__all__ = [
    "SCHEMA_VERSION",
    "Progress",
    "QuizDbError",
    "ReviewRow",
    "Store",
    "default_db_path",
    "from_iso",
    "to_iso",
]

SQLITE_MAGIC = b"SQLite format 3\x00"

# Each entry moves the schema from version i to i + 1. Never edit a released step: add one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: cards and the review log
        """CREATE TABLE cards (
            qid TEXT PRIMARY KEY,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT NOT NULL,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            qid TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,
            rating INTEGER NOT NULL,
            answer TEXT NOT NULL,
            correct INTEGER,
            duration_ms INTEGER NOT NULL,
            seed INTEGER,
            before TEXT
        )""",
        "CREATE INDEX reviews_by_time ON reviews (reviewed_at)",
        "CREATE INDEX cards_by_due ON cards (due)",
    ),
    (  # 1 -> 2: cram reviews are logged apart from scheduled ones; remembered settings
        "ALTER TABLE reviews ADD COLUMN kind TEXT NOT NULL DEFAULT 'scheduled'",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class QuizDbError(DlprepError):
    """The progress database cannot be used; the message names the file and what to do."""

    exit_code = 2


def to_iso(moment: datetime) -> str:
    """UTC, fixed width: text order is time order, so SQLite can compare and sort the column."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class Progress:
    """A card's scheduling state: FSRS's fields plus our counters."""

    qid: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0
    leech: bool = False

    def encode(self) -> str:
        """The row as a string, kept in a review so that undo can restore it."""
        import json

        return json.dumps(
            [
                self.state,
                self.step,
                self.stability,
                self.difficulty,
                to_iso(self.due),
                to_iso(self.last_review) if self.last_review else None,
                self.reps,
                self.lapses,
                self.leech,
            ]
        )

    @classmethod
    def decode(cls, qid: str, text: str) -> Progress:
        import json

        state, step, stability, difficulty, due, last, reps, lapses, leech = json.loads(text)
        return cls(
            qid,
            state,
            step,
            stability,
            difficulty,
            from_iso(due),
            from_iso(last) if last else None,
            reps,
            lapses,
            bool(leech),
        )


@dataclass(frozen=True)
class ReviewRow:
    """One answer as logged."""

    qid: str
    reviewed_at: datetime
    rating: int
    answer: str
    correct: bool | None
    duration_ms: int
    seed: int | None
    kind: str = "scheduled"
    before: Progress | None = None
    id: int = 0


def default_db_path() -> Path:
    """`QUIZ_DB` if set, else quiz.sqlite3 in the user's data folder."""
    configured = os.environ.get("QUIZ_DB")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("dlprep", appauthor=False)) / "quiz.sqlite3"


def _unusable(path: Path, why: str) -> QuizDbError:
    return QuizDbError(
        f"{path}: {why}; it was left untouched — move it aside (or pass --db / set QUIZ_DB "
        "to use another file) and run quiz again"
    )


class Store:
    """An open progress database."""

    def __init__(self, path: Path, *, create_folder: bool = False, must_exist: bool = False) -> None:
        """Open (or, unless `must_exist`, create) the file: commands that only read pass `must_exist`,
        so a mistyped --db is an error instead of a new empty database."""
        self.path = path
        if must_exist and not path.exists():
            raise QuizDbError(f"{path}: no such progress file (check --db or QUIZ_DB); nothing was created")
        self._check_file(create_folder)
        try:
            self.db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            raise _unusable(path, f"cannot open ({exc})") from None
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise _unusable(path, f"not a usable quiz database ({exc})") from None

    def _check_file(self, create_folder: bool) -> None:
        path = self.path
        if path.is_dir():
            raise QuizDbError(f"{path}: is a folder; --db wants a file")
        if not path.exists():
            if create_folder:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise QuizDbError(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
            elif not path.parent.is_dir():
                raise QuizDbError(f"{path}: the folder {path.parent} does not exist")
            return
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise QuizDbError(f"{path}: cannot read ({exc.strerror})") from None
        if head and head != SQLITE_MAGIC:
            raise _unusable(path, "is not an SQLite database (corrupt, or another kind of file)")

    def _prepare(self) -> None:
        db = self.db
        db.execute("PRAGMA busy_timeout = 5000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _unusable(
                self.path,
                f"was written by a newer dlprep (schema {version}, this one knows {SCHEMA_VERSION}); "
                "upgrade dlprep",
            )
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and tables:
            raise _unusable(self.path, f"holds tables of another program ({', '.join(sorted(tables))})")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _unusable(self.path, f"failed SQLite's integrity check ({check})")
        if version < SCHEMA_VERSION:
            self._migrate(version, SCHEMA_VERSION)
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError:
            mode = "unchanged"  # a read-only file: reading still works
        if mode != "wal":
            db.execute("PRAGMA journal_mode")  # keep whatever the file has
        db.execute("PRAGMA synchronous = FULL")

    def _migrate(self, start: int, stop: int) -> None:
        try:
            with self.transaction():
                for steps in MIGRATIONS[start:stop]:
                    for statement in steps:
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {stop}")
        except sqlite3.OperationalError as exc:
            raise _unusable(self.path, f"cannot bring it to schema {stop} ({exc})") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: all of it lands or none."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ reading

    def progress(self) -> dict[str, Progress]:
        rows = self.db.execute(
            "SELECT qid, state, step, stability, difficulty, due, last_review, reps, lapses, leech FROM cards"
        )
        return {
            qid: Progress(
                qid,
                state,
                step,
                stability,
                difficulty,
                from_iso(due),
                from_iso(last) if last else None,
                reps,
                lapses,
                bool(leech),
            )
            for qid, state, step, stability, difficulty, due, last, reps, lapses, leech in rows
        }

    def reviews(self, kind: str | None = "scheduled") -> list[ReviewRow]:
        """The review log in time order (only one kind unless `kind` is None)."""
        query = (
            "SELECT id, qid, reviewed_at, rating, answer, correct, duration_ms, seed, kind, before "
            "FROM reviews"
        )
        rows = (
            self.db.execute(query + " ORDER BY id")
            if kind is None
            else self.db.execute(query + " WHERE kind = ? ORDER BY id", (kind,))
        )
        return [
            ReviewRow(
                qid,
                from_iso(at),
                rating,
                answer,
                None if correct is None else bool(correct),
                duration,
                seed,
                row_kind,
                Progress.decode(qid, before) if before else None,
                rid,
            )
            for rid, qid, at, rating, answer, correct, duration, seed, row_kind, before in rows
        ]

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # ------------------------------------------------------------------ writing

    def _write(self, progress: Progress) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO cards "
            "(qid, state, step, stability, difficulty, due, last_review, reps, lapses, leech) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                progress.qid,
                progress.state,
                progress.step,
                progress.stability,
                progress.difficulty,
                to_iso(progress.due),
                to_iso(progress.last_review) if progress.last_review else None,
                progress.reps,
                progress.lapses,
                int(progress.leech),
            ),
        )

    def record(self, review: ReviewRow, after: Progress | None) -> int:
        """Log a review and store the card's new state (None: a cram review leaves it) atomically."""
        with self._writing(), self.transaction():
            review_id = self._insert_review(review)
            if after is not None:
                self._write(after)
            return review_id

    def _insert_review(self, review: ReviewRow) -> int:
        cursor = self.db.execute(
            "INSERT INTO reviews (qid, reviewed_at, rating, answer, correct, duration_ms, seed, kind, "
            "before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                review.qid,
                to_iso(review.reviewed_at),
                review.rating,
                review.answer,
                None if review.correct is None else int(review.correct),
                review.duration_ms,
                review.seed,
                review.kind,
                review.before.encode() if review.before else None,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def undo(self, review_id: int) -> None:
        """Forget a review and put its card back as it was before (a new card becomes new again)."""
        with self._writing(), self.transaction():
            row = self.db.execute(
                "SELECT qid, kind, before FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                return
            qid, kind, before = row
            self.db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if kind != "scheduled":
                return
            if before:
                self._write(Progress.decode(qid, before))
            else:
                self.db.execute("DELETE FROM cards WHERE qid = ?", (qid,))

    def rerate(self, review_id: int, rating: int, after: Progress | None) -> None:
        """Change a logged review's rating and the card state it led to, together."""
        with self._writing(), self.transaction():
            self.db.execute("UPDATE reviews SET rating = ? WHERE id = ?", (rating, review_id))
            if after is not None:
                self._write(after)

    def set_setting(self, key: str, value: str) -> None:
        with self._writing(), self.transaction():
            self.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def orphans(self, keep: Iterable[str]) -> dict[str, int]:
        """Cards of questions not in `keep`, each with its number of logged reviews."""
        keep = set(keep)
        counts = dict(self.db.execute("SELECT qid, count(*) FROM reviews GROUP BY qid").fetchall())
        return {qid: int(counts.get(qid, 0)) for qid in sorted(set(self.progress()) - keep)}

    def drop(self, qids: Iterable[str]) -> None:
        """Delete these cards and their reviews, all in one transaction (callers back up first)."""
        with self._writing(), self.transaction():
            for qid in qids:
                self.db.execute("DELETE FROM cards WHERE qid = ?", (qid,))
                self.db.execute("DELETE FROM reviews WHERE qid = ?", (qid,))

    def backup(self, target: Path) -> None:
        """A consistent copy of the whole database (SQLite's online backup), written beside `target`
        and renamed into place, so a half-written backup never exists under its name."""
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                self.db.backup(copy)
            finally:
                copy.close()
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise QuizDbError(f"{target}: cannot write the backup ({exc}); nothing was changed") from None

    def merge(
        self, cards: Iterable[Progress], reviews: Iterable[ReviewRow], settings: dict[str, str]
    ) -> tuple[int, int, int, int]:
        """Add the reviews not logged yet (same question, time and kind = the same review), take each
        card's state where it comes from a later review than ours, and settings we lack; one
        transaction. Returns (reviews added, reviews already present, cards updated, cards kept)."""
        added = present = updated = kept = 0
        with self._writing(), self.transaction():
            seen = set(self.db.execute("SELECT qid, reviewed_at, kind FROM reviews").fetchall())
            for r in sorted(reviews, key=lambda r: r.reviewed_at):
                key = (r.qid, to_iso(r.reviewed_at), r.kind)
                if key in seen:
                    present += 1
                    continue
                seen.add(key)
                self._insert_review(r)
                added += 1
            local = self.progress()
            for card in cards:
                mine = local.get(card.qid)
                newer = mine is None or (
                    card.last_review is not None
                    and (mine.last_review is None or card.last_review > mine.last_review)
                )
                if newer:
                    self._write(card)
                    updated += 1
                else:
                    kept += 1
            for name, value in settings.items():
                self.db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (name, value))
        return added, present, updated, kept

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise QuizDbError(f"{self.path}: cannot save progress ({exc})") from None
