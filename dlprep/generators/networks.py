"""Parameter counts of fully-connected and recurrent layers, initialisation scales, batch norm, dropout."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from dlprep.generators.family import Family, Params, pick, require, uniform

__all__ = ["FAMILIES"]


def mlp_param_count(q: Mapping[str, Any]) -> int:
    sizes = q["sizes"]
    require(
        isinstance(sizes, list) and len(sizes) >= 2 and all(isinstance(n, int) and n >= 1 for n in sizes),
        f"sizes must list at least two positive layer widths, got {sizes!r}",
    )
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))


def _draw_mlp(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "sizes": [pick(rng, [2, 4, 8, 10, 16, 32, 64, 100, 128, 256, 784]) for _ in range(rng.randint(2, 5))]
    }


GATES = {"rnn": 1, "gru": 3, "lstm": 4}


def rnn_param_count(q: Mapping[str, Any]) -> int:
    require(q["cell"] in GATES, f"cell must be rnn, lstm or gru, got {q['cell']!r}")
    i, h = q["input_size"], q["hidden_size"]
    require(
        isinstance(i, int) and isinstance(h, int) and i >= 1 and h >= 1, "sizes must be positive integers"
    )
    return int(GATES[q["cell"]] * (h * (i + h) + 2 * h))


def _draw_rnn(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "cell": pick(rng, list(GATES)),
        "input_size": pick(rng, [2, 4, 8, 10, 16, 32, 50, 64, 100, 128]),
        "hidden_size": pick(rng, [2, 4, 8, 16, 20, 32, 64, 128, 256]),
    }


INIT_SCHEMES = ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")


def init_scale(q: Mapping[str, Any]) -> float:
    require(q["scheme"] in INIT_SCHEMES, f"scheme must be one of {', '.join(INIT_SCHEMES)}")
    fan_in, fan_out = q["fan_in"], q["fan_out"]
    require(isinstance(fan_in, int) and isinstance(fan_out, int) and fan_in >= 1 and fan_out >= 1, "bad fans")
    return {
        "xavier_uniform": math.sqrt(6 / (fan_in + fan_out)),
        "xavier_normal": math.sqrt(2 / (fan_in + fan_out)),
        "kaiming_uniform": math.sqrt(2) * math.sqrt(3 / fan_in),
        "kaiming_normal": math.sqrt(2) / math.sqrt(fan_in),
    }[q["scheme"]]


def _draw_init(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "scheme": pick(rng, list(INIT_SCHEMES)),
        "fan_in": 32 * rng.randint(2, 32),
        "fan_out": 32 * rng.randint(2, 32),
    }


def batchnorm_output(q: Mapping[str, Any]) -> float:
    x = q["x"]
    require(isinstance(x, list) and len(x) >= 2, "x must list a channel's values over a batch of at least 2")
    require(isinstance(q["i"], int) and 0 <= q["i"] < len(x), f"i must index x, got {q['i']!r}")
    require(q["eps"] > 0, "eps must be > 0 (PyTorch's batch norm requires it; 1e-5 is its default)")
    mean = sum(x) / len(x)
    var = sum((v - mean) ** 2 for v in x) / len(x)
    return float(q["gamma"] * (x[q["i"]] - mean) / math.sqrt(var + q["eps"]) + q["beta"])


def _draw_bn(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "x": [uniform(rng, -3, 5) for _ in range(4)],
        "gamma": uniform(rng, 0.5, 2.0),
        "beta": uniform(rng, -1.0, 1.0),
        "i": rng.randrange(4),
        "eps": 1e-5,
    }


def dropout_scale(q: Mapping[str, Any]) -> float:
    require(0 <= q["p"] < 1, f"p must be in [0, 1), got {q['p']!r}")
    return float(q["x"] / (1 - q["p"]))


def _draw_dropout(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"p": pick(rng, [0.1, 0.2, 0.25, 0.3, 0.4, 0.5]), "x": uniform(rng, 0.5, 4.0)}


FAMILIES = [
    Family("mlp_param_count", ("sizes",), _draw_mlp, mlp_param_count,
           "weights and biases of a fully-connected network", integer=True),
    Family("rnn_param_count", ("cell", "input_size", "hidden_size"), _draw_rnn, rnn_param_count,
           "parameters of one PyTorch RNN/LSTM/GRU layer (two bias vectors)", integer=True),
    Family("init_scale", ("scheme", "fan_in", "fan_out"), _draw_init, init_scale,
           "Xavier/Kaiming uniform bound or normal standard deviation"),
    Family("batchnorm_output", ("x", "gamma", "beta", "i", "eps"), _draw_bn, batchnorm_output,
           "batch-norm output of one value in training mode"),
    Family("dropout_scale", ("p", "x"), _draw_dropout, dropout_scale,
           "output of a kept unit in inverted dropout"),
]  # fmt: skip
