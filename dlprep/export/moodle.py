"""The bank as Moodle XML, the format Moodle's question bank imports with every setting kept.

Layout (Moodle's qformat_xml, question/format/xml/format.php): a `<quiz>` of `<question>`
elements, where a `type="category"` element switches the category of those after it. Topics go
to `$course$/dlprep/<topic>` (Moodle 3.5 and later put that under the course's "top" category by
itself); the instances of a parametric question get their own sub-category
`$course$/dlprep/<topic>/<question id>`, so a quiz can add "a random question" from it and give
each student other numbers. Each question's `<idnumber>` is its export key, unique per import.

Texts are HTML in CDATA. Math is `\\( \\)` for Moodle's MathJax filter (on by default). With
`lang="both"` every text carries both languages as multilang spans, which needs the
"Multi-language content" filter enabled (Site administration > Plugins > Filters); without it
students see both languages one after the other. Grades follow Moodle's rules: a single-answer
question gives 100% to its answer; a multiple-answer one splits +100% over the right choices and
-100% over the wrong ones, always fractions from Moodle's fixed list (`question_bank::
fraction_options_full`: 100/n for n = 1..10, 90, 80, 75, 70, 66.67, 60, 40, 30, 5%, and their
negatives), with 5 decimals as Moodle writes them, which its import matches to within 1e-5.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from dlprep.export.items import ExportItem, by_category, item_tags
from dlprep.export.markup import bilingual_html, check_lang, html_text, rubric_html
from dlprep.numfmt import fmt_num
from dlprep.question import Bilingual, QuestionType, ShortAnswer, Topic

__all__ = [
    "CATEGORY_ROOT",
    "MOODLE_FRACTIONS",
    "category_path",
    "choice_fractions",
    "moodle_number",
    "moodle_xml",
    "shortanswer_pattern",
]

CATEGORY_ROOT = "$course$/dlprep"

# question_bank::ensure_fraction_options_initialised(), lib/questionlib.php
_RAW_FRACTIONS: tuple[float, ...] = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)  # fmt: skip
MOODLE_FRACTIONS = tuple(sorted({round(s * f * 100, 5) for f in _RAW_FRACTIONS for s in (1, -1)} | {0.0}))
"""Every grade (in percent) Moodle accepts for an answer."""

_PENALTY = {QuestionType.TRUEFALSE: "1", QuestionType.OPEN: "0"}
_DEFAULT_PENALTY = "0.3333333"  # Moodle's default penalty for each wrong try
_QTYPE = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUEFALSE: "truefalse",
    QuestionType.NUMERIC: "numerical",
    QuestionType.SHORT: "shortanswer",
    QuestionType.OPEN: "essay",
}


def moodle_number(value: float) -> str:
    """A number as plain decimal digits (no exponent), exactly as Python's repr rounds it."""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _percent(fraction: float) -> str:
    return fmt_num(round(fraction, 5), 5)


def choice_fractions(correct: Sequence[bool], *, single: bool) -> list[float]:
    """Moodle grades (percent) per choice: 100/0 for single, +100/n right and -100/m wrong for multiple."""
    if single:
        return [100.0 if c else 0.0 for c in correct]
    right, wrong = sum(correct), len(correct) - sum(correct)
    return [round(100 / right, 5) if c else round(-100 / wrong, 5) for c in correct]


def shortanswer_pattern(answer: str) -> str:
    """An accepted answer as a Moodle short-answer pattern, where `*` is a wildcard unless escaped."""
    return answer.replace("*", "\\*")


def category_path(topic: str, qid: str | None = None) -> str:
    return f"{CATEGORY_ROOT}/{topic}" + (f"/{qid}" if qid else "")


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(text: str, *, html: bool = True) -> str:
    return f"<text>{_cdata(text) if html and text else escape(text)}</text>"


