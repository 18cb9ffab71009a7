"""PyTorch computes every generator family's answer independently of our pure-Python code.

Wherever PyTorch has the thing, the reference uses it: real modules for shapes and parameter
counts, `torch.nn.functional` for losses, a real `torch.optim` step, autograd for derivatives.
Everything runs in float64 on the CPU. Importing this module imports torch: only `exam verify`
and the tests do.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["REFERENCES", "TOLERANCES", "reference_answer"]

Reference = Callable[[Mapping[str, Any]], float]
F64 = torch.float64


def _t(values: Any) -> torch.Tensor:
    return torch.tensor(values, dtype=F64)


def _n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def conv_output_size(q: Mapping[str, Any]) -> float:
    conv = nn.Conv2d(1, 1, q["k"], stride=q["s"], padding=q["p"], dilation=q["d"], bias=False)
    return conv(torch.zeros(1, 1, 1 + q["d"] * (q["k"] - 1), q["W"])).shape[-1]


def conv_param_count(q: Mapping[str, Any]) -> float:
    return _n_params(nn.Conv2d(q["c_in"], q["c_out"], q["k"], bias=q["bias"]))


def pool_output_size(q: Mapping[str, Any]) -> float:
    pool = nn.MaxPool2d(q["k"], stride=q["s"], padding=q["p"])
    return pool(torch.zeros(1, 1, q["k"], q["W"])).shape[-1]


def conv_mode_size(q: Mapping[str, Any]) -> float:
    padding: int | str = {"full": q["k"] - 1, "same": "same", "valid": 0}[q["mode"]]
    with warnings.catch_warnings():  # 'same' with an even kernel pads asymmetrically, which torch mentions
        warnings.simplefilter("ignore", UserWarning)
        x, kernel = torch.zeros(1, 1, q["W"], dtype=F64), torch.ones(1, 1, q["k"], dtype=F64)
        return F.conv1d(x, kernel, padding=padding).shape[-1]


def receptive_field(q: Mapping[str, Any]) -> float:
    """Backpropagate from one output unit and measure how many input pixels it touches."""
    layers = q["layers"]
    size = 1
    for k, s in reversed(layers):
        size = (size - 1) * s + k
    size += 8
    x = torch.zeros(1, 1, size, dtype=F64, requires_grad=True)
    h = x
    for k, s in layers:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), stride=s)
    h[0, 0, 0].backward()
    assert x.grad is not None
    touched = torch.nonzero(x.grad[0, 0]).flatten()
    return int(touched.max() - touched.min() + 1)


def tensor_offset(q: Mapping[str, Any]) -> float:
    x = torch.empty(q["N"], q["C"], q["H"], q["W"])
    if q["layout"] == "nhwc":
        x = x.contiguous(memory_format=torch.channels_last)
    return sum(i * st for i, st in zip((q["n"], q["c"], q["h"], q["w"]), x.stride(), strict=True))


def mlp_param_count(q: Mapping[str, Any]) -> float:
    sizes = q["sizes"]
    return _n_params(nn.Sequential(*(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:], strict=False))))


def rnn_param_count(q: Mapping[str, Any]) -> float:
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[q["cell"]]
    return _n_params(cls(q["input_size"], q["hidden_size"]))


def init_scale(q: Mapping[str, Any]) -> float:
    """Initialise a real weight with `torch.nn.init` and read its bound or standard deviation."""
    weight = torch.empty(q["fan_out"], q["fan_in"], dtype=F64)
    scheme = q["scheme"]
    generator = torch.Generator().manual_seed(0)
    if scheme == "xavier_uniform":
        nn.init.xavier_uniform_(weight, generator=generator)
    elif scheme == "xavier_normal":
        nn.init.xavier_normal_(weight, generator=generator)
    elif scheme == "kaiming_uniform":
        nn.init.kaiming_uniform_(weight, nonlinearity="relu", generator=generator)
    else:
        nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
    if scheme.endswith("uniform"):
        return float(weight.abs().max())
    samples = [weight.flatten()]
    while sum(s.numel() for s in samples) < 1_000_000:  # enough draws for a 0.1 % estimate of the std
        nn.init.kaiming_normal_(
            weight, nonlinearity="relu", generator=generator
        ) if scheme == "kaiming_normal" else (nn.init.xavier_normal_(weight, generator=generator))
        samples.append(weight.flatten().clone())
    return float(torch.cat(samples).std())


def batchnorm_output(q: Mapping[str, Any]) -> float:
    """A real `nn.BatchNorm2d` in training mode, one channel, the batch laid out along N."""
    norm = nn.BatchNorm2d(1, eps=float(q["eps"])).to(F64).train()
    with torch.no_grad():
        norm.weight.fill_(float(q["gamma"]))
        norm.bias.fill_(float(q["beta"]))
        y = norm(_t(q["x"]).reshape(-1, 1, 1, 1))
    return float(y[q["i"], 0, 0, 0])


def dropout_scale(q: Mapping[str, Any]) -> float:
    torch.manual_seed(0)
    out = F.dropout(torch.full((4096,), float(q["x"]), dtype=F64), p=q["p"], training=True)
    return float(out[out != 0][0])


def kl_divergence(q: Mapping[str, Any]) -> float:
    P, Q = _t(q["P"]), _t(q["Q"])
    nats = F.kl_div(Q.log(), P, reduction="sum")
    return float(nats / math.log(2)) if q["base"] in ("2", 2) else float(nats)


def cross_entropy(q: Mapping[str, Any]) -> float:
    return float(F.cross_entropy(_t([q["z"]]), torch.tensor([q["y"]]), label_smoothing=float(q["eps"])))


def regression_loss(q: Mapping[str, Any]) -> float:
    loss = F.mse_loss if q["kind"] == "mse" else F.l1_loss
    return float(loss(_t(q["y_hat"]), _t(q["y"])))


def margin_loss(q: Mapping[str, Any]) -> float:
    y, f = _t([float(q["y"])]), _t([float(q["f"])])
    margin = y * f
    return float(
        {
            "zero_one": lambda: (margin <= 0).to(F64),
            "hinge": lambda: torch.clamp(1 - margin, min=0),
            "perceptron": lambda: torch.relu(-margin),
            "logistic": lambda: F.soft_margin_loss(f, y),
            "exponential": lambda: torch.exp(-margin),
        }[q["kind"]]()
    )


def focal_loss(q: Mapping[str, Any]) -> float:
    p = _t([q["p"]])
    bce = F.binary_cross_entropy(p, torch.ones_like(p))
    return float(q["alpha"] * (1 - p) ** q["gamma"] * bce)


def gan_loss(q: Mapping[str, Any]) -> float:
    real, fake = _t([q["d_real"]]), _t([q["d_fake"]])
    ones, zeros = torch.ones_like(real), torch.zeros_like(real)
    if q["kind"] == "discriminator":
        return float(F.binary_cross_entropy(real, ones) + F.binary_cross_entropy(fake, zeros))
    if q["kind"] == "g_saturating":
        return float(-F.binary_cross_entropy(fake, zeros))
    return float(F.binary_cross_entropy(fake, ones))


def gan_optimal_d(q: Mapping[str, Any]) -> float:
    """Maximise p_data·log D + p_g·log(1 − D) over D by Newton's method with autograd."""
    d = _t(0.5)
    for _ in range(100):
        d = d.detach().requires_grad_(True)
        value = q["p_data"] * torch.log(d) + q["p_g"] * torch.log(1 - d)
        (grad,) = torch.autograd.grad(value, d, create_graph=True)
        (hess,) = torch.autograd.grad(grad, d)
        d = torch.clamp(d - grad / hess, 1e-12, 1 - 1e-12)
    return float(d.detach())


