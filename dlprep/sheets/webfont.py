"""The Chinese font of the PDF, embedded in an HTML sheet as a WOFF2 subset (fontTools), so a
reader without a system CJK font sees the same glyphs instead of tofu boxes.

Only the characters the documents use are kept: a 16 MB CJK font becomes some tens of kB.
"""

from __future__ import annotations

import base64
import io

from dlprep.sheets.fonts import CjkFont, FontError

__all__ = ["FAMILY", "font_file", "font_face_css", "cjk_characters"]

FAMILY = "dlprep-cjk"  # the name the HTML templates list first for Chinese text


def font_file(font: CjkFont) -> tuple[str, int]:
    """The file (and index within a collection) Typst uses for `font`'s regular face."""
    import typst

    fonts = typst.Fonts(
        include_system_fonts=font.system, include_embedded_fonts=False, font_paths=list(font.font_paths)
    )
    faces = [info for info in fonts.fonts() if info.family == font.family and info.path]
    if not faces:
        raise FontError(f"font {font.family} has no file to embed in the HTML sheet")
    regular = [info for info in faces if "regular" in str(getattr(info, "style", "")).lower()] or faces
    return str(regular[0].path), int(regular[0].index)


def cjk_characters(texts: list[str]) -> str:
    """Every non-ASCII character of the documents (CJK, full-width punctuation, symbols)."""
    return "".join(sorted({ch for text in texts for ch in text if ord(ch) > 0x7F}))


def font_face_css(font: CjkFont, characters: str) -> str:
    """An @font-face rule with the subset as a WOFF2 data URI."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = font_file(font)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep locl and the punctuation forms
    with TTFont(path, fontNumber=index, lazy=False) as ttfont:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(ttfont)
        buffer = io.BytesIO()
        ttfont.flavor = "woff2"
        ttfont.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{FAMILY}"; src: url(data:font/woff2;base64,{data}) format("woff2"); }}\n'
