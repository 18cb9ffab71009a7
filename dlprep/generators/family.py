"""What a generator family is, and how a question's fixed parameters combine with drawn ones.

A family draws a full set of parameters from a `random.Random`, then the question's fixed
parameters override some of them; combinations the family cannot use are redrawn. Families are
pure Python on purpose: `quiz` draws fresh numbers at every review and must not import numpy or
torch. PyTorch checks the answers separately, in `dlprep.verify`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dlprep.errors import GeneratorError

__all__ = ["Params", "Family", "draw_params", "require", "pick", "uniform"]

Params = dict[str, Any]

_DRAW_ATTEMPTS = 200


@dataclass(frozen=True)
class Family:
    """A generator family: named parameters, a way to draw them and the computed answer."""

    name: str
    params: tuple[str, ...]
    draw: Callable[
        [random.Random, Mapping[str, Any]], Params
    ]  # sees the fixed values, to draw the rest to fit
    solve: Callable[[Mapping[str, Any]], float]
    summary: str
    integer: bool = False


def require(condition: bool, message: str) -> None:
    """Reject a parameter combination with a message for the bank author."""
    if not condition:
        raise ValueError(message)


def pick(rng: random.Random, options: list[Any] | tuple[Any, ...]) -> Any:
    return options[rng.randrange(len(options))]


def uniform(rng: random.Random, low: float, high: float, decimals: int = 1) -> float:
    """A readable random number: `decimals` decimals between `low` and `high`."""
    return round(rng.uniform(low, high), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "infinity", "e", "2")


def draw_params(family: Family, fixed: Mapping[str, Any], rng: random.Random) -> tuple[Params, float]:
    """Draw parameters, apply the fixed ones and compute the answer.

    Raises:
        GeneratorError: an unknown fixed parameter, or fixed values no draw can complete.
    """
    unknown = sorted(set(fixed) - set(family.params))
    if unknown:
        raise GeneratorError(
            f"generator '{family.name}' has no parameter {', '.join(map(repr, unknown))}"
            f" (it has: {', '.join(family.params)})"
        )
    for key, value in fixed.items():
        if isinstance(value, str) and _looks_numeric(value):
            raise GeneratorError(
                f"parameter '{key}' is the text {value!r}: YAML reads a number like 1e-8 as text;"
                " write it with a dot (1.0e-8)"
            )
    last_error = ""
    for _ in range(_DRAW_ATTEMPTS):
        params = family.draw(rng, fixed)
        params.update(fixed)
        try:
            answer = family.solve(params)
        except (ValueError, TypeError, KeyError, ArithmeticError, IndexError) as exc:
            last_error = str(exc) or type(exc).__name__
            if set(fixed) >= set(family.params):
                break
            continue
        return params, answer
    raise GeneratorError(f"generator '{family.name}' cannot use these parameters: {last_error}")
