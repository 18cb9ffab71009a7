"""Hidden tests of exercise_optim: the cases, the tolerance, and the catalogue of classic mistakes.

Each function takes one optimizer step, ``(w, grad, state, *hyper) -> (new_w, new_state)``. The cases
take the first step from ``None`` and from ``{}``, steps from a given state (early and late, where the
step count matters), three consecutive steps of one trajectory, torch's default and unusual
hyper-parameters, zero and extreme gradients, and check that no input (nor any array inside ``state``)
is modified. Every input is drawn from the run's seed (`grade --seed`), the extreme gradients included,
so a batch sends the same inputs to every submission and none can carry the answers as constants; the
answers come from ``reference.py`` (torch.optim's functional API).

A call's arguments are fixed before the sandbox starts, so a student's returned state cannot be fed to
their next call: in a trajectory each step starts from the reference's state after the previous step,
and every step's ``(new_w, new_state)`` is compared with the reference's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.compare import difference
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

TOLERANCE = Tolerance(rtol=1e-8, atol=1e-12)
SEED = 20261201

# Hyper-parameters in each function's argument order after (w, grad, state): torch.optim's defaults
# (with a momentum of 0.9 and an SGD learning rate of 0.1, as commonly used), and unusual values that make
# the classic mistakes visible (a large eps, alpha and betas far from 1).
DEFAULT: dict[str, tuple[float, ...]] = {
    "sgd_momentum_step": (0.1, 0.9),
    "nesterov_step": (0.1, 0.9),
    "adagrad_step": (0.01, 1e-10),
    "rmsprop_step": (0.01, 0.99, 1e-8),
    "adam_step": (1e-3, 0.9, 0.999, 1e-8),
}
UNUSUAL: dict[str, tuple[float, ...]] = {
    "sgd_momentum_step": (0.05, 0.5),
    "nesterov_step": (0.3, 0.7),
    "adagrad_step": (0.5, 0.3),
    "rmsprop_step": (0.1, 0.5, 0.2),
    "adam_step": (0.1, 0.5, 0.8, 0.05),
}
ARG_NAMES = ("w", "grad", "state")


def _given_state(
    function: str, rng: np.random.Generator, shape: tuple[int, ...], step: int
) -> dict[str, Any]:
    """A valid state as torch.optim would hold it after ``step`` steps (averages of squares are ≥ 0)."""
    if function in ("sgd_momentum_step", "nesterov_step"):
        return {"momentum_buffer": rng.normal(size=shape)}
    if function == "adagrad_step":
        return {"step": step, "sum": rng.uniform(0.0, 4.0, size=shape)}
    if function == "rmsprop_step":
        return {"step": step, "square_avg": rng.uniform(0.0, 2.0, size=shape)}
    return {
        "step": step,
        "exp_avg": rng.normal(scale=0.3, size=shape),
        "exp_avg_sq": rng.uniform(0.0, 0.5, size=shape),
    }


def every_step(run: CaseRun) -> Verdict:
    """Each call is the next step of one trajectory; each must return the reference's (new_w, new_state).

    The hint is looked for on the last step (the one the catalogue's answers are computed for), and only
    when that step is wrong too.
    """
    steps = len(run.case.calls)
    for k, (result, want) in enumerate(zip(run.results, run.expected, strict=True)):
        problem = difference(result.returned, want, run.tolerance, f"{run.case.function}(...)")
        if problem:
            last_wrong = difference(run.returned, run.expected[-1], run.tolerance) is not None
            return Verdict(
                False,
                f"step {k + 1} of {steps} (each step starts from the right state after the one before): {problem}",
                run.returned if last_wrong else None,
            )
    return Verdict(True)


def _expected(function: str, args: tuple[Any, ...]) -> Callable[[str], Any]:
    return lambda device: getattr(reference, function)(*args, device)


def _case(
    name: str,
    function: str,
    args: tuple[Any, ...],
    check: Callable[[CaseRun], Verdict] = values,
    weight: float = 1.0,
) -> Case:
    return Case(
        f"{function}: {name}", function, (Call(function, args),), check, _expected(function, args), weight
    )


def _trajectory(
    name: str, function: str, w: np.ndarray, grads: list[np.ndarray], hyper: tuple[float, ...]
) -> Case:
    """Consecutive steps from state None; step k + 1 starts from the reference's (w, state) after step k."""
    calls, state = [], None
    step = getattr(reference, function)
    for grad in grads:
        calls.append(Call(function, (w, grad, state, *hyper)))
        w, state = step(w, grad, state, *hyper, "cpu")
    return Case(
        f"{function}: {name}",
        function,
        tuple(calls),
        every_step,
        lambda device, c=tuple(calls): tuple(step(*call.args, device) for call in c),
        2.0,
    )


def _function_cases(function: str, rng: np.random.Generator) -> list[Case]:
    default, unusual = DEFAULT[function], UNUSUAL[function]
    grad = rng.normal(size=5)
    grad[[1, 3]] = 0.0
    return [
        _case(
            "first step (state None), shape (5,), two zero gradients, torch's default hyper-parameters",
            function,
            (rng.normal(size=5), grad, None, *default),
        ),
        _case(
            "first step (state {}), shape (3, 4), unusual hyper-parameters",
            function,
            (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), {}, *unusual),
        ),
        _case(
            "step 8 from a given state, shape (2, 3, 2), torch's default hyper-parameters",
            function,
            (
                rng.normal(size=(2, 3, 2)),
                rng.normal(size=(2, 3, 2)),
                _given_state(function, rng, (2, 3, 2), 7),
                *default,
            ),
        ),
        _case(
            "step 50 from a given state, shape (1,), unusual hyper-parameters",
            function,
            (rng.normal(size=1), rng.normal(size=1), _given_state(function, rng, (1,), 49), *unusual),
        ),
        _trajectory(
            "three consecutive steps from state None, shape (4, 4), unusual hyper-parameters",
            function,
            rng.normal(size=(4, 4)),
            [rng.normal(size=(4, 4)) for _ in range(3)],
            unusual,
        ),
        leaves_inputs(
            _case(
                "leaves w, grad and state (and the arrays in it) unchanged",
                function,
                (rng.normal(size=3), rng.normal(size=3), _given_state(function, rng, (3,), 3), *default),
                values,
                0.5,
            )
        ),
    ]


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    out: list[Case] = []
    for function in DEFAULT:
        out += _function_cases(function, rng)

    state = _given_state("adagrad_step", rng, (6,), 4)
    state["sum"][[0, 4]] = 0.0
    grad = rng.normal(size=6)
    grad[[0, 4]] = 0.0
    out.append(
        _case(
            "step 5 where some coordinates never had a gradient (sum 0, gradient 0)",
            "adagrad_step",
            (rng.normal(size=6), grad, state, *DEFAULT["adagrad_step"]),
        )
    )
    out.append(
        _case(
            "first step with gradients from 1e-7 to 1e+100 in one array",
            "adam_step",
            (
                rng.normal(size=6),
                # each magnitude moved by the seed by a few per cent
                np.array([1e-7, -3e-5, 0.02, -4.0, 7e30, -1e100]) * rng.uniform(0.97, 1.03, size=6),
                None,
                *DEFAULT["adam_step"],
            ),
        )
    )
    state = _given_state("adam_step", rng, (2, 3), 4)
    state["exp_avg"] *= 1e-6
    state["exp_avg_sq"] *= 1e-12
    out.append(
        _case(
            "step 5 with gradients of about 1e-6, where eps = 1e-8 is not negligible",
            "adam_step",
            (rng.normal(size=(2, 3)), rng.normal(scale=1e-6, size=(2, 3)), state, *DEFAULT["adam_step"]),
        )
    )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _old(state: Any, key: str, like: np.ndarray) -> np.ndarray:
    return np.asarray(state[key], dtype=np.float64) if state else np.zeros_like(like, dtype=np.float64)


