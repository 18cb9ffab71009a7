"""Every exercise holds together: its model solution agrees with its PyTorch reference on every hidden
case (CPU, and CUDA when there is a GPU), its public tests pass on the solution and fail on the
starter, and `grade list` shows it. Exercise-specific checks live in tests/test_exercise_<name>.py."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import torch

from grader.batch import reference_answers
from grader.compare import difference
from grader.exercise import Exercise, list_exercises

REPO = Path(__file__).resolve().parent.parent
EXERCISES = [e for e in list_exercises(REPO) if e.has_hidden_tests()]
IDS = [e.name for e in EXERCISES]
DEVICES = [
    "cpu",
    pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU")),
]


def solution_module(exercise: Exercise) -> ModuleType:
    path = exercise.solutions / "solution.py"
    spec = importlib.util.spec_from_file_location(f"{exercise.name}_solution", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_model_solution_matches_the_reference_on_every_case(exercise: Exercise, device: str) -> None:
    hidden = exercise.load_hidden()
    expected = reference_answers(hidden, device)
    solution = solution_module(exercise)
    for case, want in zip(hidden.cases, expected, strict=True):
        if case.check.__name__ != "values" or len(case.calls) != 1:
            continue  # a custom check judges more than the value; the corpus test grades those
        call = case.calls[-1]
        got = getattr(solution, call.function)(*call.args)
        assert difference(got, want, hidden.tolerance) is None, case.name


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_no_mistake_in_the_catalogue_matches_the_reference(exercise: Exercise) -> None:
    """A hint must never be attached to a right answer: on every case, each catalogued mistake either
    cannot be made or gives a wrong answer somewhere."""
    hidden = exercise.load_hidden()
    expected = reference_answers(hidden, "cpu")
    for m, mistake in enumerate(hidden.mistakes):
        cases = [i for i, c in enumerate(hidden.cases) if c.function == mistake.function]
        assert cases, f"mistake {mistake.id} is about {mistake.function!r}, which no case grades"
        wrong_somewhere = any(
            hidden.wrong_answer(i, m) is not None
            and difference(hidden.wrong_answer(i, m), expected[i], hidden.tolerance) is not None
            for i in cases
        )
        assert wrong_somewhere, f"mistake {mistake.id} gives the right answer on every case"


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_public_tests_pass_on_the_solution_and_fail_on_the_starter(
    exercise: Exercise, tmp_path: Path
) -> None:
    folder = tmp_path / exercise.name
    shutil.copytree(exercise.folder, folder)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "test_public.py")]
    starter = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert starter.returncode == 1, f"the starter passes its public tests:\n{starter.stdout[-2000:]}"
    shutil.copy(exercise.solutions / "solution.py", folder / f"{exercise.module}.py")
    solved = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert solved.returncode == 0, solved.stdout[-3000:]


def test_grade_list_shows_every_exercise_with_points_and_description() -> None:
    grade = Path(sys.executable).with_name("grade")
    listing = subprocess.run([grade, "list"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    for exercise in list_exercises(REPO):
        line = next(line for line in listing.splitlines() if line.startswith(exercise.name + " "))
        assert f"{exercise.points:g} pts" in line and exercise.title in line and exercise.title_zh in line
