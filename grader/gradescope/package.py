"""Build Gradescope's ``autograder.zip`` for one exercise.

The zip holds ``setup.sh`` and ``run_autograder`` at its root (where Gradescope looks), the grader as a
Python project with only this exercise and its hidden tests, the hashed lock, the settings, and a
README for the instructor. Nothing a submission sees: the sandbox mounts none of ``/autograder``, and
``setup.sh`` makes the hidden tests readable by root only.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from grader.errors import UsageError
from grader.exercise import Exercise
from grader.gradescope.settings import Settings

__all__ = ["build_autograder"]

HERE = Path(__file__).resolve().parent
PROJECT_FILES = ("pyproject.toml", "requirements/lock.txt")
PACKAGES = ("grader", "dlprep")  # pyproject.toml installs both; dlprep is the bank's code, nothing hidden
SKIP = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
EXECUTABLE = {"setup.sh", "run_autograder"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP or n.endswith(".pyc")}


def _readme(exercise: Exercise, settings: Settings) -> str:
    return (
        (HERE / "README.template.md")
        .read_text(encoding="utf-8")
        .format(
            exercise=exercise.name,
            title=exercise.title,
            points=f"{exercise.points:g}",
            module=exercise.module,
            visibility=settings.visibility,
            stdout_visibility=settings.stdout_visibility,
            leaderboard=settings.leaderboard or "none",
            timeout=f"{settings.timeout:g}",
            memory=settings.memory,
        )
    )


def build_autograder(root: Path, exercise: Exercise, settings: Settings, out: Path) -> list[str]:
    """Write the zip to ``out`` atomically; return the names it holds."""
    if not exercise.has_hidden_tests():
        raise UsageError(f"{exercise.name}: no hidden tests ({exercise.solutions}/grading.py) to package")
    if out.suffix != ".zip":
        raise UsageError(f"--out {out}: the autograder is a .zip file")
    with tempfile.TemporaryDirectory(prefix="grade-package-") as tmp:
        stage = Path(tmp)
        for script in ("setup.sh", "run_autograder"):
            shutil.copy(HERE / script, stage / script)
        (stage / "settings.json").write_text(settings.to_json(), encoding="utf-8")
        (stage / "README.md").write_text(_readme(exercise, settings), encoding="utf-8")
        project = stage / "project"
        for name in PROJECT_FILES:
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / name, project / name)
        (project / "README.md").write_text(
            f"dlprep's grader, packaged for {exercise.name}.\n", encoding="utf-8"
        )
        for package in PACKAGES:
            shutil.copytree(root / package, project / package, ignore=_ignore)
        shutil.copytree(exercise.folder, project / "exercises" / exercise.name, ignore=_ignore)
        shutil.copytree(exercise.solutions, project / "solutions" / exercise.name, ignore=_ignore)
        names = []
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(stage.rglob("*")):
                    if path.is_file():
                        name = path.relative_to(stage).as_posix()
                        info = zipfile.ZipInfo(
                            name, date_time=(2026, 1, 1, 0, 0, 0)
                        )  # the same bytes every build
                        mode = 0o755 if name in EXECUTABLE else 0o644
                        info.external_attr = (0o100000 | mode) << 16
                        info.compress_type = zipfile.ZIP_DEFLATED
                        archive.writestr(info, path.read_bytes())
                        names.append(name)
            os.replace(partial, out)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return names
