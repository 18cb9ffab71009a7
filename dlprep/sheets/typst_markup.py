"""Bank text as Typst markup: prose as string literals (never parsed as markup), math as Typst math.

Prose goes in as `#"...";` so that no character of a question (`#`, `*`, `_`, `@`, `<`, `[`)
can turn into Typst syntax; the `;` ends the expression so that what follows cannot continue
it. Math goes through tex2typst, a converter written for exactly this job; we only rewrite the
few commands of our LaTeX subset that it leaves as they are (tests compile every span of the
bank, so a gap shows up there, not on an exam).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlprep.errors import MathError
from dlprep.mathtext import convert_keeping_text
from dlprep.richtext import Notation, render

__all__ = ["typst_string", "typst_math", "typst_rich"]

# LaTeX commands tex2typst leaves untranslated, as subset commands it does translate.
_PRE = {
    r"\lVert": r"\|",
    r"\rVert": r"\|",
    r"\Vert": r"\|",
    r"\dfrac": r"\frac",
    r"\tfrac": r"\frac",
    r"\Big": "",
    r"\big": "",
}
_PRE_RE = re.compile("|".join(re.escape(k) + r"(?![A-Za-z])" for k in sorted(_PRE, key=len, reverse=True)))
# Typst symbol names tex2typst emits that newer Typst renamed, as the characters themselves.
_POST = {"dot.circle": "⊙", "times.circle": "⊗", "plus.circle": "⊕", "minus.circle": "⊖"}
_BARE_DOLLAR = re.compile(r"(?<!\\)\$")  # a `$` would end the math; tex2typst escapes its own
_POST_RE = re.compile("|".join(r"(?<![\w.])" + re.escape(k) + r"(?![\w.])" for k in _POST))


def typst_string(text: str) -> str:
    """A Typst string literal: the text exactly, whatever characters it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@lru_cache(maxsize=8192)
def typst_math(latex: str) -> str:
    """One math span of the bank's LaTeX subset as Typst math source (without the `$`)."""
    from tex2typst import tex2typst

    def escape(word: str) -> str:  # the words land inside a Typst string: "…"
        return typst_string(word)[1:-1]

    prepared = _PRE_RE.sub(lambda m: _PRE[m.group(0)], latex)
    try:
        source = convert_keeping_text(prepared, tex2typst, escape, ("text", "operatorname")).strip()
    except Exception as exc:  # tex2typst raises its JavaScript errors as plain exceptions
        raise MathError(f"cannot typeset the math ${latex}$: {str(exc).splitlines()[0]}") from None
    return _BARE_DOLLAR.sub(r"\\$", _POST_RE.sub(lambda m: _POST[m.group(0)], source))


TYPST = Notation(
    text=lambda text: f"#{typst_string(text)};",
    math=lambda latex: f"${typst_math(latex)}$",
    display_math=lambda latex: f"$ {typst_math(latex)} $",
    code=lambda text: f"#raw({typst_string(text)});",
    line_break="#linebreak();",
)


def typst_rich(text: str) -> str:
    """Bank text (prose, `$math$`, `code`, line breaks) as Typst markup."""
    return render(text, TYPST)
