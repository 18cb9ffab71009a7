"""A few steps of PyTorch's optimisers on the quadratic f(w) = a·w²/2, in PyTorch's own update order."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from dlprep.generators.family import Family, Params, pick, require, uniform

__all__ = ["FAMILIES", "OPTIMIZERS"]

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam")
DEFAULT_EPS = {"adagrad": 1e-10, "adadelta": 1e-6}


def optimizer_steps(q: Mapping[str, Any]) -> float:
    opt = q["opt"]
    require(opt in OPTIMIZERS, f"opt must be one of {', '.join(OPTIMIZERS)}, got {opt!r}")
    steps = q["steps"]
    require(isinstance(steps, int) and 1 <= steps <= 100, "steps must be an integer in 1..100")
    require(q["lr"] > 0 and q["wd"] >= 0 and q["eps"] >= 0, "lr must be > 0, wd and eps >= 0")
    require(0 <= q["mu"] < 1 and 0 <= q["rho"] < 1, "mu and rho must be in [0, 1)")
    require(0 <= q["beta1"] < 1 and 0 <= q["beta2"] < 1, "beta1 and beta2 must be in [0, 1)")
    a, w, lr, eps = float(q["a"]), float(q["w0"]), float(q["lr"]), float(q["eps"])
    buf = sq = acc = m = v = 0.0
    for t in range(1, steps + 1):
        g = a * w + q["wd"] * w
        if opt == "sgd":
            w -= lr * g
        elif opt in ("momentum", "nesterov"):
            buf = g if t == 1 else q["mu"] * buf + g
            w -= lr * (g + q["mu"] * buf if opt == "nesterov" else buf)
        elif opt == "adagrad":
            sq += g * g
            w -= lr * g / (math.sqrt(sq) + eps)
        elif opt == "rmsprop":
            sq = q["rho"] * sq + (1 - q["rho"]) * g * g
            w -= lr * g / (math.sqrt(sq) + eps)
        elif opt == "adadelta":
            sq = q["rho"] * sq + (1 - q["rho"]) * g * g
            delta = math.sqrt(acc + eps) / math.sqrt(sq + eps) * g
            acc = q["rho"] * acc + (1 - q["rho"]) * delta * delta
            w -= lr * delta
        else:
            m = q["beta1"] * m + (1 - q["beta1"]) * g
            v = q["beta2"] * v + (1 - q["beta2"]) * g * g
            m_hat, v_hat = m / (1 - q["beta1"] ** t), v / (1 - q["beta2"] ** t)
            w -= lr * m_hat / (math.sqrt(v_hat) + eps)
    return w


def _draw_optimizer(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    opt = fixed.get("opt") or pick(rng, list(OPTIMIZERS))
    lr = {
        "adagrad": pick(rng, [0.1, 0.5, 1.0]),
        "rmsprop": pick(rng, [0.01, 0.05, 0.1]),
        "adadelta": 1.0,
        "adam": pick(rng, [0.01, 0.05, 0.1]),
    }.get(opt, pick(rng, [0.01, 0.05, 0.1, 0.2]))
    return {
        "opt": opt,
        "a": pick(rng, [0.5, 1, 2, 3, 4]),
        "w0": pick(rng, [-1, 1]) * uniform(rng, 0.5, 3.0),
        "lr": lr,
        "steps": rng.randint(1, 3),
        "wd": 0.0,
        "mu": 0.9,
        "beta1": 0.9,
        "beta2": 0.999,
        "rho": 0.9,
        "eps": DEFAULT_EPS.get(opt, 1e-8),
    }


FAMILIES = [
    Family("optimizer_steps", ("opt", "a", "w0", "lr", "steps", "wd", "mu", "beta1", "beta2", "rho", "eps"),
           _draw_optimizer, optimizer_steps, "w after a few optimiser steps on a·w²/2"),
]  # fmt: skip
