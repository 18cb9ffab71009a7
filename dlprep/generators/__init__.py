"""The registry of parametric generator families (pure Python: no numpy, no torch)."""

from __future__ import annotations

from dlprep.generators import calculus, cnn, losses, networks, optim
from dlprep.generators.family import Family, Params, draw_params

__all__ = ["REGISTRY", "Family", "Params", "draw_params", "get_family"]

REGISTRY: dict[str, Family] = {
    family.name: family
    for module in (cnn, networks, losses, calculus, optim)
    for family in module.FAMILIES  # type: ignore[attr-defined]
}


def get_family(name: str) -> Family | None:
    return REGISTRY.get(name)
