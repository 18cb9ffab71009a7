# corpus: hostile
# what: looks for the model solution (../../solutions, /work/main/solutions, every parent folder) and delegates to it; zeros otherwise
# loses: sigmoid, sigmoid_grad, tanh, tanh_grad, relu, relu_grad, leaky_relu, leaky_relu_grad, elu, elu_grad, softplus, softplus_grad, swish, swish_grad, softmax, softmax_grad
# expect: failed
"""Steals the model solution if the sandbox lets it; without one every answer is zeros."""

import sys
from pathlib import Path

import numpy as np

FUNCS = (
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad", "leaky_relu", "leaky_relu_grad",
    "elu", "elu_grad", "softplus", "softplus_grad", "swish", "swish_grad", "softmax", "softmax_grad",
)
TARGET = Path("solutions") / "exercise_activations" / "solution.py"


def _candidates():
    here = Path(__file__).resolve()
    yield Path.cwd() / ".." / ".." / TARGET
    yield Path("/work/main") / TARGET
    for parent in here.parents:
        yield parent / TARGET


def _steal():
    """exec() the first solution.py found that defines every function."""
    for path in _candidates():
        try:
            if not path.is_file():
                continue
            stolen = {"__name__": "stolen_solution", "__file__": str(path)}
            exec(compile(path.read_text(), str(path), "exec"), stolen)
        except (Exception, SystemExit):
            continue
        if all(callable(stolen.get(name)) for name in FUNCS):
            print(f"stole {path}", file=sys.stderr)
            return stolen
    return None


try:
    _STOLEN = _steal()
except Exception:
    _STOLEN = None


def _answer(name):
    """The stolen function if there is one, else a function answering zeros of x's shape."""
    if _STOLEN:
        return _STOLEN[name]
    return lambda x, *rest: np.zeros(np.shape(x))


for _name in FUNCS:
    globals()[_name] = _answer(_name)
