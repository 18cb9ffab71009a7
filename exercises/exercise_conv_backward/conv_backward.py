"""exercise_conv_backward: gradients of a 2-D convolution layer. See README.md."""

import numpy as np


def conv2d_grad_input(
    x: np.ndarray, w: np.ndarray, grad_out: np.ndarray, stride: int, padding: int | str, dilation: int
) -> np.ndarray:
    """Gradient of the loss with respect to the input x, dL/dx.

    The forward pass is out = conv2d(x, w, b, stride, padding, dilation), exactly as in exercise_conv, and
    grad_out = dL/dout.

    Args:
        x: input of the forward pass, shape (N, C_in, H, W). Only its shape matters here.
        w: kernels, shape (C_out, C_in, kH, kW).
        grad_out: dL/dout, shape (N, C_out, H_out, W_out).
        stride: step s >= 1 of the forward pass, the same along both axes.
        padding: an int p >= 0, or "valid", "same" or "full" (see README.md).
        dilation: spacing d >= 1 between kernel taps.

    Returns:
        A new float64 array dL/dx of the shape of x, (N, C_in, H, W). Pixels the forward pass never read
        get 0.
    """
    raise NotImplementedError("exercise_conv_backward: implement conv2d_grad_input")


def conv2d_grad_weight(
    x: np.ndarray, w: np.ndarray, grad_out: np.ndarray, stride: int, padding: int | str, dilation: int
) -> np.ndarray:
    """Gradient of the loss with respect to the kernels w, dL/dw, summed over the batch.

    Args:
        x: input of the forward pass, shape (N, C_in, H, W).
        w: kernels, shape (C_out, C_in, kH, kW). Only its shape matters here.
        grad_out: dL/dout, shape (N, C_out, H_out, W_out).
        stride: step s >= 1 of the forward pass.
        padding: an int p >= 0, or "valid", "same" or "full" (see README.md).
        dilation: spacing d >= 1 between kernel taps.

    Returns:
        A new float64 array dL/dw of the shape of w, (C_out, C_in, kH, kW).
    """
    raise NotImplementedError("exercise_conv_backward: implement conv2d_grad_weight")


def conv2d_grad_bias(grad_out: np.ndarray) -> np.ndarray:
    """Gradient of the loss with respect to the biases b, dL/db.

    Args:
        grad_out: dL/dout, shape (N, C_out, H_out, W_out).

    Returns:
        A new float64 array dL/db of shape (C_out,).
    """
    raise NotImplementedError("exercise_conv_backward: implement conv2d_grad_bias")
