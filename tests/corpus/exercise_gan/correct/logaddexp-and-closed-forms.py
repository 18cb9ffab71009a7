# corpus: correct
# what: every loss through np.logaddexp and the torch formula (1 - y) x + softplus(-x); gradients through exp(-logaddexp)
# loses:
"""Correct gan.py written with NumPy's logaddexp instead of a softplus helper."""

import numpy as np


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    """Stable logistic sigmoid."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits, targets):
    """(1 - y) x + log(1 + e^-x), the form nn.BCEWithLogitsLoss uses."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return float(np.mean((1.0 - y) * x + np.logaddexp(0.0, -x)))


def discriminator_loss(real_logits, fake_logits):
    """mean log(1 + e^-r) + mean log(1 + e^f)."""
    return float(np.mean(np.logaddexp(0.0, -real_logits)) + np.mean(np.logaddexp(0.0, fake_logits)))


def discriminator_loss_grad(real_logits, fake_logits):
    """sigma(x) = exp(-log(1 + e^-x))."""
    grad_real = -np.exp(-np.logaddexp(0.0, real_logits)) / real_logits.size
    grad_fake = np.exp(-np.logaddexp(0.0, -fake_logits)) / fake_logits.size
    return grad_real, grad_fake


def generator_loss_saturating(fake_logits):
    """-mean log(1 + e^f)."""
    return -float(np.mean(np.logaddexp(0.0, fake_logits)))


def generator_loss_saturating_grad(fake_logits):
    """-sigma(f) / N."""
    f = np.asarray(fake_logits, dtype=np.float64)
    return -sigmoid(f) / f.size


def generator_loss_nonsaturating(fake_logits):
    """-mean log D(G(z)) = BCE(fake, 1)."""
    return bce_with_logits(fake_logits, np.ones_like(fake_logits))


def generator_loss_nonsaturating_grad(fake_logits):
    """sigma(f) - 1 = -sigma(-f), divided by N."""
    return -np.exp(-np.logaddexp(0.0, fake_logits)) / fake_logits.size
