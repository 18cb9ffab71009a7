"""The truth for exercise_vanishing: a torch.nn network whose autograd gradients define the expected
per-layer gradients and norms, and torch.nn.utils.clip_grad_norm_ itself for the clipping; float64, on
the requested device."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn.utils import clip_grad_norm_

ACTIVATIONS: dict[str, type[nn.Module]] = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU}


def _tensor(array: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def network(weights: np.ndarray, biases: np.ndarray, activation: str, device: str) -> nn.Sequential:
    """L linear layers of width d with the activation between them and a linear output layer.

    The student's layer computes h @ W + b, so nn.Linear (x @ weight.T + bias) gets weight = Wᵀ.
    """
    layers: list[nn.Module] = []
    depth, width = weights.shape[0], weights.shape[1]
    for layer in range(depth):
        linear = nn.Linear(width, width, dtype=torch.float64, device=device)
        with torch.no_grad():
            linear.weight.copy_(_tensor(weights[layer].T, device))
            linear.bias.copy_(_tensor(biases[layer], device))
        layers.append(linear)
        if layer < depth - 1:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def error(output: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """E = 1/(2N) Σₙ Σₖ (ŷₙₖ − Yₙₖ)², through torch's own summed MSE."""
    return nn.functional.mse_loss(output, Y, reduction="sum") / (2 * output.shape[0])


def _backward(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str, device: str
) -> list[nn.Linear]:
    model = network(weights, biases, activation, device)
    error(model(_tensor(X, device)), _tensor(Y, device)).backward()
    return [m for m in model if isinstance(m, nn.Linear)]


def layer_gradients(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str, device: str
) -> tuple[np.ndarray, np.ndarray]:
    linears = _backward(X, Y, weights, biases, activation, device)
    dW = np.stack([_numpy(m.weight.grad.T) for m in linears])
    db = np.stack([_numpy(m.bias.grad) for m in linears])
    return dW, db


def layer_gradient_norms(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str, device: str
) -> np.ndarray:
    linears = _backward(X, Y, weights, biases, activation, device)
    return np.array([torch.linalg.matrix_norm(m.weight.grad, "fro").item() for m in linears])


def clip_by_global_norm(
    grads: list[np.ndarray], max_norm: float, device: str
) -> tuple[list[np.ndarray], float]:
    """The gradients after ``clip_grad_norm_`` (which scales .grad in place) and the total norm it returns."""
    params = [torch.zeros(g.shape, dtype=torch.float64, device=device, requires_grad=True) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad = _tensor(g, device)
    total = clip_grad_norm_(params, max_norm)
    return [_numpy(p.grad) for p in params], float(total.item())
