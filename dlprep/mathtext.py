"""Math in bank text: `$...$` spans of a small LaTeX subset, checked by lint, shown as Unicode.

The subset is closed so that the same source can be typeset in PDF, rendered by KaTeX in HTML
and approximated in a terminal. We convert to Unicode ourselves rather than with pylatexenc
because that library leaves `x^2` and `w_{ij}` as they are, while a terminal can show x² and
wᵢⱼ; the converter only has to cover the commands lint allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "MathProblem",
    "ALLOWED_COMMANDS",
    "math_spans",
    "check_math",
    "to_unicode",
    "convert_keeping_text",
]

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
SYMBOLS = {
    "cdot": "·", "times": "×", "odot": "⊙", "otimes": "⊗", "circ": "∘", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "equiv": "≡", "propto": "∝",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "infty": "∞", "in": "∈",
    "notin": "∉", "subset": "⊂", "sim": "∼", "pm": "±", "mp": "∓", "mid": "|", "|": "‖",
    "lVert": "‖", "Vert": "‖", "rVert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "langle": "⟨", "rangle": "⟩", "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π",
    "int": "∫", "top": "ᵀ", "ldots": "…", "cdots": "⋯", "dots": "…", "quad": "  ",
    "qquad": "    ", ",": " ", ";": " ", "!": "", "{": "{", "}": "}", "_": "_", "%": "%",
    "#": "#", "&": "&", "$": "$", " ": " ", "ell": "ℓ", "ast": "∗", "star": "⋆", "prime": "′",
    "forall": "∀", "exists": "∃", "cap": "∩", "cup": "∪", "neg": "¬", "gg": "≫", "ll": "≪",
    "leftrightarrow": "↔", "mapsto": "↦", "triangleq": "≜", "emptyset": "∅", "vee": "∨", "wedge": "∧",
}  # fmt: skip
FUNCTIONS = {"log", "ln", "exp", "max", "min", "arg", "sin", "cos", "tanh"}
WRAPPERS = {"mathbf", "mathrm", "text", "operatorname", "mathcal", "big", "Big", "left", "right"}
ACCENTS = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "vec": "\u20d7"}
STRUCTURES = {"frac", "tfrac", "dfrac", "sqrt", "mathbb"}

ALLOWED_COMMANDS = (
    frozenset(GREEK) | frozenset(SYMBOLS) | FUNCTIONS | WRAPPERS | frozenset(ACCENTS) | STRUCTURES
)

BLACKBOARD = {"R": "ℝ", "E": "𝔼", "N": "ℕ", "Z": "ℤ", "P": "ℙ", "Q": "ℚ", "C": "ℂ"}
SUPERSCRIPT = dict(zip("0123456789+-=()nijkTtx", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵀᵗˣ", strict=True)) | {
    "ᵀ": "ᵀ", "*": "*", "′": "′", "−": "⁻"
}  # fmt: skip
SUBSCRIPT = dict(zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))

_SPAN = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_STRAY_DOLLAR = re.compile(r"(?<!\\)\$")
_ATOM = re.compile(r"[\w.′]+")


@dataclass(frozen=True)
class MathProblem:
    offset: int
    message: str


def math_spans(text: str) -> list[tuple[int, str]]:
    """(offset, source) of every math span in `text`."""
    return [(m.start(), m.group(1) if m.group(1) is not None else m.group(2)) for m in _SPAN.finditer(text)]


def check_math(text: str) -> list[MathProblem]:
    """Unbalanced `$` and commands outside the allowed subset."""
    if "$" not in text:
        return []
    problems: list[MathProblem] = []
    end = 0
    for match in _SPAN.finditer(text):
        _check_stray(text, end, match.start(), problems)
        end = match.end()
        offset, source = match.start(), match.group(1) if match.group(1) is not None else match.group(2)
        if "\\" in source:
            for cmd in _COMMAND.finditer(source):
                if cmd.group(1) not in ALLOWED_COMMANDS:
                    problems.append(
                        MathProblem(offset, f"math command '\\{cmd.group(1)}' is not in the supported subset")
                    )
        opened, closed = source.count("{") - source.count("\\{"), source.count("}") - source.count("\\}")
        if opened != closed:
            problems.append(MathProblem(offset, f"unbalanced braces in math '${source}$'"))
    _check_stray(text, end, len(text), problems)
    return problems


def _check_stray(text: str, start: int, stop: int, problems: list[MathProblem]) -> None:
    stray = _STRAY_DOLLAR.search(text, start, stop)
    if stray and not any(p.message.startswith("unbalanced '$'") for p in problems):
        problems.append(MathProblem(stray.start(), "unbalanced '$' (write a literal dollar as '\\$')"))


def to_unicode(text: str) -> str:
    """Replace every math span of `text` with a readable Unicode rendering."""
    return _SPAN.sub(lambda m: _render(m.group(1) if m.group(1) is not None else m.group(2)), text).replace(
        "\\$", "$"
    )


def _group(src: str, i: int) -> tuple[str, int]:
    """The argument starting at src[i] (a braced group or one token) and the index after it."""
    while i < len(src) and src[i] == " ":
        i += 1
    if i >= len(src):
        return "", i
    if src[i] == "{":
        depth = 0
        for j in range(i, len(src)):
            if src[j] == "{" and (j == 0 or src[j - 1] != "\\"):
                depth += 1
            elif src[j] == "}" and src[j - 1] != "\\":
                depth -= 1
                if depth == 0:
                    return src[i + 1 : j], j + 1
        return src[i + 1 :], len(src)
    if src[i] == "\\":
        m = _COMMAND.match(src, i)
        assert m is not None
        return m.group(0), m.end()
    return src[i], i + 1


def _script(body: str, table: dict[str, str], mark: str) -> str:
    rendered = _render(body).strip()
    if rendered and all(ch in table for ch in rendered):
        return "".join(table[ch] for ch in rendered)
    return f"{mark}{rendered}" if len(rendered) <= 1 or rendered.isalnum() else f"{mark}({rendered})"


def _wrap(rendered: str) -> str:
    """Parenthesise a fraction's part unless it is one symbol, word or number."""
    return rendered if _ATOM.fullmatch(rendered) else f"({rendered})"


