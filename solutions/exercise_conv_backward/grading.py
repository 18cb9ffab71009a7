"""Hidden tests of exercise_conv_backward: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), so a batch sends the same inputs to every
submission and no submission can carry the answers as constants (the shapes are fixed, the values drawn);
the expected answers come from ``reference.py`` (PyTorch autograd), computed once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

TOLERANCE = Tolerance(rtol=1e-6, atol=1e-9)
SEED = 20261202

# (label, x shape, w shape, stride, padding, dilation). Several strides leave the last rows or columns
# unread by the forward pass: their input gradient must be exactly 0.
CONVS = (
    ("3 -> 2 channels, 3x2 kernel", (2, 3, 6, 7), (2, 3, 3, 2), 1, 0, 1),
    ("N=1, stride 2, padding 1", (1, 2, 8, 9), (3, 2, 3, 3), 2, 1, 1),
    ("stride 3: rows 3-4 and columns 2, 5, 8, 9 are never read", (1, 2, 5, 10), (2, 2, 3, 2), 3, 0, 1),
    ("1x1 kernel, stride 2: odd rows and columns are never read", (2, 3, 5, 6), (2, 3, 1, 1), 2, 0, 1),
    ("dilation 2, 2x3 kernel, padding 2", (2, 2, 9, 8), (2, 2, 2, 3), 1, 2, 2),
    ("'valid', stride 3: last rows and columns never read", (1, 2, 8, 7), (2, 2, 3, 2), 3, "valid", 1),
    ("'same', 4x3 kernel (even height)", (1, 3, 6, 7), (2, 3, 4, 3), 1, "same", 1),
    ("'same', 3x3 kernel, dilation 2", (2, 2, 7, 6), (3, 2, 3, 3), 1, "same", 2),
    ("'full', 3x2 kernel", (1, 2, 4, 5), (2, 2, 3, 2), 1, "full", 1),
    ("'full', dilation 2, stride 2", (2, 2, 5, 6), (1, 2, 2, 3), 2, "full", 2),
    ("square: N = C_in = C_out = 3, 3x3 kernel, padding 1", (3, 3, 5, 5), (3, 3, 3, 3), 1, 1, 1),
    ("stride 2, dilation 2, padding 1: every other row is never read", (1, 3, 9, 8), (2, 3, 3, 2), 2, 1, 2),
)
BIAS_CASES = (0, 1, 3, 9, 10)  # indices into CONVS: N = 1, C_out = 1, and N = C_out
UNCHANGED = 2  # the case whose inputs must come back untouched


def _pads(padding: int | str, k: int, dilation: int) -> tuple[int, int]:
    """(before, after) zeros along one axis, as the statement defines them."""
    span = dilation * (k - 1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return span // 2, span - span // 2
    if padding == "full":
        return span, span
    return int(padding), int(padding)


def _output_shape(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: int, padding: int | str, dilation: int
) -> tuple[int, ...]:
    """The forward pass's output shape: ⌊(n + before + after − d(k − 1) − 1)/s⌋ + 1 along each axis."""
    sizes = [
        (n + sum(_pads(padding, k, dilation)) - dilation * (k - 1) - 1) // stride + 1
        for n, k in zip(x_shape[2:], w_shape[2:], strict=True)
    ]
    return (x_shape[0], w_shape[0], *sizes)


