"""`export_bank`: draw the export items, render one format and write the file atomically.

The file is written to a temporary file in the destination folder and renamed over the target
only once complete (`os.replace` is atomic within one file system), so an interrupted or failed
export leaves the previous file as it was and no half-written file for an LMS to choke on.
Problems with the destination are reported before any work, as one line naming the path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from dlprep.bank import Bank
from dlprep.errors import DlprepError
from dlprep.export.items import ExportItem, export_items
from dlprep.export.markup import LANG_CHOICES
from dlprep.question import Question, Topic

__all__ = ["ExportError", "ExportFormat", "export_bank"]


class ExportError(DlprepError):
    """An export cannot be written as asked (bad destination, format, language or count)."""

    exit_code = 2


class ExportFormat(StrEnum):
    MOODLE = "moodle"
    GIFT = "gift"
    APKG = "apkg"
    CSV = "csv"

    @property
    def suffix(self) -> str:
        """The usual file extension."""
        return {"moodle": ".xml", "gift": ".txt", "apkg": ".apkg", "csv": ".csv"}[self.value]


def _format(fmt: ExportFormat | str) -> ExportFormat:
    try:
        return ExportFormat(fmt)
    except ValueError:
        choices = ", ".join(f.value for f in ExportFormat)
        raise ExportError(f"unknown export format '{fmt}' (choose {choices})") from None


def _check_options(lang: str, instances: int) -> None:
    if lang not in LANG_CHOICES:
        raise ExportError(f"unknown language '{lang}' (choose {', '.join(LANG_CHOICES)})")
    if instances < 1:
        raise ExportError(f"--instances must be at least 1, not {instances}")


def _check_destination(out: Path) -> None:
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; give the file to write, e.g. {out / 'bank'}")
    if not out.parent.is_dir():
        what = "is not a folder" if out.parent.exists() else "does not exist"
        raise ExportError(f"{out}: cannot write there: the folder {out.parent} {what}")
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise ExportError(f"{out}: cannot write there: no permission to write in {out.parent}")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _render(
    fmt: ExportFormat, items: Sequence[ExportItem], path: Path, lang: str, topics: Mapping[str, Topic]
) -> None:
    """Write the rendered items to `path` (a fresh temporary file)."""
    if fmt is ExportFormat.APKG:
        from dlprep.export.anki import write_apkg  # genanki loads only for this format

        write_apkg(items, path, lang=lang, topics=topics)
    elif fmt is ExportFormat.CSV:
        from dlprep.export.table import csv_text

        path.write_bytes(csv_text(items, lang=lang).encode("utf-8-sig"))
    elif fmt is ExportFormat.GIFT:
        from dlprep.export.gift import gift_text

        path.write_bytes(gift_text(items, lang=lang, topics=topics).encode("utf-8"))
    else:
        from dlprep.export.moodle import moodle_xml

        path.write_bytes(moodle_xml(items, lang=lang, topics=topics).encode("utf-8"))


def export_bank(
    source: Bank | Sequence[Question],
    *,
    fmt: ExportFormat | str,
    out: Path,
    lang: str = "both",
    instances: int = 5,
    seed: int = 0,
    topics: Mapping[str, Topic] | None = None,
) -> int:
    """Export questions to `out` in format `fmt`; return how many questions the file holds.

    Args:
        source: a loaded bank (every question, in bank order) or a selection of its questions.
        fmt: moodle (Moodle XML), gift, apkg (Anki) or csv.
        out: the file to write; its folder must exist. An existing file is replaced.
        lang: zh, en or both.
        instances: instances per parametric question (distinct ones; fewer if it has fewer).
        seed: the export seed: the same seed gives the same instances.
        topics: topic titles when `source` is a list of questions (a bank brings its own).

    Raises:
        ExportError: an unknown format or language, instances below 1, or a destination that
            is a folder, is in a missing folder, or cannot be written.
        GeneratorError: a parametric question cannot be drawn.
    """
    chosen_format = _format(fmt)
    _check_options(lang, instances)
    out = Path(out)
    _check_destination(out)
    if isinstance(source, Bank):
        questions: Sequence[Question] = list(source.questions.values())
        topics = source.topics if topics is None else topics
    else:
        questions = source
    items = export_items(questions, instances=instances, seed=seed)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write there ({exc.strerror})") from None
    os.close(handle)
    temporary = Path(name)
    try:
        _render(chosen_format, items, temporary, lang, topics or {})
        temporary.chmod(0o666 & ~_umask())
        os.replace(temporary, out)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write ({exc.strerror or exc})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return len(items)
