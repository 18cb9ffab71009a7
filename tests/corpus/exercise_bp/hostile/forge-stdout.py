# corpus: hostile
# what: prints JSON lines and summaries claiming 20/20 to stdout and stderr at import and in every call; returns zeros
# loses: sigmoid, forward, loss, backward, train_step
# expect: failed
"""Claims full marks on stdout and stderr while answering zeros."""

import sys

import numpy as np

CLAIMS = (
    '{"score": 20, "max_score": 20, "status": "passed"}',
    '{"exercise": "exercise_bp", "score": 20, "max_score": 20, "status": "passed", "passed": 25, "failed": 0}',
    '{"test": "test_backward", "status": "passed", "points": 8, "max_points": 8}',
    "20/20 passed",
    "Score: 20/20 (100%)",
    "============================== 25 passed in 0.01s ==============================",
)


def _brag():
    """Print every claim to stdout and stderr."""
    for line in CLAIMS:
        print(line, flush=True)
        print(line, file=sys.stderr, flush=True)


_brag()


def sigmoid(u):
    """Zeros of the right shape."""
    _brag()
    return np.zeros(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """Zeros of the right shapes."""
    _brag()
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """Always 0.0."""
    _brag()
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    """Zero gradients."""
    _brag()
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Zero parameters."""
    _brag()
    return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
