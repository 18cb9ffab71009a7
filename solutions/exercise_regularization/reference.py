"""The truth for exercise_regularization, in float64 on the requested device: F.dropout's arithmetic with
the mask given, torch.optim's functional SGD with weight decay, F.cross_entropy with label smoothing and
its autograd gradient; early stopping, which torch does not have, is the rule of the statement."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def _tensor(array: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def apply_dropout(x: torch.Tensor, keep: torch.Tensor, p: float, training: bool) -> torch.Tensor:
    """F.dropout(x, p, training) once its Bernoulli draw is ``keep``: ATen returns x in evaluation,
    x · 0 for p = 1, and otherwise x · (keep / (1 − p)) (its noise tensor, divided in place, times x).
    ``tests/test_exercise_regularization.py`` checks this against F.dropout with the same seed."""
    if not training:
        return x
    if p == 1.0:
        return x * torch.zeros((), dtype=x.dtype, device=x.device)
    return x * (keep.to(x.dtype) / (1.0 - p))


def dropout(x: np.ndarray, mask: np.ndarray, p: float, training: bool, device: str) -> np.ndarray:
    keep = torch.from_numpy(np.asarray(mask, dtype=bool)).to(device)
    return _numpy(apply_dropout(_tensor(x, device), keep, p, training))


def dropout_backward(
    grad_out: np.ndarray, mask: np.ndarray, p: float, training: bool, device: str
) -> np.ndarray:
    """x.grad after backpropagating ``grad_out`` through the dropout above, by autograd."""
    x = torch.zeros(grad_out.shape, dtype=torch.float64, device=device, requires_grad=True)
    keep = torch.from_numpy(np.asarray(mask, dtype=bool)).to(device)
    apply_dropout(x, keep, p, training).backward(_tensor(grad_out, device))
    assert x.grad is not None
    return _numpy(x.grad)


def sgd_weight_decay_step(
    w: np.ndarray, grad: np.ndarray, lr: float, weight_decay: float, device: str
) -> np.ndarray:
    """One step of ``torch.optim.sgd.sgd``, the update ``torch.optim.SGD(weight_decay=…).step`` runs.

    Why not ``torch.optim.SGD`` itself: constructing it imports TorchDynamo (1.3 s). The test file
    checks that both give the same parameters on every hidden case.
    """
    from torch.optim.sgd import sgd

    param = _tensor(w, device)
    sgd(
        [param],
        [_tensor(grad, device)],
        [None],
        weight_decay=weight_decay,
        momentum=0.0,
        lr=lr,
        dampening=0.0,
        nesterov=False,
        maximize=False,
        foreach=False,
    )
    return _numpy(param)


def _targets(targets: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(np.asarray(targets, dtype=np.int64)).to(device)


def cross_entropy_label_smoothing(logits: np.ndarray, targets: np.ndarray, eps: float, device: str) -> float:
    loss = F.cross_entropy(_tensor(logits, device), _targets(targets, device), label_smoothing=eps)
    return float(loss.item())


def cross_entropy_label_smoothing_grad(
    logits: np.ndarray, targets: np.ndarray, eps: float, device: str
) -> np.ndarray:
    z = _tensor(logits, device).requires_grad_(True)
    F.cross_entropy(z, _targets(targets, device), label_smoothing=eps).backward()
    assert z.grad is not None
    return _numpy(z.grad)


def early_stopping(val_losses: np.ndarray, patience: int, min_delta: float, device: str) -> tuple[int, int]:
    """The statement's rule (Keras' EarlyStopping on val_loss with restore_best_weights), in plain Python:
    torch has no early stopping. ``device`` is unused."""
    losses = [float(v) for v in val_losses]
    best, best_epoch, wait = losses[0], 0, 0
    for epoch in range(1, len(losses)):
        if losses[epoch] < best - min_delta:
            best, best_epoch, wait = losses[epoch], epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return len(losses) - 1, best_epoch
