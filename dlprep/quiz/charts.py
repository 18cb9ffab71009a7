"""Small text charts for `quiz stats`: columns of block characters and horizontal bars.

We draw these few lines ourselves rather than with plotext: plotext draws full-canvas plots
(axes, frames, a fixed height) that do not sit inside rich tables, adds an import to the quiz
path, and prints nothing useful when piped; eight block characters per cell are all we need.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["bar", "columns"]

BLOCKS = " ▁▂▃▄▅▆▇█"


def columns(values: Sequence[int], height: int = 4) -> list[str]:
    """A column chart `height` lines tall, one character per value, tallest value full height."""
    top = max(values, default=0)
    if top <= 0:
        return ["▁" * len(values)]
    eighths = [round(v / top * height * 8) if v > 0 else 0 for v in values]
    eighths = [max(e, 1) if v > 0 else 0 for e, v in zip(eighths, values, strict=True)]
    lines = []
    for row in range(height - 1, -1, -1):
        floor = row * 8
        lines.append("".join(BLOCKS[min(max(e - floor, 0), 8)] for e in eighths))
    return lines


def bar(fraction: float, width: int = 20) -> str:
    """A horizontal bar, `fraction` of `width` filled, in eighths of a character."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = "▏▎▍▌▋▊▉"[part - 1] if part else ""
    return ("█" * full + partial).ljust(width, "·")
