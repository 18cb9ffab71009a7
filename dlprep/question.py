"""The question model: what a validated bank entry is, independent of YAML and of rendering."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "LANGS",
    "QuestionType",
    "Difficulty",
    "Bilingual",
    "Choice",
    "RubricPoint",
    "ShortAnswer",
    "Tolerance",
    "GeneratorSpec",
    "Topic",
    "Question",
    "QuestionHeader",
]

LANGS = ("zh", "en")


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    NUMERIC = "numeric"
    SHORT = "short"
    OPEN = "open"

    @property
    def has_choices(self) -> bool:
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True)
class Bilingual:
    """A text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Choice:
    text: Bilingual
    correct: bool


@dataclass(frozen=True)
class RubricPoint:
    text: Bilingual
    points: float


@dataclass(frozen=True)
class ShortAnswer:
    """Accepted answers per language; a language-neutral list is the same for both.

    A key written as a YAML list (`[N, H, W]`) is a list whose items may come in any order: it
    is in `zh`/`en` as its display form ("N, H, W"), and `any_order` maps that form to its items.
    """

    zh: tuple[str, ...]
    en: tuple[str, ...]
    any_order: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def accepted(self, lang: str | None = None) -> tuple[str, ...]:
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        return tuple(dict.fromkeys(self.zh + self.en))

    def unordered(self, lang: str | None = None) -> tuple[tuple[str, ...], ...]:
        """The items of each any-order key accepted in `lang` (None: either language)."""
        shown = set(self.accepted(lang))
        return tuple(items for display, items in self.any_order if display in shown)


@dataclass(frozen=True)
class Tolerance:
    """An absolute tolerance, or a relative one (a fraction of the answer)."""

    value: float
    relative: bool = False

    def absolute_for(self, answer: float) -> float:
        return abs(answer) * self.value if self.relative else self.value

    def __str__(self) -> str:
        return f"{self.value * 100:g}%" if self.relative else f"{self.value:g}"


@dataclass(frozen=True)
class GeneratorSpec:
    """A registered generator family and the parameters the question fixes."""

    name: str
    fixed: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Topic:
    id: str
    title: Bilingual
    path: Path


class QuestionHeader(NamedTuple):
    """What choosing and counting cards reads of a question, without its texts.

    A cached bank keeps these for every question and unpickles a question's texts only when it is
    read (`dlprep.bank.LazyQuestions`), so `quiz` can pick its cards from 600 questions quickly.
    """

    id: str
    topic: str
    type: QuestionType
    difficulty: Difficulty
    points: float
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One validated question as written in its bank (before any parameters are drawn)."""

    id: str
    topic: str
    type: QuestionType
    difficulty: Difficulty
    points: float
    tags: tuple[str, ...]
    source: str
    prompt: Bilingual
    explanation: Bilingual
    choices: tuple[Choice, ...] = ()
    answer: bool | float | ShortAnswer | Bilingual | None = None
    tolerance: Tolerance | None = None
    generator: GeneratorSpec | None = None
    rubric: tuple[RubricPoint, ...] = ()
    own_points: bool = False  # the bank entry sets `points` itself (not the default of 1)
    path: Path = Path()
    line: int = 0

    @property
    def parametric(self) -> bool:
        return self.generator is not None

    @property
    def header(self) -> QuestionHeader:
        return QuestionHeader(self.id, self.topic, self.type, self.difficulty, self.points, self.tags)
