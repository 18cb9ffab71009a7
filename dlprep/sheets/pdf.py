"""Typst source to PDF with the `typst` wheel: no TeX install, milliseconds per document."""

from __future__ import annotations

from typing import Any

from dlprep.errors import DlprepError
from dlprep.sheets.fonts import CjkFont

__all__ = ["SheetError", "PdfCompiler", "typst_started"]

_started = False


def typst_started() -> bool:
    """Whether this process has made a Typst compiler, whose worker threads a fork would not copy."""
    return _started


class SheetError(DlprepError):
    """Typst refused a generated document: a bug in a template, reported with Typst's message."""


class PdfCompiler:
    """One Typst compiler for a whole build, so fonts are scanned and loaded once."""

    def __init__(self, font: CjkFont | None, tagged: bool = True) -> None:
        import typst

        global _started
        _started = True
        # Tagged PDF (structure for screen readers) costs ~5% more time than an untagged one.
        self._tagged = tagged
        paths = list(font.font_paths) if font else []
        self._compiler: Any = typst.Compiler(font_paths=paths, ignore_system_fonts=not (font and font.system))

    def pdf(self, source: str, name: str) -> bytes:
        try:
            result, warnings = self._compiler.compile_with_warnings(
                input=source.encode("utf-8"), format="pdf", pdf_tags=self._tagged
            )
        except Exception as exc:  # typst raises its own TypstError, a plain Exception subclass
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SheetError(f"Typst could not compile {name}: {first}") from None
        if warnings:
            raise SheetError(f"Typst warned while compiling {name}: {str(warnings[0]).splitlines()[0]}")
        assert isinstance(result, bytes)
        return result
