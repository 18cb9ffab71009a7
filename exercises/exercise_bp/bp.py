"""exercise_bp: forward and backward pass of a two-layer sigmoid network. See README.md."""

import numpy as np


def sigmoid(u: np.ndarray) -> np.ndarray:
    """Apply the logistic sigmoid σ(u) = 1 / (1 + exp(-u)) elementwise.

    Must not overflow, warn or return nan for large |u| (for example |u| >= 700).

    Args:
        u: float64 array of any shape, including a 0-d array.

    Returns:
        A new float64 array of the same shape as ``u`` with values σ(u).
    """
    raise NotImplementedError("exercise_bp: implement sigmoid")


def forward(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Forward pass: Z = σ(X @ W1 + b1), Y = σ(Z @ W2 + b2).

    Args:
        X: inputs, shape (N, d_in).
        W1: first-layer weights, shape (d_in, d_h).
        b1: first-layer biases, shape (d_h,).
        W2: second-layer weights, shape (d_h, d_out).
        b2: second-layer biases, shape (d_out,).

    Returns:
        A tuple ``(Z, Y)``: hidden activations Z, shape (N, d_h), and outputs Y, shape (N, d_out).
    """
    raise NotImplementedError("exercise_bp: implement forward")


def loss(Y: np.ndarray, R: np.ndarray) -> float:
    """Half mean squared error: E = 1/(2N) · Σₙ Σₖ (Rₙₖ − Yₙₖ)².

    Args:
        Y: network outputs, shape (N, d_out).
        R: targets, shape (N, d_out).

    Returns:
        The loss E as a Python float.
    """
    raise NotImplementedError("exercise_bp: implement loss")


def backward(
    X: np.ndarray, R: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradients of the loss E with respect to every parameter (backpropagation).

    Args:
        X: inputs, shape (N, d_in).
        R: targets, shape (N, d_out).
        W1: first-layer weights, shape (d_in, d_h).
        b1: first-layer biases, shape (d_h,).
        W2: second-layer weights, shape (d_h, d_out).
        b2: second-layer biases, shape (d_out,).

    Returns:
        A dict with keys "W1", "b1", "W2", "b2": the gradients ∂E/∂W1 (d_in, d_h), ∂E/∂b1 (d_h,),
        ∂E/∂W2 (d_h, d_out) and ∂E/∂b2 (d_out,), each the shape of its parameter.
    """
    raise NotImplementedError("exercise_bp: implement backward")


def train_step(
    X: np.ndarray,
    R: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
    alpha: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One full-batch gradient-descent step: θ ← θ − α · ∂E/∂θ for every parameter θ.

    The input arrays must not be modified; return new arrays.

    Args:
        X: inputs, shape (N, d_in).
        R: targets, shape (N, d_out).
        W1: first-layer weights, shape (d_in, d_h).
        b1: first-layer biases, shape (d_h,).
        W2: second-layer weights, shape (d_h, d_out).
        b2: second-layer biases, shape (d_out,).
        alpha: learning rate α > 0.

    Returns:
        A tuple ``(W1, b1, W2, b2)`` of new arrays with the updated parameters, same shapes as the inputs.
    """
    raise NotImplementedError("exercise_bp: implement train_step")
