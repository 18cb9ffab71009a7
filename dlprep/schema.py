"""Validate one parsed bank file: every problem at once, each with its line and column.

`check_bank_file` turns the marked YAML of a topic file into a `Topic` and its `Question`s,
collecting a `Problem` for everything wrong instead of stopping at the first. A question with
problems is left out of the result, so callers that need a usable bank refuse to go on.
"""

from __future__ import annotations

import difflib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlprep import mathtext, templating
from dlprep.errors import GeneratorError
from dlprep.generators import REGISTRY, draw_params, get_family
from dlprep.problem import Problem
from dlprep.quality.rules import question_warnings
from dlprep.question import (
    LANGS,
    Bilingual,
    Choice,
    Difficulty,
    GeneratorSpec,
    Question,
    QuestionType,
    RubricPoint,
    ShortAnswer,
    Tolerance,
    Topic,
)
from dlprep.yamlsource import MarkedDict, MarkedList, Pos, unmarked

__all__ = ["BankFile", "check_bank_file", "QUESTION_KEYS"]

FILE_KEYS = ("topic", "questions")
TOPIC_KEYS = ("id", "title", "description")
QUESTION_KEYS = (
    "id", "type", "difficulty", "points", "tags", "source", "prompt", "explanation",
    "choices", "answer", "tolerance", "generator", "rubric",
)  # fmt: skip
REQUIRED_KEYS = ("id", "type", "difficulty", "source", "prompt", "explanation")
TYPE_ONLY_KEYS = {
    "choices": (QuestionType.SINGLE, QuestionType.MULTIPLE),
    "tolerance": (QuestionType.NUMERIC,),
    "generator": (QuestionType.NUMERIC,),
    "rubric": (QuestionType.OPEN,),
    "answer": (QuestionType.TRUEFALSE, QuestionType.NUMERIC, QuestionType.SHORT, QuestionType.OPEN),
}
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$")
TOPIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
TAG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SPACE_IN_CHINESE = re.compile(r"[\u3400-\u9fff，。；：？！、）] +[\u3400-\u9fff，。；：？！、（]")
WORD = re.compile(r"[A-Za-z]{2,}")
PERCENT = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*%\s*$")
MAX_CHOICES = 8
_UNKNOWN_GENERATOR: set[str] = set()


@dataclass
class BankFile:
    """What one file yields: its topic, its valid questions and every problem found."""

    path: Path
    topic: Topic | None = None
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    id_positions: dict[str, Pos] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # item-writing rules (dlprep.quality)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _prose_words(text: str) -> int:
    """English words outside math and `code` spans: three or more means the text is prose."""
    plain = re.sub(r"\$[^$]*\$|`[^`]*`", " ", text)
    return len(WORD.findall(plain))


