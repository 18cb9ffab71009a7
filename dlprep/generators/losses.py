"""Losses and divergences, GAN objectives and classification metrics (all in nats)."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from dlprep.generators.family import Family, Params, pick, require, uniform

__all__ = ["FAMILIES"]


def _distribution(values: Any, name: str) -> list[float]:
    require(
        isinstance(values, list) and len(values) >= 2 and all(isinstance(v, int | float) for v in values),
        f"{name} must be a list of at least two probabilities",
    )
    require(all(0 <= v <= 1 for v in values), f"{name} has a value outside [0, 1]")
    require(abs(sum(values) - 1) < 1e-9, f"{name} sums to {sum(values):g}, not 1")
    return [float(v) for v in values]


def kl_divergence(q: Mapping[str, Any]) -> float:
    P, Q = _distribution(q["P"], "P"), _distribution(q["Q"], "Q")
    require(len(P) == len(Q), "P and Q must have the same length")
    require(all(qi > 0 for pi, qi in zip(P, Q, strict=True) if pi > 0), "Q must be > 0 wherever P > 0")
    require(q["base"] in ("e", "2", 2), f"base must be e or 2, got {q['base']!r}")
    nats = sum(pi * math.log(pi / qi) for pi, qi in zip(P, Q, strict=True) if pi > 0)
    return nats / math.log(2) if q["base"] in ("2", 2) else nats


def _draw_probs(rng: random.Random, n: int) -> list[float]:
    cuts = sorted(rng.sample(range(1, 10), n - 1))
    return [round((b - a) / 10, 1) for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]


def _draw_kl(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    n = pick(rng, [2, 2, 3])
    return {"P": _draw_probs(rng, n), "Q": _draw_probs(rng, n), "base": pick(rng, ["e", "2"])}


def _log_softmax(z: list[float]) -> list[float]:
    top = max(z)
    log_total = top + math.log(sum(math.exp(v - top) for v in z))
    return [v - log_total for v in z]


def cross_entropy(q: Mapping[str, Any]) -> float:
    z, y, eps = q["z"], q["y"], q["eps"]
    require(isinstance(z, list) and len(z) >= 2, "z must be a list of at least two logits")
    require(isinstance(y, int) and 0 <= y < len(z), f"y must be a class index in 0..{len(z) - 1}")
    require(0 <= eps < 1, "eps (label smoothing) must be in [0, 1)")
    log_p = _log_softmax([float(v) for v in z])
    target = [(1 - eps) * (k == y) + eps / len(z) for k in range(len(z))]
    return -sum(t * lp for t, lp in zip(target, log_p, strict=True))


def _draw_ce(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    n = pick(rng, [3, 3, 4])
    return {"z": [uniform(rng, -3, 3) for _ in range(n)], "y": rng.randrange(n), "eps": 0.0}


def regression_loss(q: Mapping[str, Any]) -> float:
    y_hat, y = q["y_hat"], q["y"]
    require(
        isinstance(y_hat, list) and isinstance(y, list) and len(y_hat) == len(y) >= 1, "y_hat and y differ"
    )
    require(q["kind"] in ("mse", "mae"), f"kind must be mse or mae, got {q['kind']!r}")
    power = 2 if q["kind"] == "mse" else 1
    return sum(abs(a - b) ** power for a, b in zip(y_hat, y, strict=True)) / len(y)


def _draw_reg(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    n = rng.randint(3, 4)
    return {
        "kind": pick(rng, ["mse", "mae"]),
        "y_hat": [uniform(rng, -2, 4) for _ in range(n)],
        "y": [uniform(rng, -2, 4) for _ in range(n)],
    }


MARGIN_KINDS = ("zero_one", "hinge", "perceptron", "logistic", "exponential")


def margin_loss(q: Mapping[str, Any]) -> float:
    require(q["y"] in (1, -1), f"y must be 1 or -1, got {q['y']!r}")
    require(q["kind"] in MARGIN_KINDS, f"kind must be one of {', '.join(MARGIN_KINDS)}")
    m = q["y"] * q["f"]
    return {
        "zero_one": 1.0 if m <= 0 else 0.0,
        "hinge": max(0.0, 1 - m),
        "perceptron": max(0.0, -m),
        "logistic": math.log1p(math.exp(-m)),
        "exponential": math.exp(-m),
    }[q["kind"]]


def _draw_margin(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "kind": pick(rng, list(MARGIN_KINDS)),
        "y": pick(rng, [1, -1]),
        "f": pick(rng, [-1, 1]) * uniform(rng, 0.1, 2.5),
    }


def focal_loss(q: Mapping[str, Any]) -> float:
    p, gamma, alpha = q["p"], q["gamma"], q["alpha"]
    require(0 < p <= 1, f"p must be in (0, 1], got {p!r}")
    require(gamma >= 0 and alpha > 0, "gamma must be >= 0 and alpha > 0")
    return float(-alpha * (1 - p) ** gamma * math.log(p))


def _draw_focal(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "p": uniform(rng, 0.05, 0.95, 2),
        "gamma": pick(rng, [0, 0.5, 1, 2, 2, 5]),
        "alpha": pick(rng, [0.25, 0.5, 1]),
    }


GAN_KINDS = ("discriminator", "g_saturating", "g_nonsaturating")


def gan_loss(q: Mapping[str, Any]) -> float:
    require(q["kind"] in GAN_KINDS, f"kind must be one of {', '.join(GAN_KINDS)}")
    real, fake = q["d_real"], q["d_fake"]
    require(0 < real < 1 and 0 < fake < 1, "d_real and d_fake must be probabilities strictly between 0 and 1")
    return {
        "discriminator": -math.log(real) - math.log(1 - fake),
        "g_saturating": math.log(1 - fake),
        "g_nonsaturating": -math.log(fake),
    }[q["kind"]]


def _draw_gan(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "kind": pick(rng, list(GAN_KINDS)),
        "d_real": uniform(rng, 0.05, 0.95, 2),
        "d_fake": uniform(rng, 0.05, 0.95, 2),
    }


def gan_optimal_d(q: Mapping[str, Any]) -> float:
    require(q["p_data"] > 0 and q["p_g"] > 0, "both densities must be > 0")
    return float(q["p_data"] / (q["p_data"] + q["p_g"]))


def _draw_optimal(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"p_data": uniform(rng, 0.05, 2.0, 2), "p_g": uniform(rng, 0.05, 2.0, 2)}


METRICS = ("precision", "recall", "f1", "accuracy")


def classification_metric(q: Mapping[str, Any]) -> float:
    tp, fp, fn, tn = (q[k] for k in ("tp", "fp", "fn", "tn"))
    require(all(isinstance(v, int) and v >= 0 for v in (tp, fp, fn, tn)), "counts must be integers >= 0")
    require(q["metric"] in METRICS, f"metric must be one of {', '.join(METRICS)}")
    metric = q["metric"]
    require(tp + fp + fn + tn > 0, "the counts are all 0")
    if metric == "accuracy":
        return (tp + tn) / (tp + fp + fn + tn)
    require(metric == "recall" or tp + fp > 0, f"{metric} needs tp + fp > 0 (something predicted positive)")
    require(metric == "precision" or tp + fn > 0, f"{metric} needs tp + fn > 0 (some actual positive)")
    if metric == "precision":
        return tp / (tp + fp)
    if metric == "recall":
        return tp / (tp + fn)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _draw_metric(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "tp": rng.randint(5, 90),
        "fp": rng.randint(0, 40),
        "fn": rng.randint(0, 40),
        "tn": rng.randint(10, 900),
        "metric": pick(rng, list(METRICS)),
    }


FAMILIES = [
    Family("kl_divergence", ("P", "Q", "base"), _draw_kl, kl_divergence, "KL divergence in nats or bits"),
    Family("cross_entropy", ("z", "y", "eps"), _draw_ce, cross_entropy, "softmax cross-entropy, optional label smoothing"),
    Family("regression_loss", ("kind", "y_hat", "y"), _draw_reg, regression_loss, "mean squared or absolute error"),
    Family("margin_loss", ("kind", "y", "f"), _draw_margin, margin_loss, "0-1, hinge, perceptron, logistic, exponential loss"),
    Family("focal_loss", ("p", "gamma", "alpha"), _draw_focal, focal_loss, "focal loss of one example"),
    Family("gan_loss", ("kind", "d_real", "d_fake"), _draw_gan, gan_loss, "discriminator and generator losses"),
    Family("gan_optimal_d", ("p_data", "p_g"), _draw_optimal, gan_optimal_d, "the optimal discriminator's output"),
    Family("classification_metric", ("tp", "fp", "fn", "tn", "metric"), _draw_metric, classification_metric,
           "precision, recall, F1 or accuracy"),
]  # fmt: skip
