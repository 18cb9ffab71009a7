"""``grade release``: the student kit. Exercises, public tests, a ``check`` script, a bilingual README,
and a lock of NumPy and pytest, so it installs in seconds; never a solution or a hidden test."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from grader.errors import UsageError
from grader.exercise import Exercise, list_exercises
from grader.kit.questions import QUESTION_MODES, practice_text, reserved_ids
from grader.kit.readme import student_readme

__all__ = ["build_release", "leaks"]

SKIP_NAMES = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "grading.py"}
# What runs on the student's machine, copied into the kit's dlprep_check/ (standard library, NumPy, pytest).
CHECK_FILES = {
    "__init__.py": "grader/kit/student/__init__.py",
    "check.py": "grader/kit/student/check.py",
    "messages.py": "grader/kit/student/messages.py",
    "convert.py": "grader/notebooks/convert.py",
}
CHECK_SCRIPT = '''#!/usr/bin/env python3
"""Run an exercise's public tests: python check.py exercise_bp [bp.py | homework.ipynb]"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dlprep_check.check import main  # noqa: E402

main()
'''
PYTEST_INI = """[pytest]
# As when grading: a warning (an overflow in exp, say) is an error.
filterwarnings = error
addopts = -p no:cacheprovider
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leaks(handout: Path, solutions: Path) -> list[str]:
    """Files in ``handout`` that expose hidden material: a solutions folder, a grading module, or any
    file whose bytes equal a file under ``solutions``."""
    secret = {_digest(p) for p in solutions.rglob("*") if p.is_file()} if solutions.is_dir() else set()
    found = []
    for path in sorted(handout.rglob("*")):
        rel = path.relative_to(handout)
        if path.is_dir() and path.name == "solutions":
            found.append(f"{rel}/")
        elif path.is_file() and (path.name == "grading.py" or _digest(path) in secret):
            found.append(str(rel))
    return found


def exercise_json(exercise: Exercise) -> str:
    """The public declaration as JSON: the kit's ``check.py`` reads it without PyYAML."""
    data = {
        "name": exercise.name,
        "title": {"en": exercise.title, "zh": exercise.title_zh},
        "module": exercise.module,
        "functions": {f.name: {"points": f.points, "args": list(f.args)} for f in exercise.functions},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _copy_exercise(exercise: Exercise, target: Path) -> None:
    target.mkdir(parents=True)
    for name in ("README.md", f"{exercise.module}.py", "test_public.py"):
        if (exercise.folder / name).is_file():
            shutil.copy2(exercise.folder / name, target / name)
    (target / "exercise.json").write_text(exercise_json(exercise), encoding="utf-8")


def _copy_questions(root: Path, target: Path, mode: str, reserved: set[str]) -> list[str]:
    """The bank as ``mode`` asks; return the ids left out."""
    left_out: list[str] = []
    if mode == "none":
        return left_out
    target.mkdir()
    for path in sorted((root / "questions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if mode == "practice":
            text, removed = practice_text(text, reserved, str(path))
            left_out += removed
        (target / path.name).write_text(text, encoding="utf-8")
    return left_out


def build_release(
    root: Path, out: Path, questions: str = "practice", exam_specs: list[Path] | None = None
) -> list[Path]:
    """Write the kit into ``out`` (created whole or not at all); return its top-level entries.

    ``questions``: ``none``, ``practice`` (the bank without what ``exam_specs`` reserve) or ``all``."""
    if questions not in QUESTION_MODES:
        raise UsageError(f"--questions {questions}: use one of {', '.join(QUESTION_MODES)}")
    if exam_specs and questions != "practice":
        raise UsageError("--exam-spec reserves questions for --questions practice only")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out}: exists and is not empty; choose a new folder")
    exercises = list_exercises(root)
    if not exercises:
        raise UsageError(f"{root}: no exercises to release (looked for exercises/*/exercise.yaml)")
    reserved = reserved_ids(exam_specs or [], root / "questions") if questions == "practice" else set()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".grade-release-", dir=out.parent))
    except OSError as exc:
        raise UsageError(f"{out}: cannot write here: {exc.strerror}") from None
    try:
        for exercise in exercises:
            _copy_exercise(exercise, staging / "exercises" / exercise.name)
        left_out = _copy_questions(root, staging / "questions", questions, reserved)
        tools = staging / "dlprep_check"
        tools.mkdir()
        for name, source in CHECK_FILES.items():
            shutil.copy2(root / source, tools / name)
        (staging / "check.py").write_text(CHECK_SCRIPT, encoding="utf-8")
        (staging / "check.py").chmod(0o755)
        (staging / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        shutil.copy2(root / "requirements" / "student.txt", staging / "requirements.txt")
        (staging / "README.md").write_text(
            student_readme(exercises, questions, len(left_out)), encoding="utf-8"
        )
        found = leaks(staging, root / "solutions")
        if found:
            raise UsageError(f"refusing to release: hidden material would leak: {', '.join(found[:5])}")
        if out.exists():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(out.iterdir())
