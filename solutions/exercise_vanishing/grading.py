"""Hidden tests of exercise_vanishing: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), the kink, saturation and clipping edge cases
included, so a batch sends the same inputs to every submission and none can carry the answers as
constants; the expected answers come from ``reference.py`` (PyTorch autograd and ``clip_grad_norm_``),
computed once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

# The first layers of a deep sigmoid network get gradients of 1e-6 and less: atol must stay far below
# them, or returning zeros for a vanished layer would pass.
TOLERANCE = Tolerance(rtol=1e-6, atol=1e-12)
SEED = 20260311

Network = dict[str, Any]


def _network(
    rng: np.random.Generator, depth: int, width: int, n: int, activation: str, gain: float
) -> Network:
    """Weights drawn with standard deviation gain/√d (gain √2 is He initialisation for ReLU)."""
    return {
        "X": rng.normal(size=(n, width)),
        "Y": rng.normal(size=(n, width)),
        "weights": rng.normal(scale=gain / np.sqrt(width), size=(depth, width, width)),
        "biases": rng.normal(scale=0.5, size=(depth, width)),
        "activation": activation,
    }


def _dead_units(rng: np.random.Generator) -> Network:
    """Two units of the third layer get a bias of −50: they are off for every sample."""
    net = _network(rng, 6, 4, 6, "relu", np.sqrt(2.0))
    net["biases"][2, :2] = -50.0
    return net


def _dead_layer(rng: np.random.Generator) -> Network:
    """Every unit of the second layer is off: nothing below it learns, and the layer above sees zeros."""
    net = _network(rng, 5, 3, 5, "relu", np.sqrt(2.0))
    net["biases"][1] = -100.0
    return net


def _relu_kink(rng: np.random.Generator) -> Network:
    """Sample 0 puts the pre-activation of unit 0 of the first layer at exactly 0, where ReLU' is 0:
    x = (p, q, p + q) and w = (v, v, −v) with p, q, v short binary fractions drawn from the seed, so
    that every product and sum is exact in float64, in whatever order it is summed."""
    net = _network(rng, 4, 3, 4, "relu", np.sqrt(2.0))
    p, q = rng.integers(1, 9, size=2) / 4.0
    v = rng.integers(1, 9) / 8.0
    net["X"][0] = [p, q, p + q]
    net["weights"][0][:, 0] = [v, v, -v]
    net["biases"][0, 0] = 0.0
    return net


def _saturated(rng: np.random.Generator) -> Network:
    """First-layer pre-activations beyond ±1000: a naive sigmoid overflows, σ' underflows to 0."""
    net = _network(rng, 3, 3, 4, "sigmoid", 1.0)
    net["weights"][0] *= 1200.0
    return net


def _nearly_saturated(seed: int) -> Network:
    """First-layer pre-activations of ±21 to ±26: σ' ≈ 1e−10 there, still far above atol in dW[0],
    so a σ that clips its argument to ±20 ("saturated anyway") makes those gradients 10–300 times too big."""
    rng = np.random.default_rng(seed + 2)  # its own stream: the other networks stay as they were
    net = _network(rng, 2, 4, 3, "sigmoid", 1.0)
    net["weights"][0] *= 0.01
    # moved by the seed, magnitudes kept within [21, 26]
    net["biases"][0] = np.array([1.0, -1.0, 1.0, -1.0]) * np.clip(
        np.array([21.0, 22.5, 24.0, 26.0]) + rng.uniform(-0.3, 0.3, size=4), 21.0, 26.0
    )
    return net


