"""Scans to pixels: PDFs (rendered with pypdfium2), PNG, JPEG and TIFF (multi-page too), as grey."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from dlprep.errors import DlprepError

__all__ = ["ScanInputError", "PageSource", "list_pages", "load_page", "IMAGE_SUFFIXES", "RENDER_DPI"]

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
RENDER_DPI = 200  # PDFs of scans are rendered at this resolution (boxes stay > 20 pixels wide)


class ScanInputError(DlprepError):
    exit_code = 2


@dataclass(frozen=True)
class PageSource:
    path: str
    index: int  # page of a PDF or TIFF, from 0
    key: str  # stable id of this page of this file: the same scan given twice is read once

    @property
    def label(self) -> str:
        return f"{Path(self.path).name} page {self.index + 1}"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:10]


def list_pages(paths: list[Path]) -> list[PageSource]:
    """Every page of every scan (folders are searched for scans); unreadable files are errors."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES | {".pdf"})
        elif not path.exists():
            raise ScanInputError(f"{path}: no such file or folder")
        else:
            files.append(path)
    pages: list[PageSource] = []
    for path in files:
        suffix = path.suffix.lower()
        digest = _digest(path)
        if suffix == ".pdf":
            import pypdfium2 as pdfium

            try:
                document = pdfium.PdfDocument(str(path))
            except pdfium.PdfiumError as exc:
                raise ScanInputError(f"{path}: not a readable PDF ({exc})") from None
            count = len(document)
            document.close()
        elif suffix in (".tif", ".tiff"):
            count = cv2.imcount(str(path))
            if count <= 0:
                raise ScanInputError(f"{path}: not a readable TIFF image")
        elif suffix in IMAGE_SUFFIXES:
            count = 1
        else:
            raise ScanInputError(f"{path}: not a scan (PDF, PNG, JPEG or TIFF expected)")
        pages += [PageSource(str(path), index, f"{digest}-{index + 1}") for index in range(count)]
    return pages


def _scanned_image(page: Any) -> npt.NDArray[Any] | None:
    """A scanner's PDF page is one image: decode it at its own resolution (10x quicker than
    rendering the page, and no resampling). None for any other kind of page."""
    import io

    import pypdfium2.raw as pdfium_c

    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(images) != 1 or images[0].get_filters() != ["DCTDecode"]:
        return None
    buffer = io.BytesIO()
    try:
        images[0].extract(buffer)
    except Exception:  # pypdfium2 raises its own errors for images it cannot extract; then render
        return None
    decoded = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    return None if decoded is None or min(decoded.shape) < 500 else decoded


def load_page(source: PageSource) -> npt.NDArray[Any]:
    """One page as a grey image (colour scans are converted)."""
    path = Path(source.path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            page = document[source.index]
            scanned = _scanned_image(page)
            if scanned is not None:
                return scanned
            bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
            array = bitmap.to_numpy()
        finally:
            document.close()
        return np.ascontiguousarray(array if array.ndim == 2 else array[..., 0])
    if suffix in (".tif", ".tiff"):
        ok, images = cv2.imreadmulti(str(path), flags=cv2.IMREAD_GRAYSCALE)
        if not ok or source.index >= len(images):
            raise ScanInputError(f"{path}: cannot read page {source.index + 1}")
        return np.ascontiguousarray(images[source.index])
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ScanInputError(f"{path}: not a readable image")
    return image
