"""Hidden tests of exercise_regularization: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), so a batch sends the same inputs to every
submission and no submission can carry the answers as constants; the cases written out by hand (the
extreme logits, the validation curves) are moved by the seed in ways that keep what they test. The
expected answers come from ``reference.py`` (PyTorch), computed once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

TOLERANCE = Tolerance(rtol=1e-6, atol=1e-9)
SEED = 20260312

# Validation curves worked by hand in tests/test_exercise_regularization.py: (label, losses, patience,
# min_delta). No comparison here lies within rounding of best − min_delta. cases() moves each curve by
# the seed (see _moved_curve), which keeps every comparison, so every answer.
CURVES: list[tuple[str, list[float], int, float]] = [
    ("stops after `patience` epochs without improvement", [1.0, 0.8, 0.6, 0.65, 0.7, 0.72, 0.5], 3, 0.0),
    ("never triggered: runs to the last epoch", [1.0, 0.9, 0.8, 0.75, 0.7], 2, 0.0),
    ("min_delta hides small improvements", [1.0, 0.99, 0.985, 0.98, 0.5], 3, 0.05),
    ("a tie is not an improvement", [0.5, 0.5, 0.5, 0.4], 2, 0.0),
    ("the count restarts after an improvement", [1.0, 1.1, 1.2, 0.9, 1.0, 1.1, 1.2], 3, 0.0),
    ("patience 1", [0.9, 0.8, 0.85, 0.7], 1, 0.0),
    ("the best epoch moves only on an improvement by min_delta", [1.0, 0.97, 0.94, 0.93, 0.95], 2, 0.05),
    ("compare with the best loss, not the previous epoch's", [1.0, 0.5, 0.7, 0.6, 0.55, 0.52], 3, 0.0),
    ("a single epoch", [0.3], 3, 0.0),
    ("patience longer than the curve", [0.5, 0.6, 0.7], 10, 0.0),
    ("min_delta is absolute: losses around 10", [10.0, 9.7, 9.4, 9.35, 9.0], 2, 0.2),
    ("min_delta is absolute: losses around 0.1", [0.2, 0.16, 0.14, 0.13], 2, 0.05),
]


def _moved_curve(rng: np.random.Generator, losses: list[float], min_delta: float) -> tuple[np.ndarray, float]:
    """The curve a·losses + b and min_delta a·min_delta, a and b drawn from the seed (a within 10% of 1,
    |b| at most 2% of the largest loss): `loss < best − min_delta` holds exactly where it held, ties stay
    exact ties, and the losses stay positive and at their scale (min_delta stays absolute, not relative)."""
    curve = np.array(losses)
    a, b = rng.uniform(0.9, 1.1), rng.uniform(-0.02, 0.02) * float(np.max(curve))
    return a * curve + b, a * min_delta


def _noisy_curve(rng: np.random.Generator) -> np.ndarray:
    """A typical validation curve: falls, flattens, then rises (over-fitting), with noise."""
    t = np.arange(40.0)
    return 1.0 / (1.0 + 0.3 * t) + 0.0004 * np.maximum(t - 22.0, 0.0) ** 2 + rng.normal(scale=0.01, size=40)


def _case(
    name: str,
    function: str,
    args: tuple[Any, ...],
    expected: Callable[[str], Any],
    check: Callable[[CaseRun], Verdict] = values,
    weight: float = 1.0,
) -> Case:
    return Case(name, function, (Call(function, args),), check, expected, weight)


def _keep(rng: np.random.Generator, shape: tuple[int, ...], p: float) -> np.ndarray:
    """A Bernoulli(1 − p) keep-mask, as F.dropout draws it."""
    return rng.random(shape) >= p


def _dropout_cases(rng: np.random.Generator) -> list[Case]:
    d = reference
    inputs = [
        ("training, p=0.5, a (4, 6) array", rng.normal(size=(4, 6)), 0.5, True),
        ("training, p=0.2, a (2, 3, 4) array", rng.normal(size=(2, 3, 4)), 0.2, True),
        ("training, p=0.9, a 1-D array", rng.normal(size=12), 0.9, True),
        ("evaluation mode: the identity", rng.normal(size=(3, 5)), 0.5, False),
        ("evaluation mode with p=1: still the identity", rng.normal(size=(2, 4)), 1.0, False),
        ("training, p=0: the identity", rng.normal(size=(3, 3)), 0.0, True),
        ("training, p=1: all zeros", rng.normal(size=(3, 4)), 1.0, True),
    ]
    out = []
    for label, x, p, training in inputs:
        args = (x, _keep(rng, x.shape, p), p, training)
        out.append(_case(f"dropout: {label}", "dropout", args, lambda dev, a=args: d.dropout(*a, dev)))
    args = out[0].calls[0].args
    out.append(
        leaves_inputs(
            _case(
                "dropout: leaves its inputs unchanged",
                "dropout",
                args,
                lambda dev, a=args: d.dropout(*a, dev),
                values,
                0.5,
            )
        )
    )
    for label, shape, p, training in [
        ("training, p=0.3", (5, 3), 0.3, True),
        ("training, p=0.75, a (2, 2, 3) array", (2, 2, 3), 0.75, True),
        ("evaluation mode: the gradient passes unchanged", (4, 4), 0.3, False),
        ("training, p=1: no gradient at all", (3, 2), 1.0, True),
    ]:
        args = (rng.normal(size=shape), _keep(rng, shape, p), p, training)
        out.append(
            _case(
                f"dropout_backward: {label}",
                "dropout_backward",
                args,
                lambda dev, a=args: d.dropout_backward(*a, dev),
            )
        )
    return out


def _sgd_cases(rng: np.random.Generator) -> list[Case]:
    d = reference
    out = []
    for label, shape, lr, wd in [
        ("lr=0.1, weight_decay=0.01, a (3, 4) matrix", (3, 4), 0.1, 0.01),
        ("weight_decay=0: plain SGD", (4,), 0.2, 0.0),
        ("lr=0.5, weight_decay=0.1, a vector", (5,), 0.5, 0.1),
        ("lr=0.05, weight_decay=1.0 (strong decay)", (2, 2), 0.05, 1.0),
    ]:
        args = (rng.normal(size=shape), rng.normal(size=shape), lr, wd)
        out.append(
            _case(
                f"sgd_weight_decay_step: {label}",
                "sgd_weight_decay_step",
                args,
                lambda dev, a=args: d.sgd_weight_decay_step(*a, dev),
            )
        )
    args = out[0].calls[0].args
    out.append(
        leaves_inputs(
            _case(
                "sgd_weight_decay_step: returns a new array and leaves its inputs unchanged",
                "sgd_weight_decay_step",
                args,
                lambda dev, a=args: d.sgd_weight_decay_step(*a, dev),
                values,
                0.5,
            )
        )
    )
    return out


def _logits_inputs(rng: np.random.Generator) -> list[tuple[str, np.ndarray, np.ndarray, float]]:
    def moved(logits: np.ndarray, by: float) -> np.ndarray:
        """The logits moved by the seed by less than ``by`` each; the zeros stay exactly 0."""
        return np.where(logits == 0.0, 0.0, logits + rng.uniform(-by, by, size=logits.shape))

    huge = moved(
        np.array([[1000.0, -1000.0, 0.0, 500.0], [-800.0, 900.0, 899.0, -5.0], [0.0, 0.0, -1000.0, 1000.0]]),
        0.3,
    )
    # Every row's own logits are close together, the rows are far apart: a shift by the global max
    # sends whole rows to exp(−1000) = 0.
    # exp(−23) ≈ 1e−10 per class: exp(np.clip(z, −20, 20)) ("it underflows anyway") makes each 20 times too big.
    # Drawn from −23.5 to −22.5, so the clipped ones are still e^2.5 to e^3.5 times too big.
    tiny = moved(np.concatenate([[0.0], np.full(1000, -23.0)])[None, :], 0.5)
    apart = moved(
        np.array([[1000.0, 999.0, 998.0, 990.0], [0.0, -1.0, -2.0, 3.0], [-900.0, -905.0, -899.0, -1000.0]]),
        0.3,
    )
    return [
        ("N=4, K=5, eps=0.1", rng.normal(scale=2.0, size=(4, 5)), rng.integers(0, 5, size=4), 0.1),
        ("eps=0: plain cross-entropy", rng.normal(scale=2.0, size=(3, 4)), rng.integers(0, 4, size=3), 0.0),
        ("N=1, K=3, eps=0.2", rng.normal(scale=2.0, size=(1, 3)), np.array([2]), 0.2),
        ("two classes, eps=0.3", rng.normal(scale=2.0, size=(5, 2)), rng.integers(0, 2, size=5), 0.3),
        ("N=K=4, eps=0.25", rng.normal(scale=2.0, size=(4, 4)), np.array([3, 0, 2, 0]), 0.25),
        ("logits of ±1000 (stability)", huge, np.array([1, 0, 2]), 0.1),
        ("eps=1: the uniform distribution", rng.normal(scale=2.0, size=(2, 3)), np.array([0, 2]), 1.0),
        ("N=6, K=10, logits around 50", 50.0 + rng.normal(size=(6, 10)), rng.integers(0, 10, size=6), 0.05),
        ("rows 1000 apart: each row is shifted by its own maximum", apart, np.array([0, 3, 2]), 0.1),
        ("eps=0, 1000 classes about 23 below the target (tiny probabilities)", tiny, np.array([0]), 0.0),
    ]


def _cross_entropy_cases(rng: np.random.Generator) -> list[Case]:
    d = reference
    out = []
    inputs = _logits_inputs(rng)
    for label, logits, targets, eps in inputs:
        args = (logits, targets, eps)
        out.append(
            _case(
                f"cross_entropy_label_smoothing: {label}",
                "cross_entropy_label_smoothing",
                args,
                lambda dev, a=args: d.cross_entropy_label_smoothing(*a, dev),
            )
        )
    args = (inputs[0][1], inputs[0][2], inputs[0][3])
    out.append(
        leaves_inputs(
            _case(
                "cross_entropy_label_smoothing: leaves its inputs unchanged",
                "cross_entropy_label_smoothing",
                args,
                lambda dev, a=args: d.cross_entropy_label_smoothing(*a, dev),
                values,
                0.5,
            )
        )
    )
    for label, logits, targets, eps in [inputs[i] for i in (0, 1, 2, 4, 5, 6, 8, 9)]:
        args = (logits, targets, eps)
        out.append(
            _case(
                f"cross_entropy_label_smoothing_grad: {label}",
                "cross_entropy_label_smoothing_grad",
                args,
                lambda dev, a=args: d.cross_entropy_label_smoothing_grad(*a, dev),
            )
        )
    return out


def _early_stopping_cases(rng: np.random.Generator) -> list[Case]:
    d = reference
    curves = []
    for label, losses, patience, delta in CURVES:
        moved, moved_delta = _moved_curve(rng, losses, delta)
        curves.append((label, moved, patience, moved_delta))
    curves.append(("a noisy 40-epoch curve, patience 5, min_delta 1e-3", _noisy_curve(rng), 5, 1e-3))
    out = []
    for label, losses, patience, delta in curves:
        args = (losses, patience, delta)
        out.append(
            _case(
                f"early_stopping: {label}",
                "early_stopping",
                args,
                lambda dev, a=args: d.early_stopping(*a, dev),
            )
        )
    return out


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    return [*_dropout_cases(rng), *_sgd_cases(rng), *_cross_entropy_cases(rng), *_early_stopping_cases(rng)]


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args)
            except (ValueError, IndexError, ZeroDivisionError):
                return None  # this mistake cannot even be made with these inputs

    return wrong


def _dropout(
    x: Any, mask: Any, p: float, training: bool, *, scale: str = "inverted", eval_mode: str = "id"
) -> Any:
    if not training:
        if eval_mode == "scaled":
            return x * (1.0 - p)
        if eval_mode == "masked" and p < 1.0:
            return np.where(mask, x / (1.0 - p), 0.0)
        return x.copy()
    if scale == "drop-mask":
        mask = ~mask
    if p == 1.0 and scale in ("inverted", "drop-mask"):
        return np.zeros_like(x)
    factor = {"inverted": 1.0 / (1.0 - p), "drop-mask": 1.0 / (1.0 - p), "none": 1.0, "by-p": 1.0 / p}[scale]
    return np.where(mask, x * factor, 0.0)


def _log_softmax(z: np.ndarray, axis: int = 1) -> np.ndarray:
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _q(targets: np.ndarray, k: int, eps: float, how: str) -> np.ndarray:
    onehot = np.eye(k)[targets]
    if how == "others":
        return (1.0 - eps) * onehot + eps / (k - 1) * (1.0 - onehot)
    if how == "no-one-minus":
        return onehot + eps / k
    if how == "ignored":
        return onehot
    if how == "swapped":
        return eps * onehot + (1.0 - eps) / k
    return (1.0 - eps) * onehot + eps / k


def _global_log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max()
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def _ce(
    logits: Any, targets: Any, eps: float, *, how: str = "right", reduce: str = "mean", axis: int = 1
) -> float:
    total = -np.sum(_q(targets, logits.shape[1], eps, how) * _log_softmax(logits, axis))
    return float(total if reduce == "sum" else total / logits.shape[0])


def _ce_grad(
    logits: Any, targets: Any, eps: float, *, how: str = "right", per_n: bool = True, sign: float = 1.0
) -> Any:
    g = sign * (np.exp(_log_softmax(logits)) - _q(targets, logits.shape[1], eps, how))
    return g / logits.shape[0] if per_n else g


def _stop(
    losses: Any,
    patience: int,
    min_delta: float,
    *,
    ties: bool = False,
    previous: bool = False,
    late: int = 0,
    base: int = 0,
    use_delta: bool = True,
    best_is_argmin: bool = False,
    reset: bool = True,
    end: int = -1,
    relative: bool = False,
) -> tuple[int, int]:
    """The early-stopping rule with one classic mistake switched on by the keyword arguments."""
    curve = [float(v) for v in losses]
    delta = min_delta if use_delta else 0.0
    best, best_epoch, wait, stop = curve[0], 0, 0, len(curve) + end
    for epoch in range(1, len(curve)):
        reference_loss = curve[epoch - 1] if previous else best
        bar = reference_loss * (1.0 - delta) if relative else reference_loss - delta
        better = curve[epoch] <= bar if ties else curve[epoch] < bar
        if better:
            best, best_epoch = curve[epoch], epoch
            wait = 0 if reset else wait
        else:
            wait += 1
            if wait >= patience + late:
                stop = epoch
                break
    if best_is_argmin:
        best_epoch = int(np.argmin(curve[: stop + 1]))
    return stop + base, best_epoch + base


def _mistakes() -> list[Mistake]:
    dropout_mistakes = {
        "dropout-not-rescaled": (
            "the kept values are not divided by 1 − p: inverted dropout scales them in training so that "
            "evaluation needs no change",
            "保留的值没有除以 1 − p：inverted dropout 在训练时放大保留值，评估时才不需要任何改动",
            {"scale": "none"},
        ),
        "dropout-divided-by-p": (
            "the kept values are divided by p; divide by the keep probability 1 − p",
            "保留的值除以了 p；应除以保留概率 1 − p",
            {"scale": "by-p"},
        ),
        "dropout-mask-inverted": (
            "mask is True for the units to KEEP; the units where it is False are the dropped ones",
            "mask 为 True 的是要保留的单元；为 False 的才是被丢弃的",
            {"scale": "drop-mask"},
        ),
        "dropout-scaled-in-eval": (
            "evaluation mode multiplies by 1 − p: with inverted dropout the evaluation pass is the identity",
            "评估模式乘了 1 − p：使用 inverted dropout 时评估阶段是恒等映射",
            {"eval_mode": "scaled"},
        ),
        "dropout-mask-in-eval": (
            "evaluation mode still applies the mask: dropout is only active when training is True",
            "评估模式仍然使用了 mask：只有 training 为 True 时 dropout 才起作用",
            {"eval_mode": "masked"},
        ),
    }
    out = []
    for key, (en, zh, options) in dropout_mistakes.items():
        for function in ("dropout", "dropout_backward"):
            wrong = _guarded(lambda *a, o=options: _dropout(*a, **o))
            prefix_en, prefix_zh = (
                ("", "") if function == "dropout" else ("in the backward pass: ", "反向传播中：")
            )
            out.append(Mistake(key, function, prefix_en + en, prefix_zh + zh, wrong))
    out.append(
        Mistake(
            "dropout-backward-ignores-mask",
            "dropout_backward",
            "the gradient must go through the same mask as the forward pass: dropped units get no gradient",
            "梯度必须经过与前向传播相同的 mask：被丢弃的单元没有梯度",
            _guarded(lambda g, m, p, t: (g / (1.0 - p) if p < 1.0 else np.zeros_like(g)) if t else g.copy()),
        )
    )
    sgd_mistakes = {
        "weight-decay-doubled": (
            "weight_decay λ adds λ·w to the gradient (the penalty is (λ/2)‖w‖²), not 2λ·w",
            "weight_decay λ 在梯度上加的是 λ·w（惩罚项为 (λ/2)‖w‖²），不是 2λ·w",
            lambda w, g, lr, wd: w - lr * (g + 2.0 * wd * w),
        ),
        "weight-decay-without-lr": (
            "the decay term is part of the gradient, so it is multiplied by lr too: w − lr·(grad + λ·w)",
            "衰减项是梯度的一部分，也要乘以学习率：w − lr·(grad + λ·w)",
            lambda w, g, lr, wd: w - lr * g - wd * w,
        ),
        "weight-decay-wrong-sign": (
            "weight decay pulls w towards 0: add +λ·w to the gradient",
            "权重衰减把 w 拉向 0：梯度上应加 +λ·w",
            lambda w, g, lr, wd: w - lr * (g - wd * w),
        ),
        "weight-decay-ignored": (
            "the step ignores weight_decay: w − lr·(grad + λ·w)",
            "更新没有使用 weight_decay：应为 w − lr·(grad + λ·w)",
            lambda w, g, lr, wd: w - lr * g,
        ),
    }
    for key, (en, zh, f) in sgd_mistakes.items():
        out.append(Mistake(key, "sgd_weight_decay_step", en, zh, _guarded(f)))
    smoothing = {
        "smoothing-over-other-classes": (
            "ε is spread as ε/(K − 1) over the other classes; PyTorch puts ε/K on every class, the target too",
            "ε 被按 ε/(K − 1) 分给了其他类；PyTorch 是在所有 K 个类（包括目标类）上各加 ε/K",
            "others",
        ),
        "smoothing-missing-one-minus-eps": (
            "the target class keeps weight 1: q = (1 − ε)·one-hot + ε/K",
            "目标类的权重仍为 1：应为 q = (1 − ε)·one-hot + ε/K",
            "no-one-minus",
        ),
        "smoothing-ignored": (
            "eps is ignored: the loss is plain cross-entropy, without label smoothing",
            "没有使用 eps：算成了不带标签平滑的普通交叉熵",
            "ignored",
        ),
        "smoothing-eps-swapped": (
            "ε and 1 − ε are swapped: q = (1 − ε)·one-hot + ε/K",
            "ε 与 1 − ε 用反了：应为 q = (1 − ε)·one-hot + ε/K",
            "swapped",
        ),
    }
    for key, (en, zh, how) in smoothing.items():
        out.append(
            Mistake(key, "cross_entropy_label_smoothing", en, zh, _guarded(lambda *a, h=how: _ce(*a, how=h)))
        )
        out.append(
            Mistake(
                key,
                "cross_entropy_label_smoothing_grad",
                "the gradient (softmax − q)/N uses a q where " + en,
                "梯度 (softmax − q)/N 中的 q 有误：" + zh,
                _guarded(lambda *a, h=how: _ce_grad(*a, how=h)),
            )
        )
    out += [
        Mistake(
            "loss-summed-over-batch",
            "cross_entropy_label_smoothing",
            "the loss is summed over the batch; it is the mean over the N samples",
            "损失对批量求了和；应对 N 个样本取平均",
            _guarded(lambda *a: _ce(*a, reduce="sum")),
        ),
        Mistake(
            "softmax-over-batch-axis",
            "cross_entropy_label_smoothing",
            "the softmax runs down the batch (axis 0); it normalises each sample's K logits (axis 1)",
            "softmax 沿批量方向（axis 0）做了归一化；应对每个样本的 K 个 logits（axis 1）归一化",
            _guarded(lambda *a: _ce(*a, axis=0)),
        ),
        Mistake(
            "grad-missing-1-over-n",
            "cross_entropy_label_smoothing_grad",
            "the gradient is not divided by N (the loss is a mean over the batch)",
            "梯度没有除以 N（损失是对批量取平均）",
            _guarded(lambda *a: _ce_grad(*a, per_n=False)),
        ),
        Mistake(
            "log-softmax-global-max",
            "cross_entropy_label_smoothing",
            "shift each row by its own maximum (z.max(axis=1, keepdims=True)), not by the maximum of the "
            "whole batch: rows far below it underflow to exp(−∞) = 0 and log(0)",
            "每一行应减去该行自己的最大值（z.max(axis=1, keepdims=True)），而不是整个批量的最大值：远低于它的行会下溢为 0，log(0) 出错",
            _guarded(
                lambda z, t, e: float(
                    -np.sum(_q(t, z.shape[1], e, "right") * _global_log_softmax(z)) / z.shape[0]
                )
            ),
        ),
        Mistake(
            "log-softmax-global-max",
            "cross_entropy_label_smoothing_grad",
            "shift each row by its own maximum (z.max(axis=1, keepdims=True)), not by the maximum of the "
            "whole batch: rows far below it underflow to 0 / 0",
            "每一行应减去该行自己的最大值，而不是整个批量的最大值：远低于它的行会下溢成 0 / 0",
            _guarded(
                lambda z, t, e: (np.exp(_global_log_softmax(z)) - _q(t, z.shape[1], e, "right")) / z.shape[0]
            ),
        ),
        Mistake(
            "grad-sign-error",
            "cross_entropy_label_smoothing_grad",
            "the gradient has the wrong sign: it is (softmax − q)/N, not (q − softmax)/N",
            "梯度符号反了：应为 (softmax − q)/N，而不是 (q − softmax)/N",
            _guarded(lambda *a: _ce_grad(*a, sign=-1.0)),
        ),
    ]
    stopping = {
        "ties-count-as-improvement": (
            "an epoch improves only when its loss is strictly below best − min_delta; a tie does not reset the count",
            "只有损失严格小于 best − min_delta 才算改进；持平不会重置计数",
            {"ties": True},
        ),
        "compares-with-previous-epoch": (
            "compare each loss with the best loss so far, not with the previous epoch's",
            "应与迄今为止的最佳损失比较，而不是与上一个 epoch 比较",
            {"previous": True},
        ),
        "stops-one-epoch-late": (
            "training stops at the epoch where the count of epochs without improvement reaches patience, not one later",
            "在无改进的 epoch 数达到 patience 的那个 epoch 就停止，而不是再晚一个",
            {"late": 1},
        ),
        "one-based-epochs": (
            "epochs are counted from 0: val_losses[0] is epoch 0",
            "epoch 从 0 开始计数：val_losses[0] 是第 0 个 epoch",
            {"base": 1},
        ),
        "min-delta-ignored": (
            "an improvement must beat the best loss by more than min_delta: loss < best − min_delta",
            "改进必须比最佳损失低出 min_delta 以上：loss < best − min_delta",
            {"use_delta": False},
        ),
        "best-epoch-is-argmin": (
            "best_epoch is the last epoch that counted as an improvement (by more than min_delta), not the "
            "argmin of the losses",
            "best_epoch 是最后一个算作改进（超过 min_delta）的 epoch，而不是损失的最小值位置",
            {"best_is_argmin": True},
        ),
        "count-not-reset": (
            "an improvement resets the count of epochs without improvement to 0",
            "出现改进时，应把无改进的 epoch 计数清零",
            {"reset": False},
        ),
        "min-delta-relative": (
            "min_delta is an absolute amount: an epoch improves when loss < best − min_delta, not "
            "loss < best · (1 − min_delta)",
            "min_delta 是绝对量：loss < best − min_delta 才算改进，而不是 loss < best · (1 − min_delta)",
            {"relative": True},
        ),
        "no-stop-returns-length": (
            "when training never stops early, stop_epoch is the last epoch, len(val_losses) − 1",
            "从未提前停止时，stop_epoch 是最后一个 epoch，即 len(val_losses) − 1",
            {"end": 0},
        ),
    }
    for key, (en, zh, options) in stopping.items():
        out.append(Mistake(key, "early_stopping", en, zh, _guarded(lambda *a, o=options: _stop(*a, **o))))
    return out


MISTAKES = _mistakes()
