"""Find the submissions a PATH names: a file, a folder of ``*.py`` files, or a folder of folders.

Nothing is lost silently: every file under a folder is either part of a submission or listed as
skipped with the reason. In a student's folder the module file is found case-insensitively
(``dan/BP.py``) and in a nested folder (``eve/src/bp.py``) when exactly one file fits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import UsageError

__all__ = ["Skipped", "Submission", "Survey", "collect", "digest", "survey"]

MAX_SOURCE = 1 << 20  # bytes of Python per submission
IGNORED_DIRS = {"__pycache__", ".git", ".ipynb_checkpoints", ".venv", "venv", "__MACOSX"}


@dataclass(frozen=True)
class Submission:
    """A submission's name (as shown in reports) and its files, or why they cannot be read."""

    name: str
    files: dict[str, str]
    problem: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file under a submissions folder that is not graded, and why."""

    path: str
    reason: str


@dataclass
class Survey:
    """What a set of PATHs holds: the submissions to grade and every file left out."""

    submissions: list[Submission] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def digest(submission: Submission) -> str:
    """A hash of a submission's files (names and contents): a changed file is a new submission."""
    h = hashlib.sha256()
    for name in sorted(submission.files):
        h.update(name.encode() + b"\0" + submission.files[name].encode() + b"\0")
    h.update(submission.problem.encode())
    return h.hexdigest()


def read_submission(name: str, module: str, main: Path, extra: list[Path]) -> Submission:
    files: dict[str, str] = {}
    total = 0
    for path in [main, *extra]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Submission(name, {}, f"cannot read {path}: {exc.strerror}")
        total += len(data)
        if total > MAX_SOURCE:
            return Submission(name, {}, f"the submission is larger than {MAX_SOURCE // 1024} KiB of Python")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Submission(name, {}, f"{path.name} is not UTF-8 text (byte {exc.start})")
        files[f"{module}.py" if path == main else path.name] = text
    return Submission(name, files)


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder`` except in caches and version-control folders, sorted."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part in IGNORED_DIRS for part in rel.parts[:-1]) or path.name in IGNORED_DIRS:
            continue
        if path.is_file():
            found.append(path)
    return found


def _is_module(path: Path, module: str) -> bool:
    return path.suffix.lower() == ".py" and path.stem.lower() == module.lower()


def _student_folder(folder: Path, module: str, out: Survey) -> None:
    """One student's folder: its module file (case-insensitive, possibly nested) and its helpers."""
    files = _files(folder)
    candidates = [p for p in files if _is_module(p, module)]
    exact = [p for p in candidates if p.parent == folder]
    if len(exact) == 1:
        candidates = exact
    if len(candidates) != 1:
        reason = (
            f"no {module}.py in it"
            if not candidates
            else "more than one file could be the submission: "
            + ", ".join(str(p.relative_to(folder)) for p in candidates)
        )
        out.skipped.extend(Skipped(str(p), f"{folder.name}/: {reason}") for p in files or [folder])
        return
    main = candidates[0]
    helpers = [
        p for p in main.parent.glob("*.py") if p != main and p.is_file() and not p.name.startswith("test_")
    ]
    out.submissions.append(read_submission(str(folder), module, main, sorted(helpers)))
    for path in files:
        if path == main or path in helpers:
            continue
        if path.name.startswith("test_") and path.suffix == ".py":
            reason = f"a test file in {folder.name}/ (tests are not graded)"
        elif path.suffix.lower() == ".py":
            reason = f"not next to {main.name}, so not importable by it"
        else:
            reason = f"not a Python file (part of {folder.name}/, not graded)"
        out.skipped.append(Skipped(str(path), reason))


def survey(paths: list[Path], module: str) -> Survey:
    """Every submission under ``paths``: a ``.py`` file, each ``*.py`` in a folder, or each
    sub-folder holding ``<module>.py`` (with the sub-folder's other ``.py`` files as helpers)."""
    out = Survey()
    for path in paths:
        if path.is_file():
            out.submissions.append(read_submission(str(path), module, path, []))
        elif path.is_dir():
            before = len(out.submissions) + len(out.skipped)
            top = sorted(p for p in path.iterdir() if p.is_file())
            folders = sorted(p for p in path.iterdir() if p.is_dir() and p.name not in IGNORED_DIRS)
            own = [p for p in top if _is_module(p, module)]
            if own and not folders and len(own) == 1:  # a single student's folder
                _student_folder(path, module, out)
                continue
            for file in top:
                if file.suffix.lower() == ".py" and not file.name.startswith("test_"):
                    out.submissions.append(read_submission(str(file), module, file, []))
                elif file.suffix.lower() == ".py":
                    out.skipped.append(Skipped(str(file), "a test file (tests are not graded)"))
                else:
                    out.skipped.append(Skipped(str(file), "not a Python file"))
            for folder in folders:
                _student_folder(folder, module, out)
            if len(out.submissions) + len(out.skipped) == before:
                raise UsageError(
                    f"{path}: no submissions here (no *.py files, no sub-folder with {module}.py)"
                )
        else:
            raise UsageError(f"{path}: no such file or folder")
    return out


def collect(paths: list[Path], module: str) -> list[Submission]:
    """The submissions :func:`survey` finds (what it skips is dropped; the CLI lists it)."""
    return survey(paths, module).submissions
