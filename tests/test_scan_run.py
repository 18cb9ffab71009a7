"""`exam scan` end to end: real answer sheets rendered by PDFium, filled the way people fill them,
degraded the way scanners do, shuffled across files, read with OpenCV and zxing-cpp.

Every clear mark must be read right and every unclear one sent to review; the points must equal
those worked out here from `answers.csv` (not from the manifest the scanner uses).
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from dlprep.scan.run import ScanError, scan_exam
from dlprep.scan.simulate import Student, degrade, fill_sheet, render_pages
from dlprep.sheets.scannable import numeric_grid

UNCLEAR_STYLES = ("faint", "erased", "blackout")


def _manifest(build: Path) -> dict[str, Any]:
    return json.loads((build / "manifest.json").read_text(encoding="utf-8"))


def _answers_csv(build: Path) -> dict[tuple[str, int], tuple[str, float]]:
    with (build / "answers.csv").open(encoding="utf-8") as handle:
        return {
            (row["variant"], int(row["number"])): (row["answer"], float(row["points"]))
            for row in csv.DictReader(handle)
        }


def _expected_points(qtype: str, key: str, points: float, given: str, choices: int) -> float:
    """The spec's rules (per-choice multiple, 0.25 negative marking) applied to answers.csv's key."""
    if given == "":
        return 0.0
    if qtype == "single":
        return points if given == key else -0.25 * points
    if qtype == "truefalse":
        return points if given == key else -0.25 * points
    if qtype == "multiple":
        right = set(key.replace(", ", ""))
        marked = set(given)
        raw = points * (len(marked & right) / len(right) - len(marked - right) / (choices - len(right)))
        return max(raw, -0.25 * points)
    if qtype == "numeric":
        value, tolerance = key.split(" (± ")
        return points if abs(float(given) - float(value)) <= float(tolerance.rstrip(")")) + 1e-9 else 0.0
    return float(given)  # open: the score the marker ticked


def _student_answers(
    variant: dict[str, Any], key: dict[tuple[str, int], tuple[str, float]], rng: random.Random
) -> dict[str, str]:
    answers = {}
    for q in variant["questions"]:
        n, qtype = q["number"], q["type"]
        right = key[(variant["code"], n)][0]
        letters = "ABCDEFGH"[: len(q["choice_order"])]
        if qtype == "single":
            answers[str(n)] = rng.choice([right, rng.choice(letters), ""])
        elif qtype == "multiple":
            answers[str(n)] = rng.choice([right.replace(", ", ""), "".join(sorted(rng.sample(letters, 2)))])
        elif qtype == "truefalse":
            answers[str(n)] = rng.choice(["true", "false"])
        elif qtype == "numeric":
            value, tolerance = (float(x) for x in right.rstrip(")").split(" (± "))
            decimals = numeric_grid(value, tolerance)[1]  # what fits the grid, as a student writes it
            answers[str(n)] = f"{rng.choice([value, value + 1]):.{decimals}f}"
        else:
            answers[str(n)] = str(rng.randint(0, int(q["points"])))
    return answers


def _write_scans(pages: list[np.ndarray], folder: Path, rng: random.Random) -> list[Path]:
    """Pages across a multi-page PDF (the last student's last page before the first's first: two
    students, out of order), a TIFF, PNGs and a JPEG, the rest shuffled."""
    middle = pages[1:-1]
    rng.shuffle(middle)
    ordered = [pages[-1], pages[0], *middle]
    folder.mkdir(parents=True, exist_ok=True)
    images = [Image.fromarray(cv2.cvtColor(p, cv2.COLOR_BGR2RGB) if p.ndim == 3 else p) for p in ordered]
    pdf, tiff, rest = images[:2], images[2:3], images[3:]
    files = [folder / "batch.pdf", folder / "batch.tif"]
    pdf[0].save(files[0], save_all=True, append_images=pdf[1:], resolution=200)
    tiff[0].save(files[1], save_all=True, append_images=tiff[1:], compression="tiff_lzw")
    for index, image in enumerate(rest):
        files.append(folder / (f"single-{index}.jpg" if index % 2 else f"single-{index}.png"))
        if index % 2:
            image.save(files[-1], quality=70)
        else:
            image.save(files[-1])
    return files


def _simulate(build: Path, dpi: int, seed: int, students: int) -> tuple[list[Student], list[np.ndarray]]:
    manifest = _manifest(build)
    key = _answers_csv(build)
    rng = random.Random(seed)
    made, scans = [], []
    for index in range(students):
        variant = manifest["variants"][index % len(manifest["variants"])]
        pages = render_pages(build / variant["scan"]["file"], dpi)
        student = Student(f"{202600 + index}", variant["code"], _student_answers(variant, key, rng))
        numbers = [str(q["number"]) for q in variant["questions"]]
        unclear = {number: UNCLEAR_STYLES[k % 3] for k, number in enumerate(rng.sample(numbers, 3))}
        fill_sheet(pages, variant["scan"], student, dpi, rng, unclear)
        made.append(student)
        for page in pages:
            scan = degrade(
                page,
                rng,
                quarter_turns=rng.choice([0, 1, 2, 3]),
                skew_deg=rng.uniform(-3, 3),
                shift_mm=(rng.uniform(-4, 4), rng.uniform(-4, 4)),
                scale=rng.uniform(0.97, 1.03),
                noise=rng.uniform(2, 8),
                dpi=dpi,
                colour=rng.random() < 0.3,
            )
            if rng.random() < 0.5:  # a JPEG round trip at photocopier quality
                scan = cv2.imdecode(
                    cv2.imencode(".jpg", scan, [cv2.IMWRITE_JPEG_QUALITY, 60])[1], cv2.IMREAD_UNCHANGED
                )
            scans.append(scan)
    return made, scans


def _check(build: Path, out: Path, students: list[Student]) -> None:
    manifest = _manifest(build)
    key = _answers_csv(build)
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    by_id = {s["student_id"]: s for s in scores["students"]}
    assert set(by_id) == {s.student_id for s in students}
    review = (out / "review.html").read_text(encoding="utf-8")
    for student in students:
        variant = next(v for v in manifest["variants"] if v["code"] == student.variant)
        got = by_id[student.student_id]
        assert got["variant"] == student.variant
        for q in variant["questions"]:
            number = str(q["number"])
            if number in student.unclear:
                assert got["answers"][number] is None, (student.student_id, number, got["answers"][number])
                assert f",{number},</code>" in review
                continue
            given = student.answers[number]
            if q["type"] == "numeric":
                assert float(got["answers"][number]) == pytest.approx(float(given)), (
                    student.student_id,
                    number,
                )
            else:
                assert got["answers"][number] == given, (student.student_id, number, q["type"])
            right, points = key[(student.variant, q["number"])]
            expected = _expected_points(q["type"], right, points, given, len(q["choice_order"]))
            assert got["points"][number] == pytest.approx(expected), (student.student_id, number)
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    for student in students:
        total = sum(by_id[student.student_id]["points"].values())
        assert float(rows[student.student_id]["total"]) == pytest.approx(
            total, abs=1e-4
        )  # grades.csv has 4 decimals
        assert (out / rows[student.student_id]["name_image"]).is_file()
        assert (out / "students" / f"{student.student_id}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_every_clear_mark_is_read_and_every_unclear_one_flagged(
    scannable_build: Path, tmp_path: Path, dpi: int
) -> None:
    students, scans = _simulate(scannable_build, dpi, seed=dpi, students=2)
    files = _write_scans(scans, tmp_path / "scans", random.Random(dpi))
    summary = scan_exam(files, build=scannable_build, out=tmp_path / "results", jobs=1)
    assert summary.students == 2 and summary.pages_total == len(scans)
    assert summary.pending == 6 and not summary.problems, summary.problems
    _check(scannable_build, tmp_path / "results", students)


def test_overrides_and_later_scans_add_up_without_losing_decisions(
    scannable_build: Path, tmp_path: Path
) -> None:
    students, scans = _simulate(scannable_build, 150, seed=5, students=1)
    student = students[0]
    first, second = tmp_path / "p1.png", tmp_path / "p2.png"
    cv2.imwrite(str(first), scans[0])
    cv2.imwrite(str(second), scans[1])
    out = tmp_path / "results"
    summary = scan_exam([first], build=scannable_build, out=out, jobs=1)
    assert any("missing" in p for p in summary.problems)
    state = json.loads((out / "pages.json").read_text(encoding="utf-8"))
    page_key = next(iter(state["pages"]))
    flagged = [q for q, r in state["pages"][page_key]["responses"].items() if r["flags"]]
    assert flagged, "page 1 carries unclear marks"
    decisions = tmp_path / "overrides.csv"
    manifest = _manifest(scannable_build)
    variant = next(v for v in manifest["variants"] if v["code"] == student.variant)
    types = {str(q["number"]): q["type"] for q in variant["questions"]}
    lines = ["page,question,answer"]
    for question in flagged:
        lines.append(
            f"{page_key},{question},{student.answers[question] if types[question] != 'open' else '1'}"
        )
    decisions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scan_exam([first], build=scannable_build, out=out, overrides=decisions, jobs=1)
    summary = scan_exam([first, second], build=scannable_build, out=out, jobs=1)  # no --overrides now
    assert summary.pages_new == 1 and summary.pages_total == 2
    assert not any("missing" in p for p in summary.problems)
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))["students"][0]
    for question in flagged:
        assert scores["answers"][question] is not None, question  # the decision survived the re-run
    assert "page,question,answer" in (out / "overrides.csv").read_text(encoding="utf-8")


def test_problems_are_reported_not_swallowed(scannable_build: Path, tmp_path: Path, bank: Any) -> None:
    from dlprep.selection import groups_from_options
    from dlprep.sheets.build import build_exam
    from dlprep.sheets.spec import spec_from_select

    students, scans = _simulate(scannable_build, 150, seed=9, students=1)
    cv2.imwrite(str(tmp_path / "a.png"), scans[0])
    dup = scans[0].copy()
    dup[0, 0] = 0  # the same page scanned twice (not the same file)
    cv2.imwrite(str(tmp_path / "b.png"), dup)
    cv2.imwrite(str(tmp_path / "blank.png"), np.full((1200, 850), 250, np.uint8))
    other = tmp_path / "other-build"
    groups = groups_from_options("type=single:2", None, bank)
    assert groups is not None
    build_exam(
        spec_from_select(groups[0], None, groups[1]),
        bank,
        out=other,
        variants=1,
        seed=3,
        scannable=True,
        jobs=1,
        lang="en",
    )
    foreign = render_pages(other / "answer-sheet-A.pdf", 150)[0]
    cv2.imwrite(str(tmp_path / "foreign.png"), foreign)
    no_id = render_pages(scannable_build / "answer-sheet-A.pdf", 150)[1]
    cv2.imwrite(str(tmp_path / "no-id.png"), no_id)
    summary = scan_exam(sorted(tmp_path.glob("*.png")), build=scannable_build, out=tmp_path / "r", jobs=1)
    text = "\n".join(summary.problems)
    assert "scanned twice" in text
    assert "missing" in text
    assert "no QR code" in text
    assert "another exam" in text
    assert "student-ID grid is empty" in text
    review = (tmp_path / "r" / "review.html").read_text(encoding="utf-8")
    assert "blank.png" in review and "another exam" in review


def test_results_of_another_exam_are_refused(scannable_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    out.mkdir()
    (out / "pages.json").write_text('{"exam_id": "00000000", "pages": {}}', encoding="utf-8")
    with pytest.raises(ScanError, match="another exam"):
        scan_exam([], build=scannable_build, out=out)
    shutil.rmtree(out)
    with pytest.raises(ScanError, match="no manifest"):
        scan_exam([], build=tmp_path, out=out)
