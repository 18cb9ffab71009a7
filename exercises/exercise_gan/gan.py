"""exercise_gan: GAN losses computed from the discriminator's logits, and their gradients. See README.md.

A logit x is the discriminator's output before the sigmoid: D = σ(x) is the probability that the sample is
real. Every loss is a mean over the batch (like torch.nn.BCEWithLogitsLoss with reduction="mean"). Logits
of ±1000 must give no overflow, no warning, no nan and no inf. Do not modify the arrays you are given.
"""

import numpy as np


def bce_with_logits(logits: np.ndarray, targets: np.ndarray) -> float:
    """Mean binary cross-entropy of sigmoid(logits) against targets, like nn.BCEWithLogitsLoss().

    Args:
        logits: float64 array of any shape.
        targets: float64 array of the same shape, every entry in [0, 1] (not only 0 or 1).

    Returns:
        mean over all elements of −[y log σ(x) + (1 − y) log(1 − σ(x))], as a Python float.
    """
    raise NotImplementedError("exercise_gan: implement bce_with_logits")


def discriminator_loss(real_logits: np.ndarray, fake_logits: np.ndarray) -> float:
    """L_D = −mean log D(x) − mean log(1 − D(G(z))): BCE(real, 1) + BCE(fake, 0).

    Args:
        real_logits: D's logits on a batch of real samples, shape (N_real,) or (N_real, 1).
        fake_logits: D's logits on a batch of generated samples, shape (N_fake,) or (N_fake, 1).

    Returns:
        The sum of the two batch means, as a Python float.
    """
    raise NotImplementedError("exercise_gan: implement discriminator_loss")


def discriminator_loss_grad(
    real_logits: np.ndarray, fake_logits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of L_D with respect to both arrays of logits.

    Returns:
        A tuple ``(grad_real, grad_fake)``: ∂L_D/∂real_logits and ∂L_D/∂fake_logits, each a float64 array of
        the shape of the matching argument.
    """
    raise NotImplementedError("exercise_gan: implement discriminator_loss_grad")


def generator_loss_saturating(fake_logits: np.ndarray) -> float:
    """The saturating generator loss mean log(1 − D(G(z))), which G minimises, as a Python float."""
    raise NotImplementedError("exercise_gan: implement generator_loss_saturating")


def generator_loss_saturating_grad(fake_logits: np.ndarray) -> np.ndarray:
    """Gradient of the saturating loss with respect to fake_logits, a float64 array of its shape."""
    raise NotImplementedError("exercise_gan: implement generator_loss_saturating_grad")


def generator_loss_nonsaturating(fake_logits: np.ndarray) -> float:
    """The non-saturating generator loss −mean log D(G(z)), which G minimises, as a Python float."""
    raise NotImplementedError("exercise_gan: implement generator_loss_nonsaturating")


def generator_loss_nonsaturating_grad(fake_logits: np.ndarray) -> np.ndarray:
    """Gradient of the non-saturating loss with respect to fake_logits, a float64 array of its shape."""
    raise NotImplementedError("exercise_gan: implement generator_loss_nonsaturating_grad")
