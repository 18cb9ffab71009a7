"""An exam spec: what goes on the sheet (title, course, date, duration, instructions) and which
questions it draws, in groups, with their points.

Written as YAML by instructors, so every problem is reported with its file and line, all at once.
Text fields take either one string (used for both languages) or a `{zh: ..., en: ...}` mapping.
`points` is a default for every question or a mapping by question type; a group's own `points`
wins over everything, then the spec's one number, then a question's own `points` from its bank
entry, then the spec's per-type default.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from dlprep.bank import Bank
from dlprep.errors import DlprepError
from dlprep.mathtext import check_math
from dlprep.question import Bilingual, Question, QuestionType
from dlprep.selection import Filter, Group, parse_filter
from dlprep.yamlsource import MarkedDict, MarkedList, Pos, YamlSyntaxError, load_marked

__all__ = [
    "SpecError",
    "SectionSpec",
    "ExamSpec",
    "Scoring",
    "MultipleRule",
    "load_spec",
    "default_spec",
    "spec_from_select",
]

DEFAULT_SPEC = Path(__file__).with_name("default_exam.yaml")
_TOP_KEYS = {"title", "course", "date", "duration", "instructions", "topics", "points", "groups", "scoring"}
_SCORING_KEYS = {"multiple", "negative", "id_digits"}
_GROUP_KEYS = {"title", "select", "count", "questions", "points"}


class SpecError(DlprepError):
    """An exam spec that cannot be used; the message names the file and line."""

    exit_code = 2


@dataclass(frozen=True)
class SectionSpec:
    """One group of the spec: a section of the sheet with its own heading and points."""

    title: Bilingual | None
    group: Group
    points: float | None = None


class MultipleRule(StrEnum):
    ALL_OR_NOTHING = "all-or-nothing"
    PER_CHOICE = "per-choice"


@dataclass(frozen=True)
class Scoring:
    """How scanned answers become points.

    `multiple`: all-or-nothing (exactly the right set of choices), or per-choice (each right choice
    marked earns points/right, each wrong one marked costs points/wrong, floored at 0).
    `negative`: the share of a question's points a wrong single, true/false or all-or-nothing
    multiple answer costs (0: no negative marking); with it, per-choice scores floor at minus that.
    Blank answers always score 0. `id_digits`: columns of the student-ID grid.
    """

    multiple: MultipleRule = MultipleRule.ALL_OR_NOTHING
    negative: float = 0.0
    id_digits: int = 8

    def as_dict(self) -> dict[str, Any]:
        return {"multiple": self.multiple.value, "negative": self.negative, "id_digits": self.id_digits}


@dataclass(frozen=True)
class ExamSpec:
    title: Bilingual
    course: Bilingual = Bilingual("", "")
    date: Bilingual = Bilingual("", "")
    duration: Bilingual = Bilingual("", "")
    instructions: Bilingual = Bilingual("", "")
    sections: tuple[SectionSpec, ...] = ()
    points: float | Mapping[str, float] | None = None
    source: str = field(default="", compare=False)
    scoring: Scoring = Scoring()

    def points_for(self, question: Question, section: SectionSpec) -> float:
        """The points a question is worth on this exam: the group's, else the spec's one number for
        all, else the question's own (set in its bank entry), else the spec's per-type default."""
        if section.points is not None:
            return section.points
        if isinstance(self.points, int | float):
            return float(self.points)
        if question.own_points:  # over a per-type default: the bank entry chose it for this question
            return question.points
        if isinstance(self.points, Mapping) and question.type.value in self.points:
            return float(self.points[question.type.value])
        return question.points


_DEFAULT_TITLE = Bilingual("深度学习测验", "Deep learning exam")


def spec_from_select(
    groups: list[Group], title: Bilingual | None = None, option: str = "--select"
) -> ExamSpec:
    """An untitled spec for `--select` / `--count`: one section per group, bank points."""
    sections = tuple(SectionSpec(None, group) for group in groups)
    return ExamSpec(title or _DEFAULT_TITLE, sections=sections, source=option)


class _Reader:
    """Collects every problem of one spec file before raising them together."""

    def __init__(self, path: Path, bank: Bank) -> None:
        self.path, self.bank = path, bank
        self.problems: list[tuple[Pos, str]] = []

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append((pos, message))

    def where(self, pos: Pos) -> str:
        return f"{self.path}:{pos.line}"

    def duplicates(self, data: MarkedDict) -> None:
        for key, pos in data.duplicate_keys:
            self.problem(pos, f"'{key}' is written twice (the later one would silently win)")

    def text(self, data: MarkedDict, key: str, required: bool = False) -> Bilingual | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.pos, f"'{key}' is required")
            return None
        if isinstance(value, int | float | str | datetime.date):
            return Bilingual(str(value), str(value))
        if isinstance(value, MarkedDict) and set(value) <= {"zh", "en"} and value:
            zh, en = value.get("zh", value.get("en")), value.get("en", value.get("zh"))
            if isinstance(zh, str) and isinstance(en, str):
                return Bilingual(zh, en)
        self.problem(data.where(key), f"'{key}' must be a string or a mapping with zh and en strings")
        return None

    def points(self, data: MarkedDict) -> float | dict[str, float] | None:
        value = data.get("points")
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < math.inf:
            return float(value)
        if isinstance(value, MarkedDict):
            self.duplicates(value)
            types = {t.value for t in QuestionType}
            out: dict[str, float] = {}
            for key, number in value.items():
                if key not in types:
                    self.problem(value.key_pos[key], f"'{key}' is not a question type ({', '.join(types)})")
                elif (
                    not isinstance(number, int | float)
                    or isinstance(number, bool)
                    or not 0 < number < math.inf
                ):
                    self.problem(value.where(key), f"points for '{key}' must be a positive number")
                else:
                    out[key] = float(number)
            return out
        self.problem(data.where("points"), "'points' must be a positive number or a mapping by question type")
        return None

    def section(self, data: Any, pos: Pos, base: Filter, seen: set[str]) -> SectionSpec | None:
        if not isinstance(data, MarkedDict):
            self.problem(pos, "each group must be a mapping with 'select' and 'count', or 'questions'")
            return None
        self.duplicates(data)
        for key in set(data) - _GROUP_KEYS:
            self.problem(
                data.key_pos[key], f"unknown key '{key}' in a group ({', '.join(sorted(_GROUP_KEYS))})"
            )
        title = self.text(data, "title")
        points = self.points(data)
        if isinstance(points, dict):
            self.problem(data.where("points"), "a group's 'points' must be one number")
            points = None
        ids = data.get("questions")
        if ids is not None:
            return self._fixed(data, ids, title, points, seen)
        count = data.get("count")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
            self.problem(data.where("count"), "'count' must be a whole number of at least 1")
            return None
        select = data.get("select", "")
        if not isinstance(select, str):
            self.problem(data.where("select"), "'select' must be a string like cnn+numeric")
            return None
        try:
            flt = parse_filter(select, self.bank, self.where(data.where("select"))) if select else Filter()
        except DlprepError as exc:
            self.problem(data.where("select"), str(exc).split(": ", 1)[-1])
            return None
        if count is None and not select:
            self.problem(data.pos, "a group needs 'select', 'count' or 'questions'")
            return None
        narrowed = flt.narrowed(base)
        if narrowed.impossible:
            allowed = ", ".join(sorted(base.topics))
            self.problem(
                data.where("select"), f"'{select}' selects nothing within the spec's topics ({allowed})"
            )
            return None
        return SectionSpec(title, Group(narrowed, count), points)

    def _fixed(
        self, data: MarkedDict, ids: Any, title: Bilingual | None, points: float | None, seen: set[str]
    ) -> SectionSpec | None:
        if not isinstance(ids, MarkedList) or not ids or not all(isinstance(i, str) for i in ids):
            self.problem(data.where("questions"), "'questions' must be a non-empty list of question ids")
            return None
        if "select" in data or "count" in data:
            self.problem(data.pos, "a group has either 'questions' or 'select'/'count', not both")
        for index, qid in enumerate(ids):
            if qid not in self.bank.questions:
                self.problem(ids.where(index), f"no question with id '{qid}' in the bank")
            elif qid in seen:
                self.problem(ids.where(index), f"question '{qid}' is listed twice")
            seen.add(qid)
        return SectionSpec(title, Group(Filter(), len(ids), tuple(ids)), points)

    def scoring(self, data: MarkedDict) -> Scoring:
        value = data.get("scoring")
        if value is None:
            return Scoring()
        if not isinstance(value, MarkedDict):
            self.problem(data.where("scoring"), "'scoring' must be a mapping (multiple, negative, id_digits)")
            return Scoring()
        self.duplicates(value)
        for key in set(value) - _SCORING_KEYS:
            self.problem(
                value.key_pos[key], f"unknown key '{key}' in scoring ({', '.join(sorted(_SCORING_KEYS))})"
            )
        rules = [rule.value for rule in MultipleRule]
        multiple = value.get("multiple", MultipleRule.ALL_OR_NOTHING.value)
        if multiple not in rules:
            self.problem(value.where("multiple"), f"scoring 'multiple' must be one of {', '.join(rules)}")
            multiple = MultipleRule.ALL_OR_NOTHING.value
        negative = value.get("negative", 0)
        if not isinstance(negative, int | float) or isinstance(negative, bool) or not 0 <= negative <= 1:
            self.problem(value.where("negative"), "scoring 'negative' must be a share of the points, 0 to 1")
            negative = 0
        digits = value.get("id_digits", 8)
        if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 12:
            self.problem(value.where("id_digits"), "scoring 'id_digits' must be a whole number from 1 to 12")
            digits = 8
        return Scoring(MultipleRule(multiple), float(negative), digits)

    def spec(self, data: Any) -> ExamSpec | None:
        if not isinstance(data, MarkedDict):
            self.problem(Pos(1, 1), "an exam spec is a mapping with title, groups and so on")
            return None
        self.duplicates(data)
        for key in set(data) - _TOP_KEYS:
            self.problem(data.key_pos[key], f"unknown key '{key}' ({', '.join(sorted(_TOP_KEYS))})")
        title = self.text(data, "title", required=True)
        course, instructions = self.text(data, "course"), self.text(data, "instructions")
        for text in (instructions.zh, instructions.en) if instructions else ():
            for problem in check_math(text):  # instructions are bank-style text: `$...$` is math
                self.problem(data.where("instructions"), f"instructions: {problem.message}")
        date, duration = self.text(data, "date"), self.text(data, "duration")
        base = Filter()
        topics = data.get("topics")
        if topics is not None:
            if isinstance(topics, MarkedList) and topics and all(isinstance(t, str) for t in topics):
                try:
                    base = parse_filter("+".join(f"topic={t}" for t in topics), self.bank)
                except DlprepError as exc:
                    self.problem(data.where("topics"), str(exc).split(": ", 1)[-1])
            else:
                self.problem(data.where("topics"), "'topics' must be a list of topic ids")
        groups = data.get("groups")
        sections: list[SectionSpec] = []
        if not isinstance(groups, MarkedList) or not groups:
            self.problem(data.where("groups"), "'groups' must be a non-empty list")
        else:
            seen: set[str] = set()
            for index, group in enumerate(groups):
                section = self.section(group, groups.where(index), base, seen)
                if section is not None:
                    sections.append(section)
        points = self.points(data)
        scoring = self.scoring(data)
        if self.problems or title is None:
            return None
        return ExamSpec(
            title,
            course or Bilingual("", ""),
            date or Bilingual("", ""),
            duration or Bilingual("", ""),
            instructions or Bilingual("", ""),
            tuple(sections),
            points,
            str(self.path),
            scoring,
        )


def load_spec(path: Path, bank: Bank) -> ExamSpec:
    """Read an exam spec; raise SpecError with every problem, the first one with its file:line."""
    try:
        data = load_marked(path)
    except OSError as exc:
        raise SpecError(f"cannot read exam spec {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SpecError(f"{path}: not UTF-8 text") from None
    except YamlSyntaxError as exc:
        raise SpecError(f"{path}:{exc.pos.line}:{exc.pos.column}: {exc.message}") from None
    reader = _Reader(path, bank)
    spec = reader.spec(data)
    if spec is None:
        reader.problems.sort(key=lambda p: (p[0].line, p[0].column))
        first, message = reader.problems[0]
        more = f" (and {len(reader.problems) - 1} more problem(s))" if len(reader.problems) > 1 else ""
        raise SpecError(f"{path}:{first.line}:{first.column}: {message}{more}")
    return spec


def default_spec(bank: Bank) -> ExamSpec:
    """The 20-question exam across the core topics that `exam build` makes with no selection."""
    return load_spec(DEFAULT_SPEC, bank)
