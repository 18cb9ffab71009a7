"""Export items: one per question, a few distinct fixed instances per parametric one, same seed same items."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep.bank import Bank, load_bank
from dlprep.export import ExportItem, export_items
from dlprep.export.items import by_category, instance_seed, item_tags
from dlprep.instance import instantiate
from dlprep.question import Question

FIXED_GENERATOR = """\
topic:
  id: kl
  title: {zh: KL 散度, en: KL divergence}
questions:
  - id: kl-fixed
    type: numeric
    difficulty: easy
    source: "000 demo"
    tolerance: 0.001
    generator: {name: kl_divergence, params: {P: [0.5, 0.5], Q: [0.9, 0.1], base: e}}
    prompt: {zh: '计算 KL 散度。', en: 'Compute the KL divergence.'}
    explanation: {zh: '答案 {{ answer|num }}。', en: 'The answer is {{ answer|num }}.'}
"""


@pytest.fixture(scope="module")
def bank_items(bank: Bank) -> list[ExportItem]:
    return export_items(list(bank.questions.values()))


def _demo(write_bank: Callable[[str], Path], text: str = VALID_BANK) -> list[Question]:
    return list(load_bank([write_bank(text)]).require_clean().questions.values())


def test_plain_question_is_one_item_keyed_by_its_id(write_bank: Callable[[str], Path]) -> None:
    single = _demo(write_bank)[0]
    [item] = export_items([single], instances=7, seed=3)
    assert item.key == "demo-single" and item.instance.seed == 0 and item.subcategory is None
    assert item.instance.prompt == single.prompt


def test_parametric_question_gives_distinct_instances_with_numbered_keys(
    write_bank: Callable[[str], Path],
) -> None:
    numeric = _demo(write_bank)[1]
    items = export_items([numeric], instances=6, seed=1)
    assert [item.key for item in items] == [f"demo-numeric~{k}" for k in range(1, 7)]
    assert {item.subcategory for item in items} == {"demo-numeric"}
    assert len({item.instance.prompt for item in items}) == 6
    for item in items:  # each instance is exactly what `exam show --seed` gives for its seed
        assert item.instance == instantiate(numeric, item.instance.seed)


def test_same_inputs_give_the_same_items_and_another_seed_others(write_bank: Callable[[str], Path]) -> None:
    questions = _demo(write_bank)
    first = export_items(questions, instances=4, seed=5)
    assert export_items(questions, instances=4, seed=5) == first
    other = export_items(questions, instances=4, seed=6)
    assert [i.instance.seed for i in other[1:]] != [i.instance.seed for i in first[1:]]


def test_instance_seeds_come_from_seed_question_and_k() -> None:
    seeds = {instance_seed(s, q, k) for s in (0, 1) for q in ("a", "b") for k in range(3)}
    assert len(seeds) == 12 and all(0 <= s < 2**32 for s in seeds)
    assert instance_seed(0, "a", 1) == instance_seed(0, "a", 1)


def test_a_generator_with_every_parameter_fixed_exports_once(write_bank: Callable[[str], Path]) -> None:
    [item] = export_items(_demo(write_bank, FIXED_GENERATOR), instances=5)
    assert item.key == "kl-fixed"


def test_choices_are_shuffled_per_item_and_keep_their_answer(bank_items: list[ExportItem]) -> None:
    choice_items = [item for item in bank_items if item.question.type.has_choices]
    moved = 0
    for item in choice_items:
        assert sorted(c.text.en for c in item.instance.choices) == sorted(
            c.text.en for c in item.question.choices
        )
        assert item.instance.answer == item.instance.correct_choices
        moved += item.instance.choices != item.question.choices
    assert moved > len(choice_items) / 2


def test_whole_bank_keys_are_unique_and_cover_every_question(
    bank: Bank, bank_items: list[ExportItem]
) -> None:
    keys = [item.key for item in bank_items]
    assert len(keys) == len(set(keys))
    assert {item.question.id for item in bank_items} == set(bank.questions)
    per_question: dict[str, int] = {}
    for item in bank_items:
        per_question[item.question.id] = per_question.get(item.question.id, 0) + 1
    parametric = [q for q in bank.questions.values() if q.parametric]
    several = [q for q in parametric if per_question[q.id] > 1]
    assert all(per_question[q.id] == 5 for q in several)
    assert len(several) > len(parametric) / 3
    assert all(per_question[q.id] == 1 for q in bank.questions.values() if not q.parametric)


def test_by_category_groups_topics_then_parametric_subcategories(bank_items: list[ExportItem]) -> None:
    groups = by_category(bank_items)
    topics = [topic for topic, sub, _ in groups if sub is None]
    assert len(topics) == len(set(topics)) == 16
    assert sum(len(members) for _, _, members in groups) == len(bank_items)
    for _, sub, members in groups:
        assert all(item.subcategory == sub for item in members)


def test_item_tags_are_topic_tags_and_difficulty(write_bank: Callable[[str], Path]) -> None:
    single = _demo(write_bank)[0]
    assert item_tags(single) == ("demo", "difficulty-easy")


def test_instances_below_one_is_refused(write_bank: Callable[[str], Path]) -> None:
    with pytest.raises(ValueError, match="instances must be at least 1, not 0"):
        export_items(_demo(write_bank), instances=0)
