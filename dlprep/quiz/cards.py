"""A card's text as the drill shows it: prompt, lettered choices, what to type, and the feedback.

Plain strings with math turned into Unicode (σ′(x) ≤ ¼); the terminal classes decide on colour.
"""

from __future__ import annotations

from dlprep.instance import Instance
from dlprep.mathtext import to_unicode
from dlprep.numfmt import fmt_num
from dlprep.question import QuestionType
from dlprep.render import LETTERS, answer_text, langs

__all__ = ["answer_hint", "card_text", "explanation_text", "model_answer_text"]

_HINTS = {
    QuestionType.SINGLE: ("一个字母", "one letter"),
    QuestionType.MULTIPLE: ("所有正确选项的字母，如 AC", "every right letter, e.g. AC"),
    QuestionType.TRUEFALSE: ("t（对）或 f（错）", "t (true) or f (false)"),
    QuestionType.NUMERIC: ("一个数，如 32、3.2e1、1/4、25%", "a number: 32, 3.2e1, 1/4, 25%"),
    QuestionType.SHORT: ("简短的词或短语", "a word or short phrase"),
    QuestionType.OPEN: (
        "写下你的答案（可留空），回车查看参考答案",
        "your answer (or nothing), Enter to reveal",
    ),
}


def card_text(instance: Instance, lang: str) -> str:
    """The prompt and the lettered choices, in each language asked for."""
    blocks = []
    for code in langs(lang):
        lines = [to_unicode(instance.prompt.get(code)).strip()]
        lines += [f"  {LETTERS[i]}. {to_unicode(c.text.get(code))}" for i, c in enumerate(instance.choices)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def answer_hint(qtype: QuestionType, lang: str) -> str:
    zh, en = _HINTS[qtype]
    return {"zh": zh, "en": en}.get(lang, f"{en} / {zh}")


def model_answer_text(instance: Instance, lang: str) -> str:
    """The right answer, and for open questions the rubric's key points."""
    code = "zh" if lang == "zh" else "en"
    lines = [answer_text(instance, "both" if instance.question.type is QuestionType.SHORT else code)]
    if instance.question.type is QuestionType.OPEN and lang == "both":
        lines = [answer_text(instance, "zh"), answer_text(instance, "en")]
    for number, point in enumerate(instance.question.rubric, 1):  # numbered: the student ticks them
        for i, c in enumerate(langs(lang)):
            mark = f"{number}." if i == 0 else " " * len(f"{number}.")
            lines.append(f"  {mark} [{fmt_num(point.points)}] {to_unicode(point.text.get(c))}")
    return "\n".join(lines)


def explanation_text(instance: Instance, lang: str) -> str:
    return "\n\n".join(to_unicode(instance.explanation.get(c)).strip() for c in langs(lang))
