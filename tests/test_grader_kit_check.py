"""The kit's check.py: runs on a Python that has NumPy and pytest and nothing else (no torch, no PyYAML,
no dlprep), reads notebooks as the grader does, and speaks with the grader's words."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.judge import _exception
from grader.release import build_release

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"
STUDENT_PACKAGES = ("numpy", "pytest", "pluggy", "iniconfig", "packaging", "pygments")


def _student_site(folder: Path) -> Path:
    """A site folder holding only the student lock's packages (links into this venv)."""
    folder.mkdir()
    for name in STUDENT_PACKAGES:
        dist = importlib.metadata.distribution(name)
        tops = {Path(str(f)).parts[0] for f in dist.files or () if not str(f).startswith("..")}
        for top in tops:
            source = Path(str(dist.locate_file(top)))
            if source.exists() and not top.endswith((".dist-info", ".pth")) and not (folder / top).exists():
                (folder / top).symlink_to(source)
    return folder


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("kit")
    build_release(REPO, tmp / "kit", "none")
    return tmp / "kit", _student_site(tmp / "site")


def check(
    kit: tuple[Path, Path], *args: str | Path, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -S check.py ARGS`` (or ``-c code``) with only the student packages importable."""
    folder, site = kit
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(site), "HOME": str(folder)}
    argv = [sys.executable, "-S", *(["-c", code] if code else ["check.py", *map(str, args)])]
    return subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def test_the_student_python_has_numpy_and_pytest_but_not_torch_yaml_or_dlprep(kit: tuple[Path, Path]) -> None:
    done = check(kit, code="import numpy, pytest; print('ok')")
    assert done.stdout.strip() == "ok", done.stderr
    for module in ("torch", "yaml", "grader", "dlprep", "nbformat"):
        done = check(kit, code=f"import {module}")
        assert done.returncode == 1 and "ModuleNotFoundError" in done.stderr, module


def test_check_passes_the_solution_and_fails_the_starter_per_function(
    kit: tuple[Path, Path], tmp_path: Path
) -> None:
    shutil.copy(REPO / "solutions" / "exercise_bp" / "solution.py", tmp_path / "mine.py")
    done = check(kit, "exercise_bp", tmp_path / "mine.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mine.py: 7/7 public tests passed (exercise_bp)" in done.stdout
    assert "ok backward    1/1 tests" in done.stdout
    done = check(kit, "exercise_bp")  # the kit's own starter
    assert done.returncode == 1 and "bp.py: 0/7 public tests passed" in done.stdout
    assert "NotImplementedError: exercise_bp: implement sigmoid" in done.stdout
    assert "bp.py, line 17, in sigmoid: raise NotImplementedError" in done.stdout


def test_check_reads_a_notebook_as_the_grader_does(kit: tuple[Path, Path]) -> None:
    done = check(kit, "exercise_bp", CORPUS / "buggy" / "backward-shape-error.ipynb")
    assert done.returncode == 1
    assert 'cell 6 ("def backward("), line 8, in backward: delta1 = (delta2 @ W2)' in done.stdout
    assert "backward    0/1 tests" in done.stdout and "ok sigmoid" in done.stdout
    done = check(kit, "exercise_bp", CORPUS / "correct" / "jupyterlab-outputs-magics.ipynb")
    assert done.returncode == 0, done.stdout
    assert "note: cell 2: `!pip install -q numpy` was not run (a shell command)" in done.stdout


def test_a_syntax_error_in_a_notebook_names_its_cell(kit: tuple[Path, Path], tmp_path: Path) -> None:
    cells = [
        {
            "cell_type": "code",
            "source": "import numpy as np",
            "metadata": {},
            "outputs": [],
            "execution_count": 1,
        },
        {
            "cell_type": "code",
            "source": ["def sigmoid(u)\n", "    return u"],
            "metadata": {},
            "outputs": [],
            "execution_count": 2,
        },
    ]
    (tmp_path / "hw.ipynb").write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    done = check(kit, "exercise_bp", tmp_path / "hw.ipynb")
    assert done.returncode == 1
    assert (
        "importing your module raised SyntaxError: expected ':' (cell 2 (\"def sigmoid(u)\"), line 1)"
        in done.stdout
    )


def test_check_gives_the_graders_hints(kit: tuple[Path, Path], tmp_path: Path) -> None:
    source = (REPO / "solutions" / "exercise_bp" / "solution.py").read_text(encoding="utf-8")
    (tmp_path / "warns.py").write_text(
        source.replace(
            "    u = np.asarray(u, dtype=np.float64)\n",
            "    u = np.asarray(u, dtype=np.float64)\n    np.exp(np.float64(1000.0))\n",
            1,
        )
    )
    (tmp_path / "torch.py").write_text("import torch\n" + source)
    warned = check(kit, "exercise_bp", tmp_path / "warns.py")
    imported = check(kit, "exercise_bp", tmp_path / "torch.py")
    assert warned.returncode == 1 and imported.returncode == 1
    for kit_output, error in (
        (warned.stdout, {"type": "RuntimeWarning", "message": "overflow encountered in exp"}),
        (
            imported.stdout,
            {"type": "ModuleNotFoundError", "message": "No module named 'torch'", "module": "torch"},
        ),
    ):
        graders = [line for line in _exception(error)[1].splitlines() if line.startswith("hint:")]
        assert graders and all(f"      {hint}" in kit_output for hint in graders), kit_output


def test_usage_mistakes_are_one_line_exit_two(kit: tuple[Path, Path]) -> None:
    for args, message in (
        (("nope",), "unknown exercise 'nope'; the kit has: exercise_activations"),
        (("exercise_bp", "/no/file.py"), "/no/file.py: no such file"),
        ((), "usage: python check.py"),
    ):
        done = check(kit, *args)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
