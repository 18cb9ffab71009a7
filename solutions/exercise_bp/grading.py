"""Hidden tests of exercise_bp: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), so a batch sends the same inputs to every
submission and no submission can carry the answers as constants, the extreme cases included; the
expected answers come from ``reference.py`` (PyTorch), computed once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.compare import difference
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

TOLERANCE = Tolerance(rtol=1e-6, atol=1e-9)
SEED = 20261124
ALPHA = 0.5

# (label, N, d_in, d_h, d_out, weight scale): N = 1, square layers (a transposed gradient keeps its
# shape), one and several outputs, and a saturated network.
SHAPES = (
    ("N=4, d_in=3, d_h=5, d_out=2", 4, 3, 5, 2, 1.0),
    ("N=1, d_in=2, d_h=3, d_out=1", 1, 2, 3, 1, 1.0),
    ("N=5, d_in=4, d_h=4, d_out=3 (d_in = d_h)", 5, 4, 4, 3, 1.0),
    ("N=3, d_in=3, d_h=3, d_out=3 (all square)", 3, 3, 3, 3, 1.0),
    ("N=6, d_in=2, d_h=4, d_out=1, large weights", 6, 2, 4, 1, 4.0),
)


def _network(
    rng: np.random.Generator, n: int, d_in: int, d_h: int, d_out: int, scale: float
) -> dict[str, Any]:
    return {
        "X": rng.normal(size=(n, d_in)),
        "R": rng.uniform(0.0, 1.0, size=(n, d_out)),
        "W1": rng.normal(scale=scale, size=(d_in, d_h)),
        "b1": rng.normal(scale=0.5, size=d_h),
        "W2": rng.normal(scale=scale, size=(d_h, d_out)),
        "b2": rng.normal(scale=0.5, size=d_out),
    }


def _extreme_network(rng: np.random.Generator, saturated_output: bool = True) -> dict[str, Any]:
    """Pre-activations of several hundred in magnitude: only a stable sigmoid survives. With an
    unsaturated output layer the gradients are not all zero, so returning zeros cannot pass. Every
    number is moved a little by the seed (a few per cent), so the case cannot be looked up."""
    X = np.array([[1.0, -1.0], [-2.0, 0.5], [0.0, 3.0]])
    net = {
        "X": X,
        "R": np.array([[1.0], [0.0], [0.5]]),
        "W1": np.array([[800.0, -750.0, 1.0], [-900.0, 720.0, -0.5]]),
        "b1": np.array([10.0, -20.0, 0.3]),
        "W2": np.array([[-760.0], [705.0], [0.7]]) if saturated_output else np.array([[-0.8], [0.6], [0.7]]),
        "b2": np.array([-0.2]),
    }
    return {name: value * rng.uniform(0.97, 1.03, size=value.shape) for name, value in net.items()}


def _case(
    name: str,
    function: str,
    args: tuple[Any, ...],
    expected: Callable[[str], Any],
    check: Callable[[CaseRun], Verdict] = values,
    weight: float = 1.0,
) -> Case:
    return Case(name, function, (Call(function, args),), check, expected, weight)


def _params(net: dict[str, Any]) -> tuple[Any, ...]:
    return net["W1"], net["b1"], net["W2"], net["b2"]


def consistent_with_backward(run: CaseRun) -> Verdict:
    """train_step must return params − α · (the student's own backward), whatever backward says."""
    grads, stepped = run.results[0].returned, run.returned
    args = run.case.calls[-1].args
    params, alpha = args[2:6], args[6]
    if not isinstance(grads, dict) or set(grads) != {"W1", "b1", "W2", "b2"}:
        return values(run)  # backward is unusable (it loses its own points): judge the step against the truth
    want = tuple(
        p - alpha * np.asarray(grads[k], dtype=np.float64)
        if isinstance(grads[k], np.ndarray) and grads[k].shape == np.shape(p)  # no broadcasting to any size
        else p
        for p, k in zip(params, ("W1", "b1", "W2", "b2"), strict=True)
    )
    problem = difference(stepped, want, TOLERANCE, "train_step(...)")
    if problem:
        return Verdict(False, f"train_step disagrees with your own backward: {problem}")
    return Verdict(True)


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    out: list[Case] = []
    d = reference

    u_values = [
        rng.normal(size=(3, 4)),
        rng.normal(scale=3, size=(2, 3, 4)),
        np.array(rng.uniform(-3.0, 3.0)),
        # the extremes (exp overflows past 709.78) moved by the seed, beside values of a few units,
        # where σ is far from 0, ½ and 1: a step function fails this case too
        np.concatenate(
            [
                np.array([-1000.0, -745.0, -710.0, -30.0, 30.0, 710.0, 745.0, 1000.0])
                + rng.uniform(-0.4, 0.4, size=8),
                [0.0],
                rng.uniform(-4.0, 4.0, size=3),
            ]
        ),
    ]
    labels = ["a (3, 4) array", "a (2, 3, 4) array", "a 0-d array", "|u| up to 1000 (stability)"]
    for label, u in zip(labels, u_values, strict=True):
        out.append(_case(f"sigmoid: {label}", "sigmoid", (u,), lambda dev, u=u: d.sigmoid(u, dev)))

    networks = [(label, _network(rng, n, i, h, o, s)) for label, n, i, h, o, s in SHAPES]
    networks.append(("pre-activations of ±700 and more", _extreme_network(rng)))
    networks.append(
        ("hidden pre-activations of ±700 and more", _extreme_network(rng, saturated_output=False))
    )
    for label, net in networks:
        args = (net["X"], *_params(net))
        out.append(_case(f"forward: {label}", "forward", args, lambda dev, a=args: d.forward(*a, dev)))

    for label, net in networks[:3]:
        Y = 1.0 / (1.0 + np.exp(-rng.normal(size=net["R"].shape)))
        out.append(
            _case(f"loss: {label}", "loss", (Y, net["R"]), lambda dev, y=Y, r=net["R"]: d.loss(y, r, dev))
        )

    for label, net in networks:
        args = (net["X"], net["R"], *_params(net))
        out.append(
            _case(f"backward: {label}", "backward", args, lambda dev, a=args: d.backward(*a, dev), weight=1.0)
        )
    args = (networks[0][1]["X"], networks[0][1]["R"], *_params(networks[0][1]))
    out.append(
        leaves_inputs(
            _case(
                "backward: leaves its inputs unchanged",
                "backward",
                args,
                lambda dev, a=args: d.backward(*a, dev),
                values,
                0.5,
            )
        )
    )

    for label, net in [*networks[:4], *networks[-2:]]:
        args = (net["X"], net["R"], *_params(net), ALPHA)
        out.append(
            _case(f"train_step: {label}", "train_step", args, lambda dev, a=args: d.train_step(*a, dev))
        )
    net = networks[2][1]
    args = (net["X"], net["R"], *_params(net), ALPHA)
    out.append(
        leaves_inputs(
            _case(
                "train_step: returns new arrays and leaves its inputs unchanged",
                "train_step",
                args,
                lambda dev, a=args: d.train_step(*a, dev),
                values,
            )
        )
    )
    out.append(
        Case(
            "train_step: consistent with your backward",
            "train_step",
            (Call("backward", args[:6]), Call("train_step", args)),
            consistent_with_backward,
            lambda dev, a=args: d.train_step(*a, dev),
            needs_other=True,  # zeros from backward and the inputs handed back are consistent too
        )
    )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _sigmoid(u: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _grads(
    X: Any,
    R: Any,
    W1: Any,
    b1: Any,
    W2: Any,
    b2: Any,
    *,
    output_prime: bool = True,
    hidden_prime: str = "Z",
    scale: float = 1.0,
    per_n: bool = True,
    bias: str = "sum",
    transpose: str = "",
    relu: bool = False,
    sign: float = 1.0,
    per_all: bool = False,
) -> dict[str, np.ndarray]:
    n = X.shape[0] * (R.shape[1] if per_all else 1)
    A1 = X @ W1 + b1
    Z = np.maximum(A1, 0.0) if relu else _sigmoid(A1)
    Y = _sigmoid(Z @ W2 + b2)
    d2 = (Y - R) * (Y * (1 - Y) if output_prime else 1.0) * scale / (n if per_n else 1)
    back = d2 @ W2.T
    if relu:
        d1 = back * (A1 > 0)
    elif hidden_prime == "Y":
        d1 = back * (Y * (1 - Y))
    else:
        d1 = back * Z * (1 - Z)
    reduce = {"sum": lambda d: d.sum(axis=0), "mean": lambda d: d.mean(axis=0), "first": lambda d: d[0]}[bias]
    gW1, gW2 = X.T @ d1, Z.T @ d2
    gW1 = gW1.T if "1" in transpose else gW1
    gW2 = gW2.T if "2" in transpose else gW2
    return {"W1": sign * gW1, "b1": sign * reduce(d1), "W2": sign * gW2, "b2": sign * reduce(d2)}


BACKWARD_MISTAKES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "missing-output-sigma-prime": (
        "the output delta is missing σ′ = Y(1 − Y)",
        "输出层误差项少乘了 σ′ = Y(1 − Y)",
        {"output_prime": False},
    ),
    "hidden-uses-output-derivative": (
        "the hidden delta uses the output's Y(1 − Y) instead of Z(1 − Z)",
        "隐藏层误差项误用了输出层的 Y(1 − Y)，应为 Z(1 − Z)",
        {"hidden_prime": "Y"},
    ),
    "missing-1-over-n": (
        "the gradients are not divided by N (the loss averages over the batch)",
        "梯度没有除以 N（损失对批量取平均）",
        {"per_n": False},
    ),
    "gradients-missing-half-factor": (
        "the gradients are twice too large: the ½ in E cancels the 2 from the square",
        "梯度大了一倍：E 中的 ½ 与平方求导得到的 2 相抵",
        {"scale": 2.0},
    ),
    "transposed-weight-gradient": (
        "a weight gradient is transposed: dE/dW1 = Xᵀ δ¹ and dE/dW2 = Zᵀ δ² have the shapes of W1 and W2",
        "权重梯度被转置了：dE/dW1 = Xᵀ δ¹、dE/dW2 = Zᵀ δ² 分别与 W1、W2 同形",
        {"transpose": "1"},
    ),
    "transposed-weight-gradient-w2": (
        "a weight gradient is transposed: dE/dW2 = Zᵀ δ² has the shape of W2",
        "权重梯度被转置了：dE/dW2 = Zᵀ δ² 与 W2 同形",
        {"transpose": "2"},
    ),
    "transposed-weight-gradients": (
        "the weight gradients are transposed: dE/dW1 = Xᵀ δ¹ and dE/dW2 = Zᵀ δ² have the shapes of W1 and W2",
        "权重梯度被转置了：dE/dW1 = Xᵀ δ¹、dE/dW2 = Zᵀ δ² 分别与 W1、W2 同形",
        {"transpose": "12"},
    ),
    "gradient-mean-over-all-elements": (
        "the gradients are divided by N·d_out: E averages over the N samples only",
        "梯度除以了 N·d_out：E 只对 N 个样本取平均",
        {"per_all": True},
    ),
    "bias-gradient-not-summed": (
        "the bias gradient must be summed over the batch, not taken from one sample",
        "偏置梯度应对整个批量求和，而不是只取一个样本",
        {"bias": "first"},
    ),
    "bias-gradient-mean": (
        "the bias gradient is averaged although δ already carries 1/N: sum it over the batch",
        "δ 中已含 1/N，偏置梯度应求和而不是再取平均",
        {"bias": "mean"},
    ),
    "sign-error": (
        "the gradient has the wrong sign: it is (Y − R), not (R − Y)",
        "梯度符号反了：应为 (Y − R) 而不是 (R − Y)",
        {"sign": -1.0},
    ),
    "relu-instead-of-sigmoid-hidden": (
        "the hidden layer must use the sigmoid, not ReLU",
        "隐藏层应使用 sigmoid，而不是 ReLU",
        {"relu": True},
    ),
}


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args)
            except (ValueError, IndexError):
                return None  # this mistake cannot even be made with these shapes

    return wrong


