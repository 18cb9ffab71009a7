"""Notebook submissions: read one into a :class:`Submission`, and point its results back into cells.

The sandbox grades the module a notebook becomes exactly like a ``.py`` file; what differs is only on
the grader's side: tracebacks name ``bp.py, line 57``, which this module turns into the notebook's
cell and line, and the report lists what was not run (magics, shell escapes).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from grader.notebooks.convert import Module
from grader.notebooks.read import Notebook
from grader.results import SubmissionResult
from grader.submissions import Submission
from grader.text import quote

__all__ = ["annotate", "annotate_stream", "read_notebook_submission"]

MAX_NOTES = 12
SLOW_IMPORT = 1.0  # seconds of top-level code worth a note
TIMED_OUT = ("did not finish within the time limit", "used more than the CPU time limit")


def read_notebook_submission(name: str, module: str, main: Path, extra: list[Path]) -> Submission:
    """The submission whose main file is the notebook ``main`` (``extra``: helper ``.py`` files), read
    the way every submission is: bounded, and never through a link (see grader.submissions)."""
    from grader.submissions import read_submission

    return read_submission(name, module, main, extra)


def _where(module: Module, line: int) -> str | None:
    found = module.locate(line)
    if found is None:
        return None
    cell, at = found
    return f"cell {cell.number} ({quote(cell.first_line)}), line {at}"  # the line is the student's: escaped


def relocate(text: str, module_file: str, module: Module) -> str:
    """``text`` with every ``bp.py, line N`` (a traceback frame, a SyntaxError) naming the cell instead."""
    file = re.escape(module_file)

    def frame(match: re.Match[str]) -> str:
        where = _where(module, int(match["line"]))
        return f"{match['pre']}{where}" if where else match[0]

    text = re.sub(rf"(?m)(?P<pre>^\s*){file}, line (?P<line>\d+)", frame, text)

    def inline(match: re.Match[str]) -> str:
        where = _where(module, int(match["line"]))
        return f"({where})" if where else match[0]

    return re.sub(rf"\({file}, line (?P<line>\d+)\)", inline, text)


def _time_note(result: SubmissionResult) -> str:
    """When the import timed out, the notebook's top-level code is what used the time: say so."""
    if (
        result.problem
        and "while importing your module" in result.problem
        and any(t in result.problem for t in TIMED_OUT)
    ):
        return (
            "the notebook's top-level code (training loops, plots: everything outside a function) runs when "
            "it is imported, before any test, and it used up the time limit; put such cells under "
            '`if __name__ == "__main__":` (still run in Jupyter, skipped when graded) / '
            "笔记本中函数之外的代码（训练循环、绘图）会在导入时、任何测试之前运行，它耗尽了时间限制；"
            '请把这些单元放在 `if __name__ == "__main__":` 之下'
        )
    spent, total = result.import_seconds, result.seconds
    if spent is not None and spent >= SLOW_IMPORT and spent >= total / 2:
        return (
            f"the notebook's top-level code (outside functions) took {spent:.1f} s of the {total:.1f} s this "
            "submission used: it runs on import, before any test; training loops and plots can go under "
            '`if __name__ == "__main__":` / 笔记本中函数之外的代码占用了 '
            f"{spent:.1f} 秒（共 {total:.1f} 秒），它在导入时、任何测试之前运行"
        )
    return ""


def annotate(result: SubmissionResult, submission: Submission | None, module_name: str) -> SubmissionResult:
    """The result of a notebook submission with cell locations and notes; other results unchanged."""
    notebook = submission.notebook if submission is not None else None
    if not isinstance(notebook, Notebook):
        return result
    file = f"{module_name}.py"
    tests = tuple(
        dataclasses.replace(t, feedback=relocate(t.feedback, file, notebook.module)) for t in result.tests
    )
    notes = list(notebook.module.notes)
    if len(notes) > MAX_NOTES:
        notes = [*notes[:MAX_NOTES], f"... and {len(notes) - MAX_NOTES} more lines that were not run"]
    if notebook.schema_note:
        notes.append(notebook.schema_note)
    timing = _time_note(result)
    if timing:
        notes.append(timing)
    return dataclasses.replace(
        result,
        tests=tests,
        problem=relocate(result.problem, file, notebook.module),
        notes=(*result.notes, *notes),
    )


def annotate_stream(
    results: Iterable[SubmissionResult], submissions: list[Submission], module_name: str
) -> Iterator[SubmissionResult]:
    """:func:`annotate` every result of a batch as it comes."""
    by_name = {s.name: s for s in submissions}
    for result in results:
        yield annotate(result, by_name.get(result.submission), module_name)
