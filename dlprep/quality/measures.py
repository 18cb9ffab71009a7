"""What a test-wise student looks at in a choice: its length, its detail, its echo of the prompt.

Pure functions on one text; the definitions are fixed (issue 17) so figures stay comparable
between banks and over time.
"""

from __future__ import annotations

import re

__all__ = ["DETAIL_WORDS_EN", "DETAIL_WORDS_ZH", "detail", "echo_units", "length", "shared_units"]

# A `$...$` or `$$...$$` span not preceded by a backslash (the same rule as dlprep.mathtext).
_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.S)
DETAIL_SEPARATORS = ",;，；、（("
DETAIL_WORDS_EN = ("and", "or", "but", "which", "because")
DETAIL_WORDS_ZH = ("只", "并且", "或", "但", "因为", "而")
_EN_DETAIL = re.compile(r"\b(?:" + "|".join(DETAIL_WORDS_EN) + r")\b", re.I)
_EN_WORD = re.compile(r"[a-z0-9]+")
_ZH_RUN = re.compile(r"\w+")


def length(text: str) -> int:
    """Characters after stripping, each math span counted as its LaTeX source (without the `$`)."""
    stripped = text.strip()
    delimiters = sum(4 if m.group(1) is not None else 2 for m in _MATH.finditer(stripped))
    return len(stripped) - delimiters


def detail(text: str) -> int:
    """Clause separators plus hedging and joining words: the 'most detailed' choice's measure."""
    separators = sum(text.count(c) for c in DETAIL_SEPARATORS)
    words = len(_EN_DETAIL.findall(text)) + sum(text.count(w) for w in DETAIL_WORDS_ZH)
    return separators + words


def echo_units(text: str, lang: str) -> frozenset[str]:
    """What counts as an echoed word: English tokens (lowercased, 3+ characters) or Chinese bigrams.

    Chinese bigrams are taken within runs of word characters, so punctuation never pairs up.
    """
    if lang == "en":
        return frozenset(w for w in _EN_WORD.findall(text.lower()) if len(w) >= 3)
    return frozenset(run[i : i + 2] for run in _ZH_RUN.findall(text.lower()) for i in range(len(run) - 1))


def shared_units(choice: str, prompt: str, lang: str) -> int:
    """How many of the prompt's words (en) or bigrams (zh) the choice repeats."""
    return len(echo_units(choice, lang) & echo_units(prompt, lang))