def _step(grads: dict[str, np.ndarray], params: tuple[Any, ...], alpha: float) -> tuple[Any, ...]:
    return tuple(p - alpha * grads[k] for p, k in zip(params, ("W1", "b1", "W2", "b2"), strict=True))


def _mistakes() -> list[Mistake]:
    out = []
    for key, (en, zh, options) in BACKWARD_MISTAKES.items():
        out.append(Mistake(key, "backward", en, zh, _guarded(lambda *a, o=options: _grads(*a, **o))))
        if key == "sign-error":
            continue  # in train_step the same numbers are an uphill step: "sign-error-in-step" below
        out.append(
            Mistake(
                key,
                "train_step",
                "train_step's step follows a gradient where " + en,
                "train_step 所用梯度有误：" + zh,
                _guarded(lambda *a, o=options: _step(_grads(*a[:6], **o), a[2:6], a[6])),
            )
        )
    out += [
        Mistake(
            "sign-error-in-step",
            "train_step",
            "the step goes uphill: use W − α·dW, not W + α·dW",
            "更新方向反了：应为 W − α·dW，而不是 W + α·dW",
            _guarded(lambda *a: _step(_grads(*a[:6]), a[2:6], -a[6])),
        ),
        Mistake(
            "train-step-ignores-alpha",
            "train_step",
            "the step does not use the learning rate alpha it is given",
            "更新没有使用传入的学习率 alpha",
            _guarded(lambda *a: _step(_grads(*a[:6]), a[2:6], 0.1)),
        ),
        Mistake(
            "w2-updated-before-w1-grad",
            "train_step",
            "W2 was updated before W1's gradient was computed: compute every gradient first, then update",
            "在计算 W1 的梯度之前就更新了 W2：应先算出全部梯度再更新",
            _guarded(_w2_first),
        ),
        Mistake(
            "loss-missing-half",
            "loss",
            "the loss is missing the ½ in E = 1/(2N) Σ (R − Y)²",
            "损失少了 E = 1/(2N) Σ (R − Y)² 中的 ½",
            _guarded(lambda Y, R: float(np.sum((R - Y) ** 2) / Y.shape[0])),
        ),
        Mistake(
            "loss-mean-over-all-elements",
            "loss",
            "the loss is divided by N·d_out (a mean over every element): divide by 2N only",
            "损失除以了 N·d_out（对所有元素取平均）：应只除以 2N",
            _guarded(lambda Y, R: float(np.mean((R - Y) ** 2) / 2)),
        ),
        Mistake(
            "train-step-forgets-biases",
            "train_step",
            "the step must update the biases b1 and b2 too",
            "更新时也要更新偏置 b1 和 b2",
            _guarded(_weights_only_step),
        ),
        Mistake(
            "missing-output-activation",
            "forward",
            "the output layer must apply the sigmoid: Y = σ(Z W2 + b2)",
            "输出层要经过 sigmoid：Y = σ(Z W2 + b2)",
            _guarded(lambda X, W1, b1, W2, b2: (_sigmoid(X @ W1 + b1), _sigmoid(X @ W1 + b1) @ W2 + b2)),
        ),
        Mistake(
            "loss-missing-1-over-n",
            "loss",
            "the loss is not divided by the batch size N",
            "损失没有除以批量大小 N",
            _guarded(lambda Y, R: float(np.sum((R - Y) ** 2) / 2)),
        ),
        Mistake(
            "forward-missing-bias",
            "forward",
            "forward ignores the hidden bias b1",
            "前向传播漏掉了隐藏层偏置 b1",
            _guarded(lambda X, W1, b1, W2, b2: _forward(X, W1, 0 * b1, W2, b2)),
        ),
        Mistake(
            "forward-returns-preactivation",
            "forward",
            "forward must return Z = σ(X W1 + b1), not the pre-activation X W1 + b1",
            "forward 应返回 Z = σ(X W1 + b1)，而不是激活前的 X W1 + b1",
            _guarded(lambda X, W1, b1, W2, b2: (X @ W1 + b1, _forward(X, W1, b1, W2, b2)[1])),
        ),
        Mistake(
            "relu-instead-of-sigmoid-hidden",
            "forward",
            "the hidden layer must use the sigmoid, not ReLU",
            "隐藏层应使用 sigmoid，而不是 ReLU",
            _guarded(_relu_forward),
        ),
        Mistake(
            "unstable-sigmoid",
            "sigmoid",
            "σ overflows for large |u|: compute it from exp(−|u|) (two branches) so no exp() overflows",
            "σ 在 |u| 很大时溢出：用 exp(−|u|) 分两支计算，避免 exp 溢出",
            _guarded(lambda u: np.exp(u) / (1 + np.exp(u))),
        ),
    ]
    return out


