"""Attack: answers shaped to pass the shape checks but poison the comparison: nan/inf/-0.0/subnormal arrays, float16 and uint64 extremes, Python ints of 4000 digits, 0-d arrays where a float is wanted, dicts with the right keys holding nan, tuples with an extra item. Expected: no points (difference() compares finite values within tolerance, takes only real dtypes, and a check that raises fails its own test); the grader must not crash."""

import numpy as np

CALLS = {"n": 0}


def _poison(shape: tuple[int, ...]) -> object:
    kind = CALLS["n"] % 6
    CALLS["n"] += 1
    if kind == 0:
        return np.full(shape, np.nan)
    if kind == 1:
        return np.full(shape, np.inf)
    if kind == 2:
        return np.full(shape, -0.0) + np.float64(5e-324)  # subnormal
    if kind == 3:
        return np.full(shape, np.finfo(np.float16).max, dtype=np.float16)
    if kind == 4:
        return np.full(shape, np.iinfo(np.uint64).max, dtype=np.uint64)
    return np.full(shape, np.nan).astype(np.float32)


def sigmoid(u: np.ndarray) -> object:
    return _poison(u.shape)


def forward(X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> object:
    n = X.shape[0]
    return (_poison((n, W1.shape[1])), _poison((n, W2.shape[1])), None)  # one item too many


def loss(Y: np.ndarray, R: np.ndarray) -> object:
    return 10**4000 if CALLS["n"] % 2 else np.array(float("nan"))


def backward(
    X: np.ndarray, R: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> object:
    return {
        "W1": _poison(W1.shape),
        "b1": _poison(b1.shape),
        "W2": _poison(W2.shape),
        "b2": _poison(b2.shape),
    }


def train_step(
    X: np.ndarray, R: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray, alpha: float
) -> object:
    return tuple(_poison(p.shape) for p in (W1, b1, W2, b2))
