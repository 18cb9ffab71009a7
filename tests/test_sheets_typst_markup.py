"""Bank text as Typst: every math span of the bank compiles, and no prose can become Typst markup."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from support import bank_texts, command_sample

from dlprep.bank import Bank
from dlprep.mathtext import ALLOWED_COMMANDS, check_math
from dlprep.richtext import Kind, segments
from dlprep.sheets.fonts import CjkFont
from dlprep.sheets.typst_markup import typst_math, typst_rich, typst_string

SEEDS = (0, 1)
BATCHES = 4


@pytest.fixture(scope="module")
def compiler(font: CjkFont) -> Any:
    import typst

    return typst.Compiler(font_paths=list(font.font_paths), ignore_system_fonts=not font.system)


def _document(body: str, font: CjkFont) -> str:
    return (
        f'#set text(font: ("Libertinus Serif", {typst_string(font.family)}), hyphenate: false)\n'
        "#set page(width: 30cm, height: auto)\n" + body
    )


def _compile(compiler: Any, source: str) -> tuple[bytes, list[Any]]:
    pdf, warnings = compiler.compile_with_warnings(input=source.encode("utf-8"), format="pdf")
    return pdf, list(warnings)


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _bank_math(bank: Bank) -> list[tuple[Kind, str]]:
    spans = {
        (segment.kind, segment.text)
        for text in bank_texts(bank, SEEDS)
        for segment in segments(text)
        if segment.kind in (Kind.MATH, Kind.DISPLAY_MATH)
    }
    return sorted(spans)


def _as_typst(kind: Kind, latex: str) -> str:
    return f"${typst_math(latex)}$" if kind is Kind.MATH else f"$ {typst_math(latex)} $"


def test_every_math_span_of_the_bank_compiles_without_warnings(
    bank: Bank, compiler: Any, font: CjkFont
) -> None:
    spans = _bank_math(bank)
    assert len(spans) > 1000, "the bank should have plenty of math"
    failures: list[str] = []
    for start in range(BATCHES):
        batch = spans[start::BATCHES]
        body = "\n".join(f"#box[{_as_typst(kind, latex)}] #h(1em)" for kind, latex in batch)
        try:
            _, warnings = _compile(compiler, _document(body, font))
        except Exception:  # find the spans that break it, one by one
            warnings = []
            for kind, latex in batch:
                try:
                    _compile(compiler, _document(_as_typst(kind, latex), font))
                except Exception as exc:  # typst.TypstError
                    failures.append(f"{latex!r} -> {typst_math(latex)!r}: {str(exc).splitlines()[0]}")
        failures += [f"warning: {str(w).splitlines()[0]}" for w in warnings]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize(
    "command",
    sorted(ALLOWED_COMMANDS),
)
def test_every_command_lint_allows_compiles(command: str, compiler: Any, font: CjkFont) -> None:
    latex = command_sample(command)
    assert not check_math(f"${latex}$")
    _, warnings = _compile(compiler, _document(f"${typst_math(latex)}$", font))
    assert not warnings


def test_renamed_symbols_and_unsupported_commands_are_rewritten() -> None:
    assert typst_math(r"a \odot b") == "a ⊙ b"
    assert "dot.circle" not in typst_math(r"\odot")
    for latex in (r"\lVert x \rVert", r"\dfrac{1}{2}", r"\Big( x \Big)"):
        source = typst_math(latex)
        assert "\\" not in source and "lVert" not in source and "dfrac" not in source, source


def test_rich_output_shapes() -> None:
    assert typst_rich("hello") == '#"hello";'
    assert typst_rich("a $x^2$ b") == '#"a ";$x^2$#" b";'
    assert typst_rich("$$x$$") == "$ x $"
    assert typst_rich("use `x.view(-1)`") == '#"use ";#raw("x.view(-1)");'
    assert typst_rich("one\ntwo") == '#"one";#linebreak();#"two";'
    assert typst_rich(r"costs \$5") == '#"costs $5";'


def test_typst_string_escapes() -> None:
    assert typst_string('say "hi"') == r'"say \"hi\""'
    assert typst_string("a\\b") == r'"a\\b"'
    assert typst_string("a\nb") == r'"a\nb"'


INJECTION = [
    "# hash #set page(width: 1cm) #strong[x]",
    "*not bold* and _not emphasised_ text",
    "@ref and <a> label and user@example.org",
    "[brackets] and ] and [",
    r"a literal \$5 and \$ sign",
    'double "quotes" here',
    "back\\slash and \\n and \\u{41}",
    "/ term: description",
    "= heading",
    "- item",
    "+ numbered",
    "~ tilde -- dash --- ... ' quote",
    '`raw #code *x* _y_ "q"` after',
    "line one\n= heading two\n- item three",
    "公式 #x 与 *y*",
]


def _literal(text: str) -> str:
    """What the reader should see: backquotes and `\\$` escapes gone, everything else as typed."""
    return text.replace("`", "").replace("\\$", "$")


def test_prose_with_typst_syntax_prints_literally(compiler: Any, font: CjkFont) -> None:
    body = "\n\n".join(typst_rich(text) for text in INJECTION)
    pdf, warnings = _compile(compiler, _document(body, font))
    assert not warnings
    printed = _squash(_pdf_text(pdf))
    missing = [text for text in INJECTION if _squash(_literal(text)) not in printed]
    assert not missing, printed


@pytest.mark.parametrize("text", INJECTION)
def test_injected_prose_never_becomes_markup(text: str) -> None:
    source = typst_rich(text)
    # outside the string literals there is nothing but our own calls
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)
    assert re.fullmatch(r'(#""\;|#raw\(""\);|#linebreak\(\);)+', outside), source


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_typst_string_evaluates_to_the_same_text(compiler: Any, text: str) -> None:
    reference = ", ".join(['""', *(f"str.from-unicode({ord(ch)})" for ch in text)])
    source = f"#assert.eq({typst_string(text)}, ({reference},).join())\nok"  # `,`: always an array
    _, warnings = _compile(compiler, source)
    assert not warnings


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_characters="$"), max_size=40))
def test_any_prose_compiles(compiler: Any, font: CjkFont, text: str) -> None:
    _, warnings = _compile(compiler, _document(typst_rich(text), font))
    assert not warnings


def test_literal_dollar_inside_math_compiles(compiler: Any, font: CjkFont) -> None:
    text = r"a price of $\$5 \times n$"
    assert not check_math(text)
    _compile(compiler, _document(typst_rich(text), font))
