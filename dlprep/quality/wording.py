"""Wording that breaks once choices are shuffled or questions are drawn apart, in both languages.

Choices are shuffled in every quiz review, exam variant and export, and a sheet holds a selection
of questions, so a text must never point at a choice by position or letter, at another question,
or at the course notes by number. Each finder returns the phrases it found; math (`$...$`) and
code (`` `...` ``) are replaced by a mark first, so `$\\sigma(a)$` or `` `x[0]` `` never look like prose.

The patterns are written by hand: no library knows this vocabulary. Bare "第一项" (the first
item) is also how Chinese names the first *term* of a formula, so it is a term, not a choice,
where it follows 的/中/式 or precedes the formula: "损失的第一项", "式中第一项", "第二项 $…$".
"""

from __future__ import annotations

import re

__all__ = ["cross_question", "note_citation", "positional_reference", "prose"]

_MATH_OR_CODE = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|`[^`]*`", re.S)

_ORDINAL_EN = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|last|penultimate|1st|2nd|3rd|4th)"
_COUNT_EN = r"(?:two|three|four|2|3|4)"
_CHOICE_EN = r"(?:options?|choices?|answers?|alternatives?|statements?)"
_LETTER = r"[A-H]"
_ZH_NUM = r"[一二三四五六七八两1-8１-８]"
_VERB_EN = (
    r"(?:is|are|was|and|or|describes?|says?|states?|gives?|would|confuses?|swaps?|mixes|has|"
    r"contains?|claims?|holds?|reverses?|drops?)"
)
_MATH_MARK = "∎"  # what a math span becomes, so a pattern can see that a formula follows
_TERM_BEFORE = r"(?<![的中式最])"  # 损失的第一项 / 式中第一项 name a term of a formula, not a choice
_TERM_AFTER = rf"(?!\s*{_MATH_MARK})"  # 第二项 $\mathbb{{E}}…$ names the term it shows

_POSITIONAL = [
    # the first option, the last two choices, the 2nd statement
    re.compile(rf"\b(?:the\s+)?{_ORDINAL_EN}\s+(?:{_COUNT_EN}\s+)?{_CHOICE_EN}\b", re.I),
    # option B, choices A and C, option (C), choice 2
    re.compile(rf"\b(?i:{_CHOICE_EN})\s+\(?{_LETTER}\)?(?![\w'’])"),
    re.compile(r"\b(?:options?|choices?|alternatives?|statements?)\s+[1-8]\b", re.I),
    # (C) at the start of a sentence, or (C) is wrong / (B) and (D)
    re.compile(rf"(?:^|(?<=[.;:!?。；：！？]))\s*[(（]{_LETTER}[)）]"),
    re.compile(rf"[(（]{_LETTER}[)）]\s*(?:{_VERB_EN}\b|[是错对不和与、把说描混])"),
    # all of the above, none of the above, the above options
    re.compile(r"\b(?:all|none|both|neither|each|any)\s+(?:of\s+)?the\s+above\b", re.I),
    re.compile(rf"\bthe\s+above\s+{_CHOICE_EN}\b", re.I),
    # 第一项, 第二个选项, 第 3 个答案
    re.compile(rf"第\s*{_ZH_NUM}\s*个?\s*(?:选项|答案|说法)"),
    re.compile(rf"{_TERM_BEFORE}第\s*{_ZH_NUM}\s*项{_TERM_AFTER}"),
    # 选项B, B 选项, B项, 选 B
    re.compile(r"选项\s*[(（]?[A-HＡ-Ｈ](?![A-Za-z])"),
    re.compile(rf"(?<![A-Za-z]){_LETTER}\s*(?:选项|项)"),
    re.compile(rf"选择?\s*{_LETTER}(?![A-Za-z])"),
    # 前两项, 后两个选项, 最后一项
    re.compile(rf"(?<!最)[前后]\s*{_ZH_NUM}\s*个?\s*选项"),
    re.compile(rf"{_TERM_BEFORE}[前后]\s*{_ZH_NUM}\s*个?\s*项{_TERM_AFTER}"),
    re.compile(rf"最后\s*{_ZH_NUM}?\s*个?\s*选项"),
    re.compile(rf"{_TERM_BEFORE}最后\s*{_ZH_NUM}?\s*个?\s*项{_TERM_AFTER}"),
    # 以上都不对, 以上各项, 上述选项
    re.compile(r"以上\s*(?:都|皆|均|全|各项|选项|说法|答案)"),
    re.compile(r"上述\s*(?:选项|各项|答案|几项)"),
]

_CROSS_QUESTION = [
    re.compile(
        r"\b(?:the\s+)?(?:previous|preceding|next|following|last|prior|earlier|foregoing)\s+"
        r"(?:questions?|items?|problems?|exercises?)\b",
        re.I,
    ),
    re.compile(r"\b(?:questions?|problems?|exercises?)\s+(?:above|before|below)\b", re.I),
    re.compile(r"\b(?:questions?|problems?|exercises?)\s+(?:no\.?\s*|#\s*)?\d+\b", re.I),
    re.compile(r"(?<!以)[上下前后]\s*一?\s*[道个]?\s*题"),
    re.compile(r"[上下前后]一问"),
    re.compile(r"前面\s*(?:的|那道|那个)?\s*题"),
    re.compile(r"第\s*[0-9０-９一二三四五六七八九十]+\s*道?\s*题"),
]

_NOTE_CITATION = [
    re.compile(r"\b(?:lecture\s+)?notes?\s*(?:no\.?\s*|#\s*)?\d{1,3}\b", re.I),
    re.compile(r"\b\d{3}\s+(?:lecture\s+)?notes?\b", re.I),
    re.compile(r"(?:笔记|讲义|课件)\s*(?:第\s*)?[0-9０-９]{1,3}"),
    re.compile(r"(?:第\s*)?[0-9０-９]{1,3}\s*(?:号|篇|份|讲)?\s*(?:笔记|讲义|课件)"),
]


def _joined(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern for a rule, so a text is scanned once, not once per phrase shape."""
    parts = [f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p in patterns]
    return re.compile("|".join(parts))


# Words every match of a rule contains: most texts have none, and one scan for them is far cheaper
# than running the rule's patterns (lint reads some 13 000 texts).
_POSITIONAL_TRIGGERS = (
    "option", "choice", "answer", "alternative", "statement", "above", "项", "选", "以上", "上述",
    *(f"{o}{letter}{c}" for letter in "abcdefgh" for o, c in ("()", "（）")),
)  # fmt: skip
_CROSS_TRIGGERS = ("question", "problem", "exercise", "item", "题", "问")
_NOTE_TRIGGERS = ("note", "笔记", "讲义", "课件")
_POSITIONAL_ONE, _CROSS_ONE, _NOTE_ONE = map(_joined, (_POSITIONAL, _CROSS_QUESTION, _NOTE_CITATION))
_POSITIONAL_SEEN, _CROSS_SEEN, _NOTE_SEEN = (
    re.compile("|".join(map(re.escape, words)))
    for words in (_POSITIONAL_TRIGGERS, _CROSS_TRIGGERS, _NOTE_TRIGGERS)
)


def prose(text: str) -> str:
    """The text with each math or code span replaced by one mark (∎), so no pattern reads into it."""
    return _MATH_OR_CODE.sub(_MATH_MARK, text)


def _find(pattern: re.Pattern[str], text: str, triggers: re.Pattern[str]) -> list[str]:
    if not triggers.search(text.lower()):
        return []
    return list(dict.fromkeys(m.group(0).strip() for m in pattern.finditer(prose(text))))


def positional_reference(text: str) -> list[str]:
    """Phrases that name a choice by its position or letter ("the first option", "选项B", "以上都")."""
    return _find(_POSITIONAL_ONE, text, _POSITIONAL_SEEN)


def cross_question(text: str) -> list[str]:
    """Phrases that lean on another question ("the previous question", "上一题", "第3题")."""
    return _find(_CROSS_ONE, text, _CROSS_SEEN)


def note_citation(text: str) -> list[str]:
    """Phrases that cite the course notes by number ("note 002", "笔记 001", "002 号笔记")."""
    return _find(_NOTE_ONE, text, _NOTE_SEEN)
