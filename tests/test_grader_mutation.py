"""The mutator makes one small, plausible change per mutant (never in a docstring), and an
equivalence rule only counts when it matches the change it documents."""

from __future__ import annotations

import ast

from grader.mutation.equivalent import reason_for
from grader.mutation.mutator import mutants

SOURCE = '''
import numpy as np


def softmax(x, axis):
    """Softmax along axis: exp(x - max) / sum."""
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def step(w, grad, lr):
    w = w - lr * grad
    return w, grad
'''


def test_operators_a_student_could_slip_on() -> None:
    found = {(m.function, m.description) for m in mutants(SOURCE)}
    for expected in [
        ("softmax", "max(...) -> min(...)"),
        ("softmax", "drop keepdims=True"),
        ("softmax", "axis=1 -> axis=0"),
        ("softmax", "axis=1 -> axis=None"),
        ("softmax", "sum(...) -> mean(...)"),
        ("softmax", "drop every keyword of np.sum(...)"),
        ("softmax", "exp(x - np.max(x, axis=axis, keepdims=True)) -> exp(np.clip(..., -20, 20))"),
        ("softmax", "- -> + in x - np.max(x, axis=axis, keepdims=True)"),
        ("softmax", "/ -> * in e / np.sum(e, axis=1, keepdims=True)"),
        ("step", "w = w - lr * grad -> w -= ..."),
        ("step", "lr * grad -> grad"),
        ("step", "return (w, grad): the first two parts swapped"),
    ]:
        assert expected in found, expected


def test_each_mutant_differs_once_and_never_in_a_docstring() -> None:
    original = ast.unparse(ast.parse(SOURCE))
    found = mutants(SOURCE)
    assert len({m.source for m in found}) == len(found) and all(m.source != original for m in found)
    for m in found:
        tree = ast.parse(m.source)
        docstrings = [ast.get_docstring(f) for f in tree.body if isinstance(f, ast.FunctionDef)]
        assert docstrings[0] == "Softmax along axis: exp(x - max) / sum.", m.description
        assert "import numpy as np" in m.source
    assert [m.number for m in found] == list(range(1, len(found) + 1))


def test_equivalence_rules_match_only_what_they_explain() -> None:
    assert reason_for("exercise_bp", "loss", "swap the operands of R - Y")
    assert not reason_for("exercise_bp", "backward", "swap the operands of R - Y")
    assert reason_for("exercise_gan", "_softplus", "swap the first two arguments of np.maximum")
    assert not reason_for("exercise_gan", "_softplus", "maximum(...) -> minimum(...)")
