"""Every file in a submissions folder is graded or listed as skipped with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.errors import UsageError
from grader.submissions import digest, survey


def _write(path: Path, text: str = "def f():\n    return 1\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_module_found_case_insensitively_and_nested_and_nothing_lost(tmp_path: Path) -> None:
    _write(tmp_path / "dan" / "BP.py")
    _write(tmp_path / "eve" / "src" / "bp.py")
    _write(tmp_path / "eve" / "src" / "helpers.py")
    _write(tmp_path / "eve" / "notes.md", "# notes")
    _write(tmp_path / "eve" / "src" / "test_bp.py")
    _write(tmp_path / "frank" / "answer.ipynb", "{}")
    _write(tmp_path / "gina" / "a" / "bp.py")
    _write(tmp_path / "gina" / "b" / "bp.py")
    _write(tmp_path / "hal.py")
    _write(tmp_path / "readme.txt", "hi")
    _write(tmp_path / "dan" / "__pycache__" / "bp.cpython-311.pyc", "x")
    found = survey([tmp_path], "bp")
    names = {Path(s.name).name: s for s in found.submissions}
    assert set(names) == {"dan", "eve", "hal.py"}
    assert set(names["eve"].files) == {"bp.py", "helpers.py"}
    assert set(names["dan"].files) == {"bp.py"}
    skipped = {str(Path(s.path).relative_to(tmp_path)): s.reason for s in found.skipped}
    assert skipped == {
        "readme.txt": "not a Python file",
        "eve/notes.md": "not a Python file (part of eve/, not graded)",
        "eve/src/test_bp.py": "a test file in eve/ (tests are not graded)",
        "frank/answer.ipynb": "frank/: no bp.py in it",
        "gina/a/bp.py": "gina/: more than one file could be the submission: a/bp.py, b/bp.py",
        "gina/b/bp.py": "gina/: more than one file could be the submission: a/bp.py, b/bp.py",
    }


def test_a_top_level_module_wins_over_nested_copies(tmp_path: Path) -> None:
    _write(tmp_path / "ivy" / "bp.py", "x = 1\n")
    _write(tmp_path / "ivy" / "old" / "bp.py", "x = 0\n")
    found = survey([tmp_path], "bp")
    assert [Path(s.name).name for s in found.submissions] == ["ivy"]
    assert found.submissions[0].files["bp.py"] == "x = 1\n"
    assert [s.reason for s in found.skipped] == ["not next to bp.py, so not importable by it"]


def test_digest_follows_the_content(tmp_path: Path) -> None:
    _write(tmp_path / "a.py", "x = 1\n")
    first = digest(survey([tmp_path / "a.py"], "bp").submissions[0])
    _write(tmp_path / "a.py", "x = 2\n")
    assert digest(survey([tmp_path / "a.py"], "bp").submissions[0]) != first


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no submissions here"):
        survey([tmp_path], "bp")
