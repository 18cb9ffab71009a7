# corpus: buggy
# what: bce_with_logits picks one term by y > 0.5, which is right for targets 0 and 1 only
# loses: bce_with_logits
# mistake: bce-hard-targets-only
"""gan.py with one classic mistake (bce-hard-targets-only); everything else is correct."""

import numpy as np


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    """Stable logistic sigmoid."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits, targets):
    """softplus(-x) for positive targets, softplus(x) for negative ones."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return float(np.mean(np.where(y > 0.5, softplus(-x), softplus(x))))  # bug: soft targets are rounded


def discriminator_loss(real_logits, fake_logits):
    """BCE(real, 1) + BCE(fake, 0)."""
    return bce_with_logits(real_logits, np.ones_like(real_logits)) + bce_with_logits(
        fake_logits, np.zeros_like(fake_logits)
    )


def discriminator_loss_grad(real_logits, fake_logits):
    """(sigma(r) - 1) / N_real and sigma(f) / N_fake."""
    r = np.asarray(real_logits, dtype=np.float64)
    f = np.asarray(fake_logits, dtype=np.float64)
    return -sigmoid(-r) / r.size, sigmoid(f) / f.size


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
