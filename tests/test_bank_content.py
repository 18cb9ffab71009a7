"""The bundled bank: clean, bilingual, big enough, covering the syllabus, every number computed by code."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import QUESTIONS

from dlprep.bank import Bank, load_bank
from dlprep.instance import instantiate
from dlprep.question import QuestionType
from dlprep.render import instance_text

SYLLABUS_TOPICS = {
    "neurons_mlp", "activations", "backprop", "vanishing_exploding", "init_norm", "losses", "optimizers",
    "overfitting", "cnn", "rnn", "gan", "capsules", "transfer", "methodology", "tensors", "models_misc",
}  # fmt: skip


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([QUESTIONS])


def test_bank_is_lint_clean(bank: Bank) -> None:
    assert [str(p) for p in bank.problems] == []


def test_bank_size_and_topics(bank: Bank) -> None:
    assert len(bank.questions) >= 250
    assert set(bank.topics) >= SYLLABUS_TOPICS
    per_topic = Counter(q.topic for q in bank.questions.values())
    assert min(per_topic[t] for t in SYLLABUS_TOPICS) >= 10, per_topic


def test_required_depth_on_four_areas(bank: Bank) -> None:
    questions = list(bank.questions.values())
    assert sum(q.topic == "vanishing_exploding" for q in questions) >= 15
    assert sum(q.topic == "overfitting" and "remedy" in q.tags for q in questions) >= 15
    assert (
        sum(q.topic == "cnn" and bool({"output-size", "param-count"} & set(q.tags)) for q in questions) >= 15
    )
    assert sum(q.topic == "gan" for q in questions) >= 15


def test_every_type_is_used(bank: Bank) -> None:
    assert {q.type for q in bank.questions.values()} == set(QuestionType)


def test_every_number_is_computed_by_a_generator(bank: Bank) -> None:
    literal = [
        q.id for q in bank.questions.values() if q.type is QuestionType.NUMERIC and q.generator is None
    ]
    assert literal == []
    families = {q.generator.name for q in bank.questions.values() if q.generator}
    assert len(families) >= 10


def test_the_notes_kl_mistake_is_corrected_in_the_bank(bank: Bank) -> None:
    kl = [
        instantiate(q)
        for q in bank.questions.values()
        if q.generator and q.generator.name == "kl_divergence" and q.generator.fixed.get("Q") == [0.9, 0.1]
    ]
    assert kl, "the bank should ask about the notes' KL example"
    assert all(round(float(i.answer), 3) in (0.511, 0.737) for i in kl if i.params["P"] == [0.5, 0.5])  # type: ignore[arg-type]


def test_every_question_renders_in_both_languages(bank: Bank) -> None:
    for question in bank.questions.values():
        for seed in (0, 1):
            text = instance_text(instantiate(question, seed), "both")
            assert "{{" not in text and "{%" not in text, question.id
