"""exercise_activations: eight activation functions and their derivatives. See README.md.

Every function takes a float64 NumPy array ``x`` of any shape (0-d included) and returns a NEW float64
array of the same shape; it must not modify ``x``. Extreme inputs such as ±1000 must give no overflow,
no warning, no nan and, for sigmoid, softplus and softmax, no loss of relative precision.
"""

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid σ(x) = 1 / (1 + e^(−x)), elementwise.

    Tiny results must keep their relative precision: σ(−600) ≈ 2.65e−261, not 0.
    """
    raise NotImplementedError("exercise_activations: implement sigmoid")


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """Derivative σ′(x), elementwise."""
    raise NotImplementedError("exercise_activations: implement sigmoid_grad")


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent tanh(x), elementwise."""
    raise NotImplementedError("exercise_activations: implement tanh")


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """Derivative tanh′(x), elementwise."""
    raise NotImplementedError("exercise_activations: implement tanh_grad")


def relu(x: np.ndarray) -> np.ndarray:
    """ReLU(x) = max(x, 0), elementwise."""
    raise NotImplementedError("exercise_activations: implement relu")


def relu_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of ReLU, elementwise: 1 for x > 0, 0 for x ≤ 0 (0 at x = 0, as PyTorch does)."""
    raise NotImplementedError("exercise_activations: implement relu_grad")


def leaky_relu(x: np.ndarray, slope: float) -> np.ndarray:
    """Leaky ReLU: x for x > 0, slope · x for x ≤ 0, elementwise.

    Args:
        x: input array, any shape.
        slope: the slope for x ≤ 0 (PyTorch's ``negative_slope``), 0 < slope < 1.
    """
    raise NotImplementedError("exercise_activations: implement leaky_relu")


def leaky_relu_grad(x: np.ndarray, slope: float) -> np.ndarray:
    """Derivative of leaky ReLU: 1 for x > 0, slope for x ≤ 0 (slope at x = 0, as PyTorch does)."""
    raise NotImplementedError("exercise_activations: implement leaky_relu_grad")


def elu(x: np.ndarray, alpha: float) -> np.ndarray:
    """ELU: x for x > 0, alpha · (e^x − 1) for x ≤ 0, elementwise. Must not overflow for x = 1000."""
    raise NotImplementedError("exercise_activations: implement elu")


def elu_grad(x: np.ndarray, alpha: float) -> np.ndarray:
    """Derivative of ELU: 1 for x > 0, alpha · e^x for x ≤ 0 (alpha at x = 0, as PyTorch does)."""
    raise NotImplementedError("exercise_activations: implement elu_grad")


def softplus(x: np.ndarray) -> np.ndarray:
    """Softplus log(1 + e^x), elementwise.

    softplus(1000) is 1000 (no overflow) and tiny results keep their relative precision:
    softplus(−40) ≈ 4.25e−18, not 0.
    """
    raise NotImplementedError("exercise_activations: implement softplus")


def softplus_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of softplus, elementwise."""
    raise NotImplementedError("exercise_activations: implement softplus_grad")


def swish(x: np.ndarray, beta: float) -> np.ndarray:
    """Swish x · σ(βx), elementwise.

    Args:
        x: input array, any shape.
        beta: the constant β > 0 (β = 1 gives PyTorch's SiLU).
    """
    raise NotImplementedError("exercise_activations: implement swish")


def swish_grad(x: np.ndarray, beta: float) -> np.ndarray:
    """Derivative of swish with respect to x, elementwise (β is a constant)."""
    raise NotImplementedError("exercise_activations: implement swish_grad")


def softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """Softmax along ``axis``: s = e^x / Σ e^x, the sum taken along ``axis`` only.

    Args:
        x: input array, any shape with at least one dimension.
        axis: the axis to normalise along; may be negative (−1 is the last axis).

    Returns:
        An array of the shape of ``x`` whose entries along ``axis`` are positive and sum to 1.
    """
    raise NotImplementedError("exercise_activations: implement softmax")


def softmax_grad(x: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    """Backward pass of softmax: the vector-Jacobian product Jᵀg along ``axis``.

    With s = softmax(x, axis) and a loss L whose gradient with respect to s is ``g``, return ∂L/∂x.

    Args:
        x: input of the softmax, any shape with at least one dimension.
        g: upstream gradient ∂L/∂s, the shape of ``x``.
        axis: the axis softmax normalised along; may be negative.

    Returns:
        ∂L/∂x, an array of the shape of ``x``.
    """
    raise NotImplementedError("exercise_activations: implement softmax_grad")
