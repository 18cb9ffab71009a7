"""Composing an exam once per build and making shuffled, re-parametrised variants of it."""

from __future__ import annotations

import pytest

from dlprep.bank import Bank
from dlprep.errors import UsageError
from dlprep.question import Bilingual
from dlprep.selection import Filter, Group, parse_filter, parse_groups
from dlprep.sheets.spec import ExamSpec, SectionSpec, spec_from_select
from dlprep.sheets.variant import Exam, compose, make_variant, variant_code

CHOICE_IDS = (
    "gan-roles",
    "gan-value-function",
    "gan-saturating-gradient",
    "gan-nonsaturating-properties",
    "gan-optimal-d-formula",
)
PARAMETRIC_IDS = ("cnn-conv-output-size", "cnn-pool-output-size", "cnn-conv-param-count")


@pytest.fixture(scope="module")
def spec(bank: Bank) -> ExamSpec:
    return ExamSpec(
        Bilingual("测验", "Quiz"),
        sections=(
            SectionSpec(Bilingual("选择", "Choice"), Group(Filter(), len(CHOICE_IDS), CHOICE_IDS), 2.0),
            SectionSpec(None, Group(Filter(), len(PARAMETRIC_IDS), PARAMETRIC_IDS)),
            SectionSpec(None, Group(parse_filter("rnn", bank), 4)),
        ),
        points={"numeric": 5},
        source="test",
    )


@pytest.fixture(scope="module")
def exam(spec: ExamSpec, bank: Bank) -> Exam:
    return compose(spec, bank, 11)


def _ids(exam: Exam) -> list[list[str]]:
    return [[q.id for q in section] for section in exam.questions]


def test_compose_is_deterministic_for_a_seed(spec: ExamSpec, bank: Bank) -> None:
    assert _ids(compose(spec, bank, 11)) == _ids(compose(spec, bank, 11))
    exam = compose(spec, bank, 11)
    assert exam.seed == 11 and exam.spec is spec and exam.question_count == 12
    assert set(_ids(exam)[0]) == set(CHOICE_IDS) and set(_ids(exam)[1]) == set(PARAMETRIC_IDS)
    assert all(q.topic == "rnn" for q in exam.questions[2])


def test_compose_with_other_seeds_draws_other_questions(spec: ExamSpec, bank: Bank) -> None:
    drawn = {tuple(_ids(compose(spec, bank, seed))[2]) for seed in range(6)}
    assert len(drawn) > 1
    groups = spec_from_select(parse_groups("cnn:4,gan:3", bank))
    assert _ids(compose(groups, bank, 1)) != _ids(compose(groups, bank, 2))


def test_compose_never_repeats_a_question_across_sections(bank: Bank) -> None:
    spec = spec_from_select(parse_groups("gan:20,gan:5,gan+rnn:10", bank))
    for seed in range(3):
        ids = [qid for section in _ids(compose(spec, bank, seed)) for qid in section]
        assert len(ids) == 35 == len(set(ids))


def test_fixed_question_is_not_repeated_after_a_select_group(bank: Bank) -> None:
    spec = ExamSpec(
        Bilingual("t", "t"),
        sections=(
            SectionSpec(None, Group(parse_filter("gan", bank), None)),
            SectionSpec(None, Group(Filter(), 1, ("gan-value-function",))),
        ),
    )
    try:
        exam = compose(spec, bank, 0)
    except UsageError:
        return  # refusing the clash is fine too
    ids = [q.id for section in exam.questions for q in section]
    assert len(ids) == len(set(ids))


def test_make_variant_is_deterministic(exam: Exam) -> None:
    assert make_variant(exam, 2) == make_variant(exam, 2)
    assert make_variant(exam, 0) != make_variant(exam, 1)


def test_every_variant_has_the_same_questions_per_section(exam: Exam) -> None:
    for index in range(5):
        variant = make_variant(exam, index)
        assert variant.index == index and variant.code == variant_code(index)
        assert len(variant.sections) == len(exam.questions)
        for section, drawn in zip(variant.sections, exam.questions, strict=True):
            assert sorted(i.instance.question.id for i in section.items) == sorted(q.id for q in drawn)
        assert variant.sections[0].title == Bilingual("选择", "Choice")


def test_numbering_runs_1_to_n_across_sections(exam: Exam) -> None:
    for index in range(3):
        variant = make_variant(exam, index)
        assert [item.number for item in variant.items] == list(range(1, 13))
        assert [item.number for item in variant.sections[1].items] == [6, 7, 8]


def test_question_order_is_shuffled_within_sections(exam: Exam) -> None:
    orders = {
        tuple(item.instance.question.id for item in make_variant(exam, index).sections[0].items)
        for index in range(6)
    }
    assert len(orders) > 1


def test_choice_order_is_shuffled_and_the_answer_follows_it(exam: Exam) -> None:
    seen: dict[str, set[tuple[str, ...]]] = {}
    for index in range(6):
        for item in make_variant(exam, index).sections[0].items:
            instance, question = item.instance, item.instance.question
            assert sorted(instance.choices, key=repr) == sorted(question.choices, key=repr)
            assert instance.answer == instance.correct_choices
            assert instance.correct_choices and all(
                instance.choices[i].correct for i in instance.correct_choices
            )
            seen.setdefault(question.id, set()).add(tuple(c.text.en for c in instance.choices))
    assert all(len(orders) > 1 for orders in seen.values()), seen.keys()


def test_parametric_questions_get_new_numbers_in_each_variant(exam: Exam) -> None:
    variants = [make_variant(exam, index) for index in range(4)]
    assert len({v.seed for v in variants}) == 4
    for qid in PARAMETRIC_IDS:
        items = [next(i for i in v.items if i.instance.question.id == qid) for v in variants]
        assert all(item.instance.seed == v.seed for item, v in zip(items, variants, strict=True))
        assert len({repr(sorted(item.instance.params.items())) for item in items}) > 1, qid
        assert len({item.instance.prompt.en for item in items}) > 1, qid
        assert all("{{" not in item.instance.prompt.zh for item in items)


def test_points_come_from_the_spec(exam: Exam) -> None:
    variant = make_variant(exam, 0)
    choice, params, drawn = variant.sections
    assert all(item.points == 2.0 for item in choice.items)
    assert all(item.points == 5.0 for item in params.items)  # numeric questions, per-type points
    for item in drawn.items:
        question = item.instance.question
        assert item.points == (5.0 if question.type.value == "numeric" else question.points)
    assert variant.total_points == sum(item.points for item in variant.items)


@pytest.mark.parametrize(
    ("index", "code"),
    [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),
        (702, "AAA"),
    ],
)
def test_variant_code(index: int, code: str) -> None:
    assert variant_code(index) == code


def test_variant_codes_are_unique() -> None:
    codes = [variant_code(i) for i in range(2000)]
    assert len(set(codes)) == 2000 and all(c.isalpha() and c.isupper() for c in codes)
