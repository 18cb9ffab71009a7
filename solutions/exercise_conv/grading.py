"""Hidden tests of exercise_conv: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), so a batch sends the same inputs to every
submission and no submission can carry the answers as constants, the sizes and counts included; the
expected answers come from ``reference.py`` (PyTorch), computed once per batch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

TOLERANCE = Tolerance(rtol=1e-6, atol=1e-9)
SEED = 20261201

# (label, n, k, stride, padding, dilation): floors that matter, dilation, every string mode, k = 1.
# cases() adds a seed-drawn multiple j of the stride to n (n=7+2j): n − d(k − 1) − 1 keeps its remainder
# modulo the stride, so a division that is not whole (the floor) stays not whole in every run.
SIZES = (
    ("n=7+2j, k=3, stride 2, padding 1", 7, 3, 2, 1, 1),
    ("n=8+3j, k=3, stride 3 ((n − 3)/3 is not whole: floor)", 8, 3, 3, 0, 1),
    ("n=224+2j, k=7, stride 2, padding 3 (floor)", 224, 7, 2, 3, 1),
    ("n=227+4j, k=11, stride 4", 227, 11, 4, 0, 1),
    ("n=10+j, k=3, dilation 2", 10, 3, 1, 0, 2),
    ("n=9+2j, k=3, stride 2, padding 2, dilation 3", 9, 3, 2, 2, 3),
    ("n=12+3j, k=4, stride 3, padding 1, dilation 2 (floor)", 12, 4, 3, 1, 2),
    ("n=5+j, k=1", 5, 1, 1, 0, 1),
    ("'valid', n=7+2j, k=4, stride 2 (floor)", 7, 4, 2, "valid", 1),
    ("'same', n=7+j, k=3", 7, 3, 1, "same", 1),
    ("'same', even kernel: n=7+j, k=4", 7, 4, 1, "same", 1),
    ("'same', n=9+j, k=4, dilation 3", 9, 4, 1, "same", 3),
    ("'full', n=5+j, k=3", 5, 3, 1, "full", 1),
    ("'full', n=5+j, k=3, dilation 2", 5, 3, 1, "full", 2),
    ("'full', n=7+2j, k=4, stride 2 (floor)", 7, 4, 2, "full", 1),
)
SIZE_STEPS = 64  # j is drawn from 0 to SIZE_STEPS − 1


def _sizes(rng: np.random.Generator) -> list[tuple[str, tuple[Any, ...]]]:
    """SIZES with n moved by the seed, and the edge n = 1, k = 1 with a seed-drawn stride of 2 or more
    and dilation (which k = 1 makes irrelevant): one output, whatever they are."""
    out = [
        (label, (n + stride * int(rng.integers(SIZE_STEPS)), k, stride, padding, dilation))
        for label, n, k, stride, padding, dilation in SIZES
    ]
    edge = (1, 1, int(rng.integers(2, 10)), 0, int(rng.integers(1, 6)))
    out.insert(8, ("n=1, k=1, stride 2 or more", edge))
    return out


def _counts(rng: np.random.Generator) -> list[tuple[str, tuple[Any, ...]]]:
    """(label, (c_in, c_out, kh, kw, bias, groups)), the channel counts drawn from the seed: an RGB
    input, wide layers, a non-square kernel, 1x1, hundreds of channels, depthwise, groups 4 with
    c_out ≠ c_in (so dividing the wrong count by the groups shows), one channel in and out."""

    def draw(low: int, high: int) -> int:
        return int(rng.integers(low, high + 1))

    depthwise, quarter_in, quarter_out = draw(8, 64), draw(2, 6), draw(7, 12)
    return [
        ("3 -> 16..128 channels, 3x3, bias", (3, draw(16, 128), 3, 3, True, 1)),
        ("32..128 -> 64..256 channels, 3x3, no bias", (draw(32, 128), draw(64, 256), 3, 3, False, 1)),
        ("3 -> 8..64 channels, 5x3 kernel, bias", (3, draw(8, 64), 5, 3, True, 1)),
        ("32..128 -> 64..256 channels, 1x1, bias", (draw(32, 128), draw(64, 256), 1, 1, True, 1)),
        ("256..1024 -> 256..1024 channels, 3x3, bias", (draw(256, 1024), draw(256, 1024), 3, 3, True, 1)),
        (
            "8..64 channels, 3x3, groups = channels (depthwise), bias",
            (depthwise, depthwise, 3, 3, True, depthwise),
        ),
        (
            "8..24 -> 28..48 channels, 3x3, groups 4, no bias",
            (4 * quarter_in, 4 * quarter_out, 3, 3, False, 4),
        ),
        ("1 -> 1 channel, kernel up to 5x5, bias", (1, 1, draw(1, 5), draw(1, 5), True, 1)),
    ]


# (label, x shape, w shape, bias?, stride, padding, dilation)
CONVS = (
    ("3 -> 2 channels, 3x2 kernel", (2, 3, 6, 7), (2, 3, 3, 2), True, 1, 0, 1),
    ("N=1, stride 2 that does not divide, padding 1", (1, 2, 8, 9), (3, 2, 3, 3), True, 2, 1, 1),
    ("dilation 2, 2x3 kernel, padding 2", (2, 2, 9, 8), (2, 2, 2, 3), True, 1, 2, 2),
    ("1x1 kernel, no bias (b is None)", (2, 3, 5, 4), (2, 3, 1, 1), False, 1, 0, 1),
    ("'valid', stride 3", (1, 2, 8, 7), (2, 2, 3, 2), True, 3, "valid", 1),
    ("'same', 3x3 kernel, dilation 2", (2, 2, 7, 6), (3, 2, 3, 3), True, 1, "same", 2),
    ("'same', 4x3 kernel: extra zero row below", (1, 3, 6, 7), (2, 3, 4, 3), True, 1, "same", 1),
    ("'same', 2x2 kernel, no bias", (2, 1, 5, 6), (2, 1, 2, 2), False, 1, "same", 1),
    ("'full', 3x2 kernel", (1, 2, 4, 5), (2, 2, 3, 2), True, 1, "full", 1),
    ("'full', dilation 2, stride 2", (2, 2, 5, 6), (1, 2, 2, 3), True, 2, "full", 2),
    ("square: 3 -> 3 channels, 3x3 kernel", (2, 3, 5, 5), (3, 3, 3, 3), True, 1, 1, 1),
    ("stride 2, dilation 2, padding 1", (1, 3, 9, 8), (2, 3, 3, 2), False, 2, 1, 2),
)

# (label, x shape, kernel_size, stride, padding, all negative?)
POOLS = (
    ("2x2 windows, stride 2", (2, 3, 6, 8), 2, 2, 0, False),
    ("3x3 windows, stride 2, padding 1, negative inputs", (1, 2, 7, 8), 3, 2, 1, True),
    ("3x3 windows, stride 1, padding 1, negative inputs", (2, 1, 5, 6), 3, 1, 1, True),
    ("2x2 windows, stride 3 (larger than the window)", (1, 2, 8, 9), 2, 3, 0, False),
    ("4x4 windows, stride 3, padding 2, negative inputs", (1, 1, 9, 7), 4, 3, 2, True),
    ("3x3 windows, stride None (= kernel_size)", (2, 2, 9, 7), 3, None, 0, False),
    ("1x1 windows, stride 2", (1, 2, 5, 6), 1, 2, 0, False),
)


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
    out: list[Case] = []
    for label, size in _sizes(rng):
        out.append(
            _case(
                f"conv_output_size: {label}",
                "conv_output_size",
                size,
                lambda dev, a=size: d.conv_output_size(*a, dev),
            )
        )
    for label, count in _counts(rng):
        out.append(
            _case(
                f"conv_param_count: {label}",
                "conv_param_count",
                count,
                lambda dev, a=count: d.conv_param_count(*a, dev),
            )
        )
    conv_args = []
    for label, x_shape, w_shape, bias, stride, padding, dilation in CONVS:
        x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
        b = rng.normal(size=w_shape[0]) if bias else None
        args = (x, w, b, stride, padding, dilation)
        conv_args.append(args)
        out.append(_case(f"conv2d: {label}", "conv2d", args, lambda dev, a=args: d.conv2d(*a, dev)))
    args = conv_args[1]
    out.append(
        leaves_inputs(
            _case(
                "conv2d: leaves its inputs unchanged",
                "conv2d",
                args,
                lambda dev, a=args: d.conv2d(*a, dev),
                values,
                0.5,
            )
        )
    )
    pool_args = []
    for label, shape, kernel_size, stride, padding, negative in POOLS:
        x = -rng.uniform(0.5, 3.0, size=shape) if negative else rng.normal(size=shape)
        args = (x, kernel_size, stride, padding)
        pool_args.append(args)
        out.append(_case(f"maxpool2d: {label}", "maxpool2d", args, lambda dev, a=args: d.maxpool2d(*a, dev)))
    args = pool_args[1]
    out.append(
        leaves_inputs(
            _case(
                "maxpool2d: leaves its input unchanged",
                "maxpool2d",
                args,
                lambda dev, a=args: d.maxpool2d(*a, dev),
                values,
                0.5,
            )
        )
    )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _pads(
    padding: int | str, k: int, dilation: int, *, same: str = "after", full: str = "dilated"
) -> tuple[int, int]:
    """(before, after) padding, or one of the classic wrong ones: "same" with the odd zero before or
    rounded down on both sides; "full" as k − 1, forgetting the dilation."""
    span = dilation * (k - 1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return {
            "after": (span // 2, span - span // 2),
            "before": (span - span // 2, span // 2),
            "floor": (span // 2, span // 2),
        }[same]
    if padding == "full":
        return (span, span) if full == "dilated" else (k - 1, k - 1)
    return int(padding), int(padding)


def _size(n: int, k: int, stride: int, padding: int | str, dilation: int, **options: Any) -> int:
    before, after = _pads(padding, k, dilation, **options)
    return (n + before + after - dilation * (k - 1) - 1) // stride + 1


def _conv(
    x: Any,
    w: Any,
    b: Any,
    stride: int,
    padding: int | str,
    dilation: int,
    *,
    flip: bool = False,
    bias: bool = True,
    swap_channels: bool = False,
    **options: Any,
) -> np.ndarray:
    if swap_channels:
        w = w.transpose(1, 0, 2, 3)
    if flip:
        w = w[:, :, ::-1, ::-1]
    kh, kw = w.shape[2:]
    top, bottom = _pads(padding, kh, dilation, **options)
    left, right = _pads(padding, kw, dilation, **options)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    ho = (xp.shape[2] - dilation * (kh - 1) - 1) // stride + 1
    wo = (xp.shape[3] - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((x.shape[0], w.shape[0], ho, wo))
    for p in range(kh):
        for q in range(kw):
            rows = slice(p * dilation, p * dilation + stride * (ho - 1) + 1, stride)
            cols = slice(q * dilation, q * dilation + stride * (wo - 1) + 1, stride)
            out += np.einsum("nchw,oc->nohw", xp[:, :, rows, cols], w[:, :, p, q])
    return out + b.reshape(1, -1, 1, 1) if bias and b is not None else out


def _pool(
    x: Any,
    k: int,
    stride: int | None,
    padding: int,
    *,
    fill: float = -np.inf,
    mean: bool = False,
) -> np.ndarray:
    stride = k if stride is None else stride
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), constant_values=fill)
    ho, wo = ((xp.shape[i] - k) // stride + 1 for i in (2, 3))
    windows = [
        xp[:, :, p : p + stride * (ho - 1) + 1 : stride, q : q + stride * (wo - 1) + 1 : stride]
        for p in range(k)
        for q in range(k)
    ]
    return np.mean(windows, axis=0) if mean else np.max(windows, axis=0)


def _pool_ceil(x: Any, k: int, stride: int | None, padding: int) -> Any:
    """Max pooling with ceil_mode=True: a partial last window counts (padded with −∞ to fit)."""
    s = k if stride is None else stride
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), constant_values=-np.inf)
    sizes = [-(-(xp.shape[i] - k) // s) + 1 for i in (2, 3)]
    if sizes == [(xp.shape[i] - k) // s + 1 for i in (2, 3)]:
        return None  # no partial window here: the mistake cannot show
    extra = [max(0, (n - 1) * s + k - xp.shape[i]) for n, i in zip(sizes, (2, 3), strict=True)]
    xp = np.pad(xp, ((0, 0), (0, 0), (0, extra[0]), (0, extra[1])), constant_values=-np.inf)
    return _pool(xp, k, s, 0)


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args)
            except (ValueError, IndexError, KeyError, ZeroDivisionError):
                return None  # this mistake cannot even be made with these arguments

    return wrong


def _true_division(n: int, k: int, stride: int, padding: int | str, dilation: int) -> float:
    before, after = _pads(padding, k, dilation)
    return (n + before + after - dilation * (k - 1) - 1) / stride + 1


SAME_ROUNDED_DOWN = (
    "'same' keeps the size: its total padding d(k − 1) is odd for even kernels, so one side gets one more "
    "zero",
    "'same' 保持尺寸不变：偶数核时总填充 d(k − 1) 为奇数，一侧要多补一个零",
)
FULL_IGNORES_DILATION = (
    "'full' pads d(k − 1) zeros on each side: with dilation that is more than k − 1",
    "'full' 在每侧填充 d(k − 1) 个零：有空洞时比 k − 1 多",
)


def _size_mistakes() -> list[Mistake]:
    def size(key: str, en: str, zh: str, f: Callable[..., Any]) -> Mistake:
        return Mistake(key, "conv_output_size", en, zh, _guarded(f))

    def int_padding(f: Callable[..., Any]) -> Callable[..., Any]:
        """The mistake is about a numeric padding; with a string one it is not made."""
        return lambda n, k, s, p, d: None if isinstance(p, str) else f(n, k, s, p, d)

    return [
        size(
            "true-division",
            "the output size is a whole number: floor the division, ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1, "
            "and return an int (//, not /)",
            "输出尺寸是整数：除法要向下取整 ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1，并返回 int（用 //，不要用 /）",
            _true_division,
        ),
        size(
            "ceil-instead-of-floor",
            "round the division down, not up: a window that does not fit whole is dropped",
            "除法应向下取整而不是向上取整：放不下完整窗口的部分被舍弃",
            lambda *a: math.ceil(_true_division(*a)),
        ),
        size(
            "dilation-ignored",
            "a dilated kernel spans d(k − 1) + 1 pixels, not k",
            "空洞卷积核的跨度是 d(k − 1) + 1 个像素，而不是 k",
            int_padding(lambda n, k, s, p, d: _size(n, k, s, p, 1)),
        ),
        size(
            "dilation-times-k",
            "a dilated kernel spans d(k − 1) + 1 pixels, not d·k",
            "空洞卷积核的跨度是 d(k − 1) + 1 个像素，而不是 d·k",
            int_padding(lambda n, k, s, p, d: _size(n, d * k, s, p, 1)),
        ),
        size(
            "padding-counted-once",
            "padding p adds p zeros on both sides: n + 2p, not n + p",
            "填充 p 在两侧各加 p 个零：应为 n + 2p，而不是 n + p",
            int_padding(lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1),
        ),
        size(
            "same-rounded-down",
            *SAME_ROUNDED_DOWN,
            lambda n, k, s, p, d: _size(n, k, s, p, d, same="floor") if p == "same" else None,
        ),
        size(
            "full-ignores-dilation",
            *FULL_IGNORES_DILATION,
            lambda n, k, s, p, d: _size(n, k, s, p, d, full="undilated") if p == "full" else None,
        ),
    ]


def _count_mistakes() -> list[Mistake]:
    def count(key: str, en: str, zh: str, f: Callable[..., Any]) -> Mistake:
        return Mistake(key, "conv_param_count", en, zh, _guarded(f))

    return [
        count(
            "bias-forgotten",
            "each output channel also has one bias when bias=True: add c_out",
            "bias=True 时每个输出通道还有一个偏置：要加上 c_out",
            lambda ci, co, kh, kw, bias, g: co * (ci // g) * kh * kw,
        ),
        count(
            "bias-always-counted",
            "with bias=False the layer has no bias parameters",
            "bias=False 时该层没有偏置参数",
            lambda ci, co, kh, kw, bias, g: co * (ci // g) * kh * kw + co,
        ),
        count(
            "one-bias-per-layer",
            "there is one bias per output channel (c_out of them), not one per layer",
            "每个输出通道一个偏置（共 c_out 个），而不是整层一个",
            lambda ci, co, kh, kw, bias, g: co * (ci // g) * kh * kw + (1 if bias else 0),
        ),
        count(
            "groups-ignored",
            "with groups g each filter sees only c_in / g input channels",
            "分组数为 g 时每个卷积核只连接 c_in / g 个输入通道",
            lambda ci, co, kh, kw, bias, g: co * ci * kh * kw + (co if bias else 0),
        ),
        count(
            "groups-divides-both",
            "groups divide the input channels a filter sees, not the number of filters: "
            "c_out · (c_in / g) · kh · kw",
            "分组只减少每个卷积核连接的输入通道数，不减少卷积核个数：c_out · (c_in / g) · kh · kw",
            lambda ci, co, kh, kw, bias, g: (co // g) * (ci // g) * kh * kw + (co if bias else 0),
        ),
    ]


def _conv_mistakes() -> list[Mistake]:
    def conv(key: str, en: str, zh: str, f: Callable[..., Any]) -> Mistake:
        return Mistake(key, "conv2d", en, zh, _guarded(f))

    return [
        conv(
            "kernel-flipped",
            "deep-learning 'convolution' is a cross-correlation: do not flip the kernel",
            "深度学习中的“卷积”是互相关：不要翻转卷积核",
            lambda *a: _conv(*a, flip=True),
        ),
        conv(
            "bias-ignored",
            "add the bias b[o] to every pixel of output channel o",
            "要把偏置 b[o] 加到输出通道 o 的每个像素上",
            lambda *a: _conv(*a, bias=False),
        ),
        conv(
            "same-padding-before",
            "with 'same' and an odd total padding the extra zero goes after (bottom/right), as in PyTorch",
            "'same' 的总填充为奇数时，多出的那个零补在后面（下方/右侧），与 PyTorch 一致",
            lambda *a: _conv(*a, same="before"),
        ),
        conv("same-rounded-down", *SAME_ROUNDED_DOWN, lambda *a: _conv(*a, same="floor")),
        conv("full-ignores-dilation", *FULL_IGNORES_DILATION, lambda *a: _conv(*a, full="undilated")),
        conv(
            "weight-layout-swapped",
            "w has shape (C_out, C_in, kH, kW): its first axis is the output channel",
            "w 的形状是 (C_out, C_in, kH, kW)：第一维是输出通道",
            lambda *a: _conv(*a, swap_channels=True),
        ),
        conv(
            "bias-per-input-channel",
            "the bias is added once per output channel, not once per input channel (C_in times)",
            "偏置对每个输出通道只加一次，而不是按输入通道加 C_in 次",
            lambda x, w, b, s, p, d: (
                _conv(x, w, None, s, p, d) + w.shape[1] * b.reshape(1, -1, 1, 1)
                if b is not None and w.shape[1] > 1
                else None
            ),
        ),
        conv(
            "kernel-height-width-swapped",
            "w[o, c, p, q] has its height p before its width q: do not swap the kernel's last two axes",
            "w[o, c, p, q] 中高 p 在前、宽 q 在后：不要交换卷积核的最后两维",
            lambda x, w, b, s, p, d: (
                _conv(x, w.swapaxes(2, 3), b, s, p, d) if w.shape[2] != w.shape[3] else None
            ),
        ),
        conv(
            "dilation-ignored",
            "the taps of a dilated kernel are d pixels apart: read x_pad at i·s + p·d",
            "空洞卷积核的相邻元素相隔 d 个像素：应读取 x_pad 在 i·s + p·d 处的值",
            lambda x, w, b, s, p, d: _conv(x, w, b, s, p, 1) if d > 1 else None,
        ),
    ]


def _pool_mistakes() -> list[Mistake]:
    def pool(key: str, en: str, zh: str, f: Callable[..., Any]) -> Mistake:
        return Mistake(key, "maxpool2d", en, zh, _guarded(f))

    return [
        pool(
            "zero-padding",
            "max pooling pads with −∞, not 0: a zero would win against negative inputs",
            "最大池化用 −∞ 填充而不是 0：否则输入为负时 0 会成为最大值",
            lambda *a: _pool(*a, fill=0.0),
        ),
        pool(
            "padding-ignored",
            "pad the input with `padding` −∞ on every side before pooling",
            "池化前要在四周各填充 padding 个 −∞",
            lambda x, k, s, p: _pool(x, k, s, 0) if p else None,
        ),
        pool(
            "average-pooling",
            "max pooling takes the maximum of each window, not the mean",
            "最大池化取每个窗口的最大值，而不是平均值",
            lambda *a: _pool(*a, fill=0.0, mean=True),
        ),
        pool(
            "stride-ignored",
            "move the window by `stride`, which need not equal the window size",
            "窗口每次移动 stride 步，stride 不一定等于窗口大小",
            lambda x, k, s, p: _pool(x, k, k, p) if s is not None and s != k else None,
        ),
        pool(
            "ceil-mode",
            "the output size rounds down (PyTorch's ceil_mode=False): a last, partial window is not pooled",
            "输出尺寸向下取整（PyTorch 默认 ceil_mode=False）：最后不完整的窗口不参与池化",
            _pool_ceil,
        ),
        pool(
            "stride-none-as-one",
            "stride=None means stride = kernel_size (PyTorch's default), not 1",
            "stride=None 表示步长等于 kernel_size（PyTorch 的默认值），而不是 1",
            lambda x, k, s, p: _pool(x, k, 1, p) if s is None else None,
        ),
    ]


MISTAKES = [*_size_mistakes(), *_count_mistakes(), *_conv_mistakes(), *_pool_mistakes()]
