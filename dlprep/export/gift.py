"""The bank as GIFT, Moodle's plain-text question format, for people who edit before importing.

GIFT cannot carry a question's points, penalty or an essay's grader information, so Moodle XML
is the better import; GIFT is for reading and editing by hand. Every question is written as
`::key::[html]text{answers ####general feedback}`, one question per block, blank lines between.
Each block opens with a `// [id:key] [tag:...]` comment, from which current Moodle reads the
question's ID number and tags (`extract_idnumber_and_tags_from_comment`); older versions skip
it. Categories follow the Moodle XML export: `$CATEGORY: $course$/dlprep/<topic>`, and a
sub-category per parametric question holding its instances. An essay's model answer and rubric
go into its general feedback, since GIFT has no grader information.

Escaping mirrors Moodle's parser, `qformat_gift` in question/format/gift/format.php: before
parsing, `escapedchar_pre()` turns `\\\\` into a backslash and `\\:` `\\#` `\\=` `\\{` `\\}` `\\~`
`\\n` into placeholders for `: # = { } ~` and a newline, so any other backslash (all of LaTeX's)
survives as it is; its exporter's `repchar()` escapes exactly that set, backslash included. We
escape the same set, backslash first, so every text reads back unchanged: `\\frac` is written
`\\\\frac` and `\\{` is written `\\\\\\{`. Moodle's placeholders are `&&NNN;` strings, which cannot
appear in our HTML (every `&` of a text is written `&amp;`), so they never clash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dlprep.export.items import ExportItem, by_category, item_tags
from dlprep.export.markup import bilingual_html, check_lang, rubric_html
from dlprep.export.moodle import category_path, choice_fractions, moodle_number, shortanswer_pattern
from dlprep.numfmt import fmt_num
from dlprep.question import Bilingual, QuestionType, ShortAnswer, Topic

__all__ = ["GIFT_ESCAPES", "gift_escape", "gift_text"]

GIFT_ESCAPES = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:"}
_TABLE = str.maketrans({**GIFT_ESCAPES, "\n": "\\n", "\r": ""})
_FORMAT_NAMES = ("moodle", "html", "plain", "markdown")  # qformat_gift::format_name_to_const


def gift_escape(text: str) -> str:
    """`text` with GIFT's special characters escaped and newlines as `\\n`, as Moodle's `repchar()`."""
    return text.translate(_TABLE)


def _guard(text: str, marker: str) -> str:
    """Moodle reads a leading `[html]` (or another format name) as a format: mark such a text explicitly."""
    return marker + text if any(text.startswith(f"[{name}]") for name in _FORMAT_NAMES) else text


def _html(text: str) -> str:
    """An HTML answer or feedback: a leading `%` would read as a grade (`%50%`), so it becomes an entity."""
    if text.startswith("%"):
        text = "&#37;" + text[1:]
    return _guard(gift_escape(text), "[html]")


def _feedback(item: ExportItem, lang: str) -> str:
    text = bilingual_html(item.instance.explanation, lang)
    if item.question.type is QuestionType.OPEN:
        assert isinstance(item.instance.answer, Bilingual)
        text += f"<hr>{bilingual_html(item.instance.answer, lang)}{rubric_html(item.question.rubric, lang)}"
    return f"\t####{_html(text)}"


def _choice_marks(item: ExportItem) -> list[str]:
    single = item.question.type is QuestionType.SINGLE
    fractions = choice_fractions([c.correct for c in item.instance.choices], single=single)
    if single:
        return ["=" if fraction == 100 else "~" for fraction in fractions]
    return [f"~%{fmt_num(fraction, 5)}%" for fraction in fractions]


def _short(answer: str) -> str:
    pattern = gift_escape(shortanswer_pattern(answer))
    return f"\t=%100%{pattern}" if pattern.startswith("%") else f"\t={_guard(pattern, '[plain]')}"


def _answers(item: ExportItem, lang: str) -> list[str]:
    qtype, instance = item.question.type, item.instance
    if qtype.has_choices:
        return [
            f"\t{mark}{_html(bilingual_html(choice.text, lang))}"
            for mark, choice in zip(_choice_marks(item), instance.choices, strict=True)
        ]
    if qtype is QuestionType.TRUEFALSE:
        return ["\tTRUE" if instance.answer else "\tFALSE"]
    if qtype is QuestionType.NUMERIC:
        assert isinstance(instance.answer, int | float) and instance.tolerance is not None
        return [f"\t#{moodle_number(instance.answer)}:{moodle_number(instance.tolerance)}"]
    if qtype is QuestionType.SHORT:
        assert isinstance(instance.answer, ShortAnswer)
        return [_short(a) for a in instance.answer.accepted(None if lang == "both" else lang)]
    return []


def _comment(item: ExportItem) -> str:
    return "// " + " ".join([f"[id:{item.key}]", *(f"[tag:{tag}]" for tag in item_tags(item.question))])


def _question(item: ExportItem, lang: str) -> str:
    head = f"::{gift_escape(item.key)}::[html]{gift_escape(bilingual_html(item.instance.prompt, lang))}{{"
    return "\n".join([_comment(item), head, *_answers(item, lang), _feedback(item, lang), "}"])


def gift_text(items: Sequence[ExportItem], *, lang: str, topics: Mapping[str, Topic]) -> str:
    """The items as a GIFT file (UTF-8 text).

    Args:
        items: what to export (`export_items`).
        lang: "zh", "en" or "both" (Moodle multilang spans).
        topics: topic id to `Topic`, named in a comment above each topic's category.
    """
    check_lang(lang)
    blocks = [f"// dlprep question bank ({lang}): import into Moodle as GIFT (Question bank > Import)."]
    opened: set[str] = set()
    for topic, sub, members in by_category(items):
        if topic not in opened:
            title = topics[topic].title.en if topic in topics else topic
            blocks.append(f"// {title}\n$CATEGORY: {category_path(topic)}")
            opened.add(topic)
        if sub is not None:
            blocks.append(f"$CATEGORY: {category_path(topic, sub)}")
        blocks += [_question(item, lang) for item in members]
    return "\n\n".join(blocks) + "\n"