class _Checker:
    """Collects problems for one file while it walks the marked YAML."""

    def __init__(self, path: Path, display: str) -> None:
        self.result = BankFile(path)
        self.display = display
        self.qid = ""
        self.failed = False
        self.text_pos: dict[str, Pos] = {}  # where each text of the current question was written
        self.suggested: set[str] = set()  # keys a misspelt key was taken for ("tolerence" -> tolerance)

    def report(self, pos: Pos, message: str) -> None:
        self.failed = True
        self.result.problems.append(Problem(self.display, pos.line, pos.column, self.qid, message))

    def keys(self, mapping: MarkedDict, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key, pos in mapping.duplicate_keys:
            self.report(pos, f"duplicate key '{key}' in {what}")
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
                if close and close[0] not in mapping:
                    self.suggested.add(close[0])
                self.report(mapping.key_pos[key], f"unknown key '{key}' in {what}{hint}")

    def misspelt(self, mapping: MarkedDict, key: str) -> bool:
        """`key` is absent because a misspelling of it was reported (one problem for one slip)."""
        return key not in mapping and key in self.suggested

    def missing(self, mapping: MarkedDict, key: str) -> bool:
        """`key` is absent and no misspelling of it was reported."""
        return key not in mapping and key not in self.suggested

    def text(
        self, value: Any, pos: Pos, where: str, lang: str | None, template_names: set[str] | None
    ) -> str | None:
        """Check one text: non-empty string, right language, valid math and placeholders."""
        self.text_pos[where] = pos
        if not isinstance(value, str) or not value.strip():
            self.report(pos, f"{where} must be a non-empty text")
            return None
        if lang == "en" and CJK.search(value):
            self.report(
                pos, f"{where} contains Chinese characters: is it the Chinese text in the English slot?"
            )
        if lang == "zh" and not CJK.search(value) and _prose_words(value) >= 3:
            self.report(pos, f"{where} has no Chinese: missing translation?")
        if lang == "zh" and (stray := SPACE_IN_CHINESE.search(value)):
            self.report(
                pos,
                f"{where} has a space inside Chinese text ('{stray.group(0)}'): a folded (>-) line break?"
                " keep each Chinese paragraph on one line",
            )
        for problem in mathtext.check_math(value):
            self.report(pos, f"{where}: {problem.message}")
        if template_names is _UNKNOWN_GENERATOR:
            pass  # already reported: the placeholders cannot be checked
        elif template_names is None:
            if templating.has_template_syntax(value):
                self.report(pos, f"{where} has a '{{{{ }}}}' placeholder but the question has no generator")
        else:
            try:
                unknown = sorted(templating.placeholders(value) - template_names)
            except templating.TemplateProblem as exc:
                self.report(pos, f"{where}: {exc}")
            else:
                for name in unknown:
                    self.report(
                        pos, f"{where} uses placeholder '{{{{ {name} }}}}' that the generator does not define"
                    )
        return value

    def bilingual(
        self, parent: MarkedDict, key: str, where: str, template_names: set[str] | None = None
    ) -> Bilingual | None:
        value = parent.get(key)
        pos = parent.where(key)
        if not isinstance(value, MarkedDict):
            self.report(pos, f"{where} must be a mapping with 'zh' and 'en' texts")
            return None
        return self.translations(value, where, (), template_names)

    def translations(
        self, value: MarkedDict, where: str, extra: tuple[str, ...], template_names: set[str] | None
    ) -> Bilingual | None:
        """The zh and en texts of a mapping that may also hold the `extra` keys."""
        self.keys(value, (*LANGS, *extra), where)
        texts: dict[str, str] = {}
        for lang in LANGS:
            if lang not in value:
                self.report(value.pos, f"missing translation: {where}.{lang}")
                continue
            checked = self.text(value[lang], value.where(lang), f"{where}.{lang}", lang, template_names)
            if checked is not None:
                texts[lang] = checked
        return Bilingual(texts["zh"], texts["en"]) if len(texts) == 2 else None

    def neutral_or_bilingual(
        self, value: Any, pos: Pos, where: str, extra: tuple[str, ...]
    ) -> Bilingual | None:
        """A choice or rubric text: {zh, en} or a language-neutral plain string."""
        if isinstance(value, str):
            if CJK.search(value):
                self.report(
                    pos, f"{where} is a plain string with Chinese text: write it as {{zh: ..., en: ...}}"
                )
                return None
            if _prose_words(value) >= 3:
                self.report(
                    pos, f"{where} is English prose in a plain string: write it as {{zh: ..., en: ...}}"
                )
                return None
            checked = self.text(value, pos, where, None, None)
            return Bilingual(checked, checked) if checked else None
        if not isinstance(value, MarkedDict):
            self.report(pos, f"{where} must be a text or a mapping with 'zh' and 'en'")
            return None
        return self.translations(value, where, extra, None)


def check_bank_file(data: Any, path: Path, display: str) -> BankFile:
    """Validate the parsed content of one bank file."""
    checker = _Checker(path, display)
    top_pos = getattr(data, "pos", Pos(1, 1))
    if data is None:
        checker.report(top_pos, "empty bank file: expected 'topic' and 'questions'")
        return checker.result
    if not isinstance(data, MarkedDict):
        checker.report(top_pos, "a bank file must be a mapping with 'topic' and 'questions'")
        return checker.result
    checker.keys(data, FILE_KEYS, "the bank file")
    topic_id = _check_topic(checker, data)
    questions = data.get("questions")
    if not isinstance(questions, MarkedList):
        checker.report(data.where("questions"), "'questions' must be a list of questions")
        return checker.result
    for index, entry in enumerate(questions):
        _check_question(checker, entry, questions.where(index), topic_id or "")
    return checker.result


def _check_topic(checker: _Checker, data: MarkedDict) -> str | None:
    topic = data.get("topic")
    if not isinstance(topic, MarkedDict):
        checker.report(data.where("topic"), "'topic' must be a mapping with 'id' and 'title'")
        return None
    checker.keys(topic, TOPIC_KEYS, "the topic")
    topic_id = topic.get("id")
    if not isinstance(topic_id, str) or not TOPIC_ID.match(topic_id):
        checker.report(topic.where("id"), f"topic id must match {TOPIC_ID.pattern}, got {topic_id!r}")
        topic_id = None
    title = checker.bilingual(topic, "title", "topic title")
    if topic_id and title:
        checker.result.topic = Topic(topic_id, title, checker.result.path)
    return topic_id


def _check_question(checker: _Checker, entry: Any, pos: Pos, topic_id: str) -> None:
    checker.qid, checker.failed, checker.text_pos, checker.suggested = "", False, {}, set()
    if not isinstance(entry, MarkedDict):
        checker.report(pos, "a question must be a mapping")
        return
    qid = entry.get("id")
    if isinstance(qid, str):
        checker.qid = qid
    checker.keys(entry, QUESTION_KEYS, "a question")
    for key in REQUIRED_KEYS:
        if checker.missing(entry, key):
            checker.report(entry.pos, f"missing required key '{key}'")
    if qid is not None and (not isinstance(qid, str) or not QUESTION_ID.match(qid)):
        checker.report(entry.where("id"), f"id must be lowercase words joined by '-', got {qid!r}")
    elif isinstance(qid, str):
        checker.result.id_positions.setdefault(qid, entry.where("id"))

    qtype = _enum(checker, entry, "type", QuestionType)
    difficulty = _enum(checker, entry, "difficulty", Difficulty)
    points = entry.get("points", 1)
    if not _is_number(points) or points <= 0:
        checker.report(entry.where("points"), f"points must be a positive number, got {points!r}")
    tags = _check_tags(checker, entry)
    source = entry.get("source")
    if "source" in entry and (not isinstance(source, str) or not source.strip()):
        checker.report(entry.where("source"), "source must name the syllabus section (a text)")

    if qtype is not None:
        for key, types in TYPE_ONLY_KEYS.items():
            if key in entry and qtype not in types:
                checker.report(entry.key_pos[key], f"'{key}' is not used by a {qtype} question")

    generator, names = _check_generator(checker, entry) if "generator" in entry else (None, None)
    prompt = checker.bilingual(entry, "prompt", "prompt", names) if "prompt" in entry else None
    explanation = (
        checker.bilingual(entry, "explanation", "explanation", names) if "explanation" in entry else None
    )

    choices: tuple[Choice, ...] = ()
    answer: Any = None
    tolerance: Tolerance | None = None
    rubric: tuple[RubricPoint, ...] = ()
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        choices = _check_choices(checker, entry, qtype)
    elif qtype is QuestionType.TRUEFALSE:
        answer = entry.get("answer")
        if not isinstance(answer, bool) and not checker.misspelt(entry, "answer"):
            checker.report(
                entry.where("answer"),
                f"a truefalse question needs 'answer: true' or 'answer: false', got {answer!r}",
            )
    elif qtype is QuestionType.NUMERIC:
        answer, tolerance = _check_numeric(checker, entry, generator)
    elif qtype is QuestionType.SHORT:
        answer = _check_short(checker, entry)
    elif qtype is QuestionType.OPEN:
        if not checker.misspelt(entry, "answer"):
            answer = checker.bilingual(entry, "answer", "answer (the model answer)")
        rubric = _check_rubric(checker, entry, points)

    if generator is not None and not checker.failed:
        _check_instance(checker, entry, generator)

    if checker.failed:
        return
    assert (
        qtype and difficulty and prompt and explanation and isinstance(qid, str) and isinstance(source, str)
    )
    question = Question(
        id=qid,
        topic=topic_id,
        type=qtype,
        difficulty=difficulty,
        points=float(points),
        own_points="points" in entry,
        tags=tags,
        source=source.strip(),
        prompt=prompt,
        explanation=explanation,
        choices=choices,
        answer=answer,
        tolerance=tolerance,
        generator=generator,
        rubric=rubric,
        path=checker.result.path,
        line=entry.pos.line,
    )  # fmt: skip
    checker.result.questions.append(question)
    checker.result.warnings.extend(question_warnings(question, checker.display, checker.text_pos))


def _enum(checker: _Checker, entry: MarkedDict, key: str, enum: Any) -> Any:
    if key not in entry:
        return None
    try:
        return enum(entry[key])
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        checker.report(entry.where(key), f"{key} must be one of {allowed}, got {entry[key]!r}")
        return None


def _check_tags(checker: _Checker, entry: MarkedDict) -> tuple[str, ...]:
    tags = entry.get("tags", [])
    if not isinstance(tags, list):
        checker.report(entry.where("tags"), "tags must be a list")
        return ()
    for index, tag in enumerate(tags):
        if not isinstance(tag, str) or not TAG.match(tag):
            where = tags.where(index) if isinstance(tags, MarkedList) else entry.where("tags")
            checker.report(where, f"tag must be lowercase-kebab, got {tag!r}")
    return tuple(str(tag) for tag in tags)


def _check_generator(checker: _Checker, entry: MarkedDict) -> tuple[GeneratorSpec | None, set[str] | None]:
    """The generator spec and the placeholder names its templates may use."""
    spec = entry["generator"]
    pos = entry.where("generator")
    name: Any
    fixed: Any
    if isinstance(spec, str):
        name, fixed = spec, {}
    elif isinstance(spec, MarkedDict):
        checker.keys(spec, ("name", "params"), "the generator")
        name, fixed = spec.get("name"), spec.get("params", {})
        if not isinstance(fixed, dict):
            checker.report(spec.where("params"), "generator params must be a mapping of parameter: value")
            fixed = {}
    else:
        checker.report(pos, "generator must be a name or {name: ..., params: {...}}")
        return None, _UNKNOWN_GENERATOR
    family = get_family(name) if isinstance(name, str) else None
    if family is None:
        close = difflib.get_close_matches(str(name), list(REGISTRY), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see docs/bank-format.md for the families)"
        checker.report(pos, f"unknown generator {name!r}{hint}")
        return None, _UNKNOWN_GENERATOR
    for key in fixed:
        if key not in family.params:
            where = fixed.key_pos[key] if isinstance(fixed, MarkedDict) else pos
            checker.report(
                where,
                f"generator '{family.name}' has no parameter '{key}' (it has: {', '.join(family.params)})",
            )
    return GeneratorSpec(family.name, unmarked(fixed)), {*family.params, "answer"}


def _check_choices(checker: _Checker, entry: MarkedDict, qtype: QuestionType) -> tuple[Choice, ...]:
    raw = entry.get("choices")
    if checker.misspelt(entry, "choices"):
        return ()  # misspelt: already reported with a suggestion
    if not isinstance(raw, MarkedList) or not 2 <= len(raw) <= MAX_CHOICES:
        checker.report(
            entry.where("choices"), f"a {qtype} question needs 'choices': a list of 2 to {MAX_CHOICES}"
        )
        return ()
    choices: list[Choice] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        where = f"choice {index + 1}"
        correct = item.get("correct", False) if isinstance(item, MarkedDict) else False
        if not isinstance(correct, bool):
            checker.report(item.where("correct"), f"{where}: correct must be true or false, got {correct!r}")
        text = checker.neutral_or_bilingual(item, raw.where(index), where, ("correct",))
        if text is not None:
            if text.en in seen:
                checker.report(raw.where(index), f"{where} repeats choice {seen[text.en]}")
            seen.setdefault(text.en, index + 1)
            choices.append(Choice(text, correct is True))
    n_correct = sum(isinstance(item, MarkedDict) and item.get("correct") is True for item in raw)
    if n_correct == 0:
        checker.report(raw.pos, "no choice is marked 'correct: true'")
    elif qtype is QuestionType.SINGLE and n_correct > 1:
        checker.report(
            raw.pos, f"a single-choice question has {n_correct} correct choices (use type: multiple)"
        )
    return tuple(choices)


def _parse_tolerance(value: Any) -> Tolerance | None:
    if _is_number(value) and value >= 0:
        return Tolerance(float(value))
    if isinstance(value, str):
        match = PERCENT.match(value)
        if match:
            return Tolerance(float(match.group(1)) / 100, relative=True)
    return None


def _check_numeric(
    checker: _Checker, entry: MarkedDict, generator: GeneratorSpec | None
) -> tuple[Any, Tolerance | None]:
    tolerance = None
    if checker.misspelt(entry, "tolerance"):
        pass  # already reported with a suggestion
    elif "tolerance" not in entry:
        checker.report(
            entry.pos,
            "numeric answer without tolerance: add 'tolerance: 0.001' (absolute) or '1%' (relative)",
        )
    else:
        tolerance = _parse_tolerance(entry["tolerance"])
        if tolerance is None:
            checker.report(
                entry.where("tolerance"),
                f"tolerance must be a number >= 0 or a percentage like '1%', got {entry['tolerance']!r}",
            )
    has_answer = "answer" in entry
    if has_answer and "generator" in entry:
        checker.report(
            entry.key_pos["answer"], "a numeric question has either 'answer' or 'generator', not both"
        )
    elif checker.missing(entry, "answer") and checker.missing(entry, "generator"):
        checker.report(entry.pos, "a numeric question needs 'answer' or a 'generator' that computes it")
    elif has_answer and not _is_number(entry["answer"]):
        checker.report(entry.where("answer"), f"numeric answer must be a number, got {entry['answer']!r}")
    return (float(entry["answer"]) if has_answer and _is_number(entry["answer"]) else None), tolerance


def _check_short(checker: _Checker, entry: MarkedDict) -> ShortAnswer | None:
    raw = entry.get("answer")
    if checker.misspelt(entry, "answer"):
        return None  # misspelt: already reported with a suggestion
    any_order: dict[str, tuple[str, ...]] = {}

    def scalar(v: Any) -> bool:
        return isinstance(v, str | int | float) and not isinstance(v, bool) and bool(str(v).strip())

    def accepted(value: Any, pos: Pos, where: str, separator: str) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not value:
            checker.report(pos, f"{where} must be a non-empty list of accepted answers")
            return None
        keys: list[str] = []
        for index, v in enumerate(value):
            at = value.where(index) if isinstance(value, MarkedList) else pos
            if isinstance(v, list):  # a list key: its items in any order
                if len(v) < 2 or not all(scalar(i) for i in v):
                    checker.report(at, f"{where}: a list key needs two or more items (texts), got {v!r}")
                    return None
                items = tuple(str(i).strip() for i in v)
                display = separator.join(items)
                any_order[display] = items
                keys.append(display)
            elif isinstance(v, bool):
                checker.report(
                    at, f"{where}: YAML reads this answer as {v!r} (yes/no/on/off/true/false): quote it"
                )
                return None
            elif scalar(v):
                keys.append(str(v).strip())
            else:
                checker.report(at, f"{where} must be a non-empty list of accepted answers")
                return None
        return tuple(keys)

    if isinstance(raw, MarkedDict):
        checker.keys(raw, LANGS, "answer")
        zh = accepted(raw.get("zh"), raw.where("zh"), "answer.zh", "、")
        en = accepted(raw.get("en"), raw.where("en"), "answer.en", ", ")
        return ShortAnswer(zh, en, tuple(any_order.items())) if zh and en else None
    both = accepted(raw, entry.where("answer"), "answer", ", ")
    return ShortAnswer(both, both, tuple(any_order.items())) if both else None


def _check_rubric(checker: _Checker, entry: MarkedDict, points: Any) -> tuple[RubricPoint, ...]:
    raw = entry.get("rubric")
    if checker.misspelt(entry, "rubric"):
        return ()  # misspelt: already reported with a suggestion
    if not isinstance(raw, MarkedList) or not raw:
        checker.report(
            entry.where("rubric"), "an open question needs a 'rubric': a list of key points {zh, en, points}"
        )
        return ()
    rubric: list[RubricPoint] = []
    for index, item in enumerate(raw):
        where = f"rubric point {index + 1}"
        if not isinstance(item, MarkedDict):
            checker.report(raw.where(index), f"{where} must be a mapping {{zh, en, points}}")
            continue
        value: Any = item.get("points")
        if not _is_number(value) or value <= 0:
            checker.report(item.where("points"), f"{where}: points must be a positive number, got {value!r}")
            continue
        text = checker.neutral_or_bilingual(item, raw.where(index), where, ("points",))
        if text is not None:
            rubric.append(RubricPoint(text, float(value)))
    total = sum(point.points for point in rubric)
    if len(rubric) == len(raw) and _is_number(points) and abs(total - points) > 1e-9:
        checker.report(raw.pos, f"rubric points add up to {total:g}, but the question is worth {points:g}")
    return tuple(rubric)


def _check_instance(checker: _Checker, entry: MarkedDict, spec: GeneratorSpec) -> None:
    """Draw once, so fixed parameters the family cannot use fail at lint time.

    Rendering every template for many seeds is `exam verify`'s job: it costs too much here.
    """
    family = get_family(spec.name)
    assert family is not None
    try:
        draw_params(family, spec.fixed, random.Random(f"lint:{checker.qid}"))
    except GeneratorError as exc:
        checker.report(entry.where("generator"), str(exc))