def _render(src: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            m = _COMMAND.match(src, i)
            assert m is not None
            name, i = m.group(1), m.end()
            if name in ("frac", "tfrac", "dfrac"):
                num, i = _group(src, i)
                den, i = _group(src, i)
                out.append(f"{_wrap(_render(num))}/{_wrap(_render(den))}")
                if i < len(src) and (src[i].isalnum() or src[i] == "\\"):
                    out.append(" ")
            elif name == "sqrt":
                body, i = _group(src, i)
                out.append("√" + _wrap(_render(body)))
            elif name == "mathbb":
                body, i = _group(src, i)
                out.append("".join(BLACKBOARD.get(c, c) for c in body))
            elif name in ACCENTS:
                body, i = _group(src, i)
                out.append(_render(body) + ACCENTS[name])
            elif name in ("left", "right", "big", "Big"):
                continue
            elif name in WRAPPERS:
                body, i = _group(src, i)
                out.append(_render(body))
            elif name in GREEK:
                out.append(GREEK[name])
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
            elif name in FUNCTIONS:
                before = " " if out and out[-1][-1:].isalnum() else ""
                after = " " if i < len(src) and (src[i].isalnum() or src[i] == "\\") else ""
                out.append(f"{before}{name}{after}")
            else:
                out.append("\\" + name)
        elif ch in "^_":
            body, i = _group(src, i + 1)
            out.append(_script(body, SUPERSCRIPT if ch == "^" else SUBSCRIPT, ch))
        elif ch in "{}":
            i += 1
        elif ch == "'":
            out.append("′")
            i += 1
        elif ch == "-":
            out.append("−")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_TEXT_ARGUMENT = {name: re.compile(r"\\" + name + r"\s*\{([^{}]*)\}") for name in ("text", "operatorname")}


def convert_keeping_text(
    latex: str, convert: Callable[[str], str], escape: Callable[[str], str], commands: tuple[str, ...]
) -> str:
    """`convert(latex)`, with the words inside `commands` (e.g. `\\text{...}`) escaped by us.

    Converters copy the words of `\\text{...}` into their output as they are, so a quote there
    would end a Typst string and a `<b>` would be a live HTML tag. The words go through the
    converter as placeholders and come back escaped for the output format.
    """
    words: list[str] = []

    for name in commands:

        def hold(match: re.Match[str], name: str = name) -> str:
            words.append(match.group(1))
            return f"\\{name}{{zzdlprep{len(words) - 1}zz}}"

        latex = _TEXT_ARGUMENT[name].sub(hold, latex)
    out = convert(latex)
    for index, word in enumerate(words):
        out = out.replace(f"zzdlprep{index}zz", escape(word))
    return out
