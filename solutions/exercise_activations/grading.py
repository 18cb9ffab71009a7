"""Hidden tests of exercise_activations: the cases, the tolerance, and the catalogue of classic mistakes.

Every case is drawn from the run's seed (`grade --seed`), so a batch sends the same inputs to every
submission and no submission can carry the answers as constants, the stability and precision cases
included; the expected answers come from ``reference.py`` (torch.nn.functional and autograd), computed
once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.compare import difference
from grader.declare import Call, Case, CaseRun, Mistake, Tolerance, Verdict

from . import reference

TOLERANCE = Tolerance(rtol=1e-6, atol=1e-12)
# The stability cases of sigmoid, softplus and softmax also compare tiny results relatively: only values
# below the smallest normal float64 count as zero, so σ(−600) ≈ 2.65e−261 may not come back as 0.
PRECISE = Tolerance(rtol=TOLERANCE.rtol, atol=float(np.finfo(np.float64).tiny))
PRECISION_HINTS = {
    "swish": (
        "x·σ(βx) is tiny for very negative x and must keep its relative precision: compute in float64 "
        "throughout, with a stable σ",
        "x 很负时 x·σ(βx) 极小，必须保持相对精度：全程用 float64 计算，并使用稳定的 σ",
    ),
    "sigmoid": (
        "σ(x) = (1 + tanh(x/2))/2 or 1 − σ(−x) cancels to 0 for very negative x: use e/(1 + e) with "
        "e = e^(−|x|) for x < 0",
        "用 (1 + tanh(x/2))/2 或 1 − σ(−x) 计算时，x 很负会抵消为 0：x < 0 时用 e/(1 + e)，其中 e = e^(−|x|)",
    ),
    "softplus": (
        "1 + e^(−|x|) rounds to 1 once e^(−|x|) < 1.1e−16, so np.log of it gives 0: use np.log1p(np.exp(−|x|))",
        "e^(−|x|) < 1.1e−16 时 1 + e^(−|x|) 舍入为 1，再取 np.log 得 0：应使用 np.log1p(np.exp(−|x|))",
    ),
    "softmax": (
        "tiny probabilities must stay exp(x − max) / Σ: do not clip x or add an epsilon",
        "微小的概率应保持为 exp(x − max) / Σ：不要截断 x，也不要加 epsilon",
    ),
}
SEED = 20261201

# The fixed points of the special cases; cases() moves each by the seed, keeping its purpose.
EXTREME = np.array([-1000.0, -745.0, -710.0, -40.0, -1e-10, 0.0, 1e-10, 40.0, 710.0, 745.0, 1000.0])
TAIL = np.array([-740.0, -600.0, -300.0, -100.0, -50.0, -40.0, -30.0, -20.0, -5.0])
KINKS = np.array([[-2.0, -0.5, 0.0], [0.0, 0.5, 2.0]])
EXTREME_ROWS = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0], [0.0, -50.0, -700.0]])


def _extreme(rng: np.random.Generator) -> np.ndarray:
    """EXTREME moved by the seed: ±710 stays past exp's overflow (709.78), ±745 at the edge of its
    underflow (exp(−745) stays the smallest subnormal), ±1e−10 tiny and of its sign, 0 exactly 0."""
    shift = rng.uniform(-0.1, 0.1, size=EXTREME.shape)
    scale = rng.uniform(0.5, 2.0, size=EXTREME.shape)
    return np.where(np.abs(EXTREME) < 1.0, EXTREME * scale, EXTREME + shift)


def _tail(rng: np.random.Generator) -> np.ndarray:
    """TAIL moved by the seed: −740 stays short of exp's underflow to 0 (−745.13)."""
    return TAIL + rng.uniform(-0.4, 0.4, size=TAIL.shape)


def _negative(rng: np.random.Generator, n: int = 5) -> np.ndarray:
    """n values from −60 to −40 that are not float32 numbers: each lies 0.3 to 0.5 of a float32 step
    (3.8e−6 here) from the nearest one, so rounding x to float32 moves exp(1.5x) by more than 1e−6
    relative."""
    nearest = rng.uniform(-60.0, -40.0, size=n).astype(np.float32)
    step = np.spacing(np.abs(nearest)).astype(np.float64)
    return nearest.astype(np.float64) + rng.choice([-1.0, 1.0], size=n) * rng.uniform(0.3, 0.5, size=n) * step


