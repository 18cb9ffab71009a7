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


def load_page(source: PageSource) -> npt.NDArray[Any]:
    """One page as a grey image (colour scans are converted)."""
    path = Path(source.path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            bitmap = document[source.index].render(scale=RENDER_DPI / 72, grayscale=True)
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