def _networks(seed: int) -> list[tuple[str, Network]]:
    rng = np.random.default_rng(seed)
    return [
        ("sigmoid, L=3, d=4, N=5", _network(rng, 3, 4, 5, "sigmoid", 1.0)),
        ("ReLU, L=3, d=4, N=5", _network(rng, 3, 4, 5, "relu", np.sqrt(2.0))),
        ("L=1: the linear output layer alone", _network(rng, 1, 3, 4, "sigmoid", 1.0)),
        ("sigmoid, L=10, d=5, N=8 (vanishing)", _network(rng, 10, 5, 8, "sigmoid", 1.0)),
        ("ReLU, L=10, d=5, N=8 (He initialisation)", _network(rng, 10, 5, 8, "relu", np.sqrt(2.0))),
        ("ReLU, L=6, d=4, N=6, two dead units", _dead_units(rng)),
        ("ReLU, L=5, d=3, N=5, a whole dead layer", _dead_layer(rng)),
        ("sigmoid, width 1, L=6, N=3", _network(rng, 6, 1, 3, "sigmoid", 1.5)),
        ("ReLU, N=1, L=4, d=3", _network(rng, 4, 3, 1, "relu", np.sqrt(2.0))),
        ("ReLU, a pre-activation of exactly 0", _relu_kink(rng)),
        ("sigmoid, pre-activations of ±700 and more", _saturated(rng)),
        ("sigmoid, first-layer pre-activations of ±21 to ±26", _nearly_saturated(seed)),
    ]


def _clip_inputs(seed: int) -> list[tuple[str, list[np.ndarray], float]]:
    rng = np.random.default_rng(seed + 1)
    shapes = [(3, 3), (3,), (3, 2), (2,)]
    above = [rng.normal(size=s) for s in shapes]
    under = [rng.normal(scale=0.1, size=s) for s in shapes]
    # drawn from the seed: the zero gradients' shapes and max_norm; the edge's norm stays about 5e−3,
    # where the 1e−6 in max_norm / (total + 1e−6) moves the coefficient by 2e−4
    zeros = [np.zeros(tuple(rng.integers(1, 5, size=2))), np.zeros(int(rng.integers(1, 5)))]
    zero_max_norm = rng.uniform(0.5, 2.0)
    edge = [np.array([[3e-3, 4e-3]]) * rng.uniform(0.8, 1.25, size=(1, 2))]
    return [
        ("total norm above max_norm", above, 1.0),
        ("total norm under max_norm: unchanged", under, 5.0),
        ("every gradient zero: total norm 0", zeros, zero_max_norm),
        ("small norms, where the 1e-6 matters", [rng.normal(scale=1e-3, size=s) for s in shapes[:2]], 2e-4),
        ("max_norm equal to the total norm", edge, float(np.linalg.norm(edge[0]))),
        ("one exploding gradient and a tiny one", [rng.normal(scale=1e4, size=4), np.full(3, 1e-3)], 5.0),
    ]