def _case(
    name: str,
    function: str,
    args: tuple[Any, ...],
    expected: Callable[[str], Any],
    check: Callable[[CaseRun], Verdict] = values,
    weight: float = 1.0,
) -> Case:
    return Case(name, function, (Call(function, args),), check, expected, weight)


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    d = reference
    convs = []
    for label, x_shape, w_shape, stride, padding, dilation in CONVS:
        x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
        grad_out = rng.normal(size=_output_shape(x_shape, w_shape, stride, padding, dilation))
        convs.append((label, (x, w, grad_out, stride, padding, dilation)))
    out: list[Case] = []
    for function, expected in (
        ("conv2d_grad_input", d.conv2d_grad_input),
        ("conv2d_grad_weight", d.conv2d_grad_weight),
    ):
        for label, args in convs:
            out.append(
                _case(f"{function}: {label}", function, args, lambda dev, a=args, f=expected: f(*a, dev))
            )
        args = convs[UNCHANGED][1]
        out.append(
            leaves_inputs(
                _case(
                    f"{function}: leaves its inputs unchanged",
                    function,
                    args,
                    lambda dev, a=args, f=expected: f(*a, dev),
                    values,
                    0.5,
                )
            )
        )
    for i in BIAS_CASES:
        grad_out = convs[i][1][2]
        n, c_out, ho, wo = grad_out.shape
        out.append(
            _case(
                f"conv2d_grad_bias: N={n}, C_out={c_out}, {ho}x{wo} output",
                "conv2d_grad_bias",
                (grad_out,),
                lambda dev, g=grad_out: d.conv2d_grad_bias(g, dev),
            )
        )
    grad_out = convs[UNCHANGED][1][2]
    out.append(
        leaves_inputs(
            _case(
                "conv2d_grad_bias: leaves grad_out unchanged",
                "conv2d_grad_bias",
                (grad_out,),
                lambda dev, g=grad_out: d.conv2d_grad_bias(g, dev),
                values,
                0.5,
            )
        )
    )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _grad_input(
    x: Any,
    w: Any,
    grad_out: Any,
    stride: int,
    padding: int | str,
    dilation: int,
    *,
    flip: bool = False,
    swap: bool = False,
    tap_stride: int | None = None,
    tap_dilation: int | None = None,
    accumulate: bool = True,
    crop: str = "crop",
) -> np.ndarray | None:
    """The scatter form of dL/dx, or one of its classic wrong versions."""
    n, c_in, h, width = x.shape
    kernel = w[:, :, ::-1, ::-1] if flip else w
    if swap:
        kernel = kernel.transpose(1, 0, 2, 3)
    kh, kw = kernel.shape[2:]
    top, bottom = _pads(padding, kh, dilation)
    left, right = _pads(padding, kw, dilation)
    s = stride if tap_stride is None else tap_stride
    dd = dilation if tap_dilation is None else tap_dilation
    ho, wo = grad_out.shape[2:]
    grad_pad = np.zeros((n, c_in, h + top + bottom, width + left + right))
    for p in range(kh):
        for q in range(kw):
            rows = slice(p * dd, p * dd + s * (ho - 1) + 1, s)
            cols = slice(q * dd, q * dd + s * (wo - 1) + 1, s)
            contribution = np.einsum("nohw,oc->nchw", grad_out, kernel[:, :, p, q])
            if accumulate:
                grad_pad[:, :, rows, cols] += contribution
            else:
                grad_pad[:, :, rows, cols] = contribution
    if crop == "none":
        return grad_pad
    if crop == "p:-p":
        # x_pad[:, :, p:-p] is empty for p = 0 and wrong for 'same' with an odd total padding.
        return grad_pad[:, :, top : -top or None, left : -left or None] if top or left else None
    if crop == "leftover-first":
        # The full correlation is (H_out - 1)·s + d·(kH - 1) + 1 long; padded with the leftover zeros in
        # front instead of behind, it lands that many rows (columns) too low (too far right).
        rows_left = grad_pad.shape[2] - ((ho - 1) * stride + dilation * (kh - 1) + 1)
        cols_left = grad_pad.shape[3] - ((wo - 1) * stride + dilation * (kw - 1) + 1)
        if not rows_left and not cols_left:
            return None  # every pixel was read: nothing is left over to misplace
        grad_pad = np.roll(grad_pad, (rows_left, cols_left), axis=(2, 3))
    return grad_pad[:, :, top : top + h, left : left + width]


