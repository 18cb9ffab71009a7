"""The corpus in tests/corpus/<exercise>/: correct variants (and the model solution) keep every point,
each buggy submission loses exactly the functions its header names, and each hostile one costs only
itself.

Each file's header says what must happen (``# loses:``, ``# expect:``); one batch per exercise grades
them all.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from support import sandbox_processes

from grader.batch import grade_batch
from grader.exercise import find_exercise, list_exercises
from grader.results import Status, SubmissionResult
from grader.sandbox import Limits
from grader.submissions import collect

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
FILES = sorted(CORPUS.glob("*/*/*.py"))
EXERCISES = sorted({p.parent.parent.name for p in FILES})
# exercise_bp's corpus is the big one; every other exercise needs at least these many of each kind.
MINIMUM = {"exercise_bp": {"correct": 5, "buggy": 15, "hostile": 15}}
DEFAULT_MINIMUM = {"correct": 2, "buggy": 5, "hostile": 2}
CANARIES = [Path("/tmp/dlprep-daemon-canary"), Path("/tmp/dlprep-escape-canary")]
# Short limits keep the hostile corner quick; every honest test here runs in milliseconds.
LIMITS = Limits(wall=3.0, cpu=2.0, memory=512 << 20)  # CPU time does not stretch under load; wall does


def header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:10]:
        if line.startswith("# ") and ":" in line:
            key, value = line[2:].split(":", 1)
            fields[key.strip()] = value.strip()
    return fields


def _project_state() -> dict[str, str]:
    """A digest of every tracked file of the project."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    return {
        name: hashlib.sha256((REPO / name).read_bytes()).hexdigest()
        for name in tracked.decode().split("\0")
        if name and (REPO / name).is_file()
    }


_graded: dict[str, dict[str, SubmissionResult]] = {}


def graded(exercise_name: str) -> dict[str, SubmissionResult]:
    """The exercise's corpus and model solution, graded in one batch (once per test session)."""
    if exercise_name not in _graded:
        for canary in CANARIES:
            canary.unlink(missing_ok=True)
        before = _project_state()
        exercise = find_exercise(exercise_name, REPO)
        files = [*sorted((CORPUS / exercise_name).glob("*/*.py")), exercise.solutions / "solution.py"]
        batch = grade_batch(exercise, collect(files, exercise.module), device="cpu", limits=LIMITS, jobs=2)
        _graded[exercise_name] = {r.submission: r for r in batch}
        assert _project_state() == before, "a submission changed a file of the project"
        assert not [c for c in CANARIES if c.exists()], "a submission wrote outside its sandbox"
        assert sandbox_processes() == [], "a submission left processes behind"
    return _graded[exercise_name]


def _report(result: SubmissionResult) -> str:
    return "\n".join(
        f"{t.status.value}: {t.name}: {t.feedback}" for t in result.tests if t.status != "passed"
    )


def test_every_exercise_has_a_corpus() -> None:
    exercises = {e.name for e in list_exercises(REPO) if e.has_hidden_tests()}
    assert exercises <= set(EXERCISES), f"no corpus in tests/corpus for {sorted(exercises - set(EXERCISES))}"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_corpus_is_big_enough(exercise: str) -> None:
    kinds = [header(p)["corpus"] for p in FILES if p.parent.parent.name == exercise]
    for kind, least in MINIMUM.get(exercise, DEFAULT_MINIMUM).items():
        assert kinds.count(kind) >= least, f"{exercise}: {kinds.count(kind)} {kind} submissions, want {least}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.stem}")
def test_submission_is_graded_as_its_header_says(path: Path) -> None:
    fields = header(path)
    result = graded(path.parent.parent.name)[str(path)]
    lost = {name for name, (got, most) in result.function_scores().items() if got < most}
    want = {name.strip() for name in fields["loses"].split(",") if name.strip()}
    if fields["corpus"] == "buggy":
        assert want, f"{path.name}: a buggy submission must name what it loses"
    if fields["corpus"] == "correct":
        assert not want, f"{path.name}: a correct submission loses nothing"
    assert lost == want, f"lost {sorted(lost)}, header says {sorted(want)}\n{_report(result)}"
    if "expect" in fields:
        allowed = {Status(s) for s in fields["expect"].split("|")}
        assert allowed & {t.status for t in result.tests}, _report(result)
    assert result.sandbox == "bwrap" or os.environ.get("GRADE_SANDBOX"), (
        "tests expect bubblewrap (make setup)"
    )


@pytest.mark.parametrize("exercise", EXERCISES)
def test_model_solution_keeps_every_point(exercise: str) -> None:
    solution = find_exercise(exercise, REPO).solutions / "solution.py"
    result = graded(exercise)[str(solution)]
    assert result.score == result.max_score, _report(result)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_buggy_submissions_get_the_catalogue_hint(exercise: str) -> None:
    """Every mistake in the catalogue that the corpus makes is named in the feedback."""
    catalogue = {m.id for m in find_exercise(exercise, REPO).load_hidden().mistakes}
    for path in sorted((CORPUS / exercise).glob("*/*.py")):
        mistake = header(path).get("mistake")
        if mistake in catalogue:
            hints = [t.feedback for t in graded(exercise)[str(path)].tests if "hint:" in t.feedback]
            assert hints, f"{path.name}: no hint for {mistake}"
