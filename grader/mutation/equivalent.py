"""Surviving mutants shown equivalent to the model solution, with the reason, per exercise.

Keyed by ``"<function>: <description>"`` as :mod:`grader.mutation.mutator` describes the change. A
mutant belongs here only when no valid input (one the statement allows) can tell it apart from the
solution; anything else is a gap in the hidden tests and gets a case instead.
"""

from __future__ import annotations

__all__ = ["EQUIVALENT"]

EQUIVALENT: dict[str, dict[str, str]] = {}
