"""`exam verify`: instantiate every parametric question for many seeds and check it against PyTorch."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dlprep.bank import Bank
from dlprep.errors import GeneratorError
from dlprep.instance import instantiate
from dlprep.question import QuestionType

__all__ = ["Mismatch", "VerifyReport", "verify_bank"]


@dataclass(frozen=True)
class Mismatch:
    question: str
    seed: int
    family: str
    params: dict[str, object]
    ours: float
    torch: float | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.question} (seed {self.seed}, {self.family} {self.params}): "
            f"{self.message}: ours {self.ours!r}, PyTorch {self.torch!r}"
        )


@dataclass
class VerifyReport:
    checked: int = 0
    questions: int = 0
    families: set[str] = field(default_factory=set)
    unverified: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def verify_bank(bank: Bank, seeds: int) -> VerifyReport:
    """Check every parametric answer for seeds 0..seeds-1 against the family's PyTorch reference.

    Numeric questions with a literal answer cannot be recomputed; they are listed as unverified.
    """
    from dlprep.verify.references import DEFAULT_TOLERANCE, REFERENCES, TOLERANCES, reference_answer

    report = VerifyReport()
    for question in bank.questions.values():
        if question.generator is None:
            if question.answer is not None and question.type is QuestionType.NUMERIC:
                report.unverified.append(question.id)
            continue
        family = question.generator.name
        report.questions += 1
        report.families.add(family)
        rel, abs_ = TOLERANCES.get(family, DEFAULT_TOLERANCE)
        for seed in range(seeds):
            try:
                instance = instantiate(question, seed)
            except GeneratorError as exc:
                report.mismatches.append(Mismatch(question.id, seed, family, {}, math.nan, None, str(exc)))
                continue
            ours = float(instance.answer)  # type: ignore[arg-type]
            if family not in REFERENCES:
                report.mismatches.append(
                    Mismatch(question.id, seed, family, instance.params, ours, None, "no PyTorch reference")
                )
                continue
            try:
                theirs = reference_answer(family, instance.params)
            except Exception as exc:  # noqa: BLE001 - a reference that cannot run is a finding, not a crash
                message = f"PyTorch reference failed: {type(exc).__name__}: {exc}"
                report.mismatches.append(
                    Mismatch(question.id, seed, family, instance.params, ours, None, message)
                )
                continue
            report.checked += 1
            if not math.isclose(ours, theirs, rel_tol=rel, abs_tol=abs_):
                report.mismatches.append(
                    Mismatch(
                        question.id,
                        seed,
                        family,
                        instance.params,
                        ours,
                        theirs,
                        f"differs beyond rel {rel:g}, abs {abs_:g}",
                    )
                )
    return report
