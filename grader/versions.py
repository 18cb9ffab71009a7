"""Versions a grading record depends on: ``--resume`` reuses a record only when they all still match.

A version is a hash of the files themselves, not a number someone must remember to bump: any edit
to the grader's code or to an exercise's hidden tests (cases, reference, mistakes) makes old records
stale.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from grader.exercise import Exercise

__all__ = ["grader_version", "hidden_version"]

GRADER = Path(__file__).resolve().parent


def _hash(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@cache
def grader_version() -> str:
    """A hash of the grader's own Python files (the judging, the sandbox, the wire format)."""
    return _hash([p for p in GRADER.glob("*.py") if p.is_file()], GRADER)


def hidden_version(exercise: Exercise) -> str:
    """A hash of the exercise's declaration and hidden tests (grading.py, reference.py, ...)."""
    files = [exercise.folder / "exercise.yaml", *(p for p in exercise.solutions.glob("*.py") if p.is_file())]
    return _hash([p for p in files if p.is_file()], exercise.folder.parent.parent)
