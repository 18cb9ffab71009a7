"""`export_bank`: every format to a file, atomically, with one-line errors that name the path."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep.bank import Bank, load_bank
from dlprep.errors import DlprepError, GeneratorError
from dlprep.export import ExportError, ExportFormat, export_bank
from dlprep.question import GeneratorSpec


@pytest.fixture
def demo(write_bank: Callable[[str], Path]) -> Bank:
    return load_bank([write_bank(VALID_BANK)]).require_clean()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_writes_a_file_and_returns_the_question_count(
    demo: Bank, tmp_path: Path, fmt: ExportFormat
) -> None:
    out = tmp_path / f"bank{fmt.suffix}"
    assert export_bank(demo, fmt=fmt, out=out, lang="both", instances=3, seed=1) == 4
    data = out.read_bytes()
    if fmt is ExportFormat.MOODLE:
        assert len([q for q in ET.fromstring(data).iter("question") if q.get("type") != "category"]) == 4
    elif fmt is ExportFormat.GIFT:
        assert data.decode("utf-8").count("// [id:") == 4
    elif fmt is ExportFormat.APKG:
        assert zipfile.is_zipfile(out)
    else:
        assert data.decode("utf-8-sig").count("\r\n") == 5
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "bank.yaml") == [out.name]


def test_formats_are_accepted_by_name_and_files_get_normal_permissions(demo: Bank, tmp_path: Path) -> None:
    out = tmp_path / "bank.xml"
    export_bank(demo, fmt="moodle", out=out)
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_list_of_questions_exports_with_given_topics(demo: Bank, tmp_path: Path) -> None:
    out = tmp_path / "one.txt"
    assert export_bank([demo.questions["demo-single"]], fmt="gift", out=out, topics=demo.topics) == 1
    assert "// Demo\n$CATEGORY: $course$/dlprep/demo" in out.read_text(encoding="utf-8")


def test_a_failure_while_rendering_leaves_the_old_file_and_no_temporary(demo: Bank, tmp_path: Path) -> None:
    out = tmp_path / "bank.xml"
    out.write_text("previous export", encoding="utf-8")
    broken = replace(demo.questions["demo-numeric"], generator=GeneratorSpec("no_such_generator"))
    with pytest.raises(GeneratorError, match="unknown generator"):
        export_bank([demo.questions["demo-single"], broken], fmt="moodle", out=out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.xml", "bank.yaml"]


def test_a_failure_while_writing_leaves_the_old_file(
    demo: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bank.csv"
    out.write_text("previous export", encoding="utf-8")

    def full_disk(self: Path, data: bytes) -> int:  # a disk that fills up half-way through the file
        with self.open("wb") as handle:
            handle.write(data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(ExportError, match="bank.csv: cannot write \\(No space left on device\\)"):
        export_bank(demo, fmt="csv", out=out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.csv", "bank.yaml"]


def _error(
    demo: Bank, *, out: Path, fmt: str = "moodle", lang: str = "both", instances: int = 5
) -> ExportError:
    with pytest.raises(ExportError) as info:
        export_bank(demo, fmt=fmt, out=out, lang=lang, instances=instances)
    assert isinstance(info.value, DlprepError) and info.value.exit_code == 2
    assert "\n" not in str(info.value)
    return info.value


def test_destination_problems_name_the_path(demo: Bank, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "bank.xml"
    assert (
        str(_error(demo, out=missing))
        == f"{missing}: cannot write there: the folder {missing.parent} does not exist"
    )
    assert f"{tmp_path}: is a folder" in str(_error(demo, out=tmp_path))
    not_folder = tmp_path / "bank.yaml" / "bank.xml"
    assert "is not a folder" in str(_error(demo, out=not_folder))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_reported(demo: Bank, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert "no permission to write in" in str(_error(demo, out=locked / "bank.xml"))
    finally:
        locked.chmod(0o700)


def test_bad_options_are_usage_errors(demo: Bank, tmp_path: Path) -> None:
    out = tmp_path / "bank.xml"
    assert "unknown export format 'pdf' (choose moodle, gift, apkg, csv)" in str(
        _error(demo, fmt="pdf", out=out)
    )
    assert "unknown language 'fr' (choose zh, en, both)" in str(_error(demo, out=out, lang="fr"))
    assert "--instances must be at least 1, not 0" in str(_error(demo, out=out, instances=0))
    assert not out.exists()
