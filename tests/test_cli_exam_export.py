"""`exam export` as a user runs it: selections, the written file, one-line errors with exit 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from test_cli_exam_build import _one_line_error, exam

from dlprep.bank import load_bank


def test_export_selection_to_moodle(tmp_path: Path) -> None:
    out = tmp_path / "cnn.xml"
    result = exam(
        "export", "--format", "moodle", "--select", "cnn+type=single:4,gan+type=open", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    bank = load_bank(None).require_clean()
    gan_open = [q.id for q in bank.questions.values() if q.topic == "gan" and q.type.value == "open"]
    names = [n.findtext("text") for n in ET.parse(out).getroot().iter("name")]
    idnumbers = [q.findtext("idnumber") for q in ET.parse(out).getroot() if q.get("type") != "category"]
    assert len(idnumbers) == 4 + len(gan_open)
    assert set(gan_open) <= set(idnumbers) and set(gan_open) <= set(names)
    assert f"{4 + len(gan_open)} questions" in result.stdout


def test_export_same_seed_same_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        assert exam("export", "-f", "gift", "--count", "6", "--seed", "9", "--out", str(path)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    other = tmp_path / "c.txt"
    assert exam("export", "-f", "gift", "--count", "6", "--seed", "10", "--out", str(other)).returncode == 0
    assert other.read_bytes() != first.read_bytes()


def test_export_errors_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    _one_line_error(
        exam("export", "-f", "csv", "--select", "gann", "--out", str(tmp_path / "x.csv")), "'gann'"
    )
    missing = tmp_path / "no" / "x.csv"
    _one_line_error(exam("export", "-f", "csv", "--out", str(missing)), "does not exist")
    _one_line_error(exam("export", "-f", "apkg", "--out", str(tmp_path)), "is a folder")
    assert list(tmp_path.iterdir()) == []
