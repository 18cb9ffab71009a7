"""Attack: raise exceptions whose messages and class names hold lone surrogates and invalid text, print them too, so the report writer raises and nobody after this submission is graded."""

import sys

print("\udcff stdout \ud800 surrogate")
sys.stdout.flush()


class BadΔ(Exception):
    pass


Surrogate = type("Surrogate", (Exception,), {"__str__": lambda self: "\udfff\ud800 from __str__"})


def sigmoid(u):
    raise ValueError("lone surrogate \ud800 here")


def forward(X, W1, b1, W2, b2):
    raise Surrogate("\udfff")


def loss(Y, R):
    raise BadΔ("\ud83d half an emoji")


def backward(X, R, W1, b1, W2, b2):
    raise KeyError("\udc00" * 50)


def train_step(X, R, W1, b1, W2, b2, alpha):
    raise RuntimeError("\x00\ud800\x1b[2J")
