"""exercise_vanishing: per-layer gradient norms of a deep network, and clipping by norm. See README.md."""

import numpy as np


def layer_gradients(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of E = 1/(2N) · Σₙ Σₖ (ŷₙₖ − Yₙₖ)² with respect to every layer's weights and biases.

    The network has L layers of width d: a_l = h_l @ weights[l] + biases[l], with h_0 = X,
    h_{l+1} = f(a_l) for the hidden layers (f is the sigmoid or ReLU) and a linear output ŷ = a_{L-1}.
    Must not overflow, warn or return nan for large |a| (for example |a| >= 700) with the sigmoid.

    Args:
        X: inputs, shape (N, d).
        Y: targets, shape (N, d).
        weights: the L weight matrices stacked, shape (L, d, d); weights[0] is the first layer.
        biases: the L bias vectors stacked, shape (L, d).
        activation: "sigmoid" or "relu", the activation of the L - 1 hidden layers.

    Returns:
        A tuple ``(dW, db)``: dW[l] = ∂E/∂weights[l] and db[l] = ∂E/∂biases[l], shapes (L, d, d) and (L, d).
    """
    raise NotImplementedError("exercise_vanishing: implement layer_gradients")


def layer_gradient_norms(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str
) -> np.ndarray:
    """The Frobenius norm of ∂E/∂weights[l] for every layer l, first layer first.

    Args:
        X, Y, weights, biases, activation: as for ``layer_gradients``.

    Returns:
        A float64 array of shape (L,) whose entry l is ‖∂E/∂weights[l]‖_F.
    """
    raise NotImplementedError("exercise_vanishing: implement layer_gradient_norms")


def clip_by_global_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Clip a list of gradients by their global 2-norm, like torch.nn.utils.clip_grad_norm_.

    total = sqrt(Σᵢ ‖grads[i]‖²) over every entry of every array; each gradient is multiplied by
    min(1, max_norm / (total + 1e-6)). The arrays in ``grads`` must not be modified: return new ones.

    Args:
        grads: a list of float64 arrays of any shapes.
        max_norm: the largest total norm allowed, > 0.

    Returns:
        A tuple ``(clipped, total)``: a new list of arrays, each the shape of its input, and the total norm
        before clipping as a Python float.
    """
    raise NotImplementedError("exercise_vanishing: implement clip_by_global_norm")
