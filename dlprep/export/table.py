"""The bank as a CSV table: one row per exported item, for spreadsheets and other tools.

Texts stay in the bank's own notation (LaTeX math between `$`), so nothing is lost and another
program can render them as it likes. Columns that depend on the language come once per language
asked for (`prompt_zh`, `prompt_en`, ...). The writer encodes the text as UTF-8 with a byte-order
mark: without it Excel reads a CSV file in the system's legacy code page and garbles Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from dlprep.export.items import ExportItem
from dlprep.export.markup import check_lang
from dlprep.export.moodle import moodle_number
from dlprep.numfmt import fmt_num
from dlprep.question import QuestionType
from dlprep.render import LETTERS, answer_source, langs

__all__ = ["COMMON_COLUMNS", "LANG_COLUMNS", "columns", "csv_text"]

COMMON_COLUMNS = ("key", "id", "topic", "type", "difficulty", "points", "tags")
LANG_COLUMNS = ("prompt", "choices", "answer", "rubric", "explanation")
_TRAILING_COLUMNS = ("tolerance", "seed", "source")


def columns(lang: str) -> list[str]:
    """The header for `lang`: the common columns, then each language's, then tolerance, seed and source."""
    per_lang = [f"{name}_{code}" for name in LANG_COLUMNS for code in langs(check_lang(lang))]
    return [*COMMON_COLUMNS, *per_lang, *_TRAILING_COLUMNS]


def _answer(item: ExportItem, code: str) -> str:
    """The answer in bank notation; a number in full, since its tolerance has a column of its own."""
    if item.question.type is QuestionType.NUMERIC:
        assert isinstance(item.instance.answer, int | float)
        return moodle_number(item.instance.answer)
    return answer_source(item.instance, code)


def _row(item: ExportItem, lang: str) -> dict[str, str]:
    q, instance = item.question, item.instance
    row = {
        "key": item.key,
        "id": q.id,
        "topic": q.topic,
        "type": q.type.value,
        "difficulty": q.difficulty.value,
        "points": fmt_num(q.points),
        "tags": ", ".join(q.tags),
        "tolerance": "" if instance.tolerance is None else moodle_number(instance.tolerance),
        "seed": str(instance.seed),
        "source": q.source,
    }
    for code in langs(lang):
        row[f"prompt_{code}"] = instance.prompt.get(code)
        row[f"choices_{code}"] = "\n".join(
            f"{LETTERS[i]}. {choice.text.get(code)}" for i, choice in enumerate(instance.choices)
        )
        row[f"answer_{code}"] = _answer(item, code)
        row[f"rubric_{code}"] = "\n".join(f"[{fmt_num(p.points)}] {p.text.get(code)}" for p in q.rubric)
        row[f"explanation_{code}"] = instance.explanation.get(code)
    return row


def csv_text(items: Sequence[ExportItem], *, lang: str) -> str:
    """The items as CSV text (header first, CRLF line ends as RFC 4180 and Excel expect)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(lang))
    writer.writeheader()
    writer.writerows(_row(item, lang) for item in items)
    return buffer.getvalue()
