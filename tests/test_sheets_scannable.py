"""Scannable answer sheets: the manifest's geometry is where the boxes really are in the PDF."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dlprep.scan.pages import decode_qr
from dlprep.scan.simulate import render_pages
from dlprep.sheets.scannable import numeric_grid, page_checksum, qr_payload, score_values

BOX_KEYS = {"question", "kind", "value", "column", "x_mm", "y_mm", "w_mm", "h_mm"}


def test_manifest_records_the_scan_geometry_in_the_documented_schema(scannable_build: Path) -> None:
    manifest = json.loads((scannable_build / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["exam_id"]) == 8
    for variant in manifest["variants"]:
        scan = variant["scan"]
        assert set(scan) == {"file", "pages"} and (scannable_build / scan["file"]).is_file()
        assert [p["page"] for p in scan["pages"]] == list(range(1, len(scan["pages"]) + 1))
        assert len(scan["pages"]) == 2
        kinds = set()
        for page in scan["pages"]:
            assert (page["width_mm"], page["height_mm"]) == (210.0, 297.0)
            ids = [b for b in page["boxes"] if b["kind"] == "student_id"]
            assert len(ids) == 6 * 10 and all(b["question"] is None for b in ids)  # id_digits: 6
            for box in page["boxes"]:
                assert set(box) == BOX_KEYS
                kinds.add(box["kind"])
                assert (box["column"] is None) == (box["kind"] not in ("digit", "student_id"))
        assert kinds == {"choice", "truefalse", "digit", "student_id", "score"}
        numbers = {b["question"] for p in scan["pages"] for b in p["boxes"]} - {None}
        assert numbers == {q["number"] for q in variant["questions"]}
        for q in variant["questions"]:
            boxes = [b for p in scan["pages"] for b in p["boxes"] if b["question"] == q["number"]]
            if q["type"] in ("single", "multiple"):
                assert [b["value"] for b in boxes] == list("ABCDEFGH"[: len(q["choice_order"])])
            if q["type"] == "open":
                assert [b["value"] for b in boxes] == score_values(q["points"])


@pytest.mark.parametrize("dpi", [150])
def test_every_recorded_box_has_a_dark_border_and_a_white_inside(scannable_build: Path, dpi: int) -> None:
    manifest = json.loads((scannable_build / "manifest.json").read_text(encoding="utf-8"))
    variant = manifest["variants"][0]
    images = render_pages(scannable_build / variant["scan"]["file"], dpi)
    f = dpi / 25.4
    for image, page in zip(images, variant["scan"]["pages"], strict=True):
        dark = image < 140
        for box in page["boxes"]:
            x0, y0 = box["x_mm"] * f, box["y_mm"] * f
            x1, y1 = (box["x_mm"] + box["w_mm"]) * f, (box["y_mm"] + box["h_mm"]) * f
            inside = dark[
                int(y0 + 0.25 * (y1 - y0)) : int(y1 - 0.25 * (y1 - y0)),
                int(x0 + 0.25 * (x1 - x0)) : int(x1 - 0.25 * (x1 - x0)),
            ]
            assert not inside.any(), box
            for edge in (
                dark[int(round(y0)) - 1 : int(round(y0)) + 2, int(x0 + 2) : int(x1 - 2)],  # top
                dark[int(round(y1)) - 1 : int(round(y1)) + 2, int(x0 + 2) : int(x1 - 2)],  # bottom
                dark[int(y0 + 2) : int(y1 - 2), int(round(x0)) - 1 : int(round(x0)) + 2],  # left
                dark[int(y0 + 2) : int(y1 - 2), int(round(x1)) - 1 : int(round(x1)) + 2],  # right
            ):
                assert edge.any(axis=0 if edge.shape[0] <= 3 else 1).mean() > 0.9, box
            # and just outside the box, the paper is white again (no box is off by a line width)
            ring = dark[int(round(y0 - 0.4 * f)), int(x0 + 2) : int(x1 - 2)]
            assert ring.mean() < 0.5, box


def test_each_page_carries_a_qr_code_naming_exam_variant_page_and_checksum(scannable_build: Path) -> None:
    manifest = json.loads((scannable_build / "manifest.json").read_text(encoding="utf-8"))
    for variant in manifest["variants"]:
        images = render_pages(scannable_build / variant["scan"]["file"], 150)
        for image, page in zip(images, variant["scan"]["pages"], strict=True):
            codes = decode_qr(image)
            assert [c.text for c in codes] == [qr_payload(manifest["exam_id"], variant["code"], page)]
            assert codes[0].text.endswith(page_checksum(manifest["exam_id"], variant["code"], page))


def test_answer_sheets_print_the_bilingual_instructions(scannable_build: Path) -> None:
    from pypdf import PdfReader

    text = "".join(PdfReader(scannable_build / "answer-sheet-A.pdf").pages[0].extract_text().split())
    assert "打叉" in text and "blacktheboxout" in text.replace("✗", "")
    sheet = "".join(PdfReader(scannable_build / "exam-A.pdf").pages[0].extract_text().split())
    assert "请在答题卡上作答" in sheet and "Markyouranswersontheanswersheet" in sheet


@pytest.mark.parametrize(
    ("answer", "tolerance", "grid"),
    [
        (12.5, 0.05, (3, 2)),
        (0.731, 0.001, (2, 3)),
        (-3.0, 0.5, (2, 1)),
        (1234.0, 1.0, (5, 0)),
        (0.5, 0.01, (2, 2)),
    ],
)
def test_numeric_grids_are_sized_from_the_answer_and_its_tolerance(
    answer: float, tolerance: float, grid: tuple[int, int]
) -> None:
    integer, decimals = numeric_grid(answer, tolerance)
    assert (integer, decimals) == grid
    assert 10.0**-decimals <= tolerance * 10 + 1e-12  # the grid's last digit resolves the tolerance


def test_score_rows_run_from_zero_to_the_points() -> None:
    assert score_values(3) == ["0", "1", "2", "3"]
    assert score_values(2.5) == ["0", "1", "2", "2.5"]
    assert np.array(score_values(10)).size == 11