def _forward(X: Any, W1: Any, b1: Any, W2: Any, b2: Any) -> tuple[np.ndarray, np.ndarray]:
    Z = _sigmoid(X @ W1 + b1)
    return Z, _sigmoid(Z @ W2 + b2)


def _weights_only_step(X: Any, R: Any, W1: Any, b1: Any, W2: Any, b2: Any, alpha: float) -> tuple[Any, ...]:
    W1_new, _, W2_new, _ = _step(_grads(X, R, W1, b1, W2, b2), (W1, b1, W2, b2), alpha)
    return W1_new, b1, W2_new, b2


def _relu_forward(X: Any, W1: Any, b1: Any, W2: Any, b2: Any) -> tuple[np.ndarray, np.ndarray]:
    Z = np.maximum(X @ W1 + b1, 0.0)
    return Z, _sigmoid(Z @ W2 + b2)


def _w2_first(X: Any, R: Any, W1: Any, b1: Any, W2: Any, b2: Any, alpha: float) -> tuple[Any, ...]:
    """δ¹ computed through the already-updated W2."""
    Z, Y = _forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1 - Y) / X.shape[0]
    W2_new, b2_new = W2 - alpha * (Z.T @ d2), b2 - alpha * d2.sum(axis=0)
    d1 = (d2 @ W2_new.T) * Z * (1 - Z)
    return W1 - alpha * (X.T @ d1), b1 - alpha * d1.sum(axis=0), W2_new, b2_new


MISTAKES = _mistakes()
