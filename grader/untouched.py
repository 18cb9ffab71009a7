"""Did a call leave its arguments as it was given them? Checked on every call of every case.

The statements promise that inputs are left unchanged; a function that writes into ``x`` (``x *= s``,
``x[x < 0] = 0``) is one mistake, so :func:`grader.judge.judge` charges it once per function, in that
function's "leaves its inputs unchanged" case, from the evidence of all its cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.declare import CallResult, Case

__all__ = ["changed_input", "first_change", "has_containers"]


def first_change(before: Any, after: Any, where: str) -> str | None:
    """Where ``after`` first differs from ``before`` (``state['m'][0, 1]``), or None when it is the same."""
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape:
            return where
        same = after == before
        if before.dtype.kind in "fc" and after.dtype.kind in "fc":
            same |= np.isnan(after) & np.isnan(before)
        differ = ~same
        if not differ.any():
            return None
        if before.ndim == 0:
            return where
        index = tuple(int(i) for i in np.argwhere(differ)[0])
        return f"{where}[{', '.join(map(str, index))}]"
    if isinstance(before, list | tuple):
        if not isinstance(after, list | tuple) or len(after) != len(before):
            return where
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            found = first_change(b, a, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(after) != set(before):
            return where
        for key in before:
            found = first_change(before[key], after[key], f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(before, float) and isinstance(after, float) and before != before and after != after:
        return None  # nan stays nan
    try:
        same = type(after) is type(before) and bool(after == before)
    except Exception:  # noqa: BLE001 - decoded plain data compares; anything else counts as changed
        same = False
    return None if same else where


def changed_input(case: Case, results: Sequence[CallResult], names: Sequence[str]) -> str | None:
    """The first argument a completed call of ``case`` changed, named as the statement names it."""
    for call, result in zip(case.calls, results, strict=False):
        if len(result.args_after) != len(call.args):
            return f"the arguments of {call.function}"
        for i, (before, after) in enumerate(zip(call.args, result.args_after, strict=True)):
            name = names[i] if i < len(names) and call.function == case.function else f"argument #{i + 1}"
            found = first_change(before, after, name)
            if found:
                return found if call.function == case.function else f"{found} of {call.function}"
    return None


def has_containers(case: Case) -> bool:
    """Whether a call of ``case`` passes something that can be changed in place (an array, list, dict)."""
    return any(isinstance(a, np.ndarray | list | dict) for call in case.calls for a in call.args)
