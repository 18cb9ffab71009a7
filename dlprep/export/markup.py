"""Bank text as the HTML that Moodle and Anki display: escaped prose, math left to MathJax.

Both Moodle (its MathJax filter) and Anki (built in) typeset LaTeX between `\\( \\)` and `\\[ \\]`
in the browser, so math spans keep their LaTeX source and only change delimiters; they are
HTML-escaped like the prose (`a<b` must not open a tag) and MathJax reads them back unescaped.
The prose, code and line breaks come from `dlprep.richtext`, shared with the printed sheets.
Every `&` of the text becomes an entity, so the output never contains `&&`, which the GIFT
writer relies on (Moodle's GIFT parser uses `&&NNN;` placeholders internally).

Moodle shows one language of a bilingual text with its "Multi-language content" filter, which
keeps, from a run of adjacent `<span lang="xx" class="multilang">` elements, the one in the
reader's language. Moodle's language code for Simplified Chinese is `zh_cn`, and its language
pack names no parent language, so a span marked `lang="zh"` would never be chosen; we mark the
spans with Moodle's codes (`MOODLE_LANGS`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from dlprep.numfmt import fmt_num
from dlprep.question import Bilingual, RubricPoint
from dlprep.richtext import Notation, render

__all__ = [
    "LANG_CHOICES",
    "MOODLE_LANGS",
    "bilingual_html",
    "check_lang",
    "html_text",
    "rubric_html",
    "stacked_html",
]

LANG_CHOICES = ("zh", "en", "both")
MOODLE_LANGS = {"zh": "zh_cn", "en": "en"}


def check_lang(lang: str) -> str:
    """`lang` when it is zh, en or both; a ValueError naming the choices otherwise."""
    if lang not in LANG_CHOICES:
        raise ValueError(f"unknown language '{lang}' (choose zh, en or both)")
    return lang


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


MATHJAX = Notation(
    text=_escape,
    math=lambda latex: f"\\({_escape(latex)}\\)",
    display_math=lambda latex: f"\\[{_escape(latex)}\\]",
    code=lambda text: f"<code>{_escape(text)}</code>",
    line_break="<br>",
)


def html_text(text: str) -> str:
    """One language of bank text as HTML: `$x$` becomes `\\(x\\)`, `$$x$$` `\\[x\\]`, `\\$` a dollar."""
    return render(text.replace("\r\n", "\n").replace("\r", "\n"), MATHJAX)


def bilingual_html(text: Bilingual, lang: str) -> str:
    """HTML for Moodle: one language, or for "both" Moodle multilang spans (Chinese first).

    A language-neutral text (the same in both languages, such as `ReLU`) is written once.
    """
    if check_lang(lang) != "both":
        return html_text(text.get(lang))
    if text.zh == text.en:
        return html_text(text.zh)
    return "".join(
        f'<span lang="{MOODLE_LANGS[code]}" class="multilang">{html_text(text.get(code))}</span>'
        for code in ("zh", "en")
    )


def stacked_html(text: Bilingual, lang: str) -> str:
    """HTML for a reader without a language filter (Anki): for "both", Chinese above English."""
    if check_lang(lang) != "both":
        return html_text(text.get(lang))
    if text.zh == text.en:
        return html_text(text.zh)
    return f'<span lang="zh">{html_text(text.zh)}</span><br><span lang="en" class="en">{html_text(text.en)}</span>'


def rubric_html(rubric: Sequence[RubricPoint], lang: str, *, stacked: bool = False) -> str:
    """An open question's rubric as a list, each point with its marks: `[2] ...`."""
    render = stacked_html if stacked else bilingual_html
    points = "".join(f"<li>[{fmt_num(point.points)}] {render(point.text, lang)}</li>" for point in rubric)
    return f"<ul>{points}</ul>" if points else ""
