"""Bank text as HTML: escaped prose, math as MathML (drawn by every current browser, no script)."""

from __future__ import annotations

import html
from functools import lru_cache

from dlprep.errors import MathError
from dlprep.mathtext import convert_keeping_text
from dlprep.richtext import Notation, render

__all__ = ["css_string", "html_string", "html_math", "html_rich"]


def html_string(text: str) -> str:
    return html.escape(text, quote=True)


def css_string(text: str) -> str:
    """A quoted CSS string (entities are not decoded inside <style>, so escape the CSS way)."""
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '\\"<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in text
    )
    return f'"{escaped}"'


@lru_cache(maxsize=8192)
def html_math(latex: str, display: bool = False) -> str:
    """One math span as a MathML `<math>` element (latex2mathml covers the bank's subset)."""
    from latex2mathml.converter import convert

    def to_mathml(source: str) -> str:
        return str(convert(source, display="block" if display else "inline"))

    try:
        return convert_keeping_text(latex, to_mathml, html_string, ("text",))
    except Exception as exc:  # latex2mathml raises its own exception types for malformed input
        raise MathError(f"cannot typeset the math ${latex}$: {exc or type(exc).__name__}") from None


MATHML = Notation(
    text=html_string,
    math=html_math,
    display_math=lambda latex: html_math(latex, display=True),
    code=lambda text: f"<code>{html_string(text)}</code>",
    line_break="<br>",
)


def html_rich(text: str) -> str:
    """Bank text (prose, `$math$`, `code`, line breaks) as HTML with MathML."""
    return render(text, MATHML)
