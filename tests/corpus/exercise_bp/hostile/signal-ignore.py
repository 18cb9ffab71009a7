# corpus: hostile
# what: ignores SIGTERM, SIGINT, SIGHUP, SIGXCPU, SIGALRM, SIGVTALRM, SIGPROF and SIGUSR1 at import and again in backward, which then spins forever
# loses: backward, train_step
# expect: timeout
"""backward cannot be stopped politely; only SIGKILL ends it."""

import contextlib
import signal

import numpy as np

IGNORED = ("SIGTERM", "SIGINT", "SIGHUP", "SIGXCPU", "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGUSR1")


def _ignore_signals():
    """Set SIG_IGN for every signal in IGNORED that this platform has."""
    for name in IGNORED:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


_ignore_signals()


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
    """Ignore the signals once more, then spin."""
    _ignore_signals()
    while True:
        pass


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
