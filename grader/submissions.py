"""Find the submissions a PATH names: a file, a folder of ``*.py`` files, or a folder of folders.

Nothing is lost silently: every file under a folder is either part of a submission or listed as
skipped with the reason. In a student's folder the module file is found case-insensitively
(``dan/BP.py``) and in a nested folder (``eve/src/bp.py``) when exactly one file fits.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.text import clean, display_name

__all__ = ["Skipped", "Submission", "Survey", "collect", "digest", "survey"]

MAX_SOURCE = 1 << 20  # bytes of Python per submission
MAX_NAME = 1000  # characters of a submission's name kept in results and reports
MAX_DEPTH = 32  # folder levels read inside a submissions folder (deeper ones are listed as skipped)
IGNORED_DIRS = {"__pycache__", ".git", ".ipynb_checkpoints", ".venv", "venv", "__MACOSX"}


@dataclass(frozen=True)
class Submission:
    """A submission's name (as shown in reports: see :func:`shown_name`) and its files, or why they
    cannot be read."""

    name: str
    files: dict[str, str]
    problem: str = ""
    notebook: Any = None  # a grader.notebooks.read.Notebook when the main file is an .ipynb


# notebooks: a folder's submissions are its *.py and *.ipynb files; <module>.py or <module>.ipynb is a main file
SOURCES = (".py", ".ipynb")


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


def shown_name(path: str) -> str:
    """A submission's name as results and reports carry it and batches look it up: bounded, and bytes
    that are not UTF-8 written as ``\\udcXX``. Made once, when the submission is read."""
    return clean(path, MAX_NAME)


def digest(submission: Submission) -> str:
    """A hash of a submission's files (names and contents): a changed file is a new submission."""
    h = hashlib.sha256()
    for name in sorted(submission.files):
        h.update(name.encode() + b"\0" + submission.files[name].encode() + b"\0")
    h.update(submission.problem.encode())
    return h.hexdigest()


LINK_REASON = (
    "a symbolic or hard link (not followed: it could point at another student's or the grader's files)"
)


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file, never through a symbolic link (O_NOFOLLOW) and
    never a file with other hard links: a submission cannot make the grader read a classmate's
    file, a secret or a 500 MB library (the size is checked before anything is read)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_nlink > 1:
            raise OSError(errno.EMLINK, "a hard link to another file")
        if info.st_size > limit:
            raise _TooLarge()
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _TooLarge(Exception):
    pass


def read_submission(
    name: str, module: str, main: Path, extra: list[Path], *, named: bool = False
) -> Submission:
    """Read a submission's files. `named`: the main file is a path the grader's user typed, which
    may be a symbolic link; files found inside folders never are followed. File names in the
    problems are the student's words: quoted unless plain."""
    name = shown_name(name)
    files: dict[str, str] = {}
    total = 0
    too_large = Submission(name, {}, f"the submission is larger than {MAX_SOURCE // 1024} KiB of Python")
    notebook: Any = None
    if main.suffix.lower() == ".ipynb":  # notebooks: grader/notebooks/ turns the JSON into a module
        from grader.notebooks.read import MAX_NOTEBOOK, NotebookError, read_notebook

        try:
            data = _read_bounded(main.resolve() if named else main, MAX_NOTEBOOK)
        except _TooLarge:
            return Submission(name, {}, f"{display_name(main.name)} is larger than {MAX_NOTEBOOK >> 20} MiB")
        except OSError as exc:
            why = "it is a symbolic link" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
            return Submission(name, {}, f"cannot read {display_name(main.name)}: {why}")
        try:
            notebook = read_notebook(data, main.name)
        except NotebookError as exc:
            return Submission(name, {}, f"{display_name(main.name)} {exc}")
        files[f"{module}.py"] = notebook.module.source
        total = len(notebook.module.source.encode("utf-8"))
    for path in [main, *extra]:
        if notebook is not None and path == main:
            continue
        target = path.resolve() if named and path == main else path
        try:
            data = _read_bounded(target, MAX_SOURCE - total)
        except _TooLarge:
            return too_large
        except OSError as exc:
            why = "it is a symbolic link" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
            return Submission(name, {}, f"cannot read {display_name(path.name)}: {why}")
        total += len(data)
        if total > MAX_SOURCE:
            return too_large
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Submission(name, {}, f"{display_name(path.name)} is not UTF-8 text (byte {exc.start})")
        files[f"{module}.py" if path == main else path.name] = text
    return Submission(name, files, notebook=notebook)