def _steps_taken(state: Any) -> int:
    return int(state["step"]) if state else 0


def _momentum(nesterov: bool, form: str) -> Callable[..., Any]:
    """SGD with momentum or Nesterov, written the way a ``form`` of mistake writes it."""

    def wrong(w: np.ndarray, grad: np.ndarray, state: Any, lr: float, mu: float) -> Any:
        old = state["momentum_buffer"] if state else None
        if form == "velocity":  # v = μ v − lr g, w = w + v (Nesterov: w + μ v − lr g); v stored
            v = -lr * grad if old is None else mu * old - lr * grad
            return w + (mu * v - lr * grad if nesterov else v), {"momentum_buffer": v}
        if form == "lr-in-buffer":  # b = μ b + lr g, w = w − b
            b = lr * grad if old is None else mu * old + lr * grad
            return w - (lr * grad + mu * b if nesterov else b), {"momentum_buffer": b}
        if form == "ema":  # b = μ b + (1 − μ) g from b = 0
            b = (1 - mu) * grad if old is None else mu * old + (1 - mu) * grad
        else:
            b = grad if old is None else mu * old + grad
        update = {"plain": b, "no-momentum": grad}.get(form, grad + mu * b if nesterov else b)
        return w - lr * update, {"momentum_buffer": update if form == "stores-update" else b}

    return wrong


