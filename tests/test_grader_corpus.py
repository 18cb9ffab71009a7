"""The corpus in tests/corpus: correct variants keep every point, each buggy submission loses exactly
the functions its header names, and each hostile one costs only itself.

Each file's header says what must happen (``# loses:``, ``# expect:``); one batch grades them all.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from grader.batch import grade_batch
from grader.exercise import find_exercise
from grader.results import Status, SubmissionResult
from grader.sandbox import Limits
from grader.submissions import collect

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"
FILES = sorted(CORPUS.glob("*/*.py"))
CANARIES = [Path("/tmp/dlprep-daemon-canary"), Path("/tmp/dlprep-escape-canary")]
# Short limits keep the hostile corner quick; every honest test here runs in milliseconds.
LIMITS = Limits(wall=2.0, cpu=2.0, memory=512 << 20)


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


def _sandbox_processes() -> list[str]:
    """Processes still running the sandbox's runtime (any submission's or the zygote's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"runtime.py" in cmdline and b"pytest" not in cmdline:
                found.append(f"{entry.name}: {cmdline[:120]!r}")
    return found


@pytest.fixture(scope="module")
def graded() -> dict[str, SubmissionResult]:
    for canary in CANARIES:
        canary.unlink(missing_ok=True)
    before = _project_state()
    exercise = find_exercise("exercise_bp", REPO)
    results = {
        r.submission: r
        for r in grade_batch(exercise, collect(FILES, exercise.module), device="cpu", limits=LIMITS, jobs=2)
    }
    assert _project_state() == before, "a submission changed a file of the project"
    return results


def test_corpus_is_big_enough() -> None:
    kinds = [header(p)["corpus"] for p in FILES]
    assert kinds.count("correct") >= 5 and kinds.count("buggy") >= 15
    assert kinds.count("hostile") >= 15 or not (CORPUS / "hostile").is_dir()


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_submission_is_graded_as_its_header_says(path: Path, graded: dict[str, SubmissionResult]) -> None:
    fields = header(path)
    result = graded[str(path)]
    lost = {name for name, (got, most) in result.function_scores().items() if got < most}
    want = {name.strip() for name in fields["loses"].split(",") if name.strip()}
    report = "\n".join(
        f"{t.status.value}: {t.name}: {t.feedback}" for t in result.tests if t.status != "passed"
    )
    assert lost == want, f"lost {sorted(lost)}, header says {sorted(want)}\n{report}"
    if "expect" in fields:
        allowed = {Status(s) for s in fields["expect"].split("|")}
        assert allowed & {t.status for t in result.tests}, report
    assert result.sandbox == "bwrap" or os.environ.get("GRADE_SANDBOX"), (
        "tests expect bubblewrap (make setup)"
    )


def test_buggy_submissions_get_the_catalogue_hint(graded: dict[str, SubmissionResult]) -> None:
    """Every mistake in the catalogue that the corpus makes is named in the feedback."""
    catalogue = {m.id for m in find_exercise("exercise_bp", REPO).load_hidden().mistakes}
    for path in FILES:
        mistake = header(path).get("mistake")
        if mistake in catalogue:
            hints = [t.feedback for t in graded[str(path)].tests if "hint:" in t.feedback]
            assert hints, f"{path.name}: no hint for {mistake}"


def test_nothing_escapes_the_sandbox(graded: dict[str, SubmissionResult]) -> None:
    assert graded
    assert not [c for c in CANARIES if c.exists()], "a submission wrote outside its sandbox"
    assert _sandbox_processes() == [], "a submission left processes behind"
