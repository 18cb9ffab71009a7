"""The truth for exercise_gan: every loss through ``F.binary_cross_entropy_with_logits`` (what
``nn.BCEWithLogitsLoss`` computes, mean reduction), and every gradient through ``torch.autograd.grad``,
in float64, on the requested device."""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F


def _tensor(array: np.ndarray, device: str, grad: bool = False) -> torch.Tensor:
    out = torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)
    return out.requires_grad_(grad)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def bce(logits: torch.Tensor, target: float) -> torch.Tensor:
    """Mean binary cross-entropy of every logit against one label."""
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


def d_loss(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """BCE(real, 1) + BCE(fake, 0)."""
    return bce(real, 1.0) + bce(fake, 0.0)


def g_loss_saturating(fake: torch.Tensor) -> torch.Tensor:
    """mean log(1 − σ(f)) = −BCE(fake, 0)."""
    return -bce(fake, 0.0)


def g_loss_nonsaturating(fake: torch.Tensor) -> torch.Tensor:
    """−mean log σ(f) = BCE(fake, 1)."""
    return bce(fake, 1.0)


def bce_with_logits(logits: np.ndarray, targets: np.ndarray, device: str) -> float:
    loss = F.binary_cross_entropy_with_logits(_tensor(logits, device), _tensor(targets, device))
    return float(loss.item())


def discriminator_loss(real_logits: np.ndarray, fake_logits: np.ndarray, device: str) -> float:
    return float(d_loss(_tensor(real_logits, device), _tensor(fake_logits, device)).item())


def discriminator_loss_grad(
    real_logits: np.ndarray, fake_logits: np.ndarray, device: str
) -> tuple[np.ndarray, np.ndarray]:
    real, fake = _tensor(real_logits, device, grad=True), _tensor(fake_logits, device, grad=True)
    grad_real, grad_fake = torch.autograd.grad(d_loss(real, fake), (real, fake))
    return _numpy(grad_real), _numpy(grad_fake)


def generator_loss_saturating(fake_logits: np.ndarray, device: str) -> float:
    return float(g_loss_saturating(_tensor(fake_logits, device)).item())


def generator_loss_saturating_grad(fake_logits: np.ndarray, device: str) -> np.ndarray:
    fake = _tensor(fake_logits, device, grad=True)
    return _numpy(torch.autograd.grad(g_loss_saturating(fake), fake)[0])


def generator_loss_nonsaturating(fake_logits: np.ndarray, device: str) -> float:
    return float(g_loss_nonsaturating(_tensor(fake_logits, device)).item())


def generator_loss_nonsaturating_grad(fake_logits: np.ndarray, device: str) -> np.ndarray:
    fake = _tensor(fake_logits, device, grad=True)
    return _numpy(torch.autograd.grad(g_loss_nonsaturating(fake), fake)[0])
