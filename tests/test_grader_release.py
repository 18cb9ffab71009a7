"""`grade release`: the handout has the exercises, banks and tool, and nothing hidden."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.errors import UsageError
from grader.release import build_release, leaks

REPO = Path(__file__).resolve().parent.parent


def test_release_holds_the_handout_and_leaks_nothing(tmp_path: Path) -> None:
    out = tmp_path / "handout"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "grade"), "release", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    assert {"exercises", "questions", "dlprep", "grader", "pyproject.toml", "HANDOUT.md"} <= names
    assert "solutions" not in names and "tests" not in names
    assert (out / "exercises" / "exercise_bp" / "bp.py").is_file()
    assert leaks(out, REPO / "solutions") == []
    hidden = {p.read_bytes() for p in (REPO / "solutions").rglob("*.py")}
    assert not any(p.read_bytes() in hidden for p in out.rglob("*") if p.is_file())


def test_leak_detector_finds_planted_copies(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    shutil.copy(REPO / "solutions" / "exercise_bp" / "solution.py", tmp_path / "exercises" / "renamed.py")
    (tmp_path / "grading.py").write_text("x = 1\n")
    assert leaks(tmp_path, REPO / "solutions") == ["exercises/renamed.py", "grading.py"]


def test_release_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        build_release(REPO, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