def _adagrad(
    *, eps_inside: bool = False, old_sum: bool = False, no_sqrt: bool = False, count: bool = True
) -> Callable[..., Any]:
    def wrong(w: np.ndarray, grad: np.ndarray, state: Any, lr: float, eps: float) -> Any:
        old = _old(state, "sum", w)
        total = old + grad * grad
        seen = old if old_sum else total
        root = seen if no_sqrt else np.sqrt(seen)
        denom = np.sqrt(seen + eps) if eps_inside else root + eps
        return w - lr * grad / denom, {"step": _steps_taken(state) + int(count), "sum": total}

    return wrong


def _rmsprop(
    *,
    eps_inside: bool = False,
    swapped: bool = False,
    corrected: bool = False,
    starts_at_g2: bool = False,
    old_avg: bool = False,
    count: bool = True,
) -> Callable[..., Any]:
    def wrong(w: np.ndarray, grad: np.ndarray, state: Any, lr: float, alpha: float, eps: float) -> Any:
        old = _old(state, "square_avg", w)
        keep = 1 - alpha if swapped else alpha
        avg = grad * grad if starts_at_g2 and not state else keep * old + (1 - keep) * grad * grad
        t = _steps_taken(state) + 1
        seen = (old if old_avg else avg) / (1 - alpha**t if corrected else 1.0)
        denom = np.sqrt(seen + eps) if eps_inside else np.sqrt(seen) + eps
        return w - lr * grad / denom, {"step": t if count else t - 1, "square_avg": avg}

    return wrong


def _adam(
    *,
    corrected: bool = True,
    eps: str = "torch",
    swapped: bool = False,
    stores_corrected: bool = False,
    t_offset: int = 0,
    ema: bool = True,
    count: bool = True,
) -> Callable[..., Any]:
    def wrong(w: np.ndarray, grad: np.ndarray, state: Any, lr: float, b1: float, b2: float, e: float) -> Any:
        if swapped:
            b1, b2 = b2, b1
        t = _steps_taken(state) + 1
        m = b1 * _old(state, "exp_avg", w) + (1 - b1 if ema else 1.0) * grad
        v = b2 * _old(state, "exp_avg_sq", w) + (1 - b2 if ema else 1.0) * grad * grad
        c1, c2 = (1 - b1 ** (t + t_offset), 1 - b2 ** (t + t_offset)) if corrected else (1.0, 1.0)
        m_hat, v_hat = m / c1, v / c2
        if eps == "inside":
            new_w = w - lr * m_hat / np.sqrt(v_hat + e)
        elif eps == "hat":  # the Adam paper's "efficient" form: eps added before the bias correction
            new_w = w - lr * np.sqrt(c2) / c1 * m / (np.sqrt(v) + e)
        else:
            new_w = w - lr * m_hat / (np.sqrt(v_hat) + e)
        kept = (m_hat, v_hat) if stores_corrected else (m, v)
        return new_w, {"step": t if count else t - 1, "exp_avg": kept[0], "exp_avg_sq": kept[1]}

    return wrong


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args)
            except (ValueError, IndexError, KeyError, TypeError):
                return None  # this mistake cannot even be made with these arguments

    return wrong