def _linked(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return True
    return stat.S_ISLNK(info.st_mode) or (stat.S_ISREG(info.st_mode) and info.st_nlink > 1)


def _files(folder: Path, out: Survey | None = None) -> list[Path]:
    """Every regular file under ``folder`` except in caches and version-control folders, sorted;
    links are never followed (os.walk without followlinks), and they, pipes, devices and folders
    deeper than MAX_DEPTH are listed as skipped."""
    found = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        here = Path(root)
        if len(here.relative_to(folder).parts) >= MAX_DEPTH and dirs:
            if out is not None:
                out.skipped.extend(
                    Skipped(str(here / d), f"nested more than {MAX_DEPTH} folders deep") for d in dirs
                )
            dirs.clear()  # os.walk recurses: a folder 2000 levels deep would exhaust Python's stack
        for name in sorted(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                if out is not None:
                    out.skipped.append(Skipped(str(here / name), LINK_REASON))
            elif name in IGNORED_DIRS:
                dirs.remove(name)
        for name in names:
            path = here / name
            if name in IGNORED_DIRS:
                continue
            if _linked(path):
                if out is not None:
                    out.skipped.append(Skipped(str(path), LINK_REASON))
                continue
            if path.is_file():
                found.append(path)
            elif out is not None:
                out.skipped.append(Skipped(str(path), "not a regular file (a pipe, socket or device)"))
    return sorted(found)


def _is_module(path: Path, module: str) -> bool:
    return path.suffix.lower() in SOURCES and path.stem.lower() == module.lower()


def _student_folder(folder: Path, module: str, out: Survey) -> None:
    """One student's folder: its module file (case-insensitive, possibly nested) and its helpers."""
    files = _files(folder, out)
    candidates = [p for p in files if _is_module(p, module)]
    exact = [p for p in candidates if p.parent == folder]
    if len(exact) == 1:
        candidates = exact
    if len(candidates) != 1:
        reason = (
            f"no {module}.py or {module}.ipynb in it"
            if not candidates
            else "more than one file could be the submission: "
            + ", ".join(str(p.relative_to(folder)) for p in candidates)
        )
        out.skipped.extend(Skipped(str(p), f"{folder.name}/: {reason}") for p in files or [folder])
        return
    main = candidates[0]
    helpers = [p for p in files if p.parent == main.parent and p.suffix == ".py" and p != main]
    helpers = [p for p in helpers if not p.name.startswith("test_")]
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
            out.submissions.append(read_submission(str(path), module, path, [], named=True))
        elif path.is_dir():
            before = len(out.submissions) + len(out.skipped)
            entries = sorted(path.iterdir())
            for link in [p for p in entries if _linked(p)]:
                out.skipped.append(Skipped(str(link), LINK_REASON))
            entries = [p for p in entries if not _linked(p)]
            top = [p for p in entries if p.is_file()]
            folders = [p for p in entries if p.is_dir() and p.name not in IGNORED_DIRS]
            own = [p for p in top if _is_module(p, module)]
            if own and not folders and len(own) == 1:  # a single student's folder
                _student_folder(path, module, out)
                continue
            for file in top:
                if file.suffix.lower() in SOURCES and not file.name.startswith("test_"):
                    out.submissions.append(read_submission(str(file), module, file, []))
                elif file.suffix.lower() == ".py":
                    out.skipped.append(Skipped(str(file), "a test file (tests are not graded)"))
                else:
                    out.skipped.append(Skipped(str(file), "not a Python file"))
            for folder in folders:
                _student_folder(folder, module, out)
            if len(out.submissions) + len(out.skipped) == before:
                raise UsageError(
                    f"{path}: no submissions here (no *.py or *.ipynb files, no sub-folder with {module}.py)"
                )
        else:
            raise UsageError(f"{path}: no such file or folder")
    return _distinct(out)


def _distinct(out: Survey) -> Survey:
    """Two submissions whose names read the same once shown (bytes that are not UTF-8, or names
    past MAX_NAME) cannot both be reported: the later one is skipped, saying why."""
    seen: set[str] = set()
    kept = []
    for submission in out.submissions:
        if submission.name in seen:
            out.skipped.append(Skipped(submission.name, "its name reads the same as another submission's"))
        else:
            seen.add(submission.name)
            kept.append(submission)
    out.submissions = kept
    return out


def collect(paths: list[Path], module: str) -> list[Submission]:
    """The submissions :func:`survey` finds (what it skips is dropped; the CLI lists it)."""
    return survey(paths, module).submissions
