"""Item-writing rules as lint warnings, each at the file:line of the text that breaks it.

A warning leaves the question usable (unlike a lint error) but tells the author what a
test-wise student or a shuffled sheet would make of it. Per question: `long-key`,
`positional-reference`, `cross-question`, `note-citation`; across the bank: `duplicate-instance`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from dlprep.errors import GeneratorError
from dlprep.problem import Problem
from dlprep.quality import wording
from dlprep.quality.measures import length
from dlprep.question import LANGS, GeneratorSpec, Question, QuestionType

if TYPE_CHECKING:
    from dlprep.yamlsource import Pos

__all__ = ["RULES", "duplicate_instances", "fixed_instance", "long_key", "question_warnings"]

RULES = ("long-key", "positional-reference", "cross-question", "note-citation", "duplicate-instance")
LONG_KEY_RATIO = 1.5
LONG_KEY_MARGIN = {"en": 12, "zh": 6}  # characters longer than the longest distractor
_SEEDS_FOR_FIXED = 4


def long_key(correct: str, distractors: Iterable[str], lang: str) -> tuple[int, int] | None:
    """(key length, longest distractor length) when the key stands out by length, else None."""
    longest = max((length(d) for d in distractors), default=0)
    key = length(correct)
    if longest and key >= LONG_KEY_RATIO * longest and key - longest >= LONG_KEY_MARGIN[lang]:
        return key, longest
    return None


def _texts(question: Question) -> Iterator[tuple[str, str]]:
    """(label as lint names it, text) for every text the rules read; a language-neutral choice
    (the same text in both languages) is read once, under its bare label."""
    for label, text in (("prompt", question.prompt), ("explanation", question.explanation)):
        yield from ((f"{label}.{lang}", text.get(lang)) for lang in LANGS)
    for index, choice in enumerate(question.choices, start=1):
        if choice.text.zh == choice.text.en:
            yield f"choice {index}", choice.text.zh
        else:
            yield from ((f"choice {index}.{lang}", choice.text.get(lang)) for lang in LANGS)


def _hint(rule: str, phrases: list[str]) -> str:
    quoted = ", ".join(f"'{p}'" for p in phrases)
    if rule == "positional-reference":
        term = any(p.endswith("项") and "选项" not in p for p in phrases)
        return (
            f"points at a choice by position ({quoted}): choices are shuffled in every quiz, exam"
            " variant and export, so name the choice by what it says"
            + (" (a term of a formula is '…的第一项')" if term else "")
        )
    if rule == "cross-question":
        return (
            f"leans on another question ({quoted}), which may not be on the same sheet or in the same"
            " session: make this question self-contained"
        )
    return (
        f"cites the course notes by number ({quoted}), which students without those notes cannot"
        " follow: state the misconception itself"
    )


_FINDERS: dict[str, Callable[[str], list[str]]] = {
    "positional-reference": wording.positional_reference,
    "cross-question": wording.cross_question,
    "note-citation": wording.note_citation,
}


def question_warnings(question: Question, display: str, positions: Mapping[str, Pos]) -> list[Problem]:
    """Every per-question warning, at the position lint recorded for each text."""

    def at(label: str, rule: str, message: str) -> Problem:
        pos = positions.get(label)
        line, column = (pos.line, pos.column) if pos else (question.line, 1)
        return Problem(display, line, column, question.id, f"{label}: {message}", rule)

    found: list[Problem] = []
    for where, body in _texts(question):
        for rule, finder in _FINDERS.items():
            if rule == "positional-reference" and not question.type.has_choices:
                continue  # without choices, "第一项" is a term of a formula
            phrases = finder(body)
            if phrases:
                found.append(at(where, rule, _hint(rule, phrases)))
    if question.type is QuestionType.SINGLE:
        found.extend(_long_key_warnings(question, at))
    return found


def _long_key_warnings(question: Question, at: Callable[[str, str, str], Problem]) -> Iterator[Problem]:
    keys = [i for i, c in enumerate(question.choices) if c.correct]
    if len(keys) != 1:
        return
    index = keys[0]
    correct = question.choices[index]
    for lang in LANGS:
        distractors = [c.text.get(lang) for c in question.choices if not c.correct]
        stands_out = long_key(correct.text.get(lang), distractors, lang)
        if stands_out is None:
            continue
        key, longest = stands_out
        neutral = correct.text.zh == correct.text.en
        label = f"choice {index + 1}" if neutral else f"choice {index + 1}.{lang}"
        yield at(
            label,
            "long-key",
            f"the correct choice has {key} characters ({lang}), {key / longest:.1f}× the longest"
            f" distractor ({longest}): a test-wise student picks the longest choice; make the"
            " distractors as specific or the key shorter (aim for at most 1.25×)",
        )


def _canonical(value: Any) -> Any:
    """Equal parameters compare equal (1 and 1.0, tuples and lists)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return repr(value)


def fixed_instance(spec: GeneratorSpec) -> bool:
    """Whether the fixed parameters leave nothing to draw: every parameter fixed, or the answer
    the same for every seed (a drawn parameter the family does not use, such as `a` for sigmoid)."""
    from dlprep.generators import draw_params, get_family

    family = get_family(spec.name)
    if family is None:
        return False
    if set(spec.fixed) >= set(family.params):
        return True
    try:
        answers = {
            round(draw_params(family, spec.fixed, random.Random(f"fixed:{seed}"))[1], 12)
            for seed in range(_SEEDS_FOR_FIXED)
        }
    except GeneratorError:
        return False
    return len(answers) == 1


Place = Callable[[Question], tuple[str, int, int]]  # the file (as displayed), line and column of a question


def duplicate_instances(questions: Iterable[Question], place: Place) -> list[Problem]:
    """A warning on every question that draws the same fixed instance as an earlier one."""
    first: dict[str, Question] = {}
    found: list[Problem] = []
    for question in questions:
        spec = question.generator
        if spec is None or not fixed_instance(spec):
            continue
        key = json.dumps([spec.name, _canonical(spec.fixed)], sort_keys=True)
        earlier = first.setdefault(key, question)
        if earlier is question:
            continue
        path, line, column = place(question)
        earlier_path, earlier_line, _ = place(earlier)
        found.append(
            Problem(
                path,
                line,
                column,
                question.id,
                f"draws the same fixed instance of '{spec.name}' as {earlier.id}"
                f" ({earlier_path}:{earlier_line}): an exam or a quiz session can show both;"
                " remove one or fix other parameters",
                "duplicate-instance",
            )
        )
    return found
