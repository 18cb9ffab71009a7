"""`exam scan` and `exam analyze` as a user runs them: one-line errors, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2

from dlprep.scan.simulate import render_pages


def exam(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from dlprep.cli.exam import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)


def test_scan_then_analyze_and_their_errors(scannable_build: Path, tmp_path: Path) -> None:
    page = tmp_path / "empty-sheet.png"
    cv2.imwrite(str(page), render_pages(scannable_build / "answer-sheet-A.pdf", 150)[0])
    out = tmp_path / "results"
    result = exam("scan", str(page), "--build", str(scannable_build), "--out", str(out))
    assert result.returncode == 1, result.stderr  # an empty ID grid is a problem, reported
    assert "student-ID grid is empty" in result.stderr and "review.html" in result.stdout
    assert "Traceback" not in result.stderr
    bad = tmp_path / "overrides.csv"
    bad.write_text("page,question,answer\nnope,1,A\n", encoding="utf-8")
    result = exam(
        "scan", str(page), "--build", str(scannable_build), "--out", str(out), "--overrides", str(bad)
    )
    assert result.returncode == 2 and "overrides.csv:2: no read page 'nope'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = exam("scan", str(tmp_path / "missing.pdf"), "--build", str(scannable_build), "--out", str(out))
    assert result.returncode == 2 and "missing.pdf: no such file" in result.stderr
    result = exam("analyze", str(out))
    assert result.returncode == 2 and "no students" in result.stderr
    result = exam("analyze", str(tmp_path))
    assert result.returncode == 2 and "not an `exam scan` results folder" in result.stderr


def test_build_refuses_scannable_html(tmp_path: Path) -> None:
    result = exam("build", "--scannable", "--format", "html", "-n", "2", "--out", str(tmp_path / "b"))
    assert result.returncode == 2 and "--scannable" in result.stderr and "Traceback" not in result.stderr
