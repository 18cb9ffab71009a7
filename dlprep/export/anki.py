"""The bank as an Anki package (.apkg), built with genanki, for reviewing on any device.

Anki recognises what it imported before by ids, so every id here is fixed: one note type
(`MODEL_ID`), one deck per topic, `dlprep::<topic>`, whose id is a hash of the topic id, and
each note's GUID is `genanki.guid_for(key)`. Importing the package again after the bank changed
therefore updates the notes in place (Anki keeps their review history) instead of adding
copies; Anki updates a note when the package's copy is newer, so notes carry the export time.
A parametric question becomes its fixed instances, one note each (`<id>~<k>`).

Cards show the prompt and the lettered choices on the front; the back adds the answer, the
model answer and rubric of an open question, and the explanation. Anki typesets the `\\( \\)`
math with its built-in MathJax. Tags are the topic, the question's tags and its difficulty.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dlprep.export.items import ExportItem, item_tags
from dlprep.export.markup import check_lang, html_text, rubric_html, stacked_html
from dlprep.question import Bilingual, QuestionType, ShortAnswer, Topic
from dlprep.render import LETTERS, answer_text

__all__ = ["DECK_ROOT", "FIELDS", "MODEL_ID", "MODEL_NAME", "deck_id", "note_fields", "write_apkg"]

MODEL_ID = 1_607_394_811
MODEL_NAME = "dlprep question"
DECK_ROOT = "dlprep"
FIELDS = ("Front", "Back", "Id", "Topic")

_CSS = """\
.card { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
        font-size: 20px; text-align: left; color: black; background-color: white; }
.en { color: #555; }
.choices { list-style: none; padding-left: 0; }
.answer { font-weight: bold; }
.explanation { margin-top: 1em; }
.id { margin-top: 2em; font-size: 12px; color: #999; }
code { font-family: monospace; }
"""
_BACK = '{{FrontSide}}\n<hr id="answer">\n{{Back}}\n<div class="id">{{Id}} · {{Topic}}</div>'
_LABELS = {
    "zh": ("答案", "解析"),
    "en": ("Answer", "Explanation"),
    "both": ("答案 / Answer", "解析 / Explanation"),
}
_TRUEFALSE_HINT = Bilingual("对还是错？", "True or false?")


def deck_id(topic: str) -> int:
    """A topic's deck id: stable across exports, in the range genanki recommends (2^30 to 2^31)."""
    digest = hashlib.sha256(f"{DECK_ROOT}::{topic}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _model() -> Any:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": _BACK}],
        css=_CSS,
    )


def _front(item: ExportItem, lang: str) -> str:
    instance = item.instance
    parts = [f'<div class="prompt">{stacked_html(instance.prompt, lang)}</div>']
    if instance.choices:
        rows = "".join(
            f"<li><b>{LETTERS[i]}.</b> {stacked_html(choice.text, lang)}</li>"
            for i, choice in enumerate(instance.choices)
        )
        parts.append(f'<ol class="choices">{rows}</ol>')
    if item.question.type is QuestionType.TRUEFALSE:
        parts.append(f"<p>{stacked_html(_TRUEFALSE_HINT, lang)}</p>")
    return "".join(parts)


def _answer_html(item: ExportItem, lang: str) -> str:
    instance, qtype = item.instance, item.question.type
    if qtype.has_choices:
        return "<br>".join(
            f"{LETTERS[i]}. {stacked_html(instance.choices[i].text, lang)}" for i in instance.correct_choices
        )
    if qtype is QuestionType.TRUEFALSE:
        return " / ".join(
            answer_text(instance, code) for code in (("zh", "en") if lang == "both" else (lang,))
        )
    if isinstance(instance.answer, ShortAnswer):
        accepted = instance.answer.accepted(None if lang == "both" else lang)
        return " | ".join(f"<code>{html.escape(a, quote=False)}</code>" for a in accepted)
    if isinstance(instance.answer, Bilingual):
        return stacked_html(instance.answer, lang) + rubric_html(item.question.rubric, lang, stacked=True)
    return html_text(answer_text(instance, "en"))


def note_fields(item: ExportItem, lang: str, topics: Mapping[str, Topic]) -> list[str]:
    """The note's fields (`FIELDS`): front, back, key and topic title, as HTML."""
    answer_label, explanation_label = _LABELS[check_lang(lang)]
    back = (
        f'<div class="answer">{answer_label}: {_answer_html(item, lang)}</div>'
        f'<div class="explanation">{explanation_label}: {stacked_html(item.instance.explanation, lang)}</div>'
    )
    topic = item.question.topic
    title = stacked_html(topics[topic].title, lang) if topic in topics else html_text(topic)
    return [_front(item, lang), back, html_text(item.key), title]


def _plain_title(title: Bilingual, lang: str) -> str:
    return f"{title.zh} / {title.en}" if lang == "both" else title.get(lang)


def _decks(items: Sequence[ExportItem], lang: str, topics: Mapping[str, Topic]) -> list[Any]:
    import genanki

    model = _model()
    decks: dict[str, Any] = {}
    for item in items:
        topic = item.question.topic
        if topic not in decks:
            description = _plain_title(topics[topic].title, lang) if topic in topics else topic
            decks[topic] = genanki.Deck(deck_id(topic), f"{DECK_ROOT}::{topic}", description)
        decks[topic].add_note(
            genanki.Note(
                model=model,
                fields=note_fields(item, lang, topics),
                tags=list(item_tags(item.question)),
                guid=genanki.guid_for(item.key),
            )
        )
    return list(decks.values())


def write_apkg(
    items: Sequence[ExportItem],
    path: Path,
    *,
    lang: str,
    topics: Mapping[str, Topic],
    timestamp: float | None = None,
) -> None:
    """Write the items to `path` as an Anki package.

    Args:
        items: what to export (`export_items`).
        path: the .apkg file to write.
        lang: "zh", "en" or "both" (Chinese above English).
        topics: topic id to `Topic`, for deck descriptions and the Topic field.
        timestamp: the notes' modification time (default: now); Anki updates an imported note
            only from a newer one.
    """
    import genanki

    check_lang(lang)
    stamp = time.time() if timestamp is None else timestamp
    package = genanki.Package(_decks(items, lang, topics))
    # genanki's own write_to_file leaves its temporary database behind; this is the same, cleaned up.
    with tempfile.TemporaryDirectory(prefix="dlprep-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        with contextlib.closing(sqlite3.connect(database)) as connection:
            package.write_to_db(connection.cursor(), stamp, itertools.count(int(stamp * 1000)))
            connection.commit()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
