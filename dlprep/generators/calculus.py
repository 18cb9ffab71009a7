"""Activations and their derivatives, gradients through deep chains, clipping and gradient checks."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from dlprep.generators.family import Family, Params, pick, require, uniform

__all__ = ["FAMILIES", "ACTIVATIONS"]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish")
DEFAULT_A = {"leaky_relu": 0.01, "elu": 1.0, "swish": 1.0}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def _check_fn(q: Mapping[str, Any]) -> tuple[str, float, float]:
    fn = q["fn"]
    require(fn in ACTIVATIONS, f"fn must be one of {', '.join(ACTIVATIONS)}, got {fn!r}")
    require(isinstance(q["x"], int | float) and abs(q["x"]) <= 30, "x must be a number with |x| <= 30")
    return fn, float(q["x"]), float(q["a"])


def activation_value(q: Mapping[str, Any]) -> float:
    fn, x, a = _check_fn(q)
    if fn == "sigmoid":
        return _sigmoid(x)
    if fn == "tanh":
        return math.tanh(x)
    if fn == "relu":
        return max(0.0, x)
    if fn == "leaky_relu":
        return x if x > 0 else a * x
    if fn == "elu":
        return x if x > 0 else a * math.expm1(x)
    if fn == "softplus":
        return max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    return x * _sigmoid(a * x)


def activation_derivative(q: Mapping[str, Any]) -> float:
    fn, x, a = _check_fn(q)
    require(
        not (x == 0 and fn in ("relu", "leaky_relu", "elu")), f"{fn} has no derivative at 0 (it has a kink)"
    )
    if fn == "sigmoid":
        s = _sigmoid(x)
        return s * (1 - s)
    if fn == "tanh":
        return 1 - math.tanh(x) ** 2
    if fn == "relu":
        return 1.0 if x > 0 else 0.0
    if fn == "leaky_relu":
        return 1.0 if x > 0 else a
    if fn == "elu":
        return 1.0 if x > 0 else a * math.exp(x)
    if fn == "softplus":
        return _sigmoid(x)
    s = _sigmoid(a * x)
    return s + a * x * s * (1 - s)


def _draw_activation(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    fn = fixed.get("fn") or pick(rng, list(ACTIVATIONS))
    a = {"leaky_relu": pick(rng, [0.01, 0.1, 0.2]), "elu": 1.0, "swish": pick(rng, [0.5, 1.0, 1.0, 2.0])}.get(
        fn, 1.0
    )
    return {"fn": fn, "x": pick(rng, [-1, 1]) * uniform(rng, 0.1, 4.0, 2), "a": a}


def sigmoid_chain_gradient(q: Mapping[str, Any]) -> float:
    L, w, h = q["L"], float(q["w"]), float(q["x"])
    require(isinstance(L, int) and 1 <= L <= 200, "L must be an integer in 1..200")
    grad = 1.0
    for _ in range(L):
        h = _sigmoid(w * h)
        grad *= w * h * (1 - h)
    return grad


def _draw_chain(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"L": rng.randint(2, 10), "w": uniform(rng, 0.5, 4.0), "x": uniform(rng, -2.0, 2.0)}


def bptt_gradient(q: Mapping[str, Any]) -> float:
    T, w, h = q["T"], float(q["w"]), float(q["h0"])
    require(isinstance(T, int) and 1 <= T <= 500, "T must be an integer in 1..500")
    grad = 1.0
    for _ in range(T):
        h = math.tanh(w * h)
        grad *= w * (1 - h * h)
    return grad


def _draw_bptt(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"T": rng.randint(2, 20), "w": uniform(rng, 0.5, 1.5, 2), "h0": uniform(rng, -1.0, 1.0, 2)}


def gradient_clip(q: Mapping[str, Any]) -> float:
    g, max_norm = q["g"], q["max_norm"]
    require(isinstance(g, list) and len(g) >= 1, "g must be a non-empty list")
    require(max_norm > 0, "max_norm must be > 0")
    norm = math.sqrt(sum(v * v for v in g))
    coef = max_norm / (norm + 1e-6)  # PyTorch's clip_grad_norm_ adds 1e-6 to the norm
    return float(g[0] * min(coef, 1.0))


def _draw_clip(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"g": [uniform(rng, -5, 5) for _ in range(rng.randint(2, 4))], "max_norm": pick(rng, [1, 1, 2, 5])}


def gradient_check(q: Mapping[str, Any]) -> float:
    x, h = float(q["x"]), float(q["h"])
    require(h > 0, "h must be > 0")
    return ((x + h) ** 3 - (x - h) ** 3) / (2 * h)


def _draw_check(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"x": uniform(rng, 0.5, 3.0), "h": pick(rng, [0.1, 0.01, 0.001])}


def capsule_squash(q: Mapping[str, Any]) -> float:
    s = q["s"]
    require(isinstance(s, list) and len(s) >= 1, "s must be a non-empty list")
    sq = sum(v * v for v in s)
    return float(sq / (1 + sq))


def _draw_squash(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"s": [uniform(rng, -3, 3) for _ in range(rng.randint(2, 4))]}


FAMILIES = [
    Family("activation_value", ("fn", "x", "a"), _draw_activation, activation_value, "an activation's value"),
    Family("activation_derivative", ("fn", "x", "a"), _draw_activation, activation_derivative,
           "an activation's derivative"),
    Family("sigmoid_chain_gradient", ("L", "w", "x"), _draw_chain, sigmoid_chain_gradient,
           "gradient through L stacked sigmoid units"),
    Family("bptt_gradient", ("T", "w", "h0"), _draw_bptt, bptt_gradient, "dh_T/dh_0 of a scalar tanh RNN"),
    Family("gradient_clip", ("g", "max_norm"), _draw_clip, gradient_clip, "first component after norm clipping"),
    Family("gradient_check", ("x", "h"), _draw_check, gradient_check, "central difference of x^3"),
    Family("capsule_squash", ("s",), _draw_squash, capsule_squash, "length of a squashed capsule vector"),
]  # fmt: skip
