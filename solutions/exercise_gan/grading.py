"""Hidden tests of exercise_gan: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), so a batch sends the same inputs to every
submission and no submission can carry the answers as constants, the stability cases included; the
expected answers come from ``reference.py`` (BCE with logits and autograd), computed once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

# rtol 1e-9: every float64 formulation agrees with torch to ~1e-15, while float32 arithmetic inside a
# loss (then returned as a Python float) is off by ~1e-7 and must not pass.
TOLERANCE = Tolerance(rtol=1e-9, atol=1e-12)
SEED = 20261202

# Logits a discriminator gives when it is certain, right or wrong: only softplus-based formulas survive.
EXTREME_LOGITS = np.array([-1000.0, -745.0, -40.0, 0.0, 25.0, 30.0, 40.0, 745.0, 1000.0])
EXTREME_TARGETS = np.array([1.0, 0.0, 1.0, 0.5, 0.1, 1.0, 0.0, 0.3, 0.7])


def _moved(rng: np.random.Generator, logits: np.ndarray) -> np.ndarray:
    """Extreme logits moved by the seed by less than 0.1 (e^(−745) stays the smallest subnormal); 0
    stays exactly 0."""
    return np.where(logits == 0.0, 0.0, logits + rng.uniform(-0.1, 0.1, size=logits.shape))


def _case(
    name: str,
    function: str,
    args: tuple[Any, ...],
    check: Callable[[CaseRun], Verdict] = values,
    weight: float = 1.0,
) -> Case:
    truth = getattr(reference, function)
    return Case(
        f"{function}: {name}",
        function,
        (Call(function, args),),
        check,
        lambda device: truth(*args, device),
        weight,
    )


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    out: list[Case] = []

    hard = rng.normal(scale=2.0, size=8), rng.integers(0, 2, size=8).astype(np.float64)
    smooth = rng.normal(scale=2.0, size=(6, 1)), rng.choice([0.1, 0.9], size=(6, 1))
    grid = rng.normal(scale=2.0, size=(3, 4)), rng.uniform(0.0, 1.0, size=(3, 4))
    # the targets 0 and 1 stay 0 and 1 (D certain and right or wrong); the soft ones move by the seed
    soft = (EXTREME_TARGETS > 0.0) & (EXTREME_TARGETS < 1.0)
    extreme_targets = np.where(
        soft, EXTREME_TARGETS + rng.uniform(-0.05, 0.05, size=soft.shape), EXTREME_TARGETS
    )
    one = np.array([rng.uniform(-2.0, 2.0)]), np.array([float(rng.integers(0, 2))])
    for label, (x, y) in [
        ("8 logits, targets 0 and 1", hard),
        ("soft targets 0.1 and 0.9, shape (6, 1)", smooth),
        ("a (3, 4) batch with targets in [0, 1] (mean over all 12)", grid),
        ("a batch of 1", one),
        ("logits from −1000 to 1000 (stability)", (_moved(rng, EXTREME_LOGITS), extreme_targets)),
    ]:
        out.append(_case(label, "bce_with_logits", (x, y)))

    batches = [
        ("6 real, 6 fake", rng.normal(scale=2.0, size=6), rng.normal(scale=2.0, size=6)),
        (
            "5 real, 3 fake, shape (N, 1)",
            rng.normal(scale=2.0, size=(5, 1)),
            rng.normal(scale=2.0, size=(3, 1)),
        ),
        (
            "logits ±1000, D certain and right or wrong (stability)",
            _moved(rng, np.array([1000.0, -1000.0, 40.0, -40.0, 745.0])),
            _moved(rng, np.array([-1000.0, 1000.0, 30.0, -745.0])),
        ),
        ("a batch of 1 each", rng.normal(scale=2.0, size=1), rng.normal(scale=2.0, size=1)),
    ]
    for function in ("discriminator_loss", "discriminator_loss_grad"):
        out += [_case(label, function, (real, fake)) for label, real, fake in batches]
    _, real, fake = batches[1]
    out.append(
        leaves_inputs(
            _case(
                "leaves its inputs unchanged",
                "discriminator_loss_grad",
                (real, fake),
                values,
                0.5,
            )
        )
    )

    fakes = [
        ("8 logits", rng.normal(scale=2.0, size=8)),
        (
            "early in training: D rejects every fake (logits −20 to −5), shape (6, 1)",
            rng.uniform(-20, -5, (6, 1)),
        ),
        # 1 − σ(f) is below 1e−10 and, near 36, a few ulps of 1: only the softplus form is exact
        ("late in training: D accepts every fake (logits 25 to 36)", np.sort(rng.uniform(25.0, 36.0, 5))),
        ("logits from −1000 to 1000 (stability)", _moved(rng, EXTREME_LOGITS)),
        ("a batch of 1", rng.normal(scale=2.0, size=1)),
    ]
    for function in (
        "generator_loss_saturating",
        "generator_loss_saturating_grad",
        "generator_loss_nonsaturating",
        "generator_loss_nonsaturating_grad",
    ):
        out += [_case(label, function, (f,)) for label, f in fakes]
    out.append(
        leaves_inputs(
            _case(
                "leaves its input unchanged",
                "generator_loss_nonsaturating_grad",
                (fakes[0][1],),
                values,
                0.5,
            )
        )
    )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).

EPS = 1e-12


def _softplus(x: Any) -> np.ndarray:
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x: Any) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _bce_terms(x: Any, y: Any) -> np.ndarray:
    return y * _softplus(-x) + (1 - y) * _softplus(x)


def _clamped_bce(x: Any, y: Any) -> float:
    """The ε-in-the-log fix: −[y log(σ + ε) + (1 − y) log(1 − σ + ε)]."""
    s = _sigmoid(x)
    return float(-np.mean(y * np.log(s + EPS) + (1 - y) * np.log(1 - s + EPS)))


def _finite(answer: Any) -> bool:
    if isinstance(answer, tuple):
        return all(_finite(a) for a in answer)
    return bool(np.isfinite(answer).all())


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    """The wrong answer, or None where the mistake cannot be made here: a shape error, or an overflow
    (a submission cannot return inf or nan without the warning that already fails the test)."""

    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                answer = f(*args)
            except (ValueError, IndexError):
                return None
        return answer if _finite(answer) else None

    return wrong


def _mean(terms: np.ndarray) -> float:
    return float(np.mean(terms))


def _d_grads(r: Any, f: Any, real: Callable[[Any], Any], fake: Callable[[Any], Any], n: str = "each") -> Any:
    n_r, n_f = {"each": (r.size, f.size), "one": (1, 1), "both": (r.size + f.size,) * 2}[n]
    return real(r) / n_r, fake(f) / n_f


# (id, function, English hint, Chinese hint, the wrong answer)
CATALOGUE: list[tuple[str, str, str, str, Callable[..., Any]]] = [
    (
        "bce-sum-not-mean",
        "bce_with_logits",
        "BCEWithLogitsLoss averages (reduction='mean'): divide the sum by the number of elements",
        "BCEWithLogitsLoss 取平均（reduction='mean'）：总和要除以元素个数",
        lambda x, y: float(np.sum(_bce_terms(x, y))),
    ),
    (
        "bce-mean-over-rows-only",
        "bce_with_logits",
        "the mean runs over every element (N·C of them for an (N, C) batch), not over the N rows only",
        "平均是对所有元素（(N, C) 的批量共 N·C 个）取的，而不是只除以行数 N",
        lambda x, y: float(np.sum(_bce_terms(x, y)) / x.shape[0]),
    ),
    (
        "bce-epsilon-clamp",
        "bce_with_logits",
        "log(σ(x) + ε) caps the loss of a confident mistake at −log ε: use softplus, "
        "−log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x)",
        "log(σ(x) + ε) 会把自信犯错的损失截断在 −log ε：应使用 softplus，"
        "−log σ(x) = softplus(−x)，−log(1 − σ(x)) = softplus(x)",
        _clamped_bce,
    ),
    (
        "bce-logit-sign",
        "bce_with_logits",
        "the sign of the logits is reversed: the loss is y·softplus(−x) + (1 − y)·softplus(x)",
        "logit 的符号反了：损失为 y·softplus(−x) + (1 − y)·softplus(x)",
        lambda x, y: _mean(_bce_terms(-x, y)),
    ),
    (
        "bce-hard-targets-only",
        "bce_with_logits",
        "targets may be any number in [0, 1] (label smoothing): weigh both terms by y and 1 − y, "
        "do not pick one by y > 0.5",
        "目标可以是 [0, 1] 内的任意数（标签平滑）：两项分别乘以 y 与 1 − y，不要按 y > 0.5 只取一项",
        lambda x, y: _mean(np.where(y > 0.5, _softplus(-x), _softplus(x))),
    ),
    (
        "d-loss-labels-swapped",
        "discriminator_loss",
        "real samples have label 1 and fakes label 0: L_D = BCE(real, 1) + BCE(fake, 0)",
        "真实样本的标签为 1，生成样本为 0：L_D = BCE(real, 1) + BCE(fake, 0)",
        lambda r, f: _mean(_softplus(r)) + _mean(_softplus(-f)),
    ),
    (
        "d-loss-mean-over-both-batches",
        "discriminator_loss",
        "average each batch on its own and add the two means: no single mean over the concatenation "
        "(nor a factor ½)",
        "两个批量应各自取平均后相加：不要把它们拼接后一起取平均（也没有 ½ 因子）",
        lambda r, f: float((np.sum(_softplus(-r)) + np.sum(_softplus(f))) / (r.size + f.size)),
    ),
    (
        "d-loss-halved",
        "discriminator_loss",
        "L_D is the sum of the two batch means, without a factor ½ (nor a single mean over both batches)",
        "L_D 是两个批量平均值之和，没有 ½ 因子（也不是对两批一起取平均）",
        lambda r, f: 0.5 * (_mean(_softplus(-r)) + _mean(_softplus(f))),
    ),
    (
        "d-loss-is-value-function",
        "discriminator_loss",
        "that is the value V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))] that D maximises; return its "
        "negative, the loss D minimises",
        "这是判别器要最大化的价值函数 V(D, G)；应返回它的相反数，即判别器要最小化的损失",
        lambda r, f: -(_mean(_softplus(-r)) + _mean(_softplus(f))),
    ),
    (
        "d-loss-epsilon-clamp",
        "discriminator_loss",
        "log(D + ε) caps the loss of a confident mistake at −log ε: use softplus of the logits",
        "log(D + ε) 会把自信犯错的损失截断在 −log ε：应对 logits 使用 softplus",
        lambda r, f: _clamped_bce(r, np.ones_like(r)) + _clamped_bce(f, np.zeros_like(f)),
    ),
    (
        "d-grad-missing-1-over-n",
        "discriminator_loss_grad",
        "each loss is a mean, so each gradient carries 1/N_real or 1/N_fake",
        "每个损失都是平均值，所以梯度要乘以 1/N_real 或 1/N_fake",
        lambda r, f: _d_grads(r, f, lambda v: _sigmoid(v) - 1, _sigmoid, "one"),
    ),
    (
        "d-grad-both-batches",
        "discriminator_loss_grad",
        "the real mean divides by N_real and the fake mean by N_fake, not both by N_real + N_fake",
        "真实批量除以 N_real，生成批量除以 N_fake，而不是都除以 N_real + N_fake",
        lambda r, f: _d_grads(r, f, lambda v: _sigmoid(v) - 1, _sigmoid, "both"),
    ),
    (
        "d-grad-sign",
        "discriminator_loss_grad",
        "the gradient has the wrong sign: (σ(r) − 1)/N_real and σ(f)/N_fake",
        "梯度符号反了：应为 (σ(r) − 1)/N_real 与 σ(f)/N_fake",
        lambda r, f: _d_grads(r, f, lambda v: 1 - _sigmoid(v), lambda v: -_sigmoid(v)),
    ),
    (
        "d-grad-forgets-real-label",
        "discriminator_loss_grad",
        "the gradient of BCE with logits is (σ(x) − y)/N: for the real logits y = 1",
        "BCE with logits 的梯度是 (σ(x) − y)/N：对真实样本 y = 1",
        lambda r, f: _d_grads(r, f, _sigmoid, _sigmoid),
    ),
    (
        "d-grad-wrt-probability",
        "discriminator_loss_grad",
        "that is the gradient with respect to D = σ(x); chain it through σ′ = σ(1 − σ) to get the "
        "gradient with respect to the logits",
        "这是对 D = σ(x) 的梯度；还要乘以 σ′ = σ(1 − σ) 才是对 logits 的梯度",
        lambda r, f: _d_grads(r, f, lambda v: -1 / _sigmoid(v), lambda v: 1 / (1 - _sigmoid(v))),
    ),
    (
        "g-sat-sign",
        "generator_loss_saturating",
        "the saturating loss is +mean log(1 − D(G(z))) = −mean softplus(f), which G minimises",
        "饱和损失为 +mean log(1 − D(G(z))) = −mean softplus(f)，由 G 最小化",
        lambda f: _mean(_softplus(f)),
    ),
    (
        "g-sat-is-nonsaturating",
        "generator_loss_saturating",
        "that is the non-saturating loss −log D(G(z)); the saturating one is log(1 − D(G(z)))",
        "这是非饱和损失 −log D(G(z))；饱和损失是 log(1 − D(G(z)))",
        lambda f: _mean(_softplus(-f)),
    ),
    (
        "g-sat-sum",
        "generator_loss_saturating",
        "the loss is a mean over the batch, not a sum",
        "损失是对批量取平均，而不是求和",
        lambda f: -float(np.sum(_softplus(f))),
    ),
    (
        "g-sat-epsilon-clamp",
        "generator_loss_saturating",
        "log(1 − D + ε) changes the loss wherever D is close to 1: use −softplus(f), never a probability",
        "log(1 − D + ε) 会在 D 接近 1 时改变损失：应使用 −softplus(f)，不要先算概率",
        lambda f: _mean(np.log(1 - _sigmoid(f) + EPS)),
    ),
    (
        "g-sat-grad-sign",
        "generator_loss_saturating_grad",
        "d/df log(1 − σ(f)) = −σ(f): the gradient is −σ(f)/N",
        "d/df log(1 − σ(f)) = −σ(f)：梯度为 −σ(f)/N",
        lambda f: _sigmoid(f) / f.size,
    ),
    (
        "g-sat-grad-missing-1-over-n",
        "generator_loss_saturating_grad",
        "the loss is a mean, so its gradient carries 1/N",
        "损失是平均值，梯度要乘以 1/N",
        lambda f: -_sigmoid(f),
    ),
    (
        "g-sat-grad-wrt-probability",
        "generator_loss_saturating_grad",
        "that is the gradient with respect to D = σ(f); chain it through σ′ = σ(1 − σ): −σ(f)/N",
        "这是对 D = σ(f) 的梯度；还要乘以 σ′ = σ(1 − σ)：−σ(f)/N",
        lambda f: -1 / (1 - _sigmoid(f)) / f.size,
    ),
    (
        "g-sat-grad-is-nonsaturating",
        "generator_loss_saturating_grad",
        "that is the non-saturating gradient (σ(f) − 1)/N; the saturating one is −σ(f)/N",
        "这是非饱和损失的梯度 (σ(f) − 1)/N；饱和损失的梯度是 −σ(f)/N",
        lambda f: (_sigmoid(f) - 1) / f.size,
    ),
    (
        "g-nonsat-sign",
        "generator_loss_nonsaturating",
        "the non-saturating loss is −mean log D(G(z)) = mean softplus(−f), a positive number",
        "非饱和损失为 −mean log D(G(z)) = mean softplus(−f)，是正数",
        lambda f: -_mean(_softplus(-f)),
    ),
    (
        "g-nonsat-is-saturating",
        "generator_loss_nonsaturating",
        "that is the saturating loss log(1 − D(G(z))); the non-saturating one is −log D(G(z))",
        "这是饱和损失 log(1 − D(G(z)))；非饱和损失是 −log D(G(z))",
        lambda f: -_mean(_softplus(f)),
    ),
    (
        "g-nonsat-sum",
        "generator_loss_nonsaturating",
        "the loss is a mean over the batch, not a sum",
        "损失是对批量取平均，而不是求和",
        lambda f: float(np.sum(_softplus(-f))),
    ),
    (
        "g-nonsat-epsilon-clamp",
        "generator_loss_nonsaturating",
        "−log(D + ε) caps the loss at −log ε where D ≈ 0: use softplus(−f), never a probability",
        "−log(D + ε) 会在 D ≈ 0 时把损失截断在 −log ε：应使用 softplus(−f)，不要先算概率",
        lambda f: -_mean(np.log(_sigmoid(f) + EPS)),
    ),
    (
        "g-nonsat-grad-sign",
        "generator_loss_nonsaturating_grad",
        "d/df (−log σ(f)) = σ(f) − 1 = −σ(−f): the gradient is negative",
        "d/df (−log σ(f)) = σ(f) − 1 = −σ(−f)：梯度为负",
        lambda f: _sigmoid(-f) / f.size,
    ),
    (
        "g-nonsat-grad-missing-1-over-n",
        "generator_loss_nonsaturating_grad",
        "the loss is a mean, so its gradient carries 1/N",
        "损失是平均值，梯度要乘以 1/N",
        lambda f: -_sigmoid(-f),
    ),
    (
        "g-nonsat-grad-wrt-probability",
        "generator_loss_nonsaturating_grad",
        "that is the gradient with respect to D = σ(f); chain it through σ′ = σ(1 − σ): −σ(−f)/N",
        "这是对 D = σ(f) 的梯度；还要乘以 σ′ = σ(1 − σ)：−σ(−f)/N",
        lambda f: -1 / _sigmoid(f) / f.size,
    ),
    (
        "g-nonsat-grad-is-saturating",
        "generator_loss_nonsaturating_grad",
        "that is the saturating gradient −σ(f)/N; the non-saturating one is (σ(f) − 1)/N",
        "这是饱和损失的梯度 −σ(f)/N；非饱和损失的梯度是 (σ(f) − 1)/N",
        lambda f: -_sigmoid(f) / f.size,
    ),
]

MISTAKES = [Mistake(key, function, en, zh, _guarded(wrong)) for key, function, en, zh, wrong in CATALOGUE]
