"""Files written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlprep.atomic import write_atomic


def test_text_and_bytes_are_written_whole_with_their_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_atomic(target, "进度 ✓\n")
    assert target.read_text(encoding="utf-8") == "进度 ✓\n"
    write_atomic(target, b"\x00\x01", durable=True)
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_a_lone_surrogate_is_an_error_unless_escaped(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \udcff")
    assert not target.exists()
    write_atomic(target, "bad \udcff", errors="backslashreplace")
    assert target.read_text(encoding="utf-8") == "bad \\udcff"


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: the rename fails
    (target / "keep").write_text("x")
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.is_dir() and (target / "keep").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
