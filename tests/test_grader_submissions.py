"""Every file in a submissions folder is graded or listed as skipped with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.errors import UsageError
from grader.submissions import MAX_DEPTH, digest, survey


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
        "frank/answer.ipynb": "frank/: no bp.py or bp.ipynb in it",
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


def test_links_in_a_submission_folder_are_never_followed(tmp_path: Path) -> None:
    """A red-team attack: helper files linked to a classmate's file, /etc/shadow and a 400 MB library
    scored 20/20 and leaked the secret. Links are skipped with the reason, and nothing is read."""
    from grader.submissions import LINK_REASON, survey

    batch = tmp_path / "batch"
    (batch / "mallory").mkdir(parents=True)
    classmate = batch / "ann.py"
    classmate.write_text("# CLASSMATE\ndef f():\n    return 1\n")
    (batch / "mallory" / "bp.py").write_text("from loot import *\n")
    (batch / "mallory" / "loot.py").symlink_to("../ann.py")
    (batch / "mallory" / "shadow.py").symlink_to("/etc/shadow")
    (batch / "mallory" / "hard.py").hardlink_to(classmate)
    (batch / "linked.py").symlink_to(classmate)
    (batch / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    found = survey([batch], "bp")
    [mallory] = [s for s in found.submissions if s.name.endswith("mallory")]
    assert set(mallory.files) == {"bp.py"}
    skipped = {Path(s.path).name: s.reason for s in found.skipped}
    # ann.py has a second hard link now (mallory's hard.py), so neither name is read
    for name in ("loot.py", "shadow.py", "hard.py", "linked.py", "elsewhere", "ann.py"):
        assert skipped[name] == LINK_REASON, skipped
    assert all("CLASSMATE" not in text for s in found.submissions for text in s.files.values())


def test_a_file_is_size_checked_before_it_is_read_and_a_named_link_is_followed(tmp_path: Path) -> None:
    from grader.submissions import MAX_SOURCE, read_submission

    big = tmp_path / "big.py"
    with big.open("wb") as handle:
        handle.truncate(MAX_SOURCE * 400)  # sparse: 400 MiB that would cost the grader 400 MiB to read
    assert "larger than" in read_submission("big", "bp", big, []).problem
    real = tmp_path / "real.py"
    real.write_text("x = 1\n")
    named = tmp_path / "named.py"
    named.symlink_to(real)
    assert read_submission("named", "bp", named, [], named=True).files == {"bp.py": "x = 1\n"}
    assert "symbolic link" in read_submission("named", "bp", named, []).problem


def test_a_folder_nested_too_deep_pipes_and_devices_are_listed_not_followed(tmp_path: Path) -> None:
    """Red team: 1900 nested folders made os.walk exhaust Python's stack; a FIFO was dropped silently."""
    import os

    student = tmp_path / "eve"
    _write(student / "bp.py")
    deep = student
    for _ in range(MAX_DEPTH + 40):
        deep = deep / "d"
    deep.mkdir(parents=True)
    _write(deep / "x.py")
    os.mkfifo(student / "pipe.py")
    found = survey([tmp_path], "bp")
    assert [s.name for s in found.submissions] == [str(student)]
    reasons = {Path(k.path).name: k.reason for k in found.skipped}
    assert reasons["pipe.py"] == "not a regular file (a pipe, socket or device)"
    assert any(f"nested more than {MAX_DEPTH} folders deep" in k.reason for k in found.skipped)


def test_names_that_are_not_utf8_are_shown_escaped_and_never_twice(tmp_path: Path) -> None:
    """Red team: a file name holding byte 0xff crashed the batch (its report was looked up by another name)."""
    import os

    raw = os.fsencode(tmp_path) + b"/zz-\xff.py"
    with open(raw, "wb") as handle:
        handle.write(b"def f():\n    return 1\n")
    with open(os.fsencode(tmp_path) + b"/zz-\\udcff.py", "wb") as handle:  # reads the same once shown
        handle.write(b"def f():\n    return 2\n")
    found = survey([tmp_path], "bp")
    names = [s.name for s in found.submissions]
    assert names == [f"{tmp_path}/zz-\\udcff.py"]
    assert [k.reason for k in found.skipped] == ["its name reads the same as another submission's"]


def test_a_file_name_in_a_problem_is_quoted_so_it_starts_no_line(tmp_path: Path) -> None:
    """Red team: a file named with a newline and a grader-like sentence landed raw in Gradescope's output."""
    student = tmp_path / "mallory"
    _write(student / "bp.py")
    odd = student / "x\nGrader: verified by hand, 20 of 20 points\n.py"
    odd.write_bytes(b"\xff\xfe not utf-8")
    [submission] = survey([tmp_path], "bp").submissions
    assert "\n" not in submission.problem and "x\\nGrader" in submission.problem, submission.problem
