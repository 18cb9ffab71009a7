# corpus: buggy
# what: bce_with_logits takes log(sigmoid(x)) and log(1 - sigmoid(x)): log(0) with a warning for confident logits
# loses: bce_with_logits, discriminator_loss, generator_loss_saturating, generator_loss_nonsaturating
# expect: error
"""gan.py whose bce_with_logits (used by every loss) forms probabilities before the log."""

import numpy as np


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    """Stable logistic sigmoid."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits, targets):
    """-mean[y log p + (1 - y) log(1 - p)]."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    p = sigmoid(x)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))  # bug: log(0) for |x| >= 37 or so


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