def _kinks(rng: np.random.Generator) -> np.ndarray:
    """KINKS with its non-zero values scaled by the seed (signs kept); the zeros stay exactly 0."""
    return KINKS * rng.uniform(0.8, 1.25, size=KINKS.shape)


def _extreme_rows(rng: np.random.Generator) -> np.ndarray:
    """EXTREME_ROWS moved by the seed: ±1000 where exp overflows and underflows, a row of three
    equal values near −1000 (each exp underflows to 0), and −700 whose probability is tiny but normal."""
    rows = EXTREME_ROWS + rng.uniform(-0.5, 0.5, size=EXTREME_ROWS.shape)
    rows[1] = EXTREME_ROWS[1] + rng.uniform(-5.0, 5.0)
    return rows


def relatively_precise(run: CaseRun) -> Verdict:
    """The values, with tiny ones to relative precision (see PRECISE)."""
    verdict = values(run)
    if not verdict.passed:
        return verdict
    problem = difference(run.returned, run.expected, PRECISE, f"{run.case.function}(...)")
    if problem is None:
        return Verdict(True)
    en, zh = PRECISION_HINTS[run.case.function]
    return Verdict(False, f"{problem}: tiny results lost their relative precision\nhint: {en} / {zh}")


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


def _unchanged(function: str, args: tuple[Any, ...]) -> Case:
    return leaves_inputs(_case("leaves its input unchanged", function, args, values, 0.5))


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    moderate = rng.normal(scale=3.0, size=(4, 5))
    cube = rng.normal(scale=2.0, size=(2, 3, 4))
    square = rng.normal(scale=2.0, size=(3, 3))
    vector = rng.normal(scale=2.0, size=5)
    wide = rng.normal(scale=2.0, size=(2, 5))
    upstream = {name: rng.normal(size=a.shape) for name, a in (("vector", vector), ("square", square))}
    g_cube, g_rows = rng.normal(size=cube.shape), rng.normal(size=EXTREME_ROWS.shape)
    scalar = np.array(rng.uniform(0.3, 1.5))
    large, small, kinks = _extreme(rng), _tail(rng), _kinks(rng)
    negative, rows = _negative(rng), _extreme_rows(rng)
    extreme = "x from −1000 to 1000 (stability)"
    tail = "x from −740 to −5 (tiny results, relative precision)"
    return [
        _case("a (4, 5) array", "sigmoid", (moderate,)),
        _case("a 0-d array", "sigmoid", (scalar,)),
        _case(extreme, "sigmoid", (large,), relatively_precise),
        _case(tail, "sigmoid", (small,), relatively_precise),
        _case("a (2, 3, 4) array", "sigmoid_grad", (cube,)),
        _case(extreme, "sigmoid_grad", (large,)),
        _case("a (4, 5) array", "tanh", (moderate,)),
        _case(extreme, "tanh", (large,)),
        _case("a (2, 3, 4) array", "tanh_grad", (cube,)),
        _case(extreme, "tanh_grad", (large,)),
        _case("with exact zeros", "relu", (kinks,)),
        _case("a (4, 5) array", "relu", (moderate,)),
        _unchanged("relu", (moderate,)),
        _case("with exact zeros (the derivative at the kink)", "relu_grad", (kinks,)),
        _case("a 0-d zero (the derivative at the kink)", "relu_grad", (np.array(0.0),)),
        _case(extreme, "relu_grad", (large,)),
        _case("with exact zeros, slope 0.2", "leaky_relu", (kinks, 0.2)),
        _case("a (4, 5) array, slope 0.05", "leaky_relu", (moderate, 0.05)),
        _unchanged("leaky_relu", (cube, 0.3)),
        _case("with exact zeros, slope 0.1 (the derivative at the kink)", "leaky_relu_grad", (kinks, 0.1)),
        _case(f"{extreme}, slope 0.3", "leaky_relu_grad", (large, 0.3)),
        _case("a (4, 5) array, alpha 1.5", "elu", (moderate, 1.5)),
        _case(f"{extreme}, alpha 0.7", "elu", (large, 0.7)),
        _unchanged("elu", (cube, 1.0)),
        _case("with exact zeros, alpha 0.5 (the derivative at the kink)", "elu_grad", (kinks, 0.5)),
        _case("a (4, 5) array, alpha 2", "elu_grad", (moderate, 2.0)),
        _case(f"{extreme}, alpha 1.3", "elu_grad", (large, 1.3)),
        _case("a (4, 5) array", "softplus", (moderate,)),
        _case("a 0-d array", "softplus", (scalar,)),
        _case(extreme, "softplus", (large,), relatively_precise),
        _case(tail, "softplus", (small,), relatively_precise),
        _case("a (4, 5) array", "softplus_grad", (moderate,)),
        _case(extreme, "softplus_grad", (large,)),
        _case("a (4, 5) array, beta 1.7", "swish", (moderate, 1.7)),
        _case("with exact zeros, beta 0.5", "swish", (kinks, 0.5)),
        _case(f"{extreme}, beta 1", "swish", (large, 1.0)),
        _case(
            "x from −60 to −40, beta 1.5 (tiny results, relative precision)",
            "swish",
            (negative, 1.5),
            relatively_precise,
        ),
        _case("a (4, 5) array, beta 1.7", "swish_grad", (moderate, 1.7)),
        _case("a (2, 3, 4) array, beta 1", "swish_grad", (cube, 1.0)),
        _case(f"{extreme}, beta 2", "swish_grad", (large, 2.0)),
        _case("a (3, 3) matrix, axis 0 (columns)", "softmax", (square, 0)),
        _case("a vector of 5, axis 0", "softmax", (vector, 0)),
        _case("a (2, 3, 4) array, axis 1", "softmax", (cube, 1)),
        _case("a (2, 5) matrix, axis -1", "softmax", (wide, -1)),
        _case("rows with ±1000 (stability)", "softmax", (rows, 1), relatively_precise),
        _unchanged("softmax", (square, -1)),
        _case("a vector of 5, axis 0", "softmax_grad", (vector, upstream["vector"], 0)),
        _case("a (3, 3) matrix, axis 0 (columns)", "softmax_grad", (square, upstream["square"], 0)),
        _case("a (2, 3, 4) array, axis -1", "softmax_grad", (cube, g_cube, -1)),
        _case("rows with ±1000 (stability)", "softmax_grad", (rows, g_rows, 1)),
        _unchanged("softmax_grad", (square, upstream["square"], 1)),
    ]


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _sigmoid(x: Any) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(x: Any, axis: int | None) -> np.ndarray:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(x: Any, g: Any, axis: int | None, sign: float = 1.0) -> np.ndarray:
    s = _softmax(x, axis)
    return sign * s * (g - np.sum(g * s, axis=axis, keepdims=True))


