"""Exam specs: the YAML an instructor writes, read with every mistake reported at its file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dlprep.bank import Bank
from dlprep.errors import DlprepError, UsageError
from dlprep.question import Bilingual, QuestionType
from dlprep.selection import parse_groups
from dlprep.sheets.spec import (
    DEFAULT_SPEC,
    ExamSpec,
    SectionSpec,
    SpecError,
    default_spec,
    load_spec,
    spec_from_select,
)
from dlprep.sheets.variant import compose, make_variant


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the `occurrence`-th line containing `needle`."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


FULL = """\
# A midterm: every field of a spec
title:
  zh: 期中考试
  en: Midterm exam
course: {zh: 深度学习, en: Deep Learning}
date: 2025-11-03
duration: {zh: 90 分钟, en: 90 minutes}
instructions:
  zh: 闭卷。
  en: Closed book.
topics: [cnn, gan, rnn]
points: {single: 2, numeric: 5}
groups:
  - title: {zh: 一、选择题, en: "I. Single choice"}
    select: type=single
    count: 4
  - title: Calculations
    select: cnn+numeric
    count: 2
    points: 7
  - questions: [gan-saturation-open, gan-roles]
  - select: rnn+hard
"""


def test_full_spec_loads(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, FULL)
    spec = load_spec(path, bank)
    assert spec.title == Bilingual("期中考试", "Midterm exam")
    assert spec.course == Bilingual("深度学习", "Deep Learning")
    assert spec.date == Bilingual("2025-11-03", "2025-11-03")
    assert spec.duration == Bilingual("90 分钟", "90 minutes")
    assert spec.instructions == Bilingual("闭卷。", "Closed book.")
    assert spec.points == {"single": 2.0, "numeric": 5.0}
    assert spec.source == str(path)
    assert len(spec.sections) == 4
    first, second, fixed, last = spec.sections
    assert first.title == Bilingual("一、选择题", "I. Single choice")
    assert first.group.count == 4 and first.points is None
    assert first.group.filter.types == {"single"} and first.group.filter.topics == {"cnn", "gan", "rnn"}
    assert second.title == Bilingual("Calculations", "Calculations") and second.points == 7.0
    assert second.group.filter.topics == {"cnn"} and second.group.filter.types == {"numeric"}
    assert fixed.title is None and fixed.group.ids == ("gan-saturation-open", "gan-roles")
    assert fixed.group.count == 2
    assert last.group.count is None
    assert last.group.filter.topics == {"rnn"} and last.group.filter.difficulties == {"hard"}


def test_full_spec_composes_within_its_topics(tmp_path: Path, bank: Bank) -> None:
    spec = load_spec(write(tmp_path, FULL), bank)
    exam = compose(spec, bank, 5)
    choice, calc, fixed, rest = exam.questions
    assert len(choice) == 4 and all(q.type is QuestionType.SINGLE for q in choice)
    assert all(q.topic in ("cnn", "gan", "rnn") for q in choice)
    assert len(calc) == 2 and all(q.topic == "cnn" and q.type is QuestionType.NUMERIC for q in calc)
    assert {q.id for q in fixed} == {"gan-saturation-open", "gan-roles"}
    hard_rnn = {q.id for q in bank.questions.values() if q.topic == "rnn" and q.difficulty.value == "hard"}
    assert {q.id for q in rest} == hard_rnn - {q.id for q in choice}


def test_points_precedence_group_then_spec_then_bank(tmp_path: Path, bank: Bank) -> None:
    spec = load_spec(write(tmp_path, FULL), bank)
    choice, calc, fixed, _ = spec.sections
    single = bank.questions["gan-roles"]
    open_q = bank.questions["gan-saturation-open"]
    numeric = next(q for q in bank.questions.values() if q.topic == "cnn" and q.type is QuestionType.NUMERIC)
    assert open_q.points == 4.0 and single.points == 1.0 and numeric.points == 1.0
    assert spec.points_for(single, choice) == 2.0  # per-type mapping
    assert spec.points_for(numeric, calc) == 7.0  # the group's own points win
    assert spec.points_for(single, calc) == 7.0
    assert spec.points_for(numeric, fixed) == 5.0
    assert spec.points_for(open_q, fixed) == 4.0  # type not in the mapping: the bank's points
    flat = ExamSpec(Bilingual("t", "t"), sections=spec.sections, points=3)
    assert flat.points_for(open_q, fixed) == 3.0 and flat.points_for(numeric, calc) == 7.0
    bare = ExamSpec(Bilingual("t", "t"), sections=spec.sections)
    assert bare.points_for(open_q, fixed) == 4.0 and bare.points_for(numeric, calc) == 7.0


def test_numeric_spec_points_apply_to_every_question(tmp_path: Path, bank: Bank) -> None:
    path = write(
        tmp_path,
        """\
        title: Quiz
        points: 2.5
        groups:
          - questions: [gan-saturation-open, gan-roles]
        """,
    )
    spec = load_spec(path, bank)
    variant = make_variant(compose(spec, bank, 0), 0)
    assert [item.points for item in variant.items] == [2.5, 2.5]
    assert variant.total_points == 5.0


def _error(path: Path, bank: Bank) -> str:
    with pytest.raises(SpecError) as info:
        load_spec(path, bank)
    assert info.value.exit_code == 2 and isinstance(info.value, DlprepError)
    return str(info.value)


@pytest.mark.parametrize(
    ("body", "marker", "needle"),
    [
        pytest.param(
            "title: T\ntitel: typo\ngroups:\n  - select: cnn\n    count: 1\n",
            "titel",
            "unknown key 'titel'",
            id="unknown-top-key",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n    cout: 3\n",
            "cout",
            "unknown key 'cout' in a group",
            id="unknown-group-key",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n    count: 0\n",
            "count",
            "'count' must be a whole number of at least 1",
            id="count-zero",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n    count: three\n",
            "count",
            "'count' must be a whole number of at least 1",
            id="count-word",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n    count: 2.5\n",
            "count",
            "'count' must be a whole number of at least 1",
            id="count-fraction",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n    count: 1\n  - select: cnn+rnnn\n    count: 1\n",
            "rnnn",
            "unknown topic, type, difficulty or tag 'rnnn' (did you mean rnn",
            id="unknown-topic-in-select",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: topic=numeric\n    count: 1\n",
            "topic=numeric",
            "unknown topic 'numeric'",
            id="unknown-kind-value-in-select",
        ),
        pytest.param(
            "title: T\ngroups:\n  - questions:\n      - gan-roles\n      - gan-no-such-question\n",
            "gan-no-such",
            "no question with id 'gan-no-such-question' in the bank",
            id="unknown-question-id",
        ),
        pytest.param(
            "title: T\ngroups:\n  - questions: [gan-roles]\n  - questions:\n      - gan-value-function\n"
            "      - gan-roles\n",
            "      - gan-roles",
            "question 'gan-roles' is listed twice",
            id="duplicate-question-id",
        ),
        pytest.param(
            "# no title\ncourse: DL\ngroups:\n  - select: cnn\n    count: 1\n",
            "course",
            "'title' is required",
            id="missing-title",
        ),
        pytest.param(
            "title: [a, b]\ngroups:\n  - select: cnn\n    count: 1\n",
            "title",
            "'title' must be a string or a mapping with zh and en strings",
            id="title-not-text",
        ),
        pytest.param(
            "title: {zh: 考试, fr: Examen}\ngroups:\n  - select: cnn\n    count: 1\n",
            "title",
            "'title' must be a string or a mapping",
            id="title-unknown-language",
        ),
        pytest.param(
            "title: T\ntopics: [cnn, ganz]\ngroups:\n  - select: cnn\n    count: 1\n",
            "topics",
            "unknown topic 'ganz' (did you mean gan",
            id="unknown-topic-in-topics",
        ),
        pytest.param(
            "title: T\npoints:\n  single: 3\n  essay: 2\ngroups:\n  - select: cnn\n    count: 1\n",
            "essay",
            "'essay' is not a question type",
            id="points-unknown-type",
        ),
        pytest.param(
            "title: T\npoints: -1\ngroups:\n  - select: cnn\n    count: 1\n",
            "points",
            "'points' must be a positive number or a mapping by question type",
            id="points-negative",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n    count: 1\n    points: {single: 2}\n",
            "points",
            "a group's 'points' must be one number",
            id="group-points-mapping",
        ),
        pytest.param(
            "title: T\ngroups:\n  - title: Nothing\n",
            "- title",
            "a group needs 'select', 'count' or 'questions'",
            id="group-selects-nothing",
        ),
        pytest.param(
            "title: T\ngroups:\n  - questions: [gan-roles]\n    select: cnn\n",
            "questions",
            "either 'questions' or 'select'/'count', not both",
            id="questions-and-select",
        ),
        pytest.param("title: T\ngroups: []\n", "groups", "'groups' must be a non-empty list", id="no-groups"),
        pytest.param(
            "title: T\ngroups:\n  - questions: []\n",
            "questions",
            "'questions' must be a non-empty list of question ids",
            id="empty-questions",
        ),
        pytest.param(
            "title: T\ngroups:\n  - select: cnn\n   count: 2\n",
            "   count",
            "malformed YAML",
            id="malformed-yaml",
        ),
    ],
)
def test_each_mistake_is_a_spec_error_at_its_line(
    tmp_path: Path, bank: Bank, body: str, marker: str, needle: str
) -> None:
    path = write(tmp_path, body)
    message = _error(path, bank)
    assert message.startswith(f"{path}:{line_of(path, marker)}:"), message
    assert needle in message, message


def test_every_problem_is_counted_and_the_first_is_shown(tmp_path: Path, bank: Bank) -> None:
    path = write(
        tmp_path,
        """\
        title: T
        colour: blue
        groups:
          - select: cnnn
            count: 1
          - select: cnn
            count: -4
        """,
    )
    message = _error(path, bank)
    assert message.startswith(f"{path}:2:1: unknown key 'colour'")
    assert message.endswith("(and 2 more problem(s))")


def test_missing_unreadable_and_empty_files(tmp_path: Path, bank: Bank) -> None:
    missing = tmp_path / "nope.yaml"
    assert _error(missing, bank).startswith(f"cannot read exam spec {missing}: ")
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("title: Pr\xfcfung\n".encode("latin-1"))
    assert _error(binary, bank) == f"{binary}: not UTF-8 text"
    empty = write(tmp_path, "# nothing here\n", "empty.yaml")
    assert _error(empty, bank).startswith(f"{empty}:1:1: an exam spec is a mapping")


def test_single_language_mapping_is_used_for_both(tmp_path: Path, bank: Bank) -> None:
    path = write(
        tmp_path, "title: {en: Quiz}\ncourse: {zh: 深度学习}\ngroups:\n  - select: gan\n    count: 1\n"
    )
    spec = load_spec(path, bank)
    assert spec.title == Bilingual("Quiz", "Quiz") and spec.course == Bilingual("深度学习", "深度学习")
    assert spec.date == Bilingual("", "") and spec.instructions == Bilingual("", "")


def test_group_count_larger_than_the_bank_fails_when_composing(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "title: T\ngroups:\n  - select: gan\n    count: 500\n")
    spec = load_spec(path, bank)
    with pytest.raises(UsageError) as info:
        compose(spec, bank, 0)
    assert str(info.value).startswith(f"{path} group 1: 'gan' asks for 500 questions but the bank has 30")


def test_duplicate_key_is_reported(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "title: T\ngroups:\n  - select: cnn\n    count: 2\n    count: 5\n")
    message = _error(path, bank)
    assert message.startswith(f"{path}:5:") and "count" in message


def test_select_outside_the_spec_topics_never_draws_outside_them(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "title: T\ntopics: [cnn]\ngroups:\n  - select: rnn\n    count: 3\n")
    try:
        exam = compose(load_spec(path, bank), bank, 0)
    except (SpecError, UsageError):
        return  # refusing the spec is fine
    assert all(q.topic == "cnn" for section in exam.questions for q in section)


def test_default_spec_loads_on_the_real_bank(bank: Bank) -> None:
    spec = default_spec(bank)
    assert spec.source == str(DEFAULT_SPEC)
    assert spec.title.en == "Deep Learning — Final Exam" and spec.title.zh
    assert [s.group.count for s in spec.sections] == [8, 6, 4, 2]
    assert all(s.title is not None and s.title.zh and s.title.en for s in spec.sections)
    variant = make_variant(compose(spec, bank, 0), 0)
    assert len(variant.items) == 20
    assert variant.total_points == 100
    topics = spec.sections[0].group.filter.topics
    assert topics and all(item.instance.question.topic in topics for item in variant.items)


def test_spec_from_select(bank: Bank) -> None:
    groups = parse_groups("cnn:3,gan:2", bank)
    spec = spec_from_select(groups)
    assert spec.source == "--select" and spec.points is None
    assert spec.title.en and spec.title.zh
    assert spec.sections == (SectionSpec(None, groups[0]), SectionSpec(None, groups[1]))
    titled = spec_from_select(groups, Bilingual("测验", "Quiz"))
    assert titled.title == Bilingual("测验", "Quiz")
    exam = compose(spec, bank, 1)
    assert [len(s) for s in exam.questions] == [3, 2] and exam.question_count == 5
    with pytest.raises(UsageError, match=r"^--select: 'gan' asks for 99 questions"):
        compose(spec_from_select(parse_groups("gan:99", bank)), bank, 0)


def test_a_questions_own_points_win_over_the_specs_type_default_but_not_over_a_group(bank: Bank) -> None:
    own = next(q for q in bank.questions.values() if q.own_points and q.points != 7)
    plain = next(q for q in bank.questions.values() if not q.own_points)
    spec = ExamSpec(Bilingual("t", "t"), points={own.type.value: 7.0, plain.type.value: 7.0})
    loose = SectionSpec(None, parse_groups(f"type={own.type.value}:1", bank)[0])
    assert spec.points_for(own, loose) == own.points
    assert spec.points_for(plain, loose) == 7.0
    fixed = SectionSpec(None, loose.group, points=2.0)
    assert spec.points_for(own, fixed) == 2.0


def test_rubric_points_scale_to_what_the_question_is_worth_on_this_exam(bank: Bank) -> None:
    from dlprep.instance import instantiate
    from dlprep.sheets.documents import rubric_points
    from dlprep.sheets.variant import Item

    question = next(q for q in bank.questions.values() if q.type is QuestionType.OPEN and len(q.rubric) >= 2)
    item = Item(1, instantiate(question, 0), 10.0)
    scaled = [points for _, points in rubric_points(item)]
    assert sum(scaled) == pytest.approx(10.0, abs=0.02)
    bank_total = sum(p.points for p in question.rubric)
    assert scaled[0] == pytest.approx(question.rubric[0].points * 10.0 / bank_total, abs=0.005)
