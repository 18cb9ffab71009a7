"""A notebook's code cells as one Python module, with IPython's magics and shell escapes made no-ops.

Pure and standard-library only: the grader uses it on cells read by nbformat, and the student kit's
``check.py`` ships it to do the same on the student's machine, so both see the same module.

Every cell keeps its line count (a magic line becomes ``pass`` or a comment in place), and the module
records where each cell starts, so a traceback line can be turned back into "cell 5, line 3".
IPython's own transformer (``IPython.core.inputtransformer2``) is not used: IPython is neither in the
grader's nor in the student kit's dependencies, and the few forms students write are handled here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

__all__ = ["Cell", "Module", "build_module", "neutralize"]

# Cell magics whose body is still Python: the magic line goes, the body runs.
PYTHON_BODY = {"time", "timeit", "capture", "prun", "debug"}
# A line magic or shell escape, optionally assigned: `x = !ls`, `out = %sx ls`, `%matplotlib inline`.
LINE_ESCAPE = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<target>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*)?(?P<escape>!!?|%%?)(?P<rest>.*)$"
)
# IPython help: `?obj`, `obj?`, `obj.attr??`, `losses[-1]?` (never valid Python, so only met in failing cells).
HELP = re.compile(r"^(?P<indent>[ \t]*)(?:\?\??[A-Za-z_]\S*|[A-Za-z_][^#'\"]*?\?\??)\s*$")
PREAMBLE = (
    "def display(*objs, **kwargs):  # dlprep: IPython's display() is a no-op when grading\n    return None\n"
)
MAX_NOTE = 80


@dataclass(frozen=True)
class Cell:
    """A code cell: its position in the notebook (1-based, counting every cell) and its source."""

    number: int
    source: str

    @property
    def first_line(self) -> str:
        for line in self.source.splitlines():
            if line.strip():
                return _short(line.strip())
        return ""


@dataclass(frozen=True)
class Module:
    """The Python module a notebook becomes, where each cell starts in it, and what was not run."""

    source: str
    starts: tuple[tuple[int, Cell], ...]  # (first line of the cell in the module, the cell), in order
    notes: tuple[str, ...] = field(default=())

    def locate(self, line: int) -> tuple[Cell, int] | None:
        """The cell holding module line ``line`` and the line's number within that cell."""
        found = None
        for start, cell in self.starts:
            if start <= line:
                found = (cell, line - start + 1)
        if found is None or found[1] > max(1, len(found[0].source.splitlines())):
            return None
        return found


def _short(text: str) -> str:
    return text if len(text) <= MAX_NOTE else text[: MAX_NOTE - 3] + "..."


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _what(escape: str, rest: str) -> str:
    if escape.startswith("!"):
        return "a shell command"
    name = rest.split(maxsplit=1)[0] if rest.strip() else ""
    return f"the IPython magic %{name}" if escape == "%" else f"the cell magic %%{name}"


def neutralize(cell: Cell) -> tuple[str, list[str]]:
    """The cell as Python with the same number of lines, and a note per construct that will not run.

    A cell that already parses as Python is left alone (so ``%`` or ``!`` at the start of a line inside
    a string or an open bracket is never touched)."""
    source = cell.source
    if _parses(source):
        return source, []
    lines = source.split("\n")
    notes: list[str] = []
    first = lines[0].strip()
    if first.startswith("%%"):
        name = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        if name in PYTHON_BODY:
            notes.append(f"cell {cell.number}: `{_short(first)}` was ignored (its body runs as plain Python)")
            lines[0] = "pass  # " + lines[0]
        else:
            notes.append(f"cell {cell.number}: `{_short(first)}` cell was not run (the cell magic %%{name})")
            return "\n".join("# " + line for line in lines), notes
    out = []
    continued = False
    for line in lines:
        if continued:
            out.append("# " + line)
            continued = line.rstrip().endswith("\\")
            continue
        match = LINE_ESCAPE.match(line)
        if match:
            indent, target, escape = match["indent"], match["target"], match["escape"]
            what = _what(escape, match["rest"])
            notes.append(f"cell {cell.number}: `{_short(line.strip())}` was not run ({what})")
            if target:
                out.append(f"{indent}{target} = None  # {line.strip()}")
            else:
                out.append(f"{indent}pass  # {line.strip()}")
            continued = line.rstrip().endswith("\\")
            continue
        if HELP.match(line):
            notes.append(f"cell {cell.number}: `{_short(line.strip())}` was not run (IPython help)")
            out.append(f"{HELP.match(line)['indent']}pass  # {line.strip()}")  # type: ignore[index]
            continue
        out.append(line)
    return "\n".join(out), notes


def build_module(cells: list[Cell], name: str) -> Module:
    """Join the code cells, in order, into one module; ``name`` (the notebook's file name) heads it."""
    parts = [f"# {name}: the code cells of a notebook, as graded\n", PREAMBLE]
    line = sum(part.count("\n") for part in parts) + 1
    starts = []
    notes: list[str] = []
    for cell in cells:
        code, cell_notes = neutralize(cell)
        notes.extend(cell_notes)
        parts.append(f"# --- cell {cell.number}\n")
        line += 1
        starts.append((line, cell))
        text = code if code.endswith("\n") else code + "\n"
        parts.append(text)
        line += text.count("\n")
    return Module("".join(parts), tuple(starts), tuple(notes))
