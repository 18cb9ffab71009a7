"""A question made concrete for one seed: parameters drawn, templates rendered, answer computed."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from dlprep.errors import GeneratorError
from dlprep.question import LANGS, Bilingual, Choice, Question, QuestionType, ShortAnswer

__all__ = ["Instance", "instantiate", "seed_for"]


@dataclass(frozen=True)
class Instance:
    """What a student sees and what counts as right, for one seed."""

    question: Question
    seed: int
    params: dict[str, Any]
    prompt: Bilingual
    explanation: Bilingual
    choices: tuple[Choice, ...]
    answer: bool | float | ShortAnswer | Bilingual | tuple[int, ...] | None
    tolerance: float | None

    @property
    def correct_choices(self) -> tuple[int, ...]:
        return tuple(i for i, choice in enumerate(self.choices) if choice.correct)

    def with_shuffled_choices(self, rng: random.Random) -> Instance:
        """The same instance with its choices in a random order (so no one learns a letter by heart)."""
        if not self.choices:
            return self
        order = list(self.choices)
        rng.shuffle(order)
        answer = self.answer
        if self.question.type.has_choices:
            answer = tuple(i for i, choice in enumerate(order) if choice.correct)
        return replace(self, choices=tuple(order), answer=answer)


def seed_for(seed: int, qid: str) -> random.Random:
    """One random stream per (seed, question): the same seed gives each question its own numbers."""
    return random.Random(f"{seed}:{qid}")


def _render(text: Bilingual, context: dict[str, Any], qid: str) -> Bilingual:
    from dlprep import templating

    try:
        return Bilingual(*(templating.render(text.get(lang), context) for lang in LANGS))
    except templating.TemplateProblem as exc:
        raise GeneratorError(f"{qid}: {exc}") from None


def instantiate(question: Question, seed: int = 0) -> Instance:
    """Draw the question's parameters for `seed` and compute its answer."""
    params: dict[str, Any] = {}
    answer: Any = question.answer
    prompt, explanation = question.prompt, question.explanation
    if question.generator is not None:
        # Jinja2 and the generators load only for parametric questions (the quiz's first card waits on it).
        from dlprep.generators import draw_params, get_family

        family = get_family(question.generator.name)
        if family is None:
            raise GeneratorError(f"{question.id}: unknown generator '{question.generator.name}'")
        params, answer = draw_params(family, question.generator.fixed, seed_for(seed, question.id))
        if family.integer:
            answer = int(answer)
        context = {**params, "answer": answer}
        prompt = _render(prompt, context, question.id)
        explanation = _render(explanation, context, question.id)
    if question.type is QuestionType.SINGLE or question.type is QuestionType.MULTIPLE:
        answer = tuple(i for i, choice in enumerate(question.choices) if choice.correct)
    tolerance = None
    if question.tolerance is not None and isinstance(answer, int | float):
        tolerance = question.tolerance.absolute_for(float(answer))
    return Instance(question, seed, params, prompt, explanation, question.choices, answer, tolerance)
