"""`grade EX hw.ipynb` and folders mixing notebooks with .py files, graded in the sandbox in one batch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.report import as_dict, as_gradescope, as_text, from_dict

REPO = Path(__file__).resolve().parent.parent
GRADE = str(Path(sys.executable).parent / "grade")
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"
ALL = ["sigmoid", "forward", "loss", "backward", "train_step"]
# What each corpus notebook must do: the functions that lose points, and the status when it is not "failed".
EXPECT = {
    "correct/colab-no-outputs": ([], "passed"),
    "correct/jupyterlab-outputs-magics": ([], "passed"),
    "correct/slow-top-level-training": ([], "passed"),
    "buggy/missing-1-over-n": (["backward", "train_step"], "failed"),
    "buggy/backward-shape-error": (["backward", "train_step"], "failed"),
    "hostile/endless-top-level-training": (ALL, "timeout"),
    "hostile/shell-escapes": ([], "passed"),
    "hostile/deep-nesting": (ALL, "error"),
    "hostile/invalid-utf8": (ALL, "error"),
    "hostile/truncated": (ALL, "error"),
    "hostile/not-a-notebook": (ALL, "error"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Every corpus notebook, a syntax error in a cell, and a folder mixing .py and .ipynb: one run."""
    tmp = tmp_path_factory.mktemp("notebooks")
    mixed = tmp / "mixed"
    (mixed / "carol").mkdir(parents=True)
    shutil.copy(REPO / "solutions" / "exercise_bp" / "solution.py", mixed / "alice.py")
    shutil.copy(CORPUS / "buggy" / "missing-1-over-n.ipynb", mixed / "bob.ipynb")
    shutil.copy(CORPUS / "correct" / "colab-no-outputs.ipynb", mixed / "carol" / "bp.ipynb")
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import numpy as np"),
            nbformat.v4.new_code_cell("def sigmoid(u)\n    return u"),
        ]
    )
    nbformat.write(nb, tmp / "syntax.ipynb")
    files = [CORPUS / f"{name}.ipynb" for name in EXPECT]
    done = subprocess.run(
        [
            GRADE,
            "exercise_bp",
            *map(str, files),
            str(tmp / "syntax.ipynb"),
            str(mixed),
            "--format",
            "json",
            "--timeout",
            "2",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]

    def key(submission: str) -> str:
        path = Path(submission)
        return path.relative_to(CORPUS if path.is_relative_to(CORPUS) else tmp).with_suffix("").as_posix()

    return {key(r["submission"]): r for r in records}


def test_each_corpus_notebook_loses_exactly_what_it_should(graded: dict[str, dict[str, object]]) -> None:
    for name, (loses, status) in EXPECT.items():
        record = graded[name]
        lost = [f for f, s in record["functions"].items() if s["score"] < s["max_score"]]  # type: ignore[attr-defined]
        assert (lost, record["status"]) == (loses, status), (name, record["problem"])


def test_notes_name_what_did_not_run_and_feedback_names_cells(graded: dict[str, dict[str, object]]) -> None:
    notes = graded["correct/jupyterlab-outputs-magics"]["notes"]
    assert "cell 2: `!pip install -q numpy` was not run (a shell command)" in notes  # type: ignore[operator]
    assert any("%%time" in n for n in notes)  # type: ignore[union-attr]
    escaped = graded["hostile/shell-escapes"]["notes"]
    assert any("%%bash" in n for n in escaped) and any("!cat ../../solutions" in n for n in escaped)  # type: ignore[union-attr]
    feedback = "\n".join(t["feedback"] for t in graded["buggy/backward-shape-error"]["tests"])  # type: ignore[attr-defined]
    assert 'cell 6 ("def backward("), line 8, in backward: delta1 = (delta2 @ W2)' in feedback
    assert "bp.py, line" not in feedback
    assert graded["syntax"]["problem"].startswith("importing your module raised SyntaxError")  # type: ignore[union-attr]
    assert '(cell 2 ("def sigmoid(u)"), line 1)' in graded["syntax"]["problem"]  # type: ignore[operator]


def test_top_level_code_that_used_the_time_is_named(graded: dict[str, dict[str, object]]) -> None:
    slow = graded["correct/slow-top-level-training"]["notes"]
    assert any("top-level code (outside functions) took" in n for n in slow), slow  # type: ignore[union-attr]
    assert not any("took" in n for n in graded["correct/colab-no-outputs"]["notes"])  # type: ignore[union-attr]
    record = graded["hostile/endless-top-level-training"]
    assert "did not finish within the time limit" in record["problem"]  # type: ignore[operator]
    assert any("top-level code" in n and '__name__ == "__main__"' in n for n in record["notes"])  # type: ignore[union-attr]


def test_a_folder_mixing_py_and_ipynb_grades_each(graded: dict[str, dict[str, object]]) -> None:
    assert graded["mixed/alice"]["score"] == 20
    assert graded["mixed/bob"]["functions"]["backward"]["score"] < 8  # type: ignore[index]
    assert graded["mixed/carol"]["score"] == 20


def test_text_and_gradescope_reports_show_the_notes(graded: dict[str, dict[str, object]]) -> None:
    result = from_dict(graded["correct/colab-no-outputs"])
    assert result.notes and from_dict(as_dict(result)) == result  # --resume reads the notes back
    text = as_text(result)
    assert "20/20 points, passed" in text and "  note: cell 2: `%%bash` cell was not run" in text
    assert "note: cell 2: `%%bash`" in json.loads(as_gradescope(result))["output"]