def classification_metric(q: Mapping[str, Any]) -> float:
    tp, fp, fn, tn = (q[k] for k in ("tp", "fp", "fn", "tn"))
    target = torch.tensor([1] * tp + [0] * fp + [1] * fn + [0] * tn, dtype=torch.bool)
    pred = torch.tensor([1] * tp + [1] * fp + [0] * fn + [0] * tn, dtype=torch.bool)
    hits = (pred & target).sum().to(F64)
    metric = q["metric"]
    if metric == "accuracy":
        return float((pred == target).to(F64).mean())
    if metric == "precision":
        return float(hits / pred.sum())
    if metric == "recall":
        return float(hits / target.sum())
    precision, recall = hits / pred.sum(), hits / target.sum()
    return float(2 * precision * recall / (precision + recall)) if hits > 0 else 0.0


def _activation(fn: str, x: torch.Tensor, a: float) -> torch.Tensor:
    return {
        "sigmoid": lambda: torch.sigmoid(x),
        "tanh": lambda: torch.tanh(x),
        "relu": lambda: torch.relu(x),
        "leaky_relu": lambda: F.leaky_relu(x, negative_slope=a),
        "elu": lambda: F.elu(x, alpha=a),
        "softplus": lambda: F.softplus(x),
        "swish": lambda: x * torch.sigmoid(a * x),
    }[fn]()


def activation_value(q: Mapping[str, Any]) -> float:
    return float(_activation(q["fn"], _t(float(q["x"])), float(q["a"])))