def _args(net: Network) -> tuple[Any, ...]:
    return net["X"], net["Y"], net["weights"], net["biases"], net["activation"]


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
    out: list[Case] = []
    d = reference
    networks = _networks(seed)
    for label, net in networks:
        args = _args(net)
        out.append(
            _case(
                f"layer_gradients: {label}",
                "layer_gradients",
                args,
                lambda dev, a=args: d.layer_gradients(*a, dev),
            )
        )
    args = _args(networks[0][1])
    out.append(
        leaves_inputs(
            _case(
                "layer_gradients: leaves its inputs unchanged",
                "layer_gradients",
                args,
                lambda dev, a=args: d.layer_gradients(*a, dev),
                values,
                0.5,
            )
        )
    )
    for label, net in [networks[i] for i in (0, 1, 2, 3, 4, 5, 7, 9, 10)]:
        args = _args(net)
        out.append(
            _case(
                f"layer_gradient_norms: {label}",
                "layer_gradient_norms",
                args,
                lambda dev, a=args: d.layer_gradient_norms(*a, dev),
            )
        )
    for label, grads, max_norm in _clip_inputs(seed):
        out.append(
            _case(
                f"clip_by_global_norm: {label}",
                "clip_by_global_norm",
                (grads, max_norm),
                lambda dev, g=grads, m=max_norm: d.clip_by_global_norm(g, m, dev),
                values,
            )
        )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _sigmoid(a: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _grads(
    X: Any,
    Y: Any,
    weights: Any,
    biases: Any,
    activation: str,
    *,
    slope: str = "right",
    slope_layer: int = 1,
    output_activated: bool = False,
    divide: str = "N",
    scale: float = 1.0,
    transpose: bool = False,
    back_transposed: bool = True,
    bias_mean: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Backpropagation with one classic mistake switched on by the keyword arguments."""
    depth, n = len(weights), X.shape[0]
    act = _sigmoid if activation == "sigmoid" else (lambda a: np.maximum(a, 0.0))
    inputs, pre, h = [], [], X
    for layer in range(depth):
        a = h @ weights[layer] + biases[layer]
        inputs.append(h)
        pre.append(a)
        h = act(a)
    output = act(pre[-1]) if output_activated else pre[-1]

    def derivative(a: np.ndarray) -> np.ndarray:
        if slope == "none":
            return np.ones_like(a)
        if activation == "sigmoid":
            s = a if slope == "preactivation" else _sigmoid(a)
            return s * (1.0 - s)
        return (a >= 0).astype(float) if slope == "relu-at-zero" else (a > 0).astype(float)

    delta = (output - Y) * scale / {"N": n, "none": 1, "N*d": output.size}[divide]
    if output_activated:
        delta = delta * derivative(pre[-1])
    dW, db = np.empty_like(weights), np.empty_like(biases)
    for layer in range(depth - 1, -1, -1):
        dW[layer] = delta.T @ inputs[layer] if transpose else inputs[layer].T @ delta
        db[layer] = delta.mean(axis=0) if bias_mean else delta.sum(axis=0)
        if layer > 0:
            W = weights[layer].T if back_transposed else weights[layer]
            delta = (delta @ W) * derivative(pre[layer - slope_layer])
    return dW, db


BACKWARD_MISTAKES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "sigmoid-prime-of-preactivation": (
        "σ′ is computed from the pre-activation a as a(1 − a); it is σ(a)(1 − σ(a)) = h(1 − h)",
        "σ′ 用了激活前的 a 计算成 a(1 − a)；应为 σ(a)(1 − σ(a)) = h(1 − h)",
        {"slope": "preactivation"},
    ),
    "activation-derivative-missing": (
        "the deltas are never multiplied by the activation's derivative f′(a)",
        "误差项没有乘以激活函数的导数 f′(a)",
        {"slope": "none"},
    ),
    "relu-prime-at-zero-is-one": (
        "ReLU′(0) is taken as 1: use (a > 0), as PyTorch does, not (a >= 0)",
        "把 ReLU′(0) 当成了 1：应像 PyTorch 一样用 (a > 0)，而不是 (a >= 0)",
        {"slope": "relu-at-zero"},
    ),
    "derivative-of-wrong-layer": (
        "the delta of layer l − 1 is multiplied by f′ of layer l's pre-activation; use f′(a) of layer l − 1",
        "第 l − 1 层的误差项乘的是第 l 层激活前值的导数；应使用第 l − 1 层的 f′(a)",
        {"slope_layer": 0},
    ),
    "output-layer-activated": (
        "the output layer is linear: ŷ = h W + b, with no activation after it",
        "输出层是线性的：ŷ = h W + b，后面没有激活函数",
        {"output_activated": True},
    ),
    "missing-1-over-n": (
        "the gradients are not divided by N (the loss averages over the batch)",
        "梯度没有除以 N（损失对批量取平均）",
        {"divide": "none"},
    ),
    "gradient-mean-over-all-elements": (
        "the gradients are divided by N·d (a mean over every element): E averages over the N samples only",
        "梯度除以了 N·d（对所有元素取平均）：E 只对 N 个样本取平均",
        {"divide": "N*d"},
    ),
    "gradients-missing-half-factor": (
        "the gradients are twice too large: the ½ in E cancels the 2 from the square",
        "梯度大了一倍：E 中的 ½ 与平方求导得到的 2 相抵",
        {"scale": 2.0},
    ),
    "delta-through-untransposed-weights": (
        "the delta is sent back through W instead of Wᵀ: δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(a_{l−1}); square "
        "layers hide the wrong shape",
        "误差项回传时用了 W 而不是 Wᵀ：δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(a_{l−1})；方阵掩盖了形状错误",
        {"back_transposed": False},
    ),
    "transposed-weight-gradient": (
        "the weight gradient is transposed: dE/dW_l = h_lᵀ δ_l (input activations on the left)",
        "权重梯度被转置了：dE/dW_l = h_lᵀ δ_l（输入激活在左边）",
        {"transpose": True},
    ),
    "bias-gradient-mean": (
        "the bias gradient is averaged although δ already carries 1/N: sum it over the batch",
        "δ 中已含 1/N，偏置梯度应对批量求和而不是再取平均",
        {"bias_mean": True},
    ),
    "sign-error": (
        "the gradient has the wrong sign: the output delta is (ŷ − Y)/N, not (Y − ŷ)/N",
        "梯度符号反了：输出层误差项是 (ŷ − Y)/N，而不是 (Y − ŷ)/N",
        {"scale": -1.0},
    ),
}
# Mistakes the Frobenius norms of dE/dW cannot show (a transpose, a sign, the bias gradients).
NORM_INVISIBLE = {"transposed-weight-gradient", "bias-gradient-mean", "sign-error"}


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args)
            except (ValueError, IndexError, ZeroDivisionError):
                return None  # this mistake cannot even be made with these inputs

    return wrong


def _frobenius(dW: np.ndarray) -> np.ndarray:
    return np.sqrt(np.sum(dW**2, axis=(1, 2)))


def _norms(*args: Any, how: str) -> np.ndarray:
    dW, db = _grads(*args)
    if how == "spectral":
        return np.array([np.linalg.norm(g, 2) for g in dW])
    if how == "reversed":
        return _frobenius(dW)[::-1].copy()
    if how == "squared":
        return np.sum(dW**2, axis=(1, 2))
    return np.sqrt(_frobenius(dW) ** 2 + np.sum(db**2, axis=1))


def _clip(
    grads: list[np.ndarray],
    max_norm: float,
    *,
    total: str = "global",
    eps: float = 1e-6,
    clamp: bool = True,
    report: str = "before",
) -> tuple[list[np.ndarray], float]:
    norms = [float(np.sqrt(np.sum(g**2))) for g in grads]
    if total == "per-tensor":
        coefs = [min(1.0, max_norm / (t + eps)) for t in norms]
        clipped = [g * c for g, c in zip(grads, coefs, strict=True)]
        return clipped, float(np.sqrt(sum(t**2 for t in norms)))
    value = {
        "global": float(np.sqrt(sum(t**2 for t in norms))),
        "sum": float(sum(norms)),
        "squared": float(sum(t**2 for t in norms)),
    }[total]
    coef = max_norm / (value + eps)
    coef = min(1.0, coef) if clamp else coef
    clipped = [g * coef for g in grads]
    if report == "after":
        return clipped, float(np.sqrt(sum(float(np.sum(g**2)) for g in clipped)))
    return clipped, value


def _mistakes() -> list[Mistake]:
    out = []
    for key, (en, zh, options) in BACKWARD_MISTAKES.items():
        out.append(Mistake(key, "layer_gradients", en, zh, _guarded(lambda *a, o=options: _grads(*a, **o))))
        if key not in NORM_INVISIBLE:
            out.append(
                Mistake(
                    key,
                    "layer_gradient_norms",
                    "the norms come from gradients where " + en,
                    "范数所用的梯度有误：" + zh,
                    _guarded(lambda *a, o=options: _frobenius(_grads(*a, **o)[0])),
                )
            )
    norm_mistakes = {
        "spectral-norm": (
            "np.linalg.norm(dW, 2) is the spectral norm of a matrix; the Frobenius norm is "
            "np.linalg.norm(dW) (the square root of the sum of squares)",
            "np.linalg.norm(dW, 2) 对矩阵是谱范数；Frobenius 范数是 np.linalg.norm(dW)（平方和的平方根）",
            "spectral",
        ),
        "norms-in-backward-order": (
            "the norms are listed from the output layer down; index 0 must be the first (input) layer",
            "范数是从输出层往回排列的；下标 0 应为第一层（输入层）",
            "reversed",
        ),
        "squared-norm": (
            "the norms are squared: take the square root of the sum of squares",
            "范数被平方了：要对平方和开方",
            "squared",
        ),
        "norm-includes-bias": (
            "the norm is of dE/dW only; the bias gradient must not be added in",
            "范数只针对 dE/dW，不要把偏置梯度也算进去",
            "with-bias",
        ),
    }
    for key, (en, zh, how) in norm_mistakes.items():
        out.append(
            Mistake(key, "layer_gradient_norms", en, zh, _guarded(lambda *a, h=how: _norms(*a, how=h)))
        )
    clip_mistakes = {
        "clip-each-tensor-separately": (
            "each gradient is clipped by its own norm; clip all of them by one coefficient from their "
            "global norm sqrt(Σ‖g_i‖²)",
            "每个梯度按自己的范数分别裁剪了；应由全部梯度的总范数 sqrt(Σ‖g_i‖²) 得到同一个系数",
            {"total": "per-tensor"},
        ),
        "clip-missing-epsilon": (
            "the coefficient is max_norm / total; PyTorch uses max_norm / (total + 1e-6), capped at 1",
            "系数用了 max_norm / total；PyTorch 用的是 max_norm / (total + 1e-6)，且不超过 1",
            {"eps": 0.0},
        ),
        "clip-always-rescales": (
            "gradients under max_norm are scaled up; the coefficient is capped at 1: min(1, max_norm / (total + 1e-6))",
            "范数小于 max_norm 的梯度被放大了；系数不超过 1：min(1, max_norm / (total + 1e-6))",
            {"clamp": False},
        ),
        "clip-sum-of-norms": (
            "the total norm is the sum of the norms; it is sqrt(Σ‖g_i‖²), the norm of everything "
            "concatenated",
            "总范数被算成各范数之和；应为 sqrt(Σ‖g_i‖²)，即全部拼接后的范数",
            {"total": "sum"},
        ),
        "clip-squared-total-norm": (
            "the total norm is missing its square root: sqrt(Σ‖g_i‖²)",
            "总范数少开了平方根：sqrt(Σ‖g_i‖²)",
            {"total": "squared"},
        ),
        "clip-returns-norm-after-clipping": (
            "return the total norm before clipping, as clip_grad_norm_ does",
            "应返回裁剪之前的总范数（与 clip_grad_norm_ 一致）",
            {"report": "after"},
        ),
    }
    for key, (en, zh, options) in clip_mistakes.items():
        out.append(
            Mistake(key, "clip_by_global_norm", en, zh, _guarded(lambda g, m, o=options: _clip(g, m, **o)))
        )
    out.append(
        Mistake(
            "clip-by-value",
            "clip_by_global_norm",
            "np.clip(g, -max_norm, max_norm) clips each value; clipping by norm rescales whole gradients",
            "np.clip(g, -max_norm, max_norm) 是按值裁剪；按范数裁剪是整体缩放梯度",
            _guarded(lambda g, m: ([np.clip(x, -m, m) for x in g], _clip(g, m)[1])),
        )
    )
    return out


MISTAKES = _mistakes()
