"""An exam made concrete: the questions drawn once for the build, then one variant per student group.

Every variant has the same questions (so that all students sit the same exam), but its own
question order within each section, its own choice order and its own numbers for parametric
questions. Everything is drawn from string-seeded `random.Random` streams, which Python keeps
stable across versions and platforms, so the same spec and seed give the same exam anywhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from dlprep.bank import Bank
from dlprep.instance import Instance, instantiate
from dlprep.question import Bilingual, Question
from dlprep.selection import draw_groups
from dlprep.sheets.spec import ExamSpec

__all__ = ["Exam", "Item", "Section", "Variant", "compose", "make_variant", "variant_code"]


@dataclass(frozen=True)
class Exam:
    """The questions of each section of the spec, drawn for one build seed."""

    spec: ExamSpec
    seed: int
    questions: tuple[tuple[Question, ...], ...]

    @property
    def question_count(self) -> int:
        return sum(len(section) for section in self.questions)


@dataclass(frozen=True)
class Item:
    """A numbered question on one variant's sheet."""

    number: int
    instance: Instance
    points: float


@dataclass(frozen=True)
class Section:
    title: Bilingual | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Variant:
    code: str
    index: int
    seed: int
    sections: tuple[Section, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def total_points(self) -> float:
        return sum(item.points for item in self.items)


def compose(spec: ExamSpec, bank: Bank, seed: int) -> Exam:
    """Draw each section's questions; a question is used by one section at most."""
    rng = random.Random(f"{seed}:compose")
    if spec.source in ("--select", "--count"):
        where = [spec.source] * len(spec.sections)
    else:
        where = [f"{spec.source or 'exam spec'} group {index}" for index in range(1, len(spec.sections) + 1)]
    groups = [section.group for section in spec.sections]
    drawn = [tuple(picked) for picked in draw_groups(groups, list(bank.questions.values()), rng, where)]
    return Exam(spec, seed, tuple(drawn))


def variant_code(index: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the form letters exam papers use."""
    code = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        code = chr(ord("A") + rest) + code
    return code


def make_variant(exam: Exam, index: int) -> Variant:
    """Variant `index`: shuffled order within sections and of choices, its own parameters."""
    rng = random.Random(f"{exam.seed}:variant:{index}")
    seed = rng.getrandbits(31)
    sections: list[Section] = []
    number = 0
    for spec_section, questions in zip(exam.spec.sections, exam.questions, strict=True):
        order = list(questions)
        rng.shuffle(order)
        items: list[Item] = []
        for question in order:
            number += 1
            instance = instantiate(question, seed).with_shuffled_choices(rng)
            items.append(Item(number, instance, exam.spec.points_for(question, spec_section)))
        sections.append(Section(spec_section.title, tuple(items)))
    return Variant(variant_code(index), index, seed, tuple(sections))
