# corpus: correct
# what: losses as 0-d arrays and NumPy scalars, the discriminator's gradients as a namedtuple
# loses:
"""Model solution for exercise_gan: GAN losses from logits and their gradients, stable, in NumPy.

Every loss is a mean of softplus terms: with D = σ(x), −log D = softplus(−x) and −log(1 − D) = softplus(x),
so no probability is ever formed and nothing overflows, underflows to log(0) or cancels.
The statement's question is answered in ANSWERS.md.
"""

from __future__ import annotations

import numpy as np


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|))."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) from e^(−|x|), which cannot overflow."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits: np.ndarray, targets: np.ndarray) -> float:
    """mean[y · softplus(−x) + (1 − y) · softplus(x)] = mean[−y log σ(x) − (1 − y) log(1 − σ(x))]."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return float(np.mean(y * _softplus(-x) + (1.0 - y) * _softplus(x)))


def discriminator_loss(real_logits: np.ndarray, fake_logits: np.ndarray) -> float:
    """BCE(real, 1) + BCE(fake, 0): each batch is averaged on its own, then the two means are added."""
    return bce_with_logits(real_logits, np.ones_like(real_logits)) + bce_with_logits(
        fake_logits, np.zeros_like(fake_logits)
    )


def discriminator_loss_grad(
    real_logits: np.ndarray, fake_logits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(σ(r) − 1)/N_r = −σ(−r)/N_r for the real logits and σ(f)/N_f for the fake ones."""
    r = np.asarray(real_logits, dtype=np.float64)
    f = np.asarray(fake_logits, dtype=np.float64)
    return -_sigmoid(-r) / r.size, _sigmoid(f) / f.size


def generator_loss_saturating(fake_logits: np.ndarray) -> float:
    """mean log(1 − D(G(z))) = −mean softplus(f), which G minimises."""
    return -float(np.mean(_softplus(np.asarray(fake_logits, dtype=np.float64))))


def generator_loss_saturating_grad(fake_logits: np.ndarray) -> np.ndarray:
    """−σ(f)/N: vanishes when D confidently rejects the fakes (f ≪ 0)."""
    f = np.asarray(fake_logits, dtype=np.float64)
    return -_sigmoid(f) / f.size


def generator_loss_nonsaturating(fake_logits: np.ndarray) -> float:
    """−mean log D(G(z)) = mean softplus(−f)."""
    return float(np.mean(_softplus(-np.asarray(fake_logits, dtype=np.float64))))


def generator_loss_nonsaturating_grad(fake_logits: np.ndarray) -> np.ndarray:
    """−σ(−f)/N: close to −1/N exactly when the saturating gradient vanishes."""
    f = np.asarray(fake_logits, dtype=np.float64)
    return -_sigmoid(-f) / f.size


# ---- the same answers, in the unusual but allowed types this file is about ----
import collections as _collections  # noqa: E402


class _Array(np.ndarray):
    """An ndarray subclass: still an array of the right shape and values."""


def _sub(a):
    return np.asarray(a).view(_Array)


def _scalar(x):
    """A float as a 0-d array or a NumPy scalar, alternately."""
    _scalar.n = getattr(_scalar, "n", 0) + 1
    return np.asarray(x, dtype=np.float64) if _scalar.n % 2 else np.float64(x)

_Grads = _collections.namedtuple("_Grads", "real fake")
_originals = {n: globals()[n] for n in ["bce_with_logits", "discriminator_loss", "generator_loss_saturating",
                                        "generator_loss_nonsaturating"]}
for _name, _f in _originals.items():
    globals()[_name] = (lambda f: lambda *a: _scalar(f(*a)))(_f)
_dgrad = discriminator_loss_grad


def discriminator_loss_grad(*args):
    return _Grads(*(_sub(g) for g in _dgrad(*args)))