def _grad_weight(
    x: Any,
    w: Any,
    grad_out: Any,
    stride: int,
    padding: int | str,
    dilation: int,
    *,
    tap_dilation: int | None = None,
    images: int | None = None,
    tap_stride: int | None = None,
) -> np.ndarray | None:
    """dL/dw with the right padding and stride; the taps may ignore the dilation or the stride, the
    batch may be cut."""
    kh, kw = w.shape[2:]
    top, bottom = _pads(padding, kh, dilation)
    left, right = _pads(padding, kw, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))[:images]
    grad_out = grad_out[:images]
    dd = dilation if tap_dilation is None else tap_dilation
    s = stride if tap_stride is None else tap_stride
    ho, wo = grad_out.shape[2:]
    grad = np.zeros(w.shape)
    for p in range(kh):
        for q in range(kw):
            rows = slice(p * dd, p * dd + s * (ho - 1) + 1, s)
            cols = slice(q * dd, q * dd + s * (wo - 1) + 1, s)
            grad[:, :, p, q] = np.einsum("nohw,nchw->oc", grad_out, xp[:, :, rows, cols])
    return grad


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args)
            except (ValueError, IndexError):
                return None  # this mistake cannot even be made with these shapes

    return wrong


def _mistakes() -> list[Mistake]:
    def make(function: str) -> Callable[[str, str, str, Callable[..., Any]], Mistake]:
        return lambda key, en, zh, f: Mistake(key, function, en, zh, _guarded(f))

    grad_input, grad_weight, grad_bias = (
        make("conv2d_grad_input"),
        make("conv2d_grad_weight"),
        make("conv2d_grad_bias"),
    )
    return [
        grad_input(
            "kernel-not-flipped",
            "as a full correlation, dL/dx uses the kernel rotated by 180°: tap (p, q) sends grad_out back to "
            "the pixel it read, x_pad[i·s + p·d, j·s + q·d]",
            "写成全相关时，dL/dx 要用旋转 180° 的卷积核：核元素 (p, q) 把 grad_out 送回它读过的像素 "
            "x_pad[i·s + p·d, j·s + q·d]",
            lambda *a: _grad_input(*a, flip=True),
        ),
        grad_input(
            "channels-not-swapped",
            "dL/dx[c] sums over the output channels o of grad_out[o] and w[o, c]: w's first axis is C_out",
            "dL/dx[c] 要对输出通道 o 求和 grad_out[o] 与 w[o, c]：w 的第一维是 C_out",
            lambda *a: _grad_input(*a, swap=True),
        ),
        grad_input(
            "stride-ignored",
            "with stride s the output pixel (i, j) read x_pad[i·s + …, j·s + …]: spread grad_out s pixels "
            "apart (insert s − 1 zeros between its entries)",
            "步长为 s 时输出像素 (i, j) 读取的是 x_pad[i·s + …, j·s + …]：grad_out 的相邻元素要隔开 s 个像素"
            "（在其间插入 s − 1 个零）",
            lambda x, w, g, s, p, d: _grad_input(x, w, g, s, p, d, tap_stride=1),
        ),
        grad_input(
            "dilation-ignored",
            "the taps of a dilated kernel are d pixels apart: tap (p, q) read x_pad[i·s + p·d, j·s + q·d]",
            "空洞卷积核的相邻元素相隔 d 个像素：核元素 (p, q) 读取的是 x_pad[i·s + p·d, j·s + q·d]",
            lambda x, w, g, s, p, d: _grad_input(x, w, g, s, p, d, tap_dilation=1),
        ),
        grad_input(
            "overwrite-instead-of-accumulate",
            "a pixel read by several windows (or taps) collects the sum of all their gradients: accumulate "
            "with +=, do not overwrite with =",
            "被多个窗口（或多个核元素）读到的像素，其梯度是所有贡献之和：要用 += 累加，不能用 = 覆盖",
            lambda *a: _grad_input(*a, accumulate=False),
        ),
        grad_input(
            "leftover-rows-first",
            "the rows and columns the forward pass never read are the last ones (bottom/right): their "
            "gradient is 0, and the others keep their place",
            "前向传播没有读到的是最后几行/列（下方/右侧）：它们的梯度为 0，其余位置不能错位",
            lambda *a: _grad_input(*a, crop="leftover-first"),
        ),
        grad_input(
            "padding-not-cropped",
            "dL/dx has the shape of x: drop the gradient of the padding",
            "dL/dx 与 x 同形：要去掉填充部分的梯度",
            lambda *a: _grad_input(*a, crop="none"),
        ),
        grad_input(
            "crop-p-minus-p",
            "crop the padding as x_pad[:, :, top : top + H, left : left + W]: [p:-p] assumes the same padding "
            "on both sides (not so for 'same' with an even kernel) and is empty for p = 0",
            "应按 x_pad[:, :, top : top + H, left : left + W] 去掉填充：[p:-p] 假定两侧填充相同"
            "（'same' 配偶数核时并非如此），且 p = 0 时结果为空",
            lambda *a: _grad_input(*a, crop="p:-p"),
        ),
        grad_weight(
            "weight-grad-stride-ignored",
            "in dL/dw the tap (p, q) met the pixels i·s + p·d: step through x_pad by the stride s",
            "dL/dw 中核元素 (p, q) 读过的像素是 i·s + p·d：在 x_pad 上要按步长 s 取样",
            lambda x, w, g, s, p, d: _grad_weight(x, w, g, s, p, d, tap_stride=1) if s > 1 else None,
        ),
        grad_weight(
            "weight-grad-flipped",
            "dL/dw[o, c, p, q] correlates grad_out with the pixels tap (p, q) read: do not rotate the result",
            "dL/dw[o, c, p, q] 是 grad_out 与核元素 (p, q) 读过的像素的相关：结果不要旋转",
            lambda *a: _grad_weight(*a)[:, :, ::-1, ::-1],
        ),
        grad_weight(
            "weight-grad-mean-over-batch",
            "the kernels are shared by every image: sum their gradient over the batch, do not average it",
            "卷积核被批中每张图像共享：其梯度要对批求和，而不是取平均",
            lambda x, *a: _grad_weight(x, *a) / x.shape[0],
        ),
        grad_weight(
            "weight-grad-first-image",
            "the kernels are shared by every image: add the gradients of all N images",
            "卷积核被批中每张图像共享：要把 N 张图像的梯度加起来",
            lambda *a: _grad_weight(*a, images=1),
        ),
        grad_weight(
            "dilation-ignored",
            "the taps of a dilated kernel are d pixels apart: tap (p, q) read x_pad[i·s + p·d, j·s + q·d]",
            "空洞卷积核的相邻元素相隔 d 个像素：核元素 (p, q) 读取的是 x_pad[i·s + p·d, j·s + q·d]",
            lambda *a: _grad_weight(*a, tap_dilation=1),
        ),
        grad_weight(
            "weight-grad-transposed",
            "dL/dw has the shape of w, (C_out, C_in, kH, kW): the output channel comes first",
            "dL/dw 与 w 同形 (C_out, C_in, kH, kW)：输出通道在前",
            lambda *a: _grad_weight(*a).transpose(1, 0, 2, 3),
        ),
        grad_bias(
            "bias-grad-mean",
            "b[o] is added to every pixel of every image: sum grad_out over N, H_out and W_out, do not average",
            "b[o] 加到了每张图像的每个像素上：grad_out 要对 N、H_out、W_out 求和，而不是取平均",
            lambda g: g.mean(axis=(0, 2, 3)),
        ),
        grad_bias(
            "bias-grad-batch-mean",
            "sum over the batch too: the loss is a plain sum, with no 1/N",
            "对批也要求和：损失是直接求和，没有 1/N",
            lambda g: g.sum(axis=(2, 3)).mean(axis=0),
        ),
        grad_bias(
            "bias-grad-wrong-axes",
            "keep the channel axis (axis 1) and sum over the others: axes (0, 2, 3)",
            "保留通道维（第 1 维），对其余各维求和：axis=(0, 2, 3)",
            lambda g: g.sum(axis=(1, 2, 3)),
        ),
    ]


MISTAKES = _mistakes()
