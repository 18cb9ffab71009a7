"""What an export writes: each question once, or a parametric one as a few fixed instances.

An LMS or a flashcard deck cannot draw new numbers at every attempt the way `quiz` does, so a
parametric question is exported as several concrete instances. Each is keyed `<id>~<k>`, and its
seed comes from a hash of (export seed, question id, k), so the same bank and seed always give the
same items under the same keys (Anki updates the notes it imported before; Moodle keeps the key
as the question's ID number).
Instances that would look the same to a student (same prompt and answer) are drawn only once, so a
generator whose parameters are all fixed by the question exports a single item keyed by the id.
Choices are shuffled per item from the same seed: a bank's choice order is the author's, and a
deck that always shows them in that order teaches letters instead of answers.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dlprep.instance import Instance, instantiate
from dlprep.question import Question

__all__ = ["DRAWS_PER_INSTANCE", "ExportItem", "by_category", "export_items", "instance_seed", "item_tags"]

DRAWS_PER_INSTANCE = 4
"""How many seeds to try per wanted instance before accepting fewer distinct variants."""


@dataclass(frozen=True)
class ExportItem:
    """One exported question: the bank question, the instance shown, and its stable key."""

    question: Question
    instance: Instance
    key: str

    @property
    def subcategory(self) -> str | None:
        """The question id when this is one of several instances (they share a category), else None."""
        return self.question.id if self.key != self.question.id else None


def instance_seed(seed: int, qid: str, k: int) -> int:
    """The seed of draw `k` of question `qid` for export seed `seed`: 32 bits, for `exam show --seed`."""
    digest = hashlib.sha256(f"{seed}:{qid}:{k}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def item_tags(question: Question) -> tuple[str, ...]:
    """Tags for an LMS or a deck: the topic, the question's own tags, and its difficulty."""
    return tuple(dict.fromkeys((question.topic, *question.tags, f"difficulty-{question.difficulty.value}")))


def _shuffled(instance: Instance, seed: int, key: str) -> Instance:
    return instance.with_shuffled_choices(random.Random(f"{seed}:{key}:choices"))


def _looks(instance: Instance) -> tuple[str, str, str]:
    """What a student sees and must answer: two instances alike here are the same exercise."""
    return instance.prompt.zh, instance.prompt.en, repr(instance.answer)


def _all_fixed(question: Question) -> bool:
    """A generator whose every parameter the question fixes draws one instance whatever the seed."""
    from dlprep.generators import get_family

    assert question.generator is not None
    family = get_family(question.generator.name)
    return family is not None and set(question.generator.fixed) >= set(family.params)


def _variants(question: Question, instances: int, seed: int) -> list[Instance]:
    if _all_fixed(question):
        return []
    found: dict[tuple[str, str, str], Instance] = {}
    for k in range(instances * DRAWS_PER_INSTANCE):
        instance = instantiate(question, instance_seed(seed, question.id, k))
        found.setdefault(_looks(instance), instance)
        if len(found) == instances:
            break
    return list(found.values())


def export_items(questions: Sequence[Question], *, instances: int = 5, seed: int = 0) -> list[ExportItem]:
    """The items to export, in the order of `questions`.

    Args:
        questions: the questions, usually `bank.questions.values()`.
        instances: how many distinct instances of each parametric question (fewer when its
            generator cannot draw that many different ones).
        seed: the export seed; the same seed gives the same items.

    Raises:
        ValueError: `instances` is below 1.
        GeneratorError: a parametric question cannot be drawn.
    """
    if instances < 1:
        raise ValueError(f"instances must be at least 1, not {instances}")
    items: list[ExportItem] = []
    for question in questions:
        variants = _variants(question, instances, seed) if question.parametric else []
        if len(variants) <= 1:
            items.append(
                ExportItem(question, _shuffled(instantiate(question, 0), seed, question.id), question.id)
            )
            continue
        for k, instance in enumerate(variants, start=1):
            key = f"{question.id}~{k}"
            items.append(ExportItem(question, _shuffled(instance, seed, key), key))
    return items


def by_category(items: Iterable[ExportItem]) -> list[tuple[str, str | None, list[ExportItem]]]:
    """(topic, sub-category, items) in the order an LMS category tree lists them.

    Topics keep their first appearance; inside one, the plain questions come first, then the
    instances of each parametric question under its own sub-category (its id).
    """
    groups: dict[str, dict[str | None, list[ExportItem]]] = {}
    for item in items:
        groups.setdefault(item.question.topic, {}).setdefault(item.subcategory, []).append(item)
    return [
        (topic, sub, members)
        for topic, subs in groups.items()
        for sub, members in sorted(subs.items(), key=lambda pair: pair[0] is not None)
    ]
