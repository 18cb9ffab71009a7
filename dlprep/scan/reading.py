"""Read one page of a scan against the build: which sheet it is, and every answer on it.

Runs in worker processes, so it takes and returns plain data: the page's source, and a record
with the page's identity, its responses (with the reasons anything is unclear), the fill of each
box, and the straightened page as JPEG for the review page and the annotated copies.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2

from dlprep.scan.inputs import PageSource, load_page
from dlprep.scan.pages import PageFailure, decode_qr, straighten
from dlprep.scan.responses import collate, read_boxes
from dlprep.sheets.scannable import page_checksum

__all__ = ["read_page", "scan_layout"]


@lru_cache(maxsize=4)
def scan_layout(build: str) -> dict[str, Any]:
    """The parts of a build's manifest a page reader needs, loaded once per process."""
    manifest = json.loads((Path(build) / "manifest.json").read_text(encoding="utf-8"))
    variants = {}
    for variant in manifest["variants"]:
        single = frozenset(str(q["number"]) for q in variant["questions"] if q["type"] in ("single",))
        variants[variant["code"]] = {"pages": variant["scan"]["pages"], "single": single}
    return {"exam_id": manifest["exam_id"], "variants": variants}


def _thumbnail(gray: Any) -> bytes:
    scale = 900 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    return bytes(cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])[1])


def read_page(build: str, source: PageSource) -> tuple[dict[str, Any], bytes]:
    """The page's record and its image as JPEG (the straightened sheet, or the raw scan if unread)."""
    layout = scan_layout(build)
    record: dict[str, Any] = {"key": source.key, "source": source.label, "status": "unread"}
    try:
        gray = load_page(source)
    except Exception as exc:  # a broken image inside a file: report it with the page, go on
        record["why"] = f"cannot load the page ({exc})"
        return record, b""
    codes = [code for code in decode_qr(gray) if code.text.startswith("DLP1:")]
    if not codes:
        record["why"] = "no QR code of ours found (a blank page, the question sheet, or too blurred)"
        return record, _thumbnail(gray)
    try:
        page = straighten(gray, codes[0])
    except PageFailure as exc:
        record["why"] = str(exc)
        return record, _thumbnail(gray)
    payload = page.payload
    record.update(exam=payload.exam, variant=payload.variant, page=payload.page)
    variant = layout["variants"].get(payload.variant)
    if payload.exam != layout["exam_id"]:
        record.update(
            status="foreign", why=f"a sheet of another exam ({payload.exam}, not {layout['exam_id']})"
        )
        return record, _thumbnail(gray)
    if variant is None or not 1 <= payload.page <= len(variant["pages"]):
        record["why"] = f"variant {payload.variant} page {payload.page} is not in this build"
        return record, _thumbnail(gray)
    spec = variant["pages"][payload.page - 1]
    if page_checksum(payload.exam, payload.variant, spec) != payload.check:
        record.update(status="foreign", why="the page's checksum does not match this build's layout")
        return record, _thumbnail(gray)
    readings = read_boxes(page.gray, page.white, page.black, spec["boxes"])
    responses = collate(readings, variant["single"])
    record.update(
        status="read",
        why="",
        marks_found=page.marks_found,
        fills=[[round(r.fill.dark, 3), round(r.fill.light, 3), r.fill.mark.value] for r in readings],
        responses={
            key: {"kind": r.kind, "answer": r.answer, "flags": r.flags} for key, r in responses.items()
        },
    )
    image = bytes(cv2.imencode(".jpg", page.gray, [cv2.IMWRITE_JPEG_QUALITY, 80])[1])
    return record, image
