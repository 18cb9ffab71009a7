# corpus: hostile
# what: looks for the model solution (../../solutions, /work/main/solutions, parents of this file) and delegates to it; returns w and an empty state otherwise
# loses: sgd_momentum_step, nesterov_step, adagrad_step, rmsprop_step, adam_step
# expect: failed
"""Steals the model solution if the sandbox lets it; without one every step goes nowhere."""

import contextlib
from pathlib import Path

import numpy as np


def _steal():
    """exec() the first solutions/exercise_optim/solution.py in reach."""
    here = Path(__file__).resolve()
    places = [Path.cwd() / "../../solutions", Path("/work/main/solutions")]
    places += [parent / "solutions" for parent in here.parents]
    for place in places:
        path = place / "exercise_optim" / "solution.py"
        with contextlib.suppress(Exception, SystemExit):
            stolen = {"__name__": "stolen"}
            exec(compile(path.read_text(), str(path), "exec"), stolen)
            return stolen
    return None


_STOLEN = _steal()


def _delegate(name, args):
    """The stolen answer, or the unchanged parameters with an empty state."""
    if _STOLEN:
        return _STOLEN[name](*args)
    return np.array(args[0], copy=True), {}


def sgd_momentum_step(w, grad, state, lr, momentum):
    """Whatever the stolen solution says."""
    return _delegate("sgd_momentum_step", (w, grad, state, lr, momentum))


def nesterov_step(w, grad, state, lr, momentum):
    """Whatever the stolen solution says."""
    return _delegate("nesterov_step", (w, grad, state, lr, momentum))


def adagrad_step(w, grad, state, lr, eps):
    """Whatever the stolen solution says."""
    return _delegate("adagrad_step", (w, grad, state, lr, eps))


def rmsprop_step(w, grad, state, lr, alpha, eps):
    """Whatever the stolen solution says."""
    return _delegate("rmsprop_step", (w, grad, state, lr, alpha, eps))


def adam_step(w, grad, state, lr, beta1, beta2, eps):
    """Whatever the stolen solution says."""
    return _delegate("adam_step", (w, grad, state, lr, beta1, beta2, eps))
