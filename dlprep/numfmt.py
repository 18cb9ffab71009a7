"""How numbers are written in questions and answers: few decimals, no trailing zeros.

Kept apart from templating (which needs Jinja2) so that showing an answer imports nothing heavy.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fmt_num", "fmt_sig"]


def fmt_num(value: Any, digits: int = 4) -> str:
    """A number with at most `digits` decimals and no trailing zeros: 0.5108, 12, -3.25."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("0", "-0") and value != 0:
        return f"{value:.{digits}g}" if abs(value) >= 1e-300 else "0"
    return text


def fmt_sig(value: Any, digits: int = 3) -> str:
    """A number to `digits` significant figures: 0.000608, 1.23e-07, 512."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:.{digits}g}"
