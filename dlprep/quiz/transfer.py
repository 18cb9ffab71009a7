"""Progress and review history as one JSON file, to move machines or keep a copy.

`export_progress` writes everything the database holds; `import_progress` merges a file into a
database in one transaction: a review already present (same question, time and kind) is skipped, so
importing the same file twice, or the files of two machines, never duplicates a review; a card
takes the imported state only when that state comes from a later review than the local one. A
file that is not ours, or is damaged, is refused with one line naming the place; nothing is
written then.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dlprep.atomic import write_atomic
from dlprep.errors import DlprepError
from dlprep.quiz.store import Progress, ReviewRow, Store, from_iso, to_iso

__all__ = ["FORMAT", "ImportSummary", "TransferError", "export_progress", "import_progress", "read_export"]

FORMAT = "dlprep-quiz-progress"
VERSION = 1
MAX_BYTES = 512 << 20  # far above years of reviews (~200 bytes each); a bigger file is not ours


class TransferError(DlprepError):
    """An export file that cannot be read or imported; the message names the file and the place."""

    exit_code = 2


@dataclass(frozen=True)
class ImportSummary:
    reviews_added: int
    reviews_present: int
    cards_updated: int
    cards_kept: int


def _card_json(p: Progress) -> dict[str, Any]:
    return {
        "qid": p.qid,
        "state": p.state,
        "step": p.step,
        "stability": p.stability,
        "difficulty": p.difficulty,
        "due": to_iso(p.due),
        "last_review": to_iso(p.last_review) if p.last_review else None,
        "reps": p.reps,
        "lapses": p.lapses,
        "leech": p.leech,
    }


def _review_json(r: ReviewRow) -> dict[str, Any]:
    return {
        "qid": r.qid,
        "reviewed_at": to_iso(r.reviewed_at),
        "rating": r.rating,
        "answer": r.answer,
        "correct": r.correct,
        "duration_ms": r.duration_ms,
        "seed": r.seed,
        "kind": r.kind,
        "before": json.loads(r.before.encode()) if r.before else None,
    }


def export_document(store: Store, now: datetime | None = None) -> dict[str, Any]:
    settings = dict(store.db.execute("SELECT key, value FROM settings ORDER BY key").fetchall())
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": to_iso(now or datetime.now(UTC)),
        "source": str(store.path),
        "settings": settings,
        "cards": [_card_json(p) for _, p in sorted(store.progress().items())],
        "reviews": [_review_json(r) for r in store.reviews(kind=None)],
    }


def export_progress(store: Store, out: Path | None) -> str:
    """The export as text; with `out`, also written there atomically (temporary file, then rename)."""
    text = json.dumps(export_document(store), ensure_ascii=False, indent=1) + "\n"
    if out is not None:
        folder = out.parent if str(out.parent) else Path(".")
        if not folder.is_dir():
            raise TransferError(f"{out}: the folder {folder} does not exist")
        try:
            write_atomic(out, text, durable=True)
        except OSError as exc:
            raise TransferError(f"{out}: cannot write ({exc.strerror})") from None
    return text


# ---------------------------------------------------------------------- reading


def _need(
    record: dict[str, Any], key: str, kinds: tuple[type, ...], where: str, optional: bool = False
) -> Any:
    if key not in record:
        raise TransferError(f"{where}: missing '{key}'")
    value = record[key]
    if value is None and optional:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise TransferError(f"{where}: '{key}' should be {kinds[0].__name__}, not {value!r}")
    if not isinstance(value, kinds) or (isinstance(value, float) and not math.isfinite(value)):
        raise TransferError(f"{where}: '{key}' should be {kinds[0].__name__}, not {str(value)[:40]!r}")
    return value


def _moment(record: dict[str, Any], key: str, where: str, optional: bool = False) -> datetime | None:
    text = _need(record, key, (str,), where, optional)
    if text is None:
        return None
    try:
        moment = from_iso(text)
    except ValueError:
        raise TransferError(f"{where}: '{key}' is not an ISO time ({text[:40]!r})") from None
    if moment.tzinfo is None:
        raise TransferError(f"{where}: '{key}' has no time zone ({text[:40]!r})")
    return moment


def _progress(record: Any, where: str, qid: str | None = None) -> Progress:
    if not isinstance(record, dict):
        raise TransferError(f"{where}: a card should be an object")
    number = (int, float)
    return Progress(
        qid if qid is not None else _need(record, "qid", (str,), where),
        _need(record, "state", (int,), where),
        _need(record, "step", (int,), where, optional=True),
        _need(record, "stability", number, where, optional=True),
        _need(record, "difficulty", number, where, optional=True),
        _moment(record, "due", where),  # type: ignore[arg-type]
        _moment(record, "last_review", where, optional=True),
        _need(record, "reps", (int,), where),
        _need(record, "lapses", (int,), where),
        _need(record, "leech", (bool,), where),
    )


def _before(value: Any, qid: str, where: str) -> Progress | None:
    if value is None:
        return None
    try:
        return Progress.decode(qid, json.dumps(value))
    except (ValueError, TypeError):
        raise TransferError(f"{where}: 'before' is not a card state") from None


def _review(record: Any, where: str) -> ReviewRow:
    if not isinstance(record, dict):
        raise TransferError(f"{where}: a review should be an object")
    qid = _need(record, "qid", (str,), where)
    rating = _need(record, "rating", (int,), where)
    if rating not in (1, 2, 3, 4):
        raise TransferError(f"{where}: 'rating' should be 1 to 4, not {rating}")
    kind = _need(record, "kind", (str,), where)
    if kind not in ("scheduled", "cram"):
        raise TransferError(f"{where}: 'kind' should be scheduled or cram, not {kind[:20]!r}")
    return ReviewRow(
        qid,
        _moment(record, "reviewed_at", where),  # type: ignore[arg-type]
        rating,
        _need(record, "answer", (str,), where),
        _need(record, "correct", (bool,), where, optional=True),
        _need(record, "duration_ms", (int,), where),
        _need(record, "seed", (int,), where, optional=True),
        kind,
        _before(record.get("before"), qid, where),
    )


def read_export(path: Path) -> tuple[list[Progress], list[ReviewRow], dict[str, str]]:
    """Parse and check an export file completely before anything is written."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TransferError(f"{path}: {size} bytes is too large for a progress export")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TransferError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise TransferError(f"{path}: not UTF-8 text (byte {exc.start}); is it a quiz export?") from None
    except OSError as exc:
        raise TransferError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TransferError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise TransferError(f"{path}: not a quiz export (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f'{path}: not a quiz export (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise TransferError(f"{path}: export version {data.get('version')!r}; this dlprep reads {VERSION}")
    cards, reviews, settings = data.get("cards"), data.get("reviews"), data.get("settings", {})
    if not isinstance(cards, list) or not isinstance(reviews, list) or not isinstance(settings, dict):
        raise TransferError(f"{path}: 'cards' and 'reviews' should be lists, 'settings' an object")
    parsed_cards = [_progress(c, f"{path}: cards[{i}]") for i, c in enumerate(cards)]
    parsed_reviews = [_review(r, f"{path}: reviews[{i}]") for i, r in enumerate(reviews)]
    clean = {str(k): str(v) for k, v in settings.items() if isinstance(v, str)}
    return parsed_cards, parsed_reviews, clean


def import_progress(store: Store, path: Path) -> ImportSummary:
    """Merge an export into `store`, all in one transaction (see the module docstring)."""
    cards, reviews, settings = read_export(path)
    added, present, updated, kept = store.merge(cards, reviews, settings)
    return ImportSummary(added, present, updated, kept)
