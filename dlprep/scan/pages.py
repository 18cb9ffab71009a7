"""One scanned page to a straightened image in sheet coordinates, named by its QR code.

The QR code says which exam, variant and page this is and, read by zxing-cpp, where its corners
are on the scan in its own orientation, so a page turned by any angle gives a first guess of the
whole geometry. The four corner marks are then looked for where that guess puts them, and the
perspective from the marks (which span the page, so small errors in the QR corners do not grow
across it) maps the page onto a fixed grid of `PX_PER_MM` pixels per millimetre.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from dlprep.sheets.scannable import MARK, MARK_POSITIONS, PAGE_H, PAGE_W, QR_BOX, QR_PREFIX

__all__ = ["PX_PER_MM", "PageImage", "PageFailure", "QrCode", "decode_qr", "parse_qr", "straighten"]

PX_PER_MM = 6.0  # ~152 dpi: boxes of 3.8 mm are 23 pixels wide, and a page warps in a few ms
Gray = npt.NDArray[Any]  # OpenCV's results are typed loosely; these are uint8 images


class PageFailure(Exception):
    """This page cannot be read; the message says why, for the review page."""


@dataclass(frozen=True)
class QrCode:
    text: str
    corners: npt.NDArray[Any]  # top-left, top-right, bottom-right, bottom-left in the code's frame


@dataclass(frozen=True)
class Payload:
    exam: str
    variant: str
    page: int
    check: str


@dataclass
class PageImage:
    payload: Payload
    gray: Gray  # the straightened page, PX_PER_MM pixels per mm
    white: float  # the paper's grey level
    black: float  # the ink's
    marks_found: int


def decode_qr(gray: Gray) -> list[QrCode]:
    """Every QR code on the page (zxing-cpp reads them at any rotation), largest images first halved."""
    import zxingcpp

    attempts: list[tuple[Gray, float]] = [(gray, 1.0)]
    if max(gray.shape) > 2600:  # a 300 dpi page: zxing is quicker, and as sure, at half size
        attempts.insert(0, (cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 2.0))
    for image, factor in attempts:
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]
        codes = []
        for code in found:
            if not code.valid:
                continue
            p = code.position
            corners = np.array(
                [[c.x, c.y] for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)],
                dtype=np.float64,
            )
            codes.append(QrCode(code.text, corners * factor))
        if codes:
            return codes
    return []


def parse_qr(text: str) -> Payload:
    parts = text.split(":")
    if len(parts) != 5 or parts[0] != QR_PREFIX or not parts[3].isdigit():
        raise PageFailure(f"the QR code ({text[:40]!r}) is not one of our answer sheets")
    return Payload(parts[1], parts[2], int(parts[3]), parts[4])


def _mm_points(points: list[tuple[float, float]]) -> npt.NDArray[Any]:
    return np.array(points, dtype=np.float64).reshape(-1, 1, 2)


def _qr_mm() -> npt.NDArray[Any]:
    x, y, s = QR_BOX
    return _mm_points([(x, y), (x + s, y), (x + s, y + s), (x, y + s)])


def _find_mark(gray: Gray, centre: npt.NDArray[Any], px_mm: float) -> tuple[float, float] | None:
    """The centre of the dark square nearest to `centre` (in image pixels), or None."""
    half = int(9 * px_mm)
    cx, cy = int(round(centre[0])), int(round(centre[1]))
    x0, y0 = max(cx - half, 0), max(cy - half, 0)
    x1, y1 = min(cx + half, gray.shape[1]), min(cy + half, gray.shape[0])
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    window = gray[y0:y1, x0:x1]
    _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    expected = (MARK * px_mm) ** 2
    best: tuple[float, float] | None = None
    best_distance = float("inf")
    for index in range(1, count):
        x, y, w, h, area = stats[index]
        if not 0.45 * expected <= area <= 2.0 * expected or not 0.6 <= w / max(h, 1) <= 1.67:
            continue
        if area < 0.7 * w * h:  # a solid square, not a ring of text or a stroke
            continue
        mx, my = centroids[index]
        distance = float(np.hypot(mx + x0 - centre[0], my + y0 - centre[1]))
        if distance < best_distance:
            best, best_distance = (float(mx + x0), float(my + y0)), distance
    return best


def straighten(gray: Gray, code: QrCode) -> PageImage:
    """Warp the scan so that sheet millimetre (x, y) lands on pixel (x, y) * PX_PER_MM."""
    payload = parse_qr(code.text)
    # A similarity (turn, scale, shift) from the QR corners: a perspective fitted to a 24 mm square
    # would swing wildly 190 mm away.
    similarity, _ = cv2.estimateAffinePartial2D(_qr_mm().reshape(4, 2), code.corners)
    if similarity is None:
        raise PageFailure("the QR code's corners do not form a square")
    qr_h = np.vstack([similarity, [0.0, 0.0, 1.0]])
    side = np.mean(np.linalg.norm(np.roll(code.corners, -1, axis=0) - code.corners, axis=1))
    px_mm = float(side / QR_BOX[2])
    centres_mm = [(x + MARK / 2, y + MARK / 2) for x, y in MARK_POSITIONS]
    predicted = cv2.perspectiveTransform(_mm_points(centres_mm), qr_h).reshape(-1, 2)
    src: list[tuple[float, float]] = []
    dst: list[tuple[float, float]] = []
    for centre_mm, guess in zip(centres_mm, predicted, strict=True):
        found = _find_mark(gray, guess, px_mm)
        if found is not None:
            src.append(centre_mm)
            dst.append(found)
    marks = len(src)
    if marks < 3:
        raise PageFailure(f"only {marks} of the 4 corner marks found (page cut off, folded or too dark?)")
    if marks == 4:
        h, _ = cv2.findHomography(_mm_points(src), _mm_points(dst), 0)
    else:  # three marks and the QR corners: still a well-spread fit
        qr_src = [tuple(p) for p in _qr_mm().reshape(4, 2)]
        h, _ = cv2.findHomography(
            _mm_points(src + qr_src), _mm_points(dst + [tuple(p) for p in code.corners]), 0
        )
    if h is None:
        raise PageFailure("the corner marks do not form a page")
    to_canvas = h @ np.diag([1 / PX_PER_MM, 1 / PX_PER_MM, 1.0])
    size = (int(round(PAGE_W * PX_PER_MM)), int(round(PAGE_H * PX_PER_MM)))
    warped = cv2.warpPerspective(
        gray, to_canvas, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderValue=255
    )
    white, black = paper_and_ink(warped)
    return PageImage(payload, warped, white, black, marks)


def paper_and_ink(warped: Gray) -> tuple[float, float]:
    """The page's paper white (a high percentile) and ink black (inside the corner marks), so that
    grey paper or faint toner reads the same as a crisp scan."""
    white = float(np.percentile(warped[::7, ::7], 90))
    inner = int(MARK * PX_PER_MM * 0.25)
    blacks = []
    for x, y in MARK_POSITIONS:
        x0, y0 = int(x * PX_PER_MM) + inner, int(y * PX_PER_MM) + inner
        side = int(MARK * PX_PER_MM) - 2 * inner
        blacks.append(float(np.median(warped[y0 : y0 + side, x0 : x0 + side])))
    return white, min(float(np.median(blacks)), white - 40.0)
