# corpus: correct
# what: explicit positive/negative masks, sums divided by sizes, a shared (sigma(x) - y) / N gradient helper
# loses:
"""Correct gan.py built from boolean masks and sums."""

import numpy as np


def softplus(x):
    """Positive and non-positive entries handled separately."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    pos = x > 0
    out[pos] = x[pos] + np.log1p(np.exp(-x[pos]))
    out[~pos] = np.log1p(np.exp(x[~pos]))
    return out


def sigmoid(x):
    """Positive and negative entries handled separately."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def bce_with_logits(logits, targets):
    """Sum of y softplus(-x) + (1 - y) softplus(x), divided by the number of elements."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return float(np.sum(y * softplus(-x) + (1.0 - y) * softplus(x)) / x.size)


def bce_grad(x, y):
    """(sigma(x) - y) / N, written without cancellation: -sigma(-x) for y = 1."""
    x = np.asarray(x, dtype=np.float64)
    return (y * -sigmoid(-x) + (1.0 - y) * sigmoid(x)) / x.size


def discriminator_loss(real_logits, fake_logits):
    """BCE(real, 1) + BCE(fake, 0)."""
    return bce_with_logits(real_logits, np.ones_like(real_logits)) + bce_with_logits(
        fake_logits, np.zeros_like(fake_logits)
    )


def discriminator_loss_grad(real_logits, fake_logits):
    """The BCE gradient for label 1 and for label 0."""
    return bce_grad(real_logits, 1.0), bce_grad(fake_logits, 0.0)


def generator_loss_saturating(fake_logits):
    """mean log(1 - D(G(z))) = -BCE(fake, 0)."""
    return -bce_with_logits(fake_logits, np.zeros_like(fake_logits))


def generator_loss_saturating_grad(fake_logits):
    """Minus the BCE gradient for label 0."""
    return -bce_grad(fake_logits, 0.0)


def generator_loss_nonsaturating(fake_logits):
    """-mean log D(G(z)) = BCE(fake, 1)."""
    return bce_with_logits(fake_logits, np.ones_like(fake_logits))


def generator_loss_nonsaturating_grad(fake_logits):
    """The BCE gradient for label 1."""
    return bce_grad(fake_logits, 1.0)
