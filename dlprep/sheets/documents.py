"""Render a variant's question sheet and answer key from the Jinja2 templates, as Typst or HTML.

The layout is written once (`templates/sheet.j2`, `templates/key.j2`) and calls macros that each
format defines (`templates/<format>/macros.j2`): a header, a question with its points, choice
boxes, an answer line, lined space. Every value a template prints must come out of a filter that
escapes it for the format (`rich` for bank text, `s` for plain text); printing a bare string is
an error, so no question text can ever be read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dlprep.numfmt import fmt_num
from dlprep.question import Bilingual, QuestionType
from dlprep.render import LETTERS, answer_source, langs
from dlprep.sheets.spec import ExamSpec
from dlprep.sheets.variant import Variant

__all__ = ["SheetFormat", "LABELS", "answer_lines", "key_answer_texts", "render_sheet", "render_key"]

TEMPLATES = Path(__file__).with_name("templates")


class SheetFormat(StrEnum):
    TYPST = "typst"
    HTML = "html"


LABELS = {
    "name": Bilingual("姓名", "Name"),
    "student_id": Bilingual("学号", "Student ID"),
    "variant": Bilingual("试卷代码", "Variant"),
    "date": Bilingual("日期", "Date"),
    "duration": Bilingual("考试时长", "Duration"),
    "total": Bilingual("总分", "Total"),
    "points": Bilingual("分", "pts"),
    "point": Bilingual("分", "pt"),
    "answer": Bilingual("答案", "Answer"),
    "key": Bilingual("答案与评分标准", "Answer key"),
    "explanation": Bilingual("解析", "Explanation"),
    "rubric": Bilingual("评分要点", "Rubric"),
    "true": Bilingual("对", "True"),
    "false": Bilingual("错", "False"),
    "page": Bilingual("页", "Page"),
    "question": Bilingual("题号", "Question"),
    "summary": Bilingual("答案一览", "Answers at a glance"),
    "confidential": Bilingual("教师用，勿发给学生", "For graders only"),
}


def _label(key: str, codes: tuple[str, ...]) -> str:
    return " / ".join(LABELS[key].get(code) for code in codes)


def answer_lines(points: float) -> int:
    """Lines of writing space for an open question: more points, more room (4 to 14)."""
    return max(4, min(14, round(points * 0.8)))


def key_answer_texts(instance: Any, codes: tuple[str, ...]) -> list[str]:
    """The answer in each language shown, once when the languages agree (letters, numbers)."""
    return list(dict.fromkeys(answer_source(instance, code) for code in codes))


def rubric_points(item: Any) -> list[tuple[Any, float]]:
    """The rubric of an item with its points scaled to what the item is worth on this exam, so a
    question the spec makes worth 10 shows rubric points adding up to 10, not the bank's 4."""
    rubric = item.instance.question.rubric
    total = sum(point.points for point in rubric)
    if not rubric or total <= 0:
        return []
    factor = item.points / total
    return [(point, round(point.points * factor, 2)) for point in rubric]


def _pts(points: float, codes: tuple[str, ...]) -> str:
    unit = "point" if points == 1 and codes[-1] == "en" else "points"
    return f"{fmt_num(points)} {_label(unit, (codes[-1],))}"


def _strict(value: Any) -> Any:
    """Jinja's finalize hook: only escaped markup and numbers may reach the page."""
    if isinstance(value, Markup | int) and not isinstance(value, bool):
        return value
    raise TypeError(f"template printed an unescaped {type(value).__name__}: {value!r:.60}")


@lru_cache(maxsize=2)
def _environment(fmt: SheetFormat) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # macro results come back as Markup; _strict refuses anything else
        finalize=_strict,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    rich: Callable[[str], str]
    plain: Callable[[str], str]
    if fmt is SheetFormat.TYPST:
        from dlprep.sheets.typst_markup import typst_rich, typst_string

        rich, plain = typst_rich, lambda text: f"#{typst_string(text)};"
        env.filters["lit"] = lambda text: Markup(typst_string(str(text)))
    else:
        from dlprep.sheets.html_markup import css_string, html_rich, html_string

        rich, plain = html_rich, html_string
        env.filters["css"] = lambda text: Markup(css_string(str(text)))
    env.filters["rich"] = lambda text: Markup(rich(text))
    env.filters["s"] = lambda text: Markup(plain(str(text)))
    env.globals["letters"] = LETTERS
    env.globals["QuestionType"] = QuestionType
    return env


def _context(spec: ExamSpec, variant: Variant, lang: str, font: str | None) -> dict[str, Any]:
    codes = langs(lang)
    return {
        "spec": spec,
        "variant": variant,
        "langs": codes,
        "lang": codes[0],
        "font": font or "",
        "label": lambda key: _label(key, codes),
        "pts": lambda points: _pts(points, codes),
        "num": fmt_num,
        "answer_lines": answer_lines,
        "rubric_points": rubric_points,
        "key_answer_texts": lambda instance: key_answer_texts(instance, codes),
        "bi": lambda text: " / ".join(dict.fromkeys(text.get(code) for code in codes if text.get(code))),
    }


def _render(template: str, fmt: SheetFormat, context: dict[str, Any]) -> str:
    context["macros"] = f"{fmt.value}/macros.j2"
    return _environment(fmt).get_template(template).render(context)


def render_sheet(
    spec: ExamSpec, variant: Variant, lang: str, fmt: SheetFormat, font: str | None = None
) -> str:
    """The question sheet a student gets, as Typst or HTML source."""
    return _render("sheet.j2", fmt, _context(spec, variant, lang, font))


def render_key(spec: ExamSpec, variant: Variant, lang: str, fmt: SheetFormat, font: str | None = None) -> str:
    """The answer key of one variant: answers, worked explanations and rubric points."""
    return _render("key.j2", fmt, _context(spec, variant, lang, font))
