"""Find a font with Chinese glyphs for Typst, so that a zh exam never prints tofu boxes.

Typst ships Latin and math fonts but no CJK one. We take, in order: the font file or folder named
by `DLPREP_CJK_FONT`, a system CJK family (Noto/Source Han, Simplified first), and the Noto Sans
CJK font of the `cvttf-NotoSansCJK-Regular` pip package. A font counts only if its character map
(read with fontTools) has Chinese glyphs, since Typst silently prints empty boxes for missing
ones. Finding none is an error that says how to get one, raised before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dlprep.errors import DlprepError

__all__ = ["FontError", "CjkFont", "find_cjk_font", "ENV_VAR"]

ENV_VAR = "DLPREP_CJK_FONT"
# Simplified Chinese designs first: the bank's Chinese is simplified.
PREFERRED = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "Noto Serif SC",
    "Noto Sans SC",
    "Noto Sans CJK TC",
    "Noto Serif CJK TC",
)
_HINTS = ("CJK", "Source Han", "Noto Sans SC", "Noto Serif SC", "WenQuanYi", "Droid Sans Fallback")
_INSTALL = (
    "install fonts-noto-cjk (apt) or `pip install cvttf-NotoSansCJK-Regular`, "
    f"or point {ENV_VAR} at a .otf/.ttf/.ttc font with Chinese glyphs"
)


class FontError(DlprepError):
    """No font with Chinese glyphs could be found."""

    exit_code = 2


@dataclass(frozen=True)
class CjkFont:
    """A font family name as Typst knows it, and the folders Typst must search for it."""

    family: str
    font_paths: tuple[str, ...]
    system: bool


SAMPLE = "中文试卷答案"  # characters every exam prints; a font without them would print tofu


@lru_cache(maxsize=64)
def _covers_chinese(path: str, index: int) -> bool:
    """Whether the font's character map has glyphs for SAMPLE (read with fontTools, lazily)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # not a font fontTools can read: then it is no font for us either
        return False
    return all(ord(ch) in cmap for ch in SAMPLE)


def _chinese_families(font_paths: tuple[str, ...], system: bool, only: Path | None = None) -> list[str]:
    """Families Typst finds there whose first font file covers Chinese."""
    import typst

    fonts = typst.Fonts(
        include_system_fonts=system, include_embedded_fonts=False, font_paths=list(font_paths)
    )
    first: dict[str, tuple[str, int]] = {}
    for info in fonts.fonts():
        if info.path and (only is None or Path(info.path).resolve() == only.resolve()):
            first.setdefault(info.family, (info.path, info.index))
    return [family for family, (path, index) in first.items() if _covers_chinese(path, index)]


def _pick(families: list[str]) -> str | None:
    for name in PREFERRED:
        if name in families:
            return name
    hinted = next((f for f in families if any(hint in f for hint in _HINTS)), None)
    return hinted or (families[0] if families else None)


def _package_dir() -> str | None:
    try:
        import cvttf_NotoSansCJK_Regular as package  # type: ignore[import-untyped]
    except ImportError:
        return None
    return str(Path(package.__file__).parent)


def _from_env(value: str) -> CjkFont:
    path = Path(value).expanduser()
    if not path.exists():
        raise FontError(f"{ENV_VAR}={value}: no such font file or folder; {_INSTALL}")
    folder = str(path if path.is_dir() else path.parent)
    families = _chinese_families((folder,), system=False, only=None if path.is_dir() else path)
    family = _pick(families)
    if family is None:
        raise FontError(f"{ENV_VAR}={value}: no font with Chinese glyphs there; {_INSTALL}")
    return CjkFont(family, (folder,), system=False)


def find_cjk_font(use_system: bool = True, use_package: bool = True) -> CjkFont:
    """The CJK font to typeset Chinese with; raise FontError naming the fixes when there is none."""
    override = os.environ.get(ENV_VAR)
    if override is not None:
        return _from_env(override)
    if use_system:
        family = _pick(_chinese_families((), system=True))
        if family:
            return CjkFont(family, (), system=True)
    package = _package_dir() if use_package else None
    if package:
        family = _pick(_chinese_families((package,), system=False))
        if family:
            return CjkFont(family, (package,), system=False)
    raise FontError(f"no font with Chinese glyphs found for the PDF; {_INSTALL}")
