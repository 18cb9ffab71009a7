"""Read a submitted ``.ipynb`` into the Python module the sandbox grades, trusting none of its bytes.

A notebook is JSON written by the student's tools or by the student: nothing in it runs here. Its size
is bounded before parsing, its nesting before anything walks it (nbformat's validator recurses), and
every problem becomes one sentence for the report, never an exception out of the batch.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import Any

from grader.notebooks.convert import Cell, Module, build_module

__all__ = ["MAX_CODE", "MAX_DEPTH", "MAX_NOTEBOOK", "NotebookError", "read_notebook"]

MAX_NOTEBOOK = 16 << 20  # bytes: a notebook with saved plots can be a few MiB; more is not homework
MAX_CODE = 1 << 20  # bytes of code cells, as for a .py submission
MAX_DEPTH = 64  # JSON nesting; nbformat 4 itself needs fewer than 10 levels
MAX_CELLS = 10_000


class NotebookError(ValueError):
    """A notebook that cannot be graded; the message is for the student's report."""


@dataclass(frozen=True)
class Notebook:
    """What grading needs from a notebook: the module to import and how to point back into cells."""

    module: Module
    schema_note: str = ""


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether the decoded JSON nests deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _source(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return None


def _validate(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The notebook as nbformat 4 (older versions upgraded by nbformat) and a note when it breaks the
    schema; a schema problem is noted, not fatal, since Jupyter itself opens such notebooks."""
    import nbformat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat warns about missing cell ids and the like
        node = nbformat.from_dict(data)  # type: ignore[no-untyped-call]
        if data.get("nbformat") != 4:
            try:
                node = nbformat.convert(node, 4)  # type: ignore[no-untyped-call]
            except Exception as exc:  # noqa: BLE001 - an unknown version, in the student's words
                raise NotebookError(
                    f"is nbformat {data.get('nbformat')!r}, which cannot be read as version 4 ({exc})"
                ) from None
        try:
            nbformat.validate(node)
        except nbformat.ValidationError as exc:
            return (
                node,
                f"it does not follow the nbformat 4 schema ({exc.message[:200]}); its code cells were read anyway",
            )
        except RecursionError:
            raise NotebookError("is nested too deeply to read") from None
    return node, ""


def read_notebook(data: bytes, name: str) -> Notebook:
    """The notebook in ``data`` (the bytes of ``name``) as a module; raise NotebookError if unusable."""
    if len(data) > MAX_NOTEBOOK:
        raise NotebookError(f"is larger than {MAX_NOTEBOOK >> 20} MiB (clear the outputs and submit again)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"is not UTF-8 text (byte {exc.start}), so it is not a notebook") from None
    try:
        raw = json.loads(text)
    except RecursionError:
        raise NotebookError(f"is nested more than {MAX_DEPTH} levels deep, so it is not a notebook") from None
    except ValueError as exc:
        raise NotebookError(f"is not valid JSON ({exc}); open it in Jupyter and save it again") from None
    if _depth_exceeds(raw, MAX_DEPTH):
        raise NotebookError(f"is nested more than {MAX_DEPTH} levels deep, so it is not a notebook")
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        raise NotebookError("is JSON but not a notebook (no list of cells)")
    language = (
        (raw.get("metadata") or {}).get("language_info", {}) if isinstance(raw.get("metadata"), dict) else {}
    )
    if isinstance(language, dict) and str(language.get("name", "python")).lower() not in (
        "python",
        "python3",
    ):
        raise NotebookError(f"is a notebook in {language.get('name')}, not Python")
    node, note = _validate(raw)
    cells_data = node.get("cells")
    if not isinstance(cells_data, list):
        raise NotebookError("is JSON but not a notebook (no list of cells)")
    if len(cells_data) > MAX_CELLS:
        raise NotebookError(f"has more than {MAX_CELLS} cells")
    cells: list[Cell] = []
    total = 0
    for number, cell in enumerate(cells_data, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _source(cell.get("source"))
        if source is None:
            raise NotebookError(f"cell {number} has no readable source")
        try:
            total += len(source.encode("utf-8"))
        except UnicodeEncodeError:  # JSON may hold "\ud800", which no Python source can
            raise NotebookError(
                f"cell {number} holds text that is not valid Unicode (a lone surrogate)"
            ) from None
        if total > MAX_CODE:
            raise NotebookError(f"has more than {MAX_CODE >> 10} KiB of code (cell {number} goes past it)")
        if "\0" in source:
            raise NotebookError(f"cell {number} contains a NUL character")
        cells.append(Cell(number, source))
    if not cells:
        raise NotebookError("has no code cells")
    return Notebook(build_module(cells, name), note)
