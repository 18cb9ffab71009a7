"""`grade` as a user runs it: report formats, exit codes, one-line errors, the fallback warning."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GRADE = str(Path(sys.executable).parent / "grade")
SOLUTION = REPO / "solutions" / "exercise_bp" / "solution.py"
BUGGY = REPO / "tests" / "corpus" / "exercise_bp" / "buggy" / "missing-1-over-n.py"


def grade(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRADE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_json_lines_and_exit_code_one_when_points_are_lost() -> None:
    done = grade("exercise_bp", SOLUTION, BUGGY, "--format", "json")
    assert done.returncode == 1, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    for record in (first, second):
        assert {"submission", "exercise", "score", "max_score", "status", "sandbox", "tests"} <= set(record)
        assert {"name", "function", "score", "max_score", "status", "feedback"} <= set(record["tests"][0])
    assert (first["score"], first["max_score"], first["status"]) == (20, 20, "passed")
    assert second["status"] == "failed" and second["functions"]["backward"]["score"] < 8
    assert any("hint:" in t["feedback"] for t in second["tests"])


def test_full_marks_exit_zero_and_text_report() -> None:
    done = grade("exercise_bp", SOLUTION)
    assert done.returncode == 0, done.stderr
    assert "20/20 points, passed" in done.stdout and "tolerance: rtol 1e-06, atol 1e-09" in done.stdout


def test_gradescope_and_csv_reports_written_to_a_folder(tmp_path: Path) -> None:
    done = grade("exercise_bp", SOLUTION, BUGGY, "--format", "gradescope", "--out", tmp_path / "gs")
    assert done.returncode == 1, done.stderr
    results = sorted((tmp_path / "gs").glob("*/results.json"))
    assert [p.parent.name for p in results] == ["missing-1-over-n", "solution"]
    data = json.loads(results[1].read_text())
    assert data["score"] == 20 and "execution_time" in data and "output" in data
    assert {t["status"] for t in data["tests"]} == {"passed"}
    assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(data["tests"][0])
    done = grade("exercise_bp", SOLUTION, "--format", "gradescope", "--out", tmp_path / "one")
    assert done.returncode == 0 and json.loads((tmp_path / "one" / "results.json").read_text())["score"] == 20
    done = grade("exercise_bp", SOLUTION, BUGGY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["submission"] for r in rows] == [str(SOLUTION), str(BUGGY)]
    assert rows[0]["backward"] == "8" and float(rows[1]["backward"]) < 8 and rows[1]["loss"] == "2"


def test_default_path_is_the_starter() -> None:
    done = grade("exercise_bp", "--format", "json")
    assert done.returncode == 1
    record = json.loads(done.stdout)
    assert record["submission"].endswith("exercises/exercise_bp/bp.py") and record["score"] == 0
    assert "NotImplementedError" in record["tests"][0]["feedback"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown exercise 'nope'; known exercises: exercise_"),
        (["exercise_bp", "/no/such/file.py"], "/no/such/file.py: no such file or folder"),
        (["exercise_bp", "--jobs", "0"], "'--jobs'"),  # the wording around it is Click's
        (["exercise_bp", "--device", "tpu"], "'--device'"),
    ],
)
def test_usage_errors_are_one_line_exit_two(args: list[str], message: str) -> None:
    done = grade(*args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cuda_without_a_gpu_is_a_usage_error() -> None:
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU; tests/test_grader_reference.py runs the CUDA reference")
    done = grade("exercise_bp", SOLUTION, "--device", "cuda")
    assert done.returncode == 2 and "no CUDA GPU" in done.stderr and "Traceback" not in done.stderr


def test_list_shows_every_exercise_with_points() -> None:
    done = grade("list")
    assert done.returncode == 0
    assert "exercise_bp" in done.stdout and "20 pts" in done.stdout


def test_fallback_sandbox_warns_loudly_and_says_so_in_the_report() -> None:
    done = grade("exercise_bp", SOLUTION, "--sandbox", "namespaces", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "WARNING: bubblewrap (bwrap) is not installed" in done.stderr
    assert json.loads(done.stdout)["sandbox"] in ("namespaces", "rlimits")


def test_each_run_draws_fresh_hidden_inputs_and_seed_reproduces_them(tmp_path: Path) -> None:
    first, second = (grade("exercise_bp", BUGGY, "--format", "json") for _ in range(2))
    seeds = [json.loads(done.stdout)["seed"] for done in (first, second)]
    assert all(isinstance(s, int) for s in seeds) and seeds[0] != seeds[1]
    again = grade("exercise_bp", BUGGY, "--seed", str(seeds[0]), "--out", tmp_path)
    record = json.loads((tmp_path / "missing-1-over-n.json").read_text())
    assert record["seed"] == seeds[0] and record["tests"] == json.loads(first.stdout)["tests"]
    text = (tmp_path / "missing-1-over-n.txt").read_text()
    assert f"seed: {seeds[0]} (grade --seed {seeds[0]}" in text and again.returncode == 1


def test_batch_summary_and_resume_that_trusts_only_matching_records(tmp_path: Path) -> None:
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    (subs / "ann.py").write_text(SOLUTION.read_text())
    (subs / "ben.py").write_text(BUGGY.read_text())
    (subs / "notes.txt").write_text("not code")
    done = grade("exercise_bp", subs, "--out", out)
    assert done.returncode == 1, done.stderr
    assert "notes.txt: not a Python file" in done.stderr
    assert "summary of 2 submission(s) of exercise_bp" in done.stderr and "lost points in: " in done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["submissions"] == 2 and summary["full_marks"] == 1 and summary["skipped_files"] == 1
    assert {m["mistake"] for m in summary["mistakes"]} >= {"missing-1-over-n"}
    page = (out / "summary.html").read_text()
    assert "<svg" in page and "backward" in page and "http" not in page.replace("http-equiv", "")
    # Ben fixes his file: his old record must not be reused; Ann's is.
    (subs / "ben.py").write_text(SOLUTION.read_text() + "\n# fixed\n")
    again = grade("exercise_bp", subs, "--out", out, "--resume", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert "(1 from an earlier run)" in again.stderr
    assert json.loads((out / "ben.json").read_text())["score"] == 20
    record = json.loads((out / "ann.json").read_text())["record"]
    assert record["exercise"] == "exercise_bp" and len(record["digest"]) == 64
    # A record is reused only when every part of its stamp matches: another exercise, another
    # grader or other hidden tests never reuse it, even for the same file.
    from grader.cli import _resumed

    name = {str(subs / "ann.py"): "ann"}
    assert set(_resumed(out, name, {str(subs / "ann.py"): record})) == {str(subs / "ann.py")}
    for key, other in [("exercise", "exercise_conv"), ("grader_version", "0"), ("hidden_version", "0")]:
        assert _resumed(out, name, {str(subs / "ann.py"): {**record, key: other}}) == {}


def test_ctrl_c_says_what_was_saved_and_how_to_resume(tmp_path: Path) -> None:
    import signal
    import time

    slow = REPO / "tests" / "corpus" / "exercise_bp" / "hostile" / "sleep-forever.py"
    again = tmp_path / "sleep-again.py"  # a second slow submission (one path named twice is graded once)
    again.write_bytes(slow.read_bytes())
    out = tmp_path / "out"
    args = [GRADE, "exercise_bp", str(SOLUTION), str(slow), str(again), "--out", str(out), "-j", "1"]
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / "solution.json").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted: 1 of 3 submission(s) graded and saved in" in stderr
    assert "--resume" in stderr and "Traceback" not in stderr


def test_similarity_ranks_the_copied_pair_and_ignores_the_starter(tmp_path: Path) -> None:
    corpus = REPO / "tests" / "corpus" / "exercise_bp" / "correct"
    subs = tmp_path / "subs"
    subs.mkdir()
    original = (corpus / "einsum.py").read_text()
    (subs / "ann.py").write_text(original)
    (subs / "ben.py").write_text(original.replace("delta", "d").replace("Z", "hidden"))  # renamed copy
    (subs / "cat.py").write_text((corpus / "loop-based.py").read_text())
    starter = (REPO / "exercises" / "exercise_bp" / "bp.py").read_text()
    (subs / "dan.py").write_text(starter)
    (subs / "eve.py").write_text(starter)  # two untouched starters share only boilerplate
    done = grade("similarity", "exercise_bp", subs, "--out", tmp_path / "sim.html", "--threshold", "0.9")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("1 pair(s) of 5 submission(s)") and "ann.py  <->" in lines[1]
    assert "ben.py" in lines[1]
    page = (tmp_path / "sim.html").read_text()
    assert "<mark>" in page and "cat.py" not in page and "dan.py" not in page
