"""Read a typed answer by question type and judge it: pure functions, no I/O.

Parsing is lenient where people differ harmlessly (case, spaces, separators between letters,
`1/4` or `25%` or `3.2e1` for a number, 对/错 or t/f) and strict where a slip would hide a
mistake: a letter that is not a choice, two letters for a single-choice question or text for a
number is *invalid*, and the drill asks again without counting it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from dlprep.instance import Instance
from dlprep.numfmt import fmt_num
from dlprep.question import QuestionType, ShortAnswer
from dlprep.quiz.matching import match_short, normalise_text
from dlprep.render import LETTERS

__all__ = [
    "Checked",
    "InvalidAnswer",
    "check",
    "normalise_text",
    "parse_letters",
    "parse_number",
    "parse_truefalse",
]


class InvalidAnswer(ValueError):
    """The input is not an answer of the expected kind; the message says what is expected, in
    English as str(), in the student's language as `text(lang)` (a key of `quiz.messages`)."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key, self.fields = key, fields
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        from dlprep.quiz.messages import message

        return message(self.key, lang, **self.fields)


@dataclass(frozen=True)
class Checked:
    """The verdict on one typed answer."""

    correct: bool
    given: str  # the answer as understood, for the log and the feedback line
    reason: str = ""  # why it is right or wrong, for `exam check`


_TRUE = {"t", "true", "y", "yes", "对", "是", "正确", "√", "✓", "1"}
_FALSE = {"f", "false", "n", "no", "错", "否", "错误", "×", "✗", "0"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _plain(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), unicode minus as '-', trimmed."""
    return unicodedata.normalize("NFKC", text).replace("−", "-").strip()


def parse_number(text: str) -> float:
    """`32`, `32.0`, `3.2e1`, `-0.5`, `1/4`, `25%` (= 0.25); anything else is invalid."""
    s = _plain(text).replace(" ", "").replace("_", "")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if "/" in s:
        top, _, bottom = s.partition("/")
        if not (_NUMBER.fullmatch(top) and _NUMBER.fullmatch(bottom)):
            raise InvalidAnswer("invalid-number")
        if float(bottom) == 0:
            raise InvalidAnswer("invalid-zero-denominator")
        from fractions import Fraction  # with decimal, 4 ms of the quiz's start: only for a typed fraction

        value = float(Fraction(top) / Fraction(bottom))
    elif _NUMBER.fullmatch(s):
        value = float(s)
    else:
        raise InvalidAnswer("invalid-number")
    if not math.isfinite(value):
        raise InvalidAnswer("invalid-infinite")
    return value / 100 if percent else value


def parse_letters(text: str, count: int, multiple: bool) -> tuple[int, ...]:
    """Choice letters in any order and case, with or without separators (`ac`, `A, C`, `c a`)."""
    s = _plain(text).upper()
    letters = [c for c in s if not (c.isspace() or c in ",;/、，；")]
    valid = LETTERS[:count]
    if not letters or any(c not in valid for c in letters):
        raise InvalidAnswer(
            "invalid-letters" if multiple else "invalid-letter", first=valid[0], last=valid[-1]
        )
    chosen = tuple(sorted({valid.index(c) for c in letters}))
    if not multiple and len(chosen) != 1:
        raise InvalidAnswer("invalid-one-letter", first=valid[0], last=valid[-1])
    return chosen


def parse_truefalse(text: str) -> bool:
    """t/f, true/false, y/n, 对/错 and the like."""
    s = _plain(text).casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise InvalidAnswer("invalid-truefalse")


def check(instance: Instance, text: str, lang: str | None = None) -> Checked:
    """Judge `text` against the instance; raise InvalidAnswer when it is not an answer of its type.

    `lang` limits a short answer to that language's keys (None: either language, as the quiz does).
    """
    qtype = instance.question.type
    if not text.strip():
        raise InvalidAnswer("invalid-empty")
    if qtype.has_choices:
        chosen = parse_letters(text, len(instance.choices), qtype is QuestionType.MULTIPLE)
        given = ", ".join(LETTERS[i] for i in chosen)
        key = ", ".join(LETTERS[i] for i in instance.correct_choices)
        right = chosen == instance.correct_choices
        return Checked(right, given, f"read as {given}; the key is {key}")
    if qtype is QuestionType.TRUEFALSE:
        said = parse_truefalse(text)
        key = "true" if instance.answer else "false"
        return Checked(
            said == instance.answer, "true" if said else "false", f"read as {said}; the key is {key}".lower()
        )
    if qtype is QuestionType.NUMERIC:
        value = parse_number(text)
        answer = instance.answer
        assert isinstance(answer, int | float) and instance.tolerance is not None
        # a hair of slack for answers stored with rounding (1/3 typed as 0.333333 against 1e-6)
        slack = instance.tolerance + 1e-9 * max(1.0, abs(answer))
        right = abs(value - answer) <= slack
        within = "within" if right else "not within"
        reason = (
            f"read as {value:g}, {within} {fmt_num(instance.tolerance, 6)} of the answer"
            f" {fmt_num(float(answer), 6)} (off by {fmt_num(abs(value - answer), 6)})"
        )
        return Checked(right, f"{value:g}", reason)
    if qtype is QuestionType.SHORT:
        answer = instance.answer
        assert isinstance(answer, ShortAnswer)
        context = " ".join([instance.prompt.zh, instance.prompt.en, *answer.accepted()])
        match = match_short(text, answer.accepted(lang), answer.unordered(lang), context)
        return Checked(match.accepted, normalise_text(text), match.reason)
    raise InvalidAnswer("invalid-open")
