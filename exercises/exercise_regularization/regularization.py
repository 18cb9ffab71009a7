"""exercise_regularization: dropout, weight decay, label smoothing and early stopping. See README.md."""

import numpy as np


def dropout(x: np.ndarray, mask: np.ndarray, p: float, training: bool) -> np.ndarray:
    """Inverted dropout with a given keep-mask, as torch.nn.functional.dropout.

    In training, entries where ``mask`` is True are kept and divided by 1 - p, the others become 0
    (p = 1 gives all zeros). In evaluation (``training`` False) the result equals ``x``.

    Args:
        x: float64 array of any shape.
        mask: bool array of the same shape, True for the entries to keep.
        p: the drop probability, 0 <= p <= 1.
        training: True in training mode, False in evaluation mode.

    Returns:
        A new float64 array of the shape of ``x``.
    """
    raise NotImplementedError("exercise_regularization: implement dropout")


def dropout_backward(grad_out: np.ndarray, mask: np.ndarray, p: float, training: bool) -> np.ndarray:
    """The gradient of the loss with respect to dropout's input x, given the gradient w.r.t. its output.

    Args:
        grad_out: ∂L/∂(dropout output), float64, the shape of x.
        mask, p, training: as given to ``dropout``.

    Returns:
        ∂L/∂x, a new float64 array of the shape of ``grad_out``.
    """
    raise NotImplementedError("exercise_regularization: implement dropout_backward")


def sgd_weight_decay_step(w: np.ndarray, grad: np.ndarray, lr: float, weight_decay: float) -> np.ndarray:
    """One step of torch.optim.SGD(lr=lr, weight_decay=weight_decay): w − lr · (grad + weight_decay · w).

    Args:
        w: parameters, float64 array of any shape.
        grad: ∂L/∂w without the decay term, the shape of ``w``.
        lr: learning rate > 0.
        weight_decay: the L2 coefficient λ >= 0.

    Returns:
        The new parameters, a new float64 array; ``w`` and ``grad`` are left unchanged.
    """
    raise NotImplementedError("exercise_regularization: implement sgd_weight_decay_step")


def cross_entropy_label_smoothing(logits: np.ndarray, targets: np.ndarray, eps: float) -> float:
    """Mean cross-entropy with label smoothing, as F.cross_entropy(logits, targets, label_smoothing=eps).

    Must not overflow, warn or return inf/nan for logits of any size (for example ±1000).

    Args:
        logits: float64 array of shape (N, K), one row of class scores per sample.
        targets: int array of shape (N,), the class of each sample, in 0 .. K − 1.
        eps: the smoothing ε, 0 <= ε <= 1.

    Returns:
        The loss as a Python float.
    """
    raise NotImplementedError("exercise_regularization: implement cross_entropy_label_smoothing")


def cross_entropy_label_smoothing_grad(logits: np.ndarray, targets: np.ndarray, eps: float) -> np.ndarray:
    """The gradient of ``cross_entropy_label_smoothing`` with respect to the logits.

    Args:
        logits, targets, eps: as for ``cross_entropy_label_smoothing``.

    Returns:
        A new float64 array of shape (N, K).
    """
    raise NotImplementedError("exercise_regularization: implement cross_entropy_label_smoothing_grad")


def early_stopping(val_losses: np.ndarray, patience: int, min_delta: float) -> tuple[int, int]:
    """When to stop training, and which epoch's weights to keep, from a validation-loss curve.

    Epoch t improves when val_losses[t] < best − min_delta (best: the loss of the last improvement; epoch 0
    always sets it). Training stops at the first epoch where ``patience`` epochs in a row have not improved.

    Args:
        val_losses: float64 array of shape (T,), T >= 1: the validation loss after epochs 0, 1, ..., T − 1.
        patience: how many epochs without improvement are tolerated, >= 1.
        min_delta: the smallest decrease that counts as an improvement, >= 0.

    Returns:
        A tuple of two ints ``(stop_epoch, best_epoch)``: the epoch at which training stops (T − 1 when it
        never stops early) and the last epoch that improved.
    """
    raise NotImplementedError("exercise_regularization: implement early_stopping")