def activation_derivative(q: Mapping[str, Any]) -> float:
    x = _t(float(q["x"])).requires_grad_(True)
    (grad,) = torch.autograd.grad(_activation(q["fn"], x, float(q["a"])), x)
    return float(grad)


def sigmoid_chain_gradient(q: Mapping[str, Any]) -> float:
    x = _t(float(q["x"])).requires_grad_(True)
    h = x
    for _ in range(q["L"]):
        h = torch.sigmoid(q["w"] * h)
    (grad,) = torch.autograd.grad(h, x)
    return float(grad)


def bptt_gradient(q: Mapping[str, Any]) -> float:
    cell = nn.RNNCell(1, 1, bias=False, nonlinearity="tanh").to(F64)
    with torch.no_grad():
        cell.weight_hh.fill_(float(q["w"]))
        cell.weight_ih.zero_()
    h0 = _t([[float(q["h0"])]]).requires_grad_(True)
    h, x = h0, torch.zeros(1, 1, dtype=F64)
    for _ in range(q["T"]):
        h = cell(x, h)
    (grad,) = torch.autograd.grad(h.sum(), h0)
    return float(grad)


def gradient_clip(q: Mapping[str, Any]) -> float:
    p = nn.Parameter(torch.zeros(len(q["g"]), dtype=F64))
    p.grad = _t(q["g"])
    nn.utils.clip_grad_norm_([p], max_norm=float(q["max_norm"]))
    return float(p.grad[0])


def gradient_check(q: Mapping[str, Any]) -> float:
    """Autograd's exact f'(x) = 3x² plus the central difference's known error h² for a cubic."""
    x = _t(float(q["x"])).requires_grad_(True)
    (grad,) = torch.autograd.grad(x**3, x)
    return float(grad) + float(q["h"]) ** 2


def capsule_squash(q: Mapping[str, Any]) -> float:
    s = _t(q["s"])
    norm_sq = (s * s).sum()
    v = norm_sq / (1 + norm_sq) * s / torch.sqrt(norm_sq)
    return float(torch.linalg.vector_norm(v))


def optimizer_steps(q: Mapping[str, Any]) -> float:
    w = nn.Parameter(_t([float(q["w0"])]))
    opt_name, lr, wd, eps = q["opt"], float(q["lr"]), float(q["wd"]), float(q["eps"])
    optimizer: torch.optim.Optimizer = {
        "sgd": lambda: torch.optim.SGD([w], lr=lr, weight_decay=wd),
        "momentum": lambda: torch.optim.SGD([w], lr=lr, momentum=q["mu"], weight_decay=wd),
        "nesterov": lambda: torch.optim.SGD([w], lr=lr, momentum=q["mu"], nesterov=True, weight_decay=wd),
        "adagrad": lambda: torch.optim.Adagrad([w], lr=lr, eps=eps, weight_decay=wd),
        "rmsprop": lambda: torch.optim.RMSprop([w], lr=lr, alpha=q["rho"], eps=eps, weight_decay=wd),
        "adadelta": lambda: torch.optim.Adadelta([w], lr=lr, rho=q["rho"], eps=eps, weight_decay=wd),
        "adam": lambda: torch.optim.Adam(
            [w], lr=lr, betas=(q["beta1"], q["beta2"]), eps=eps, weight_decay=wd
        ),
    }[opt_name]()
    for _ in range(q["steps"]):
        optimizer.zero_grad()
        loss = 0.5 * q["a"] * (w**2).sum()
        loss.backward()
        optimizer.step()
    return float(w.detach()[0])


REFERENCES: dict[str, Reference] = {
    name: globals()[name]
    for name in (
        "conv_output_size", "conv_param_count", "pool_output_size", "conv_mode_size", "receptive_field",
        "tensor_offset", "mlp_param_count", "rnn_param_count", "init_scale", "batchnorm_output",
        "dropout_scale", "kl_divergence", "cross_entropy", "regression_loss", "margin_loss", "focal_loss",
        "gan_loss", "gan_optimal_d", "classification_metric", "activation_value", "activation_derivative",
        "sigmoid_chain_gradient", "bptt_gradient", "gradient_clip", "gradient_check", "capsule_squash",
        "optimizer_steps",
    )
}  # fmt: skip

# (relative, absolute) agreement required; the sampled initialisations are statistical estimates.
DEFAULT_TOLERANCE = (1e-9, 1e-12)
TOLERANCES: dict[str, tuple[float, float]] = {"init_scale": (0.005, 0.0), "gradient_check": (1e-9, 1e-9)}


def reference_answer(family: str, params: Mapping[str, Any]) -> float:
    return float(REFERENCES[family](params))
