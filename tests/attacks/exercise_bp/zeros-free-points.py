"""Attack: compute nothing (zeros of the right shapes, train_step returns copies of its inputs) and collect the points of the fixed saturated network (every true gradient is ~0 there) and of "consistent with your backward" (params - alpha*0 = params). Expected: 2.32/20 on both branches, more than the starter file the harness uses as its baseline: either those cases stop paying for no work or the baseline must be this file."""

import numpy as np


def sigmoid(u):
    return np.zeros_like(u, dtype=float)


def forward(X, W1, b1, W2, b2):
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    return W1.copy(), b1.copy(), W2.copy(), b2.copy()