VELOCITY = (
    "the state holds torch's momentum buffer b = μ·b + g (no learning rate, plus sign), not the velocity "
    "v = μ·v − lr·g of the notes",
    "状态中应保存 torch 的动量缓冲 b = μ·b + g（不含学习率、符号为正），而不是笔记中的速度 v = μ·v − lr·g",
)
LR_IN_BUFFER = (
    "the learning rate is not part of the momentum buffer: b = μ·b + g, then w − lr·b",
    "学习率不应乘进动量缓冲：b = μ·b + g，然后 w − lr·b",
)
EMA = (
    "torch's momentum buffer is b = μ·b + g (dampening 0), not an average μ·b + (1 − μ)·g",
    "torch 的动量缓冲是 b = μ·b + g（dampening 为 0），而不是滑动平均 μ·b + (1 − μ)·g",
)
STEP_NOT_COUNTED = (
    "the state's step must count the steps taken, this one included (1 after the first step)",
    "状态中的 step 应为已执行的步数（包括本步，第一步之后为 1）",
)
MISTAKE_TABLE: list[tuple[str, str, tuple[str, str], Callable[..., Any]]] = [
    ("momentum-velocity-form", "sgd_momentum_step", VELOCITY, _momentum(False, "velocity")),
    ("momentum-lr-in-buffer", "sgd_momentum_step", LR_IN_BUFFER, _momentum(False, "lr-in-buffer")),
    ("momentum-ema", "sgd_momentum_step", EMA, _momentum(False, "ema")),
    (
        "momentum-not-used-in-step",
        "sgd_momentum_step",
        (
            "the step must follow the momentum buffer: w − lr·b, not w − lr·g",
            "更新应沿动量缓冲方向：w − lr·b，而不是 w − lr·g",
        ),
        _momentum(False, "no-momentum"),
    ),
    ("momentum-velocity-form", "nesterov_step", VELOCITY, _momentum(True, "velocity")),
    ("momentum-lr-in-buffer", "nesterov_step", LR_IN_BUFFER, _momentum(True, "lr-in-buffer")),
    ("momentum-ema", "nesterov_step", EMA, _momentum(True, "ema")),
    (
        "nesterov-is-plain-momentum",
        "nesterov_step",
        (
            "this is plain momentum: Nesterov steps along g + μ·b (with the new b), not along b",
            "这是普通动量：Nesterov 沿 g + μ·b（b 为更新后的缓冲）更新，而不是沿 b",
        ),
        _momentum(True, "plain"),
    ),
    (
        # g + μ·b_old equals μ·b_old + g = b_new: the same numbers as plain momentum on every step, so
        # the hint names both (the grader cannot tell them apart, and neither should it pretend to).
        "nesterov-old-buffer",
        "nesterov_step",
        (
            "the look-ahead uses the old buffer: Nesterov steps along g + μ·b with the updated b = μ·b_old + g",
            "前瞻项用了旧的缓冲：Nesterov 应沿 g + μ·b 更新，其中 b 是更新后的 μ·b_old + g",
        ),
        _momentum(True, "plain"),
    ),
    (
        "nesterov-stores-update",
        "nesterov_step",
        (
            "the state keeps the buffer b = μ·b + g, not the step direction g + μ·b",
            "状态中应保存缓冲 b = μ·b + g，而不是更新方向 g + μ·b",
        ),
        _momentum(True, "stores-update"),
    ),
    (
        "adagrad-eps-inside-sqrt",
        "adagrad_step",
        (
            "torch adds eps outside the square root: g / (√s + ε), not g / √(s + ε)",
            "torch 把 ε 加在平方根外：g / (√s + ε)，而不是 g / √(s + ε)",
        ),
        _adagrad(eps_inside=True),
    ),
    (
        "adagrad-old-sum",
        "adagrad_step",
        (
            "add g² to the sum first, then divide by its root (the step uses the new sum)",
            "先把 g² 累加进 sum，再除以其平方根（本步使用更新后的 sum）",
        ),
        _adagrad(old_sum=True),
    ),
    (
        "adagrad-missing-sqrt",
        "adagrad_step",
        ("divide by the square root of the sum: g / (√s + ε)", "应除以累加和的平方根：g / (√s + ε)"),
        _adagrad(no_sqrt=True),
    ),
    ("step-not-counted", "adagrad_step", STEP_NOT_COUNTED, _adagrad(count=False)),
    (
        "rmsprop-eps-inside-sqrt",
        "rmsprop_step",
        (
            "torch adds eps outside the square root: g / (√v + ε), not g / √(v + ε)",
            "torch 把 ε 加在平方根外：g / (√v + ε)，而不是 g / √(v + ε)",
        ),
        _rmsprop(eps_inside=True),
    ),
    (
        "rmsprop-alpha-swapped",
        "rmsprop_step",
        (
            "alpha weighs the old average: v = α·v + (1 − α)·g², not (1 − α)·v + α·g²",
            "alpha 是旧平均的权重：v = α·v + (1 − α)·g²，而不是 (1 − α)·v + α·g²",
        ),
        _rmsprop(swapped=True),
    ),
    (
        "rmsprop-bias-correction",
        "rmsprop_step",
        (
            "torch's RMSprop has no bias correction (that is Adam): divide g by √v + ε with v itself",
            "torch 的 RMSprop 没有偏差修正（那是 Adam 的做法）：直接用 v 计算 √v + ε",
        ),
        _rmsprop(corrected=True),
    ),
    (
        "rmsprop-starts-at-g2",
        "rmsprop_step",
        (
            "the average starts at 0, so after the first step v = (1 − α)·g², not g²",
            "平均值从 0 开始，第一步之后 v = (1 − α)·g²，而不是 g²",
        ),
        _rmsprop(starts_at_g2=True),
    ),
    (
        "rmsprop-old-average",
        "rmsprop_step",
        (
            "update the average with g² first, then divide by its root (the step uses the new v)",
            "先用 g² 更新平均值，再除以其平方根（本步使用更新后的 v）",
        ),
        _rmsprop(old_avg=True),
    ),
    ("step-not-counted", "rmsprop_step", STEP_NOT_COUNTED, _rmsprop(count=False)),
    (
        "adam-no-bias-correction",
        "adam_step",
        (
            "Adam divides m by 1 − β₁ᵗ and v by 1 − β₂ᵗ (bias correction) before the step",
            "Adam 在更新前要把 m 除以 1 − β₁ᵗ、把 v 除以 1 − β₂ᵗ（偏差修正）",
        ),
        _adam(corrected=False),
    ),
    (
        "adam-eps-inside-sqrt",
        "adam_step",
        (
            "eps goes outside the square root: m̂ / (√v̂ + ε), not m̂ / √(v̂ + ε)",
            "ε 应加在平方根外：m̂ / (√v̂ + ε)，而不是 m̂ / √(v̂ + ε)",
        ),
        _adam(eps="inside"),
    ),
    (
        "adam-eps-before-correction",
        "adam_step",
        (
            "torch adds eps after the bias correction, √v̂ + ε, not to √v before it (the paper's ε̂ form)",
            "torch 在偏差修正之后加 ε（√v̂ + ε），而不是在修正前加到 √v 上（论文中的 ε̂ 写法）",
        ),
        _adam(eps="hat"),
    ),
    (
        "adam-betas-swapped",
        "adam_step",
        (
            "beta1 belongs to the mean of g (m) and beta2 to the mean of g² (v)",
            "beta1 用于梯度均值 m，beta2 用于梯度平方均值 v",
        ),
        _adam(swapped=True),
    ),
    (
        "adam-stores-corrected-moments",
        "adam_step",
        (
            "keep the uncorrected m and v in the state; m̂ and v̂ are only used for this step",
            "状态中保存未修正的 m 和 v；m̂、v̂ 只用于本步更新",
        ),
        _adam(stores_corrected=True),
    ),
    (
        "adam-step-off-by-one",
        "adam_step",
        (
            "the bias correction uses t = the number of this step (1 on the first step), counted once",
            "偏差修正中的 t 是本步的序号（第一步为 1），只加一次",
        ),
        _adam(t_offset=1),
    ),
    (
        "adam-missing-one-minus-beta",
        "adam_step",
        (
            "the moments are averages: m = β₁·m + (1 − β₁)·g and v = β₂·v + (1 − β₂)·g²",
            "一阶、二阶矩是滑动平均：m = β₁·m + (1 − β₁)·g，v = β₂·v + (1 − β₂)·g²",
        ),
        _adam(ema=False),
    ),
    ("step-not-counted", "adam_step", STEP_NOT_COUNTED, _adam(count=False)),
]
MISTAKES = [Mistake(key, function, en, zh, _guarded(f)) for key, function, (en, zh), f in MISTAKE_TABLE]
