# corpus: hostile
# what: discriminator_loss_grad calls os._exit(0): the process vanishes with status 0 and no result
# loses: discriminator_loss_grad
# expect: crashed|error
"""discriminator_loss_grad ends the interpreter on the spot; the rest is correct."""

import os

import numpy as np


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    """Stable logistic sigmoid."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits, targets):
    """mean of y softplus(-x) + (1 - y) softplus(x)."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return float(np.mean(y * softplus(-x) + (1.0 - y) * softplus(x)))


def discriminator_loss(real_logits, fake_logits):
    """BCE(real, 1) + BCE(fake, 0)."""
    return bce_with_logits(real_logits, np.ones_like(real_logits)) + bce_with_logits(
        fake_logits, np.zeros_like(fake_logits)
    )


def discriminator_loss_grad(real_logits, fake_logits):
    """Leave without a word."""
    os._exit(0)


def generator_loss_saturating(fake_logits):
    """mean log(1 - D(G(z))) = -BCE(fake, 0)."""
    return -bce_with_logits(fake_logits, np.zeros_like(fake_logits))


def generator_loss_saturating_grad(fake_logits):
    """-sigma(f) / N."""
    f = np.asarray(fake_logits, dtype=np.float64)
    return -sigmoid(f) / f.size


def generator_loss_nonsaturating(fake_logits):
    """-mean log D(G(z)) = BCE(fake, 1)."""
    return bce_with_logits(fake_logits, np.ones_like(fake_logits))


def generator_loss_nonsaturating_grad(fake_logits):
    """-sigma(-f) / N."""
    f = np.asarray(fake_logits, dtype=np.float64)
    return -sigmoid(-f) / f.size
