"""Each item-writing rule warns at the file and line of the text that breaks it, in both languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import VALID_BANK

from dlprep.bank import load_bank
from dlprep.problem import Problem
from dlprep.quality.rules import long_key

WriteBank = Callable[..., Path]


def warnings(write_bank: WriteBank, text: str, name: str = "bank.yaml") -> list[Problem]:
    bank = load_bank([write_bank(text, name)])
    assert bank.problems == []  # a warning is not an error: the bank stays usable
    return bank.warnings


def seen(found: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.question}:{p.rule}:{p.message}" for p in found]


def test_the_valid_bank_has_no_warnings(write_bank: WriteBank) -> None:
    assert warnings(write_bank, VALID_BANK) == []


def test_long_key_thresholds() -> None:
    assert long_key("a" * 30, ["b" * 18, "c" * 10], "en") == (30, 18)  # 1.67x and 12 longer
    assert long_key("a" * 29, ["b" * 18], "en") is None  # only 11 longer
    assert long_key("a" * 26, ["b" * 18], "en") is None  # 1.44x
    assert long_key("键" * 12, ["错" * 6], "zh") == (12, 6)  # 2x and 6 longer
    assert long_key("键" * 11, ["错" * 6], "zh") is None  # 5 longer


def test_long_key_warns_on_the_correct_choice(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "{zh: 双曲正切, en: Hyperbolic tangent, correct: true}",
        "{zh: 双曲正切，一个关于原点对称的奇函数, en: 'Hyperbolic tangent, an odd function symmetric about the origin', correct: true}",
    )
    found = seen(warnings(write_bank, text))
    assert found == [
        "11:demo-single:long-key:choice 1.zh: the correct choice has 17 characters (zh), 4.2× the longest"
        " distractor (4): a test-wise student picks the longest choice; make the distractors as specific or"
        " the key shorter (aim for at most 1.25×)",
        "11:demo-single:long-key:choice 1.en: the correct choice has 62 characters (en), 3.1× the longest"
        " distractor (20): a test-wise student picks the longest choice; make the distractors as specific or"
        " the key shorter (aim for at most 1.25×)",
    ]


def test_long_key_is_for_single_choice_only(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("type: single", "type: multiple").replace(
        "en: Hyperbolic tangent, correct: true}",
        "en: 'Hyperbolic tangent, an odd function of its input', correct: true}",
    )
    assert warnings(write_bank, text) == []


def test_positional_reference_in_explanation_both_languages(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        'explanation: {zh: 双曲正切关于原点对称。, en: "Tanh is odd, so its outputs centre on zero."}',
        "explanation:\n      zh: 第二个选项的输出非负。\n      en: The second option has non-negative outputs.",
    )
    path = write_bank(text)
    found = load_bank([path]).warnings
    assert [(p.path, p.line, p.column, p.rule) for p in found] == [
        (str(path), 15, 11, "positional-reference"),
        (str(path), 16, 11, "positional-reference"),
    ]
    assert found[0].message.startswith("explanation.zh: points at a choice by position ('第二个选项')")
    assert "choices are shuffled" in found[1].message and "'The second option'" in found[1].message
    assert str(found[0]) == (f"{path}:15:11: demo-single: warning[positional-reference]: {found[0].message}")


def test_positional_reference_in_a_choice_and_the_term_hint(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "{zh: 逻辑函数, en: The logistic sigmoid}", "{zh: 以上都不对, en: None of the above}"
    )
    found = warnings(write_bank, text)
    assert [(p.line, p.message.split(":")[0]) for p in found] == [(13, "choice 3.zh"), (13, "choice 3.en")]
    termish = VALID_BANK.replace(
        "explanation: {zh: 双曲正切关于原点对称。,", "explanation: {zh: 第一项是对的。,"
    )
    (hint,) = warnings(write_bank, termish, "term.yaml")
    assert "a term of a formula is '…的第一项'" in hint.message


def test_positional_wording_outside_choice_questions_is_a_term(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "'$\\lfloor (W+2p-k)/s \\rfloor + 1 = {{ answer }}$'\n      en",
        "'第一项向下取整：$\\lfloor (W+2p-k)/s \\rfloor + 1 = {{ answer }}$'\n      en",
        1,
    )
    assert "第一项" in text
    assert warnings(write_bank, text) == []


def test_cross_question_in_a_prompt(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "prompt: {zh: 哪个激活函数的输出以零为中心？, en: Which activation has zero-centred outputs?}",
        "prompt: {zh: 与上一题相比，哪个激活函数的输出以零为中心？, en: 'Unlike the previous question, which activation is zero-centred?'}",
    )
    found = seen(warnings(write_bank, text))
    assert found == [
        "9:demo-single:cross-question:prompt.zh: leans on another question ('上一题'), which may not be on"
        " the same sheet or in the same session: make this question self-contained",
        "9:demo-single:cross-question:prompt.en: leans on another question ('the previous question'), which"
        " may not be on the same sheet or in the same session: make this question self-contained",
    ]


def test_note_citation_in_any_question_type(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "      en: '$\\lfloor (W+2p-k)/s \\rfloor + 1 = {{ answer }}$'\n",
        "      en: 'Note 003 omits the floor: $\\lfloor (W+2p-k)/s \\rfloor + 1 = {{ answer }}$'\n",
    )
    assert "Note 003" in text
    found = seen(warnings(write_bank, text))
    assert found == [
        "26:demo-numeric:note-citation:explanation.en: cites the course notes by number ('Note 003'), which"
        " students without those notes cannot follow: state the misconception itself"
    ]


FIXED = """\
  - id: demo-{name}
    type: numeric
    difficulty: easy
    source: "000 demo"
    generator: {generator}
    tolerance: 0
    prompt: {{zh: 输出宽度？, en: Output width?}}
    explanation: {{zh: 套公式。, en: Apply the formula.}}
