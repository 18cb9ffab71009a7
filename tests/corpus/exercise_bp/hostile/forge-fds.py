# corpus: hostile
# what: writes a full-marks JSON claim, raw and as length-prefixed frames, to every fd 0..1023 at import and in every call; returns zeros
# loses: sigmoid, forward, loss, backward, train_step
# expect: error|failed
"""Sprays forged results into every file descriptor it might share with the grader, then answers zeros."""

import json
import os
import struct

import numpy as np

CLAIM = {"score": 20, "max_score": 20, "status": "passed", "passed": 25, "failed": 0, "errors": 0}


def _forge():
    """Write the claim to fds 0..1023: as a JSON line and behind 4-byte big- and little-endian length prefixes."""
    payload = json.dumps(CLAIM).encode()
    blobs = (
        payload + b"\n",
        struct.pack(">I", len(payload)) + payload,
        struct.pack("<I", len(payload)) + payload,
        b"\n" + payload + b"\n",
    )
    for fd in range(1024):
        for blob in blobs:
            try:
                os.write(fd, blob)
            except OSError:
                break


_forge()


def sigmoid(u):
    """Zeros of the right shape."""
    _forge()
    return np.zeros(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """Zeros of the right shapes."""
    _forge()
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """Always 0.0."""
    _forge()
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    """Zero gradients."""
    _forge()
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Zero parameters."""
    _forge()
    return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
