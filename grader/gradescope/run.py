"""What ``run_autograder`` runs for each submission: find it, grade it in the sandbox, write results.json.

``python -m grader.gradescope.run --root /autograder``: the root holds ``source/`` (the unpacked zip),
``submission/`` (the student's files) and ``results/``; tests point ``--root`` at a folder of their own.
Whatever happens, Gradescope gets a ``results.json`` that says it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from dlprep.atomic import write_atomic
from grader.gradescope.settings import Settings, apply_settings

__all__ = ["find_submission", "main"]

MAX_DEPTH = 4
SKIP = {"__MACOSX", "__pycache__", ".git", ".ipynb_checkpoints"}


def _candidates(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if len(rel.parts) > MAX_DEPTH or any(p in SKIP or p.startswith(".") for p in rel.parts):
            continue
        wanted = path.suffix.lower() in (".py", ".ipynb") and not path.name.startswith("test_")
        if wanted and path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def find_submission(folder: Path, module: str) -> tuple[Path | None, str]:
    """The file to grade: ``<module>.py``, else ``<module>.ipynb``, else the only ``.py`` or notebook."""
    found = _candidates(folder)
    for name in (f"{module}.py", f"{module}.ipynb"):
        named = [p for p in found if p.name.lower() == name.lower()]
        if named:
            return min(named, key=lambda p: len(p.parts)), ""
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, f"no {module}.py or notebook (.ipynb) was submitted"
    names = ", ".join(str(p.relative_to(folder)) for p in found[:8])
    return None, f"several files were submitted ({names}); submit {module}.py or one notebook"


def _write(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2))


def grade_submission(root: Path, settings: Settings) -> dict[str, Any]:
    """Gradescope's results for the submission under ``root / "submission"``."""
    from grader.batch import grade_batch
    from grader.exercise import find_exercise
    from grader.notebooks.submission import annotate
    from grader.report import as_gradescope
    from grader.sandbox import Limits
    from grader.submissions import read_submission

    project = root / "source" / "project"
    spec = find_exercise(settings.exercise, project)
    path, problem = find_submission(root / "submission", spec.module)
    if path is None:
        return {
            "score": 0,
            "output": f"{problem} / 请提交 {spec.module}.py 或一个笔记本 (.ipynb)",
            "tests": [],
        }
    helpers = [p for p in path.parent.glob("*.py") if p != path and not p.name.startswith("test_")]
    submission = read_submission(path.name, spec.module, path, helpers if path.suffix == ".py" else [])
    limits = Limits(wall=settings.timeout, cpu=settings.timeout, memory=settings.memory << 20)
    (result,) = list(grade_batch(spec, [submission], jobs=1, device="cpu", limits=limits))
    result = annotate(result, submission, spec.module)
    data: dict[str, Any] = json.loads(as_gradescope(result))
    scores = result.function_scores().items()
    per_function = ", ".join(f"{name} {round(got, 4):g}/{round(most, 4):g}" for name, (got, most) in scores)
    graded = path.relative_to(root / "submission")
    data["output"] = f"Graded {graded}: {data['score']}/{spec.points:g} points ({per_function}).\n" + str(
        data.get("output", "")
    )
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="run_autograder", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path(os.environ.get("AUTOGRADER_ROOT", "/autograder")))
    args = parser.parse_args(argv)
    root: Path = args.root
    os.environ["GRADE_PROJECT"] = str(root / "source" / "project")
    settings = Settings.read(root / "source" / "settings.json")
    try:
        data = grade_submission(root, settings)
    except Exception as exc:
        _write(
            root / "results" / "results.json",
            {"score": 0, "output": f"the autograder failed: {exc}", "tests": []},
        )
        print(f"run_autograder: {type(exc).__name__}: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    _write(root / "results" / "results.json", apply_settings(data, settings))
    print(f"results.json: {data.get('score')} points", file=sys.stderr)


if __name__ == "__main__":
    main()
