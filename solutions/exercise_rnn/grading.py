"""Hidden tests of exercise_rnn: the cases, the tolerance, and the catalogue of classic mistakes.

The cases vary the batch (N = 1 included), make the input and hidden sizes equal (so that per-gate blocks
of W_ih are square too and a transposed block keeps its shape), start from a nonzero state, and push some
pre-activations to ±800, where only a stable sigmoid survives (warnings are errors in the sandbox). Every
input is drawn from the run's seed (`grade --seed`), the extreme and saturated cases included, so a batch
sends the same inputs to every submission and none can carry the answers as constants; the answers come
from ``reference.py`` (torch's LSTM and GRU kernels).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.checks import leaves_inputs, values
from grader.declare import Call, Case, Mistake, Tolerance

from . import reference

TOLERANCE = Tolerance(rtol=1e-8, atol=1e-12)
SEED = 20261202

# (label, N, I, H): several of each; a batch of one; I = H.
SHAPES = (
    ("N=3, I=4, H=5", 3, 4, 5),
    ("N=1 (a batch of one), I=2, H=3", 1, 2, 3),
    ("N=4, I=H=3 (square gate blocks)", 4, 3, 3),
)
# (label, T, N, I, H) for the unrolled LSTM.
SEQUENCES = (
    ("T=5, N=2, I=3, H=4", 5, 2, 3, 4),
    ("T=1, N=1, I=2, H=2", 1, 1, 2, 2),
    ("T=4, N=3, I=H=3", 4, 3, 3, 3),
)


EXTREME_X = np.array([[3.0, -2.5, 1.0], [-3.0, 2.0, -1.5], [0.5, 0.25, -0.5]])


def _weights(
    rng: np.random.Generator, gates: int, n_in: int, hidden: int, scale: float = 0.6
) -> dict[str, Any]:
    return {
        "W_ih": rng.normal(scale=scale, size=(gates * hidden, n_in)),
        "W_hh": rng.normal(scale=scale, size=(gates * hidden, hidden)),
        "b_ih": rng.normal(scale=0.5, size=gates * hidden),
        "b_hh": rng.normal(scale=0.5, size=gates * hidden),
    }


def _extreme_weights(
    rng: np.random.Generator, gates: int, n_in: int, hidden: int, x: np.ndarray = EXTREME_X
) -> dict[str, Any]:
    """The rows of every gate's first and last units scaled by 300: with inputs of a few units their
    pre-activations reach several hundreds (beyond ±710 for some), while the middle units stay moderate,
    so that a saturated answer is not right everywhere."""
    rows = np.ones(gates * hidden)
    rows[0::hidden] = rows[hidden - 1 :: hidden] = 300.0
    while True:  # redrawn until every gate really passes ±750 (the inputs are drawn afresh for each run)
        weights = _weights(rng, gates, n_in, hidden)
        weights["W_ih"] = weights["W_ih"] * rows[:, None]
        weights["W_hh"] = weights["W_hh"] * rows[:, None]
        reach = np.abs(x @ weights["W_ih"].T).max(axis=0).reshape(gates, hidden).max(axis=1)
        if (reach > 750).all():
            return weights


def _state(rng: np.random.Generator, n: int, hidden: int) -> tuple[np.ndarray, np.ndarray]:
    return np.tanh(rng.normal(size=(n, hidden))), rng.normal(scale=2.0, size=(n, hidden))


def _case(
    name: str,
    function: str,
    args: tuple[Any, ...],
    check: Callable[..., Any] = values,
    weight: float = 1.0,
) -> Case:
    def expected(device: str) -> Any:
        return getattr(reference, function)(*args, device)

    return Case(f"{function}: {name}", function, (Call(function, args),), check, expected, weight)


def _saturated_update_gate(seed: int) -> Case:
    """The update gate's pre-activations are 10, 15, 20 and 25 and h is tiny, so h' ≈ (1 − z)·n is
    as small as 1 − σ(25) ≈ 1.4e−11: a sigmoid that rounds a saturated gate to exactly 1 (a clip, a
    threshold) is off by far more than the tolerance, which a large h' would hide."""
    rng = np.random.default_rng(seed + 1)  # its own stream: the other cases' inputs stay as they were
    n, i, hidden = 2, 3, 4
    weights = _weights(rng, 3, i, hidden, scale=0.05)
    weights["b_ih"][hidden : 2 * hidden] = [10.0, 15.0, 20.0, 25.0]
    x, h = rng.normal(size=(n, i)), 1e-13 * rng.normal(size=(n, hidden))
    return _case(
        "update gate saturated (pre-activations 10 to 25) while h is tiny (relative precision)",
        "gru_cell",
        (x, h, *_weight_args(weights)),
    )