def _guarded(f: Callable[..., Any]) -> Callable[..., Any]:
    """The wrong answer, or None where the mistake cannot be made here: a shape error, or an overflow
    (a submission cannot return inf or nan without the warning that already fails the test)."""

    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                answer = np.asarray(f(*args), dtype=np.float64)
            except (ValueError, IndexError):
                return None
        return answer if np.isfinite(answer).all() else None

    return wrong


# (id, function, English hint, Chinese hint, the wrong answer)
CATALOGUE: list[tuple[str, str, str, str, Callable[..., Any]]] = [
    (
        "sigmoid-grad-of-input",
        "sigmoid_grad",
        "σ′(x) = σ(x)(1 − σ(x)) is applied to σ(x), not to x itself",
        "σ′(x) = σ(x)(1 − σ(x)) 中代入的是 σ(x)，不是 x 本身",
        lambda x: x * (1 - x),
    ),
    (
        "tanh-from-sigmoid-missing-2",
        "tanh",
        "tanh(x) = 2σ(2x) − 1: the sigmoid takes 2x, not x",
        "tanh(x) = 2σ(2x) − 1：sigmoid 的自变量是 2x，不是 x",
        lambda x: 2 * _sigmoid(x) - 1,
    ),
    (
        "tanh-grad-of-input",
        "tanh_grad",
        "tanh′(x) = 1 − tanh²(x): square tanh(x), not x",
        "tanh′(x) = 1 − tanh²(x)：平方的是 tanh(x)，不是 x",
        lambda x: 1 - x**2,
    ),
    (
        "tanh-grad-not-squared",
        "tanh_grad",
        "tanh′(x) = 1 − tanh²(x): the tanh is squared",
        "tanh′(x) = 1 − tanh²(x)：tanh 需要平方",
        lambda x: 1 - np.tanh(x),
    ),
    (
        "relu-grad-one-at-zero",
        "relu_grad",
        "at x = 0 the derivative is 0 (PyTorch's convention): use x > 0, not x >= 0",
        "x = 0 处导数取 0（PyTorch 的约定）：条件应为 x > 0，而不是 x >= 0",
        lambda x: np.where(x >= 0, 1.0, 0.0),
    ),
    (
        "leaky-relu-ignores-slope",
        "leaky_relu",
        "the slope for x ≤ 0 is the argument slope, not a fixed 0.01",
        "x ≤ 0 一侧的斜率应使用参数 slope，而不是固定的 0.01",
        lambda x, a: np.where(x > 0, x, 0.01 * x),
    ),
    (
        "leaky-relu-grad-one-at-zero",
        "leaky_relu_grad",
        "at x = 0 the derivative is the slope (PyTorch's convention): use x > 0, not x >= 0",
        "x = 0 处导数取 slope（PyTorch 的约定）：条件应为 x > 0，而不是 x >= 0",
        lambda x, a: np.where(x >= 0, 1.0, a),
    ),
    (
        "leaky-relu-grad-ignores-slope",
        "leaky_relu_grad",
        "the derivative for x ≤ 0 is the argument slope, not a fixed 0.01",
        "x ≤ 0 一侧的导数应为参数 slope，而不是固定的 0.01",
        lambda x, a: np.where(x > 0, 1.0, 0.01),
    ),
    (
        "leaky-relu-grad-zero-for-negative",
        "leaky_relu_grad",
        "that is ReLU's derivative: leaky ReLU's is the slope, not 0, for x ≤ 0",
        "这是 ReLU 的导数：leaky ReLU 在 x ≤ 0 时导数为 slope，不是 0",
        lambda x, a: np.where(x > 0, 1.0, 0.0),
    ),
    (
        "elu-ignores-alpha",
        "elu",
        "ELU is α(eˣ − 1) for x ≤ 0, with the given alpha, not α = 1",
        "ELU 在 x ≤ 0 时为 α(eˣ − 1)，α 应使用传入的 alpha，而不是 1",
        lambda x, a: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    ),
    (
        "elu-missing-minus-one",
        "elu",
        "ELU is α(eˣ − 1) for x ≤ 0: the − 1 makes it continuous at 0",
        "ELU 在 x ≤ 0 时为 α(eˣ − 1)：减 1 才能在 0 处连续",
        lambda x, a: np.where(x > 0, x, a * np.exp(np.minimum(x, 0))),
    ),
    (
        "elu-grad-one-at-zero",
        "elu_grad",
        "at x = 0 the derivative is α (PyTorch takes the x ≤ 0 branch): use x > 0, not x >= 0",
        "x = 0 处导数取 α（PyTorch 使用 x ≤ 0 的分支）：条件应为 x > 0，而不是 x >= 0",
        lambda x, a: np.where(x >= 0, 1.0, a * np.exp(np.minimum(x, 0))),
    ),
    (
        "elu-grad-missing-alpha",
        "elu_grad",
        "the derivative of α(eˣ − 1) is α·eˣ: the alpha is missing",
        "α(eˣ − 1) 的导数是 α·eˣ：漏掉了 alpha",
        lambda x, a: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0))),
    ),
    (
        "softplus-grad-sign",
        "softplus_grad",
        "softplus′(x) = σ(x) = eˣ / (1 + eˣ), not σ(−x)",
        "softplus′(x) = σ(x) = eˣ / (1 + eˣ)，而不是 σ(−x)",
        lambda x: _sigmoid(-x),
    ),
    (
        "softplus-grad-is-exp",
        "softplus_grad",
        "the chain rule through log(1 + eˣ) divides eˣ by 1 + eˣ: the derivative is σ(x)",
        "对 log(1 + eˣ) 用链式法则时 eˣ 要除以 1 + eˣ：导数是 σ(x)",
        lambda x: np.exp(x),
    ),
    (
        "swish-ignores-beta",
        "swish",
        "Swish is x·σ(βx) with the given beta, not x·σ(x)",
        "Swish 为 x·σ(βx)，β 应使用传入的 beta，而不是 x·σ(x)",
        lambda x, b: x * _sigmoid(x),
    ),
    (
        "swish-grad-missing-beta",
        "swish_grad",
        "the chain rule through σ(βx) brings a factor β: σ(βx) + βx·σ(βx)(1 − σ(βx))",
        "对 σ(βx) 用链式法则会多出因子 β：σ(βx) + βx·σ(βx)(1 − σ(βx))",
        lambda x, b: _sigmoid(b * x) + x * _sigmoid(b * x) * (1 - _sigmoid(b * x)),
    ),
    (
        "swish-grad-only-sigmoid",
        "swish_grad",
        "x·σ(βx) is a product: its derivative is σ(βx) + βx·σ(βx)(1 − σ(βx)), not σ(βx) alone",
        "x·σ(βx) 是乘积，导数为 σ(βx) + βx·σ(βx)(1 − σ(βx))，不只是 σ(βx)",
        lambda x, b: _sigmoid(b * x),
    ),
    (
        "swish-grad-ignores-beta",
        "swish_grad",
        "the derivative uses the given beta: σ(βx) + βx·σ(βx)(1 − σ(βx))",
        "导数应使用传入的 beta：σ(βx) + βx·σ(βx)(1 − σ(βx))",
        lambda x, b: _sigmoid(x) + x * _sigmoid(x) * (1 - _sigmoid(x)),
    ),
    (
        "softmax-ignores-axis",
        "softmax",
        "normalise along the given axis (here not the last one): np.max/np.sum(..., axis=axis, keepdims=True)",
        "应沿给定的 axis（此处不是最后一维）归一化：np.max/np.sum(..., axis=axis, keepdims=True)",
        lambda x, axis: _softmax(x, -1),
    ),
    (
        "softmax-over-all-elements",
        "softmax",
        "the sum runs along the given axis only, not over every element of the array",
        "求和只沿给定的 axis 进行，而不是对整个数组的所有元素",
        lambda x, axis: _softmax(x, None),
    ),
    (
        "softmax-grad-diagonal-only",
        "softmax_grad",
        "the Jacobian of softmax is diag(s) − s sᵀ, not just its diagonal s(1 − s): Jᵀg = s ⊙ (g − Σ g ⊙ s)",
        "softmax 的雅可比矩阵是 diag(s) − s sᵀ，不只是对角线 s(1 − s)：Jᵀg = s ⊙ (g − Σ g ⊙ s)",
        lambda x, g, axis: _softmax(x, axis) * (1 - _softmax(x, axis)) * g,
    ),
    (
        "softmax-grad-ignores-axis",
        "softmax_grad",
        "softmax and the sum Σ g ⊙ s both run along the given axis (here not the last one)",
        "softmax 与求和 Σ g ⊙ s 都应沿给定的 axis 进行（此处不是最后一维）",
        lambda x, g, axis: _softmax_vjp(x, g, -1),
    ),
    (
        "softmax-grad-sign",
        "softmax_grad",
        "the sign is reversed: Jᵀg = s ⊙ (g − Σ g ⊙ s)",
        "符号反了：Jᵀg = s ⊙ (g − Σ g ⊙ s)",
        lambda x, g, axis: _softmax_vjp(x, g, axis, sign=-1.0),
    ),
    (
        "softmax-grad-sum-over-all-elements",
        "softmax_grad",
        "Σ g ⊙ s runs along the given axis with keepdims=True, not over every element",
        "Σ g ⊙ s 应沿给定 axis 求和（keepdims=True），而不是对所有元素求和",
        lambda x, g, axis: _softmax(x, axis) * (g - np.sum(g * _softmax(x, axis))),
    ),
]

MISTAKES = [Mistake(key, function, en, zh, _guarded(wrong)) for key, function, en, zh, wrong in CATALOGUE]
