"""``grade release``: the student handout, with the exercises, the banks and the tool, and nothing hidden."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from grader.errors import UsageError

__all__ = ["build_release", "leaks"]

INCLUDE = ("exercises", "questions", "dlprep", "grader", "docs", "pyproject.toml", "README.md")
SKIP_NAMES = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "grading.py"}
HANDOUT = """# Student handout

Install the tool (Python 3.11+) and run the public tests of an exercise:

    python -m venv .venv && .venv/bin/pip install torch==2.13.0 -e '.[dev]'
    .venv/bin/pytest exercises/exercise_bp/test_public.py

`grade <exercise>` needs the course's hidden tests, which are not part of this handout: submit your
file and your instructor's grader runs them. `quiz` and `exam show` work on `questions/` here.
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


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP_NAMES or n.endswith((".pyc", ".egg-info"))}


def build_release(root: Path, out: Path) -> list[Path]:
    """Copy the handout into ``out`` (created whole or not at all); return the top-level entries."""
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{out}: exists and is not empty; choose a new folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".grade-release-", dir=out.parent))
    except OSError as exc:
        raise UsageError(f"{out}: cannot write here: {exc.strerror}") from None
    try:
        for name in INCLUDE:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, staging / name, ignore=_ignore)
            elif source.is_file():
                shutil.copy2(source, staging / name)
        (staging / "HANDOUT.md").write_text(HANDOUT, encoding="utf-8")
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