def _saturated_reset_gate(seed: int) -> Case:
    """Reset-gate pre-activations of 21 to 25, z ≈ 0, and x_n + r·h_n ≈ 1e−7: h' ≈ n is so small that
    1 − r ≈ 1e−10 shows, and a σ rounding a saturated gate to 1 (or clipping at ±20) does not pass."""
    rng = np.random.default_rng(seed + 3)
    n, i, hidden = 2, 3, 4
    zeros = {"W_ih": np.zeros((3 * hidden, i)), "W_hh": np.zeros((3 * hidden, hidden))}
    x, h = rng.normal(size=(n, i)), rng.normal(size=(n, hidden))
    # drawn from the seed: r's pre-activations in [21, 25], z's in [−25, −24], x_n + r·h_n of 0.8e−7
    # to 1.25e−7 less 1 − r
    reset = np.sort(rng.uniform(21.0, 25.0, size=hidden))
    update = rng.uniform(-25.0, -24.0, size=hidden)
    new = -1.0 + 1e-7 * rng.uniform(0.8, 1.25, size=hidden)
    b_ih = np.concatenate([reset, update, new])
    b_hh = np.concatenate([np.zeros(2 * hidden), np.ones(hidden)])
    return _case(
        "reset gate saturated (pre-activations 21 to 25), tiny new state (relative precision)",
        "gru_cell",
        (x, h, zeros["W_ih"], zeros["W_hh"], b_ih, b_hh),
    )


def _weight_args(w: dict[str, Any]) -> tuple[Any, ...]:
    return w["W_ih"], w["W_hh"], w["b_ih"], w["b_hh"]


def cases(seed: int = SEED) -> list[Case]:
    rng = np.random.default_rng(seed)
    out: list[Case] = []
    extreme_x = EXTREME_X * rng.uniform(0.9, 1.1, size=EXTREME_X.shape)  # moved by the seed
    for function, gates in (("lstm_cell", 4), ("gru_cell", 3)):
        batches = [(label, n, i, hidden, _weights(rng, gates, i, hidden)) for label, n, i, hidden in SHAPES]
        batches.append(
            ("pre-activations of ±800 in some units", 3, 3, 4, _extreme_weights(rng, gates, 3, 4, extreme_x))
        )
        for label, n, i, hidden, w in batches:
            x = extreme_x if "±800" in label else rng.normal(size=(n, i))
            h, c = _state(rng, n, hidden)
            state = (h, c) if function == "lstm_cell" else (h,)
            out.append(_case(label, function, (x, *state, *_weight_args(w))))
        label, n, i, hidden, w = batches[0]
        h, c = _state(rng, n, hidden)
        state = (h, c) if function == "lstm_cell" else (h,)
        out.append(
            leaves_inputs(
                _case(
                    "leaves its inputs unchanged",
                    function,
                    (rng.normal(size=(n, i)), *state, *_weight_args(w)),
                    values,
                    0.5,
                )
            )
        )

    out.append(_saturated_update_gate(seed))
    out.append(_saturated_reset_gate(seed))

    sequences = [
        (label, t, n, i, hidden, _weights(rng, 4, i, hidden)) for label, t, n, i, hidden in SEQUENCES
    ]
    sequences.append(
        ("T=3, pre-activations of ±800 in some units", 3, 3, 3, 4, _extreme_weights(rng, 4, 3, 4))
    )
    for label, t, n, i, hidden, w in sequences:
        X = rng.normal(scale=2.0 if "±800" in label else 1.0, size=(t, n, i))
        out.append(_case(label, "lstm_sequence", (X, *_state(rng, n, hidden), *_weight_args(w))))
    label, t, n, i, hidden, w = sequences[0]
    out.append(
        leaves_inputs(
            _case(
                "leaves its inputs unchanged",
                "lstm_sequence",
                (rng.normal(size=(t, n, i)), *_state(rng, n, hidden), *_weight_args(w)),
                values,
                0.5,
            )
        )
    )
    return out


# ----------------------------------------------------------------------------------------------------
# Classic mistakes, each as the wrong answer it produces; a failed case whose answer matches one gets
# its hint. Written with plain NumPy (no student code runs here).


