"""Compare a student's returned value with the reference's, and say where they differ.

Runs in the grader on decoded plain data, so nothing a submission returns can take part in the
comparison (no ``__eq__`` of theirs is ever called). The sentences name what is wrong (which key, which
element, which shape or type) but never a hidden expected value or the size of an error: feedback that
did would let a submission that regrades itself read the answers off it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.declare import Tolerance
from grader.runtime import Unsupported
from grader.text import clean, quote

__all__ = ["describe_value", "difference", "is_integer", "is_scalar"]


def describe_value(value: Any) -> str:
    """A short description of a value's type and shape, for feedback."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, np.generic):
        return f"a NumPy {value.dtype} scalar"
    if isinstance(value, Unsupported):
        return (
            f"an object of the class {quote(clean(value.what, 100))} (not plain data)"  # the student's name
        )
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, dict):
        return f"a dict with keys {clean(repr(sorted(map(str, value))), 300)}"
    return f"a {type(value).__name__}"


def is_scalar(value: Any) -> bool:
    """A Python or NumPy real number, or a 0-d array of one."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"


def is_integer(value: Any) -> bool:
    """A Python or NumPy integer (not a bool, not an integral float), or a 0-d integer array."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | np.integer):
        return True
    return isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iu"


def difference(got: Any, want: Any, tol: Tolerance, where: str = "result") -> str | None:
    """None when ``got`` matches ``want`` within ``tol``; else one sentence saying what differs.

    Floats and arrays compare within ``tol``; ints, bools, strings and None compare exactly (an int
    reference wants an integer back: a count or a size of 5.0 is a float, not 5).
    """
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{where} should be a dict with keys {sorted(want)}, got {describe_value(got)}"
        if set(got) != set(want):
            return f"{where} should have exactly the keys {sorted(want)}, got {sorted(got)}"
        for key in want:
            problem = difference(got[key], want[key], tol, f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    if want is None or isinstance(want, bool | str):
        if type(got) is not type(want) and not (isinstance(want, bool) and isinstance(got, np.bool_)):
            kind = "None" if want is None else f"a {type(want).__name__}"
            return f"{where} should be {kind}, got {describe_value(got)}"
        return None if got == want else f"{where} is wrong"
    if isinstance(want, int):
        if not is_integer(got):
            return f"{where} should be an integer (an int), got {describe_value(got)}"
        return None if int(got) == want else f"{where} is the wrong integer"
    if isinstance(want, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(want):
            kind = type(want).__name__
            return f"{where} should be a {kind} of {len(want)} items, got {describe_value(got)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            problem = difference(g, w, tol, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(want, float):
        if not is_scalar(got):
            return f"{where} should be a scalar (a float), got {describe_value(got)}"
        return _array_difference(np.asarray(got, dtype=np.float64), np.asarray(want), tol, where)
    if isinstance(want, np.ndarray):
        if want.shape == () and is_scalar(got):  # a float where a 0-d array is asked: the same number
            got = np.asarray(got, dtype=np.float64)
        if not isinstance(got, np.ndarray):
            return f"{where} should be an array of shape {want.shape}, got {describe_value(got)}"
        if got.shape != want.shape:
            return f"{where} has shape {got.shape}, expected {want.shape}"
        if got.dtype.kind not in "iuf":
            return f"{where} has dtype {got.dtype}, expected a real floating-point array"
        if got.dtype.kind == "f" and got.dtype.itemsize < 8 and want.dtype == np.float64:
            return (
                f"{where} has dtype {got.dtype}: compute and return float64 "
                f"({got.dtype} keeps only about {np.finfo(got.dtype).precision} digits)"
            )
        return _array_difference(got.astype(np.float64), want, tol, where)
    raise TypeError(f"reference value of unsupported type {type(want).__name__}")


def _array_difference(got: np.ndarray, want: np.ndarray, tol: Tolerance, where: str) -> str | None:
    finite = np.isfinite(got)
    with np.errstate(all="ignore"):  # inf only matches the same inf, never a finite number
        close = (finite & np.isfinite(want) & (np.abs(got - want) <= tol.atol + tol.rtol * np.abs(want))) | (
            got == want
        )
    if close.all():
        return None
    first = np.argwhere(~close)[0] if got.ndim else ()
    index = tuple(int(i) for i in first)
    at = f"{where}[{', '.join(map(str, index))}]" if index else where
    bad = "" if finite.all() else f"; {int((~finite).sum())} value(s) are nan or inf"
    wrong = int((~close).sum())
    count = f"{wrong} of {close.size} values differ" if close.size > 1 else "it differs"
    return f"{at} is wrong: {count} beyond the tolerance ({tol}){bad}"
