"""`grade release`: the student kit has its own README, public tests, check.py and a NumPy+pytest lock,
and nothing hidden: no solutions, no grading modules, no instructor tool."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader.errors import UsageError
from grader.release import build_release, leaks

REPO = Path(__file__).resolve().parent.parent
GRADE = str(Path(sys.executable).parent / "grade")


def release(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GRADE, "release", *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def _bank_ids(folder: Path) -> set[str]:
    ids = set()
    for path in folder.glob("*.yaml"):
        ids |= {
            q["id"] for q in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["questions"]
        }
    return ids


def test_the_kit_holds_what_a_student_needs_and_leaks_nothing(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    done = release("--out", out, "--questions", "all")
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    assert names == {
        "README.md",
        "check.py",
        "dlprep_check",
        "exercises",
        "pytest.ini",
        "questions",
        "requirements.txt",
    }
    assert (out / "requirements.txt").read_bytes() == (REPO / "requirements" / "student.txt").read_bytes()
    for exercise in (REPO / "exercises").glob("*/exercise.yaml"):
        folder = out / "exercises" / exercise.parent.name
        declared = yaml.safe_load(exercise.read_text(encoding="utf-8"))
        assert (
            json.loads((folder / "exercise.json").read_text())["functions"].keys()
            == declared["functions"].keys()
        )
        assert {p.name for p in folder.iterdir()} == {
            "README.md",
            "exercise.json",
            "test_public.py",
            f"{declared['module']}.py",
        }
    readme = (out / "README.md").read_text(encoding="utf-8")
    for words in (
        "## 简体中文",
        "## English",
        f"check.py {sorted(p.parent.name for p in (REPO / 'exercises').glob('*/exercise.yaml'))[0]} homework.ipynb",
        "--require-hashes",
        "提交",
        "Submit",
    ):
        assert words in readme
    assert "make demo" not in readme and "grade exercise_bp" not in readme
    assert leaks(out, REPO / "solutions") == []
    hidden = {p.read_bytes() for p in (REPO / "solutions").rglob("*.py")}
    assert not any(p.read_bytes() in hidden for p in out.rglob("*") if p.is_file())
    assert (
        not list(out.rglob("grader"))
        and not list(out.rglob("dlprep"))
        and not list(out.rglob("pyproject.toml"))
    )
    assert _bank_ids(out / "questions") == _bank_ids(REPO / "questions")


def test_practice_leaves_out_what_an_exam_reserves_and_keeps_the_rest_verbatim(tmp_path: Path) -> None:
    spec = tmp_path / "midterm.yaml"
    spec.write_text(
        "title: Midterm\ngroups:\n  - questions: [cnn-local-connectivity]\n  - select: rnn\n    count: 1\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"questions": [["losses-kl-notes-example-nats"]]}), encoding="utf-8")
    out = tmp_path / "kit"
    done = release("--out", out, "--exam-spec", spec, "--exam-spec", manifest)
    assert done.returncode == 0, done.stderr
    kept = _bank_ids(out / "questions")
    assert kept == _bank_ids(REPO / "questions") - {"cnn-local-connectivity", "losses-kl-notes-example-nats"}
    original = (REPO / "questions" / "rnn.yaml").read_text(encoding="utf-8")
    assert (out / "questions" / "rnn.yaml").read_text(
        encoding="utf-8"
    ) == original  # untouched file, byte for byte
    cnn = (out / "questions" / "cnn.yaml").read_text(encoding="utf-8")
    assert "# Local connectivity, weight sharing" in cnn and "cnn-local-connectivity" not in cnn
    assert "2 questions are kept back for the exam" in (out / "README.md").read_text(encoding="utf-8")
    done = release("--out", tmp_path / "none", "--questions", "none")
    assert done.returncode == 0 and not (tmp_path / "none" / "questions").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--questions", "some"], "'--questions'"),
        (["--exam-spec", "/no/such.yaml"], "--exam-spec /no/such.yaml: no such file"),
        (
            ["--questions", "all", "--exam-spec", "README.md"],
            "--exam-spec reserves questions for --questions practice only",
        ),
    ],
)
def test_bad_options_are_one_line_exit_two(tmp_path: Path, args: list[str], message: str) -> None:
    done = release("--out", tmp_path / "kit", *args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "kit").exists()


def test_a_spec_naming_an_unknown_question_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("title: X\ngroups:\n  - questions: [no-such-question]\n", encoding="utf-8")
    done = release("--out", tmp_path / "kit", "--exam-spec", spec)
    assert done.returncode == 2 and "bad.yaml:3" in done.stderr and "Traceback" not in done.stderr


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