def _html_field(tag: str, text: str, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="html">{_text(text)}</{tag}>'


def _category(path: str, info: str) -> list[str]:
    return [
        '  <question type="category">',
        f"    <category>{_text(path, html=False)}</category>",
        _html_field("info", info),
        "  </question>",
    ]


def _answer(fraction: float | str, text: str, *, html: bool, extra: str = "") -> str:
    fmt = ' format="html"' if html else ""
    fraction_text = fraction if isinstance(fraction, str) else _percent(fraction)
    return (
        f'    <answer fraction="{fraction_text}"{fmt}>{_text(text, html=html)}{extra}'
        f'<feedback format="html"><text></text></feedback></answer>'
    )


def _type_body(item: ExportItem, lang: str) -> list[str]:
    qtype, instance = item.question.type, item.instance
    if qtype.has_choices:
        single = qtype is QuestionType.SINGLE
        fractions = choice_fractions([c.correct for c in instance.choices], single=single)
        lines = [
            f"    <single>{'true' if single else 'false'}</single>",
            "    <shuffleanswers>1</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
        ]
        if not single:
            lines.append("    <shownumcorrect/>")
        lines += [
            _answer(f, bilingual_html(c.text, lang), html=True)
            for f, c in zip(fractions, instance.choices, strict=True)
        ]
        return lines
    if qtype is QuestionType.TRUEFALSE:
        return [
            _answer(100.0 if instance.answer else 0.0, "true", html=False),
            _answer(0.0 if instance.answer else 100.0, "false", html=False),
        ]
    if qtype is QuestionType.NUMERIC:
        assert isinstance(instance.answer, int | float) and instance.tolerance is not None
        tolerance = f"<tolerance>{moodle_number(instance.tolerance)}</tolerance>"
        return [_answer(100.0, moodle_number(instance.answer), html=False, extra=tolerance)]
    if qtype is QuestionType.SHORT:
        assert isinstance(instance.answer, ShortAnswer)
        accepted = instance.answer.accepted(None if lang == "both" else lang)
        return ["    <usecase>0</usecase>"] + [
            _answer(100.0, shortanswer_pattern(a), html=False) for a in accepted
        ]
    assert isinstance(instance.answer, Bilingual)
    grader = bilingual_html(instance.answer, lang) + rubric_html(item.question.rubric, lang)
    return [
        "    <responseformat>editor</responseformat>",
        "    <responserequired>1</responserequired>",
        "    <responsefieldlines>15</responsefieldlines>",
        "    <attachments>0</attachments>",
        "    <attachmentsrequired>0</attachmentsrequired>",
        _html_field("graderinfo", grader),
        _html_field("responsetemplate", ""),
    ]


def _question(item: ExportItem, lang: str) -> list[str]:
    q = item.question
    tags = "".join(f"<tag>{_text(tag, html=False)}</tag>" for tag in item_tags(q))
    return [
        f'  <question type="{_QTYPE[q.type]}">',
        f"    <name>{_text(item.key, html=False)}</name>",
        _html_field("questiontext", bilingual_html(item.instance.prompt, lang)),
        _html_field("generalfeedback", bilingual_html(item.instance.explanation, lang)),
        f"    <defaultgrade>{moodle_number(q.points)}</defaultgrade>",
        f"    <penalty>{_PENALTY.get(q.type, _DEFAULT_PENALTY)}</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{escape(item.key)}</idnumber>",
        *_type_body(item, lang),
        f"    <tags>{tags}</tags>",
        "  </question>",
    ]


def _title(topic: str, topics: Mapping[str, Topic], lang: str) -> str:
    return bilingual_html(topics[topic].title, lang) if topic in topics else html_text(topic)


def moodle_xml(items: Sequence[ExportItem], *, lang: str, topics: Mapping[str, Topic]) -> str:
    """The items as a Moodle XML `<quiz>` document.

    Args:
        items: what to export (`export_items`).
        lang: "zh", "en" or "both" (multilang spans).
        topics: topic id to `Topic`, for the categories' descriptions.
    """
    check_lang(lang)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    lines += _category(CATEGORY_ROOT, "dlprep question bank / 深度学习题库")
    opened: set[str] = set()
    for topic, sub, members in by_category(items):
        if topic not in opened:
            lines += _category(category_path(topic), _title(topic, topics, lang))
            opened.add(topic)
        if sub is not None:
            info = f"{len(members)} instances of {escape(sub)}: add a random question from this category"
            lines += _category(category_path(topic, sub), info)
        for item in members:
            lines += _question(item, lang)
    lines.append("</quiz>")
    return "\n".join(lines) + "\n"
