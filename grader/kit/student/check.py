"""``python check.py EXERCISE [FILE]``: run an exercise's public tests on a file or a notebook.

Runs on the student's machine with NumPy and pytest only. The file (default: the exercise's starter,
which the student edits) is copied beside a copy of the public tests in a temporary folder, a notebook
first becomes the module the grader would grade (the same converter, the same notes), and pytest runs
with warnings as errors, as when grading. The summary says per function what passed, with the
grader's hints, and for a notebook names the cell a traceback points into.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

try:  # inside the project
    from grader.kit.student.messages import exception_hints
    from grader.notebooks.convert import Cell, Module, build_module
except ImportError:  # inside the student kit, where both ship in this package
    from dlprep_check.convert import Cell, Module, build_module  # type: ignore[no-redef,import-not-found]
    from dlprep_check.messages import exception_hints  # type: ignore[no-redef,import-not-found]

__all__ = ["main", "notebook_module"]

USAGE = "usage: python check.py EXERCISE [FILE.py | NOTEBOOK.ipynb]"


class CheckError(Exception):
    """A usage mistake: one line, exit code 2."""


def notebook_module(path: Path) -> Module:
    """The module a notebook becomes (as the grader makes it; the grader reads with nbformat)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CheckError(f"{path}: cannot read the notebook: {exc}") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise CheckError(f"{path}: not a notebook (no list of cells)")
    code = []
    for number, cell in enumerate(cells, start=1):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            code.append(Cell(number, "".join(source) if isinstance(source, list) else str(source)))
    if not code:
        raise CheckError(f"{path}: the notebook has no code cells")
    return build_module(code, path.name)