"""


def test_duplicate_instance_across_files(write_bank: WriteBank) -> None:
    first = write_bank(
        VALID_BANK
        + FIXED.format(
            name="a", generator="{name: conv_output_size, params: {W: 28, k: 9, s: 1, p: 0, d: 1}}"
        ),
        "a.yaml",
    )
    second_text = "topic:\n  id: other\n  title: {zh: 其他, en: Other}\nquestions:\n" + FIXED.format(
        name="b", generator="{name: conv_output_size, params: {d: 1, p: 0, s: 1, k: 9, W: 28}}"
    )
    second = write_bank(second_text, "b.yaml")
    bank = load_bank([first, second])
    assert bank.problems == []
    (dup,) = bank.warnings
    assert (dup.path, dup.line, dup.column, dup.question, dup.rule) == (
        str(second),
        5,
        9,
        "demo-b",
        "duplicate-instance",
    )
    assert dup.message == (
        f"draws the same fixed instance of 'conv_output_size' as demo-a ({first}:27): an exam or a quiz"
        " session can show both; remove one or fix other parameters"
    )


def test_duplicate_instance_when_the_free_parameter_is_unused(write_bank: WriteBank) -> None:
    # activation_derivative leaves 'a' free, but the sigmoid does not use it: one instance
    same = "{name: activation_derivative, params: {fn: sigmoid, x: 0}}"
    text = VALID_BANK + FIXED.format(name="a", generator=same) + FIXED.format(name="b", generator=same)
    assert [(p.question, p.rule) for p in warnings(write_bank, text)] == [("demo-b", "duplicate-instance")]


def test_questions_that_still_draw_are_not_duplicates(write_bank: WriteBank) -> None:
    drawn = "{name: activation_derivative, params: {fn: sigmoid}}"
    other = "{name: conv_output_size, params: {W: 28, k: 9, s: 1, p: 0, d: 2}}"
    similar = "{name: conv_output_size, params: {W: 28, k: 9, s: 1, p: 0, d: 1}}"
    text = VALID_BANK + "".join(
        FIXED.format(name=n, generator=g)
        for n, g in (("a", drawn), ("b", drawn), ("c", other), ("d", similar))
    )
    assert warnings(write_bank, text) == []
