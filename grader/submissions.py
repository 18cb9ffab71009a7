"""Find the submissions a PATH names: a file, a folder of ``*.py`` files, or a folder of folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError

__all__ = ["Submission", "collect"]

MAX_SOURCE = 1 << 20  # bytes of Python per submission


@dataclass(frozen=True)
class Submission:
    """A submission's name (as shown in reports) and its files, or why they cannot be read."""

    name: str
    files: dict[str, str]
    problem: str = ""
    notebook: Any = None  # a grader.notebooks.read.Notebook when the main file is an .ipynb


# notebooks: a folder's submissions are its *.py and *.ipynb files; <module>.py or <module>.ipynb is a main file
SOURCES = (".py", ".ipynb")


def _main(folder: Path, module: str) -> Path | None:
    for suffix in SOURCES:
        if (folder / f"{module}{suffix}").is_file():
            return folder / f"{module}{suffix}"
    return None


def read_submission(name: str, module: str, main: Path, extra: list[Path]) -> Submission:
    if main.suffix.lower() == ".ipynb":  # notebooks: grader/notebooks/ reads them
        from grader.notebooks.submission import read_notebook_submission

        return read_notebook_submission(name, module, main, extra)
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


def collect(paths: list[Path], module: str) -> list[Submission]:
    """Every submission under ``paths``: a ``.py`` file, each ``*.py`` in a folder, or each
    sub-folder's ``<module>.py`` (with the sub-folder's other ``.py`` files as helpers)."""
    found: list[Submission] = []
    for path in paths:
        if path.is_file():
            found.append(read_submission(str(path), module, path, []))
        elif path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in SOURCES and p.is_file())
            folders = sorted(p for p in path.iterdir() if p.is_dir() and _main(p, module))
            top = _main(path, module)
            if top is not None and not folders:
                main = top
                files = [p for p in files if p.suffix == ".py"]
                helpers = [p for p in files if p != main and not p.name.startswith("test_")]
                found.append(read_submission(str(path), module, main, helpers))
                continue
            for file in files:
                found.append(read_submission(str(file), module, file, []))
            for folder in folders:
                main = _main(folder, module) or folder / f"{module}.py"
                helpers = sorted(
                    p for p in folder.glob("*.py") if p != main and not p.name.startswith("test_")
                )
                found.append(read_submission(str(folder), module, main, helpers))
            if not files and not folders:
                raise UsageError(
                    f"{path}: no submissions here (no *.py or *.ipynb files, no sub-folder with {module}.py)"
                )
        else:
            raise UsageError(f"{path}: no such file or folder")
    return found