def _exercise(kit: Path, name: str) -> dict[str, Any]:
    path = kit / "exercises" / name / "exercise.json"
    if not path.is_file():
        known = sorted(p.parent.name for p in (kit / "exercises").glob("*/exercise.json"))
        raise CheckError(f"unknown exercise {name!r}; the kit has: {', '.join(known) or 'none'}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _function_of(test: str, functions: list[str]) -> str:
    """The declared function a public test is about: the longest name its test name contains."""
    name = test.split("[")[0].lower()
    found = [f for f in functions if f.lower() in name]
    return max(found, key=len) if found else "other"


class _Collector:
    """A pytest plugin: the outcome, exception type and student frames of every public test."""

    def __init__(self, module_file: str) -> None:
        self.module_file = module_file
        self.outcomes: dict[str, tuple[str, str, list[str]]] = {}

    def pytest_runtest_makereport(self, item: Any, call: Any) -> None:
        if call.when != "call" and call.excinfo is None:
            return
        if item.name in self.outcomes and self.outcomes[item.name][0] != "passed":
            return
        if call.excinfo is None:
            self.outcomes[item.name] = ("passed", "", [])
            return
        excinfo = call.excinfo
        kind = excinfo.type.__name__
        message = str(excinfo.value).strip().splitlines()
        frames = [
            (int(entry.lineno) + 1, entry.name, str(entry.statement).strip().splitlines()[0][:200])
            for entry in excinfo.traceback
            if os.path.basename(str(entry.path)) == self.module_file
        ]
        lines = [f"{kind}: {message[0][:300]}" if message else kind]
        lines += [f"  {self.module_file}, line {n}, in {func}: {text}" for n, func, text in frames]
        module = getattr(excinfo.value, "name", None) if isinstance(excinfo.value, ImportError) else None
        lines += exception_hints(kind, module, message[0] if message else "")
        self.outcomes[item.name] = ("failed" if call.when == "call" else "error", kind, lines)


def _relocate(line: str, module_file: str, module: Module | None) -> str:
    prefix = f"  {module_file}, line "
    if module is None or not line.startswith(prefix):
        return line
    number, rest = line[len(prefix) :].split(",", 1)
    found = module.locate(int(number))
    if found is None:
        return line
    cell, at = found
    return f'  cell {cell.number} ("{cell.first_line}"), line {at},{rest}'


def _import_problem(path: Path, module: Module | None) -> str:
    """What importing the module raises (as the grader words it), or "" when it imports cleanly."""
    import importlib.util
    import traceback
    import warnings

    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        return f"ImportError: cannot load {path.name}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except BaseException as exc:  # noqa: BLE001 - whatever the student's import raises is the finding
        kind = type(exc).__name__
        text = str(exc)
        if isinstance(exc, SyntaxError) and module is not None and exc.lineno and exc.msg:
            found = module.locate(exc.lineno)  # "invalid syntax (bp.py, line 12)" names the cell instead
            if found is not None:
                text = f'{exc.msg} (cell {found[0].number} ("{found[0].first_line}"), line {found[1]})'
        lines = [f"{kind}: {text}" if text else kind]
        for frame in traceback.extract_tb(exc.__traceback__):
            if os.path.basename(frame.filename) == path.name:
                text = (frame.line or "").strip()[:200]
                lines.append(
                    _relocate(
                        f"  {path.name}, line {frame.lineno}, in {frame.name}: {text}", path.name, module
                    )
                )
        lines += exception_hints(
            kind, getattr(exc, "name", None) if isinstance(exc, ImportError) else None, str(exc)
        )
        return "\n      ".join(lines)
    return ""


def run_check(kit: Path, exercise: str, target: Path | None) -> int:
    import pytest

    spec = _exercise(kit, exercise)
    folder = kit / "exercises" / exercise
    module_name = spec["module"]
    target = target or folder / f"{module_name}.py"
    if not target.is_file():
        raise CheckError(f"{target}: no such file")
    module = notebook_module(target) if target.suffix.lower() == ".ipynb" else None
    functions = list(spec["functions"])
    with tempfile.TemporaryDirectory(prefix="check-") as tmp:
        work = Path(tmp)
        shutil.copy(folder / "test_public.py", work / "test_public.py")
        if module is not None:
            (work / f"{module_name}.py").write_text(module.source, encoding="utf-8")
        else:
            shutil.copy(target, work / f"{module_name}.py")
        problem = _import_problem(work / f"{module_name}.py", module)
        if problem:
            print(
                f"{target.name}: 0 public tests passed ({exercise})\n  problem: importing your module raised {problem}"
            )
            return 1
        collector = _Collector(f"{module_name}.py")
        args = [str(work / "test_public.py"), "-q", "--tb=no", "-rN", "-p", "no:cacheprovider", "-W", "error"]
        args += ["-o", "console_output_style=classic", "--rootdir", str(work)]
        code = pytest.main(args, plugins=[collector])
    if code not in (0, 1):
        raise CheckError(f"pytest could not run the public tests of {exercise} (exit {code})")
    outcomes = collector.outcomes
    passed = sum(1 for o in outcomes.values() if o[0] == "passed")
    print(f"\n{target.name}: {passed}/{len(outcomes)} public tests passed ({exercise})")
    by_function: dict[str, list[str]] = {f: [] for f in functions}
    for test in outcomes:
        by_function.setdefault(_function_of(test, functions), []).append(test)
    width = max(map(len, by_function), default=0)
    for function, tests in by_function.items():
        if tests:
            ok = sum(1 for t in tests if outcomes[t][0] == "passed")
            mark = "ok " if ok == len(tests) else "   "
            print(f"  {mark}{function.ljust(width)}  {ok}/{len(tests)} tests")
    for note in module.notes if module is not None else ():
        print(f"  note: {note}")
    for test, (status, _, lines) in outcomes.items():
        if status != "passed":
            print(f"  - {test} [{status}]")
            for line in lines:
                print("      " + _relocate(line, f"{module_name}.py", module))
    print(
        "The grader runs further, hidden tests; passing these public tests does not guarantee full marks.\n"
        "评分时还会运行更多隐藏测试；通过公开测试并不保证满分。"
    )
    return 0 if passed == len(outcomes) and outcomes else 1


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help") or len(args) > 2:
        print(USAGE, file=sys.stderr if not args or args[0] not in ("-h", "--help") else sys.stdout)
        sys.exit(0 if args and args[0] in ("-h", "--help") else 2)
    kit = Path(os.environ.get("DLPREP_KIT", Path(__file__).resolve().parents[1]))
    try:
        sys.exit(run_check(kit, args[0], Path(args[1]) if len(args) > 1 else None))
    except CheckError as exc:
        print(f"check: {exc}", file=sys.stderr)
        sys.exit(2)