def _sigmoid(u: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _blocks_transposed(W_hh: np.ndarray, gates: int) -> np.ndarray:
    """W_hh with each gate's (H, H) block transposed, as ``h @ W_hh[k*H:(k+1)*H]`` reads it."""
    return np.concatenate([block.T for block in np.split(W_hh, gates, axis=0)], axis=0)


def _lstm(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    *,
    order: str = "ifgo",
    candidate: str = "tanh",
    cell_tanh: bool = True,
    old_cell: bool = False,
    hh_bias: bool = True,
    hh_transposed: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """An LSTM step written with one of the mistakes: ``order`` names the gates as the code reads the blocks."""
    W_hh = _blocks_transposed(W_hh, 4) if hh_transposed else W_hh
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + (b_hh if hh_bias else 0.0)
    block = dict(zip(order, np.split(gates, 4, axis=1), strict=True))
    g = np.tanh(block["g"]) if candidate == "tanh" else _sigmoid(block["g"])
    c_new = _sigmoid(block["f"]) * c + _sigmoid(block["i"]) * g
    shown = c if old_cell else c_new
    return _sigmoid(block["o"]) * (np.tanh(shown) if cell_tanh else shown), c_new


def _sequence(
    X: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    *weights: np.ndarray,
    reset: str = "",
    batch_first: bool = False,
    **cell: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    h, c, out = h0, c0, []
    for x in X:
        h, c = _lstm(x, h0 if reset == "h" else h, c0 if reset == "c" else c, *weights, **cell)
        out.append(h)
    stacked = np.stack(out)
    return (stacked.transpose(1, 0, 2) if batch_first else stacked), h, c


def _gru(
    x: np.ndarray,
    h: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    *,
    order: str = "rzn",
    flip_z: bool = False,
    reset: str = "after",
    hh_bias: bool = True,
    hh_transposed: bool = False,
) -> np.ndarray:
    """A GRU step with one of the mistakes; ``reset`` is where r acts: after the product with its bias
    (torch), ``before`` the product (the notes, Cho et al.), or after the product but ``not-bias``."""
    W_hh = _blocks_transposed(W_hh, 3) if hh_transposed else W_hh
    b_hh = b_hh if hh_bias else np.zeros_like(b_hh)
    xs = dict(zip(order, np.split(x @ W_ih.T + b_ih, 3, axis=1), strict=True))
    hs = dict(zip(order, np.split(h @ W_hh.T + b_hh, 3, axis=1), strict=True))
    r, z = _sigmoid(xs["r"] + hs["r"]), _sigmoid(xs["z"] + hs["z"])
    W_hn, b_hn = np.split(W_hh, 3)[2], np.split(b_hh, 3)[2]  # n is the last block in every order tried
    if reset == "before":
        n = np.tanh(xs["n"] + (r * h) @ W_hn.T + b_hn)
    elif reset == "not-bias":
        n = np.tanh(xs["n"] + r * (h @ W_hn.T) + b_hn)
    else:
        n = np.tanh(xs["n"] + r * hs["n"])
    return z * n + (1 - z) * h if flip_z else (1 - z) * n + z * h


def _guarded(f: Callable[..., Any], **options: Any) -> Callable[..., Any]:
    def wrong(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            try:
                return f(*args, **options)
            except (ValueError, IndexError):
                return None  # this mistake cannot even be made with these shapes

    return wrong


LSTM_MISTAKES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "lstm-gate-order-ifog": (
        "torch stacks the LSTM gates as i, f, g, o (candidate g third, output gate o last), not i, f, o, g",
        "torch 中 LSTM 各门按 i, f, g, o 堆叠（候选值 g 第三、输出门 o 最后），而不是 i, f, o, g",
        {"order": "ifog"},
    ),
    "lstm-gate-order-figo": (
        "torch stacks the LSTM gates as i, f, g, o: the input gate comes first, before the forget gate",
        "torch 中 LSTM 各门按 i, f, g, o 堆叠：输入门在前，遗忘门在后",
        {"order": "figo"},
    ),
    "lstm-candidate-sigmoid": (
        "the candidate g = tanh(...) uses tanh, not the sigmoid of the three gates",
        "候选值 g = tanh(...) 用 tanh，而不是三个门所用的 sigmoid",
        {"candidate": "sigmoid"},
    ),
    "lstm-h-missing-tanh": (
        "the new hidden state is h' = o ⊙ tanh(c'), not o ⊙ c'",
        "新的隐藏状态是 h' = o ⊙ tanh(c')，而不是 o ⊙ c'",
        {"cell_tanh": False},
    ),
    "lstm-h-uses-old-cell": (
        "h' = o ⊙ tanh(c') uses the new cell state c', not the old c",
        "h' = o ⊙ tanh(c') 用的是新的细胞状态 c'，而不是旧的 c",
        {"old_cell": True},
    ),
    "bias-hh-ignored": (
        "torch's cells have two biases: add both b_ih and b_hh to the pre-activations",
        "torch 的循环单元有两个偏置：b_ih 和 b_hh 都要加到激活前的值上",
        {"hh_bias": False},
    ),
    "recurrent-weights-transposed": (
        "each gate's recurrent block W_hh[k·H:(k+1)·H] acts as h @ block.T: the (H, H) blocks are transposed",
        "每个门的循环权重块 W_hh[k·H:(k+1)·H] 应以 h @ block.T 作用：这些 (H, H) 方块被转置了",
        {"hh_transposed": True},
    ),
}
SEQUENCE_MISTAKES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "sequence-resets-cell": (
        "carry the cell state c from step to step; every step restarted from c0",
        "细胞状态 c 要逐步传递；这里每一步都从 c0 重新开始",
        {"reset": "c"},
    ),
    "sequence-resets-hidden": (
        "carry the hidden state h from step to step; every step restarted from h0",
        "隐藏状态 h 要逐步传递；这里每一步都从 h0 重新开始",
        {"reset": "h"},
    ),
    "sequence-batch-first": (
        "out is time first, shape (T, N, H) like nn.LSTM's default, not (N, T, H)",
        "out 以时间为第一维，形状为 (T, N, H)（与 nn.LSTM 的默认一致），而不是 (N, T, H)",
        {"batch_first": True},
    ),
}
GRU_MISTAKES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "gru-update-gate-flipped": (
        "in torch z keeps the old state: h' = (1 − z) ⊙ n + z ⊙ h, not z ⊙ n + (1 − z) ⊙ h as in the notes",
        "torch 中 z 保留旧状态：h' = (1 − z) ⊙ n + z ⊙ h，而不是笔记中的 z ⊙ n + (1 − z) ⊙ h",
        {"flip_z": True},
    ),
    "gru-reset-before-matmul": (
        "torch applies r after the product: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), not W_hn (r ⊙ h)",
        "torch 在矩阵乘法之后乘 r：n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))，而不是 W_hn (r ⊙ h)",
        {"reset": "before"},
    ),
    "gru-notes-form": (
        "this is the notes' GRU (r inside the product, z weighting the candidate); torch uses "
        "n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) and h' = (1 − z) ⊙ n + z ⊙ h",
        "这是笔记中的 GRU（r 在乘积之内、z 作为候选值的权重）；torch 用 "
        "n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) 和 h' = (1 − z) ⊙ n + z ⊙ h",
        {"reset": "before", "flip_z": True},
    ),
    "gru-reset-skips-bias": (
        "r multiplies b_hn too: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), not ... + r ⊙ (W_hn h) + b_hn",
        "r 也要乘 b_hn：n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))，而不是 ... + r ⊙ (W_hn h) + b_hn",
        {"reset": "not-bias"},
    ),
    "gru-gate-order-zrn": (
        "torch stacks the GRU gates as r, z, n (reset first), not z, r, n",
        "torch 中 GRU 各门按 r, z, n 堆叠（重置门在前），而不是 z, r, n",
        {"order": "zrn"},
    ),
    "bias-hh-ignored": LSTM_MISTAKES["bias-hh-ignored"],
    "recurrent-weights-transposed": LSTM_MISTAKES["recurrent-weights-transposed"],
}


def _mistakes() -> list[Mistake]:
    out = []
    for key, (en, zh, options) in LSTM_MISTAKES.items():
        out.append(Mistake(key, "lstm_cell", en, zh, _guarded(_lstm, **options)))
        out.append(Mistake(key, "lstm_sequence", en, zh, _guarded(_sequence, **options)))
    for key, (en, zh, options) in SEQUENCE_MISTAKES.items():
        out.append(Mistake(key, "lstm_sequence", en, zh, _guarded(_sequence, **options)))
    for key, (en, zh, options) in GRU_MISTAKES.items():
        out.append(Mistake(key, "gru_cell", en, zh, _guarded(_gru, **options)))
    return out


MISTAKES = _mistakes()
