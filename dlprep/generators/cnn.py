"""Convolution and pooling sizes, receptive fields, parameter counts and memory layouts."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from dlprep.generators.family import Family, Params, pick, require

__all__ = ["FAMILIES"]


def _positive_ints(params: Mapping[str, Any], names: str, minimum: int = 1) -> None:
    for name in names.split():
        value = params[name]
        require(
            isinstance(value, int) and not isinstance(value, bool) and value >= minimum,
            f"{name} must be an integer >= {minimum}, got {value!r}",
        )


def conv_output_size(q: Mapping[str, Any]) -> int:
    _positive_ints(q, "W k s d")
    _positive_ints(q, "p", 0)
    span = q["d"] * (q["k"] - 1) + 1
    require(span <= q["W"] + 2 * q["p"], f"the dilated kernel ({span}) is wider than the padded input")
    return (q["W"] + 2 * q["p"] - q["d"] * (q["k"] - 1) - 1) // q["s"] + 1


def _draw_conv(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "W": rng.randint(5, 64),
        "k": pick(rng, [1, 3, 3, 5, 7]),
        "s": pick(rng, [1, 1, 2, 2, 3]),
        "p": rng.randint(0, 3),
        "d": pick(rng, [1, 1, 1, 2]),
    }


def conv_param_count(q: Mapping[str, Any]) -> int:
    _positive_ints(q, "k c_in c_out")
    require(isinstance(q["bias"], bool), f"bias must be true or false, got {q['bias']!r}")
    return q["c_out"] * q["c_in"] * q["k"] * q["k"] + (q["c_out"] if q["bias"] else 0)


def _draw_conv_params(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {
        "k": pick(rng, [1, 3, 5, 7]),
        "c_in": pick(rng, [1, 3, 16, 32, 64]),
        "c_out": pick(rng, [8, 16, 32, 64, 128]),
        "bias": pick(rng, [True, False]),
    }


def pool_output_size(q: Mapping[str, Any]) -> int:
    _positive_ints(q, "W k s")
    _positive_ints(q, "p", 0)
    require(2 * q["p"] <= q["k"], "padding may be at most half the pooling window")
    require(q["k"] <= q["W"] + 2 * q["p"], "the pooling window is wider than the padded input")
    return (q["W"] + 2 * q["p"] - q["k"]) // q["s"] + 1


def _draw_pool(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    k = pick(rng, [2, 2, 3, 3, 4])
    return {"W": rng.randint(4, 64), "k": k, "s": pick(rng, [k, k, 1, 2]), "p": rng.randint(0, k // 2)}


CONV_MODES = ("full", "same", "valid")


def conv_mode_size(q: Mapping[str, Any]) -> int:
    _positive_ints(q, "W k")
    require(q["mode"] in CONV_MODES, f"mode must be one of {', '.join(CONV_MODES)}, got {q['mode']!r}")
    require(q["k"] <= q["W"], "the kernel is longer than the input")
    return {"full": q["W"] + q["k"] - 1, "same": q["W"], "valid": q["W"] - q["k"] + 1}[q["mode"]]


def _draw_mode(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"W": rng.randint(5, 32), "k": pick(rng, [2, 3, 3, 5, 7]), "mode": pick(rng, list(CONV_MODES))}


def receptive_field(q: Mapping[str, Any]) -> int:
    layers = q["layers"]
    require(isinstance(layers, list) and len(layers) >= 1, "layers must be a non-empty list of [k, s]")
    field, jump = 1, 1
    for layer in layers:
        require(
            isinstance(layer, list) and len(layer) == 2 and all(isinstance(v, int) and v >= 1 for v in layer),
            f"each layer must be [k, s] with positive integers, got {layer!r}",
        )
        k, s = layer
        field += (k - 1) * jump
        jump *= s
    return field


def _draw_rf(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    return {"layers": [[pick(rng, [2, 3, 3, 5]), pick(rng, [1, 1, 2])] for _ in range(rng.randint(2, 4))]}


LAYOUTS = ("nchw", "nhwc")


def tensor_offset(q: Mapping[str, Any]) -> int:
    _positive_ints(q, "N C H W")
    _positive_ints(q, "n c h w", 0)
    require(q["layout"] in LAYOUTS, f"layout must be nchw or nhwc, got {q['layout']!r}")
    for index, size in (("n", "N"), ("c", "C"), ("h", "H"), ("w", "W")):
        require(q[index] < q[size], f"index {index}={q[index]} is out of range for {size}={q[size]}")
    n, c, h, w, C, H, W = (q[x] for x in "nchwCHW")
    if q["layout"] == "nchw":
        return int(((n * C + c) * H + h) * W + w)
    return int(((n * H + h) * W + w) * C + c)


def _draw_offset(rng: random.Random, fixed: Mapping[str, Any]) -> Params:
    sizes = {"N": rng.randint(1, 4), "C": rng.randint(2, 8), "H": rng.randint(2, 8), "W": rng.randint(2, 8)}
    index = {i: rng.randrange(sizes[s]) for i, s in zip("nchw", "NCHW", strict=True)}
    return {"layout": pick(rng, list(LAYOUTS)), **sizes, **index}


FAMILIES = [
    Family("conv_output_size", ("W", "k", "s", "p", "d"), _draw_conv, conv_output_size,
           "output width of a convolution with padding, stride and dilation", integer=True),
    Family("conv_param_count", ("k", "c_in", "c_out", "bias"), _draw_conv_params, conv_param_count,
           "learnable parameters of a k×k convolution layer", integer=True),
    Family("pool_output_size", ("W", "k", "s", "p"), _draw_pool, pool_output_size,
           "output width of max pooling (floor mode)", integer=True),
    Family("conv_mode_size", ("W", "k", "mode"), _draw_mode, conv_mode_size,
           "output length of a full/same/valid stride-1 convolution", integer=True),
    Family("receptive_field", ("layers",), _draw_rf, receptive_field,
           "receptive field of a stack of [k, s] layers", integer=True),
    Family("tensor_offset", ("layout", "N", "C", "H", "W", "n", "c", "h", "w"), _draw_offset, tensor_offset,
           "flat memory offset of an element in an NCHW or NHWC tensor", integer=True),
]  # fmt: skip
