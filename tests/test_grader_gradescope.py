"""`grade package EX --gradescope`: the zip, unpacked into a fake /autograder, grades correct, buggy,
hostile and notebook submissions with its own run_autograder, and writes results.json in Gradescope's
published format (tests/data/gradescope-results.schema.json, written from their specification)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
GRADE = str(Path(sys.executable).parent / "grade")
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"
SCHEMA = json.loads((REPO / "tests" / "data" / "gradescope-results.schema.json").read_text(encoding="utf-8"))
SUBMISSIONS = {
    "correct": REPO / "solutions" / "exercise_bp" / "solution.py",
    "buggy": CORPUS / "buggy" / "missing-1-over-n.py",
    "hostile": CORPUS / "hostile" / "read-solutions.py",
    "notebook": CORPUS / "buggy" / "backward-shape-error.ipynb",
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package") / "autograder.zip"
    done = subprocess.run(
        [
            GRADE,
            "package",
            "exercise_bp",
            "--gradescope",
            "--out",
            str(out),
            "--leaderboard",
            "Score",
            "--timeout",
            "3",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return out


def _root(package: Path, folder: Path, files: list[Path]) -> Path:
    """A fake /autograder: source/ unpacked from the zip (keeping modes), submission/ with ``files``."""
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            target = folder / "source" / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    (folder / "submission").mkdir()
    for file in files:
        shutil.copy(file, folder / "submission" / file.name)
    return folder


def _run(root: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    env.pop("GRADE_PROJECT", None)
    return subprocess.Popen(
        [str(root / "source" / "run_autograder")],
        cwd=root,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def results(package: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("roots")
    roots = {name: _root(package, tmp / name, [path]) for name, path in SUBMISSIONS.items()}
    roots["nothing"] = _root(package, tmp / "nothing", [])
    running = {name: _run(root) for name, root in roots.items()}  # in parallel: each starts its own sandbox
    found = {}
    for name, process in running.items():
        _, stderr = process.communicate(timeout=240)
        assert process.returncode == 0, (name, stderr)
        found[name] = json.loads((roots[name] / "results" / "results.json").read_text(encoding="utf-8"))
    return found


def test_the_zip_has_the_scripts_at_its_root_and_only_this_exercise(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        modes = {i.filename: (i.external_attr >> 16) for i in archive.infolist()}
        settings = json.loads(archive.read("settings.json"))
        setup = archive.read("setup.sh").decode()
        readme = archive.read("README.md").decode()
    assert {"setup.sh", "run_autograder", "README.md", "settings.json"} <= names
    assert all(modes[n] & stat.S_IXUSR for n in ("setup.sh", "run_autograder"))
    assert {"project/solutions/exercise_bp/grading.py", "project/solutions/exercise_bp/reference.py"} <= names
    assert "project/requirements/lock.txt" in names and "project/grader/runtime.py" in names
    assert not any(n.startswith("project/solutions/") and "/exercise_bp/" not in n for n in names)
    assert not any(n.startswith(("project/tests/", "project/questions/")) for n in names)
    assert settings == {
        "exercise": "exercise_bp",
        "visibility": "after_due_date",
        "stdout_visibility": "hidden",
        "leaderboard": "Score",
        "timeout": 3.0,
        "memory": 1024,
    }
    assert "apt-get install -y -qq bubblewrap" in setup and "--require-hashes -r" in setup
    assert "chmod -R go-rwx" in setup and subprocess.run(["bash", "-n", "-c", setup]).returncode == 0
    assert "after_due_date" in readme and "bp.py" in readme


def test_every_results_json_follows_gradescopes_schema(results: dict[str, dict[str, object]]) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for name, data in results.items():
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (name, errors)


def test_scores_visibility_and_leaderboard(results: dict[str, dict[str, object]]) -> None:
    assert results["correct"]["score"] == 20
    assert 0 < results["buggy"]["score"] < 20  # type: ignore[operator]
    # The solutions sit in /autograder/source, out of its reach: it loses points in every function.
    summary = str(results["hostile"]["output"]).split("(", 1)[1].split(")", 1)[0]
    assert all(got != most for got, most in (part.split()[1].split("/") for part in summary.split(", "))), (
        summary
    )
    assert results["notebook"]["score"] == 7
    for name in SUBMISSIONS:
        data = results[name]
        assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}  # type: ignore[attr-defined]
        assert data["stdout_visibility"] == "hidden" and data["visibility"] == "visible"
        assert data["leaderboard"] == [{"name": "Score", "value": data["score"], "order": "desc"}]
    assert re.search(r"backward \d+(\.\d+)?/8\b", str(results["buggy"]["output"]))  # the per-function summary
    notebook = "\n".join(t["output"] for t in results["notebook"]["tests"])  # type: ignore[attr-defined]
    assert 'cell 6 ("def backward("), line 8' in notebook
    assert results["nothing"]["score"] == 0 and "no bp.py or notebook" in results["nothing"]["output"]  # type: ignore[operator]


def test_package_usage_errors(tmp_path: Path) -> None:
    for args, message in (
        (["exercise_bp", "--out", str(tmp_path / "a.zip")], "needs a target: --gradescope"),
        (["exercise_bp", "--gradescope", "--out", str(tmp_path / "a.tar")], "the autograder is a .zip file"),
        (
            ["exercise_bp", "--gradescope", "--visibility", "soon", "--out", str(tmp_path / "a.zip")],
            "--visibility soon",
        ),
    ):
        done = subprocess.run([GRADE, "package", *args], cwd=REPO, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())
