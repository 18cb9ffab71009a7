"""What a submission can see and do inside the sandbox, checked from inside it; and the fallbacks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import sandbox_processes

from grader.batch import grade_batch
from grader.exercise import find_exercise
from grader.results import Status, SubmissionResult
from grader.sandbox import Limits, SandboxKind, available_kind
from grader.submissions import Submission

REPO = Path(__file__).resolve().parent.parent
SOLUTION = (REPO / "solutions" / "exercise_bp" / "solution.py").read_text()
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"

# Prints what it can observe, then behaves as the model solution.
PROBE = """
import importlib.util, json, os, socket, sys
facts = {"uid": os.getuid(), "pid": os.getpid(), "cwd": os.getcwd(), "env": sorted(os.environ),
         "root": sorted(os.listdir("/")), "proc": sorted(os.listdir("/proc")),
         "repo_visible": os.path.exists(REPO_PATH), "home_visible": os.path.exists("/root/.bashrc"),
         "modules": sorted(m for m in ("torch", "scipy", "pytest") if importlib.util.find_spec(m))}
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    facts["network"] = "connected"
except OSError as exc:
    facts["network"] = type(exc).__name__
open("scratch.txt", "w").write("x")
facts["scratch_writable"] = True
print("FACTS " + json.dumps(facts))
""".replace("REPO_PATH", repr(str(REPO)))


def _grade(files: dict[str, str], sandbox: str, limits: Limits | None = None) -> SubmissionResult:
    exercise = find_exercise("exercise_bp", REPO)
    (result,) = grade_batch(
        exercise,
        [Submission("probe", files)],
        device="cpu",
        sandbox=sandbox,
        limits=limits or Limits(wall=2, cpu=2),
    )
    return result


def _facts(result: SubmissionResult) -> dict[str, object]:
    line = next(line for line in result.stdout.splitlines() if line.startswith("FACTS "))
    return json.loads(line[6:])


@pytest.mark.skipif(available_kind("auto") is not SandboxKind.BWRAP, reason="bubblewrap is not installed")
def test_inside_bwrap_a_submission_sees_only_numpy_and_its_scratch() -> None:
    result = _grade({"bp.py": PROBE + SOLUTION}, "bwrap")
    assert result.sandbox == "bwrap" and result.score == result.max_score
    facts = _facts(result)
    assert facts["pid"] == 2 and facts["proc"] == []  # PID namespace; /proc hidden
    assert facts["repo_visible"] is False and facts["home_visible"] is False
    assert facts["modules"] == []  # no torch, scipy or pytest to import
    assert set(facts["env"]) <= {
        "PATH",
        "HOME",
        "LANG",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONHASHSEED",
        "PWD",
    }
    assert facts["network"] in ("OSError", "ConnectionRefusedError") and facts["scratch_writable"] is True
    assert set(facts["root"]) <= {
        "usr",
        "bin",
        "sbin",
        "lib",
        "lib32",
        "lib64",
        "libx32",
        "opt",
        "dev",
        "proc",
        "tmp",
    }


@pytest.mark.parametrize("sandbox", ["namespaces", "rlimits"])
def test_fallbacks_still_grade_and_contain_hangs_and_crashes(sandbox: str) -> None:
    result = _grade({"bp.py": SOLUTION}, sandbox)
    assert result.score == result.max_score and result.sandbox in (sandbox, "rlimits")
    hang = _grade(
        {"bp.py": (CORPUS / "hostile" / "sleep-forever.py").read_text()}, sandbox, Limits(wall=1, cpu=1)
    )
    assert {t.status for t in hang.tests if t.function == "loss"} == {Status.TIMEOUT}
    # Once one case of a function has timed out, its other cases are charged without running.
    charged = ["not run" in t.feedback for t in hang.tests if t.function == "loss"]
    assert charged[0] is False and len(charged) >= 3 and all(charged[1:]), charged
    crash = _grade({"bp.py": (CORPUS / "hostile" / "segfault.py").read_text()}, sandbox)
    assert {t.status for t in crash.tests if t.function == "forward"} == {Status.CRASHED}
    assert crash.function_scores()["backward"] == (8.0, 8.0)


def test_an_unknown_sandbox_is_a_clear_error() -> None:
    from grader.errors import SandboxError

    with pytest.raises(SandboxError, match="unknown sandbox 'docker'"):
        available_kind("docker")


def test_daemon_processes_die_with_their_submission_in_the_fallback() -> None:
    """Without a PID namespace the supervisor is a subreaper and kills re-parented daemons."""
    daemon = (CORPUS / "hostile" / "double-fork-daemon.py").read_text()
    result = _grade({"bp.py": daemon}, "rlimits")
    assert result.score == result.max_score
    assert sandbox_processes() == [] and os.path.exists("/tmp/dlprep-daemon-canary") is False
