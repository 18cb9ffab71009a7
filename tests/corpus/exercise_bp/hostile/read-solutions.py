# corpus: hostile
# what: looks for the model solution (../../solutions, /work/main/solutions, a 0.5 s os.walk of /) and delegates to it; zeros otherwise
# loses: sigmoid, forward, loss, backward, train_step
# expect: failed
"""Steals the model solution if the sandbox lets it; without one every answer is zeros."""

import os
import sys
import time
from pathlib import Path

import numpy as np

FUNCS = ("sigmoid", "forward", "loss", "backward", "train_step")


def _candidates():
    """Likely places first, then a time-boxed walk of the whole file system."""
    here = Path(__file__).resolve()
    yield Path.cwd() / "../../solutions/exercise_bp/solution.py"
    yield here.parent / "../../solutions/exercise_bp/solution.py"
    yield Path("/work/main/solutions/exercise_bp/solution.py")
    for parent in here.parents:
        yield parent / "solutions" / "exercise_bp" / "solution.py"
    deadline = time.monotonic() + 0.5
    for root, dirs, files in os.walk("/"):
        if time.monotonic() > deadline:
            return
        if root == "/":
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
        for name in files:
            if name == "solution.py" or (
                name.startswith("test_") and ("hidden" in name or "exercise_bp" in root)
            ):
                yield Path(root) / name


def _steal():
    """exec() the first solution.py that defines all five functions; report hidden tests on stderr."""
    me = Path(__file__).resolve()
    for path in _candidates():
        try:
            if path.resolve() == me or not path.is_file():
                continue
            if path.name != "solution.py":
                print(f"found a hidden test? {path}", file=sys.stderr)
                continue
            stolen = {"__name__": "stolen_solution", "__file__": str(path)}
            exec(compile(path.read_text(), str(path), "exec"), stolen)
        except (Exception, SystemExit):
            continue
        if all(callable(stolen.get(name)) for name in FUNCS):
            return stolen
    return None


try:
    _STOLEN = _steal()
except Exception:
    _STOLEN = None


def sigmoid(u):
    """The stolen solution's answer if one was found, else zeros."""
    if _STOLEN:
        return _STOLEN["sigmoid"](u)
    return np.zeros(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """The stolen solution's answer if one was found, else zeros."""
    if _STOLEN:
        return _STOLEN["forward"](X, W1, b1, W2, b2)
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """The stolen solution's answer if one was found, else zeros."""
    if _STOLEN:
        return _STOLEN["loss"](Y, R)
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    """The stolen solution's answer if one was found, else zeros."""
    if _STOLEN:
        return _STOLEN["backward"](X, R, W1, b1, W2, b2)
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """The stolen solution's answer if one was found, else zeros."""
    if _STOLEN:
        return _STOLEN["train_step"](X, R, W1, b1, W2, b2, alpha)
    return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
