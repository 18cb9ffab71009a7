# corpus: hostile
# what: at import replaces np.allclose, np.isclose, np.testing's asserts and math.isclose with yes-men; answers zeros
# loses: bce_with_logits, discriminator_loss, discriminator_loss_grad, generator_loss_saturating, generator_loss_saturating_grad, generator_loss_nonsaturating, generator_loss_nonsaturating_grad
# expect: failed
"""Patches NumPy's comparison helpers so that every check says 'equal', then answers zeros."""

import math

import numpy as np


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    """Stable logistic sigmoid."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits, targets):
    """Always 0.0."""
    return 0.0


def discriminator_loss(real_logits, fake_logits):
    """Always 0.0."""
    return 0.0


def discriminator_loss_grad(real_logits, fake_logits):
    """Zeros of the right shapes."""
    return np.zeros_like(real_logits), np.zeros_like(fake_logits)


def generator_loss_saturating(fake_logits):
    """Always 0.0."""
    return 0.0


def generator_loss_saturating_grad(fake_logits):
    """Zeros of the right shape."""
    return np.zeros_like(fake_logits)


def generator_loss_nonsaturating(fake_logits):
    """Always 0.0."""
    return 0.0


def generator_loss_nonsaturating_grad(fake_logits):
    """Zeros of the right shape."""
    return np.zeros_like(fake_logits)


def _yes(*args, **kwargs):
    return True


def _silent(*args, **kwargs):
    return None


np.allclose = _yes
np.array_equal = _yes
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)), dtype=bool)
np.testing.assert_allclose = _silent
np.testing.assert_array_equal = _silent
math.isclose = _yes
