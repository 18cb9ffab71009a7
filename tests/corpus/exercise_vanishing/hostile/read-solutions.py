# corpus: hostile
# what: looks for the model solution and reference (../../solutions, /work/main/solutions, every parent folder) and delegates to them; zeros otherwise
# loses: layer_gradients, layer_gradient_norms, clip_by_global_norm
# expect: failed
"""Steals the model solution if the sandbox lets it; without one every answer is zeros."""

import sys
from pathlib import Path

import numpy as np

FUNCS = ("layer_gradients", "layer_gradient_norms", "clip_by_global_norm")


def _candidates():
    here = Path(__file__).resolve()
    yield Path.cwd() / "../../solutions/exercise_vanishing/solution.py"
    yield Path("/work/main/solutions/exercise_vanishing/solution.py")
    for parent in here.parents:
        yield parent / "solutions" / "exercise_vanishing" / "solution.py"
        yield parent / "main" / "solutions" / "exercise_vanishing" / "solution.py"


def _steal():
    for path in _candidates():
        try:
            stolen = {"__name__": "stolen", "__file__": str(path)}
            exec(compile(path.read_text(), str(path), "exec"), stolen)
        except (Exception, SystemExit):
            continue
        if all(callable(stolen.get(name)) for name in FUNCS):
            print(f"stole {path}", file=sys.stderr)
            return stolen
    return None


_STOLEN = _steal()


def layer_gradients(X, Y, weights, biases, activation):
    if _STOLEN:
        return _STOLEN["layer_gradients"](X, Y, weights, biases, activation)
    return np.zeros(weights.shape), np.zeros(biases.shape)


def layer_gradient_norms(X, Y, weights, biases, activation):
    if _STOLEN:
        return _STOLEN["layer_gradient_norms"](X, Y, weights, biases, activation)
    return np.zeros(len(weights))


def clip_by_global_norm(grads, max_norm):
    if _STOLEN:
        return _STOLEN["clip_by_global_norm"](grads, max_norm)
    return [np.zeros_like(g) for g in grads], 0.0
