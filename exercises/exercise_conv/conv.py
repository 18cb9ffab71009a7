"""exercise_conv: output sizes, parameter counts, conv2d and max pooling, forward only. See README.md."""

import numpy as np


def conv_output_size(n: int, k: int, stride: int, padding: int | str, dilation: int) -> int:
    """Length of one spatial axis after a convolution.

    The output has one position per whole (dilated) window that fits in the padded axis:
    ⌊(n + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1.

    Args:
        n: input length along the axis (height or width), n >= 1.
        k: kernel length along the axis, k >= 1.
        stride: step s >= 1 between neighbouring windows.
        padding: an int p >= 0 (p zeros before and p after), or "valid", "same" or "full"
            (see README.md; "same" is only used with stride 1).
        dilation: spacing d >= 1 between neighbouring kernel taps.

    Returns:
        The output length as an int (not a float).
    """
    raise NotImplementedError("exercise_conv: implement conv_output_size")


def conv_param_count(c_in: int, c_out: int, kh: int, kw: int, bias: bool, groups: int) -> int:
    """Number of learnable parameters of torch.nn.Conv2d(c_in, c_out, (kh, kw), bias=bias, groups=groups).

    Args:
        c_in: input channels, divisible by ``groups``.
        c_out: output channels, divisible by ``groups``.
        kh: kernel height.
        kw: kernel width.
        bias: whether the layer has a bias.
        groups: number of channel groups (1 for an ordinary convolution).

    Returns:
        The number of weights plus the number of biases, as an int.
    """
    raise NotImplementedError("exercise_conv: implement conv_param_count")


def conv2d(
    x: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: int, padding: int | str, dilation: int
) -> np.ndarray:
    """2-D convolution (a cross-correlation, like torch.nn.functional.conv2d) of a batch of images.

    out[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q x_pad[n, c, i·s + p·d, j·s + q·d] · w[o, c, p, q]

    The input arrays must not be modified.

    Args:
        x: input, shape (N, C_in, H, W).
        w: kernels, shape (C_out, C_in, kH, kW).
        b: biases, shape (C_out,), or None for no bias.
        stride: step s >= 1, the same along both axes.
        padding: an int p >= 0 (p zeros on all four sides), or "valid", "same" or "full" (see README.md).
        dilation: spacing d >= 1 between kernel taps, the same along both axes.

    Returns:
        A new float64 array of shape (N, C_out, H_out, W_out), where H_out and W_out are what
        conv_output_size gives for each axis.
    """
    raise NotImplementedError("exercise_conv: implement conv2d")


def maxpool2d(x: np.ndarray, kernel_size: int, stride: int | None, padding: int) -> np.ndarray:
    """Max pooling over square windows, like torch.nn.functional.max_pool2d.

    out[n, c, i, j] = max over 0 <= p, q < k of x_pad[n, c, i·s + p, j·s + q],
    where x_pad is x padded with −∞ (never with 0).

    The input array must not be modified.

    Args:
        x: input, shape (N, C, H, W).
        kernel_size: window side k >= 1.
        stride: step s >= 1, or None for s = kernel_size (PyTorch's default).
        padding: p >= 0 positions of −∞ on all four sides, with p <= kernel_size / 2.

    Returns:
        A new float64 array of shape (N, C, ⌊(H + 2p − k)/s⌋ + 1, ⌊(W + 2p − k)/s⌋ + 1).
    """
    raise NotImplementedError("exercise_conv: implement maxpool2d")
