"""`exam lint` catches each kind of problem, at the right file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import VALID_BANK

from dlprep.bank import lint_paths
from dlprep.problem import Problem

WriteBank = Callable[..., Path]


def lint_one(write_bank: WriteBank, text: str) -> list[Problem]:
    return lint_paths([write_bank(text)])


def messages(problems: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.question}:{p.message}" for p in problems]


def test_valid_bank_is_clean(write_bank: WriteBank) -> None:
    assert lint_one(write_bank, VALID_BANK) == []


def test_unknown_key_with_suggestion(write_bank: WriteBank) -> None:
    problems = lint_one(
        write_bank, VALID_BANK.replace('    source: "000 demo"\n', '    sorce: "000 demo"\n', 1)
    )
    # one slip, one message: not also "missing required key 'source'"
    assert messages(problems) == ["8:demo-single:unknown key 'sorce' in a question (did you mean 'source'?)"]
    assert all(p.path.endswith("bank.yaml") and p.column >= 1 for p in problems)


def test_misspelt_tolerance_is_one_did_you_mean(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    tolerance: 0\n", "    tolerence: 0\n")
    assert messages(lint_one(write_bank, text)) == [
        "20:demo-numeric:unknown key 'tolerence' in a question (did you mean 'tolerance'?)"
    ]


def test_misspelt_choices_and_answer_are_one_problem_each(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    choices:\n", "    choises:\n").replace(
        "    tolerance: 0\n", "    tolerance: 0\n    generater: conv_output_size\n"
    )
    text = text.replace("    generator: {name: conv_output_size, params: {d: 1}}\n", "")
    found = messages(lint_one(write_bank, text))
    assert found[0] == "10:demo-single:unknown key 'choises' in a question (did you mean 'choices'?)"
    assert "unknown key 'generater' in a question (did you mean 'generator'?)" in found[1]
    assert not any("needs 'choices'" in m or "needs 'answer' or a 'generator'" in m for m in found)


def test_a_key_that_resembles_nothing_still_says_what_is_missing(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    tolerance: 0\n", "    zzz: 0\n")
    found = messages(lint_one(write_bank, text))
    assert any("unknown key 'zzz'" in m and "allowed:" in m for m in found)
    assert any("numeric answer without tolerance" in m for m in found)


def test_missing_translation(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        'explanation: {zh: 双曲正切关于原点对称。, en: "Tanh',
        'explanation: {en: "Tanh',
    )
    assert messages(lint_one(write_bank, text)) == ["14:demo-single:missing translation: explanation.zh"]


def test_text_in_the_wrong_language_slot(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("{zh: 演示, en: Demo}", "{zh: 演示, en: 演示}")
    assert messages(lint_one(write_bank, text)) == [
        "3::topic title.en contains Chinese characters: is it the Chinese text in the English slot?"
    ]


def test_duplicate_ids_across_files(write_bank: WriteBank) -> None:
    first = write_bank(VALID_BANK, "a.yaml")
    second = write_bank(
        VALID_BANK.replace("id: demo\n", "id: demo2\n").replace("demo-numeric", "demo-other"), "b.yaml"
    )
    problems = lint_paths([first, second])
    assert len(problems) == 1
    assert problems[0].path.endswith("b.yaml") and problems[0].line == 5
    assert problems[0].message == f"duplicate id: already used at {problems[0].path[:-6]}a.yaml:5"


def test_choice_question_without_correct_choice(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(", correct: true}", "}")
    assert messages(lint_one(write_bank, text)) == ["11:demo-single:no choice is marked 'correct: true'"]


def test_single_choice_with_two_correct(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("en: The logistic sigmoid}", "en: The logistic sigmoid, correct: true}")
    assert messages(lint_one(write_bank, text)) == [
        "11:demo-single:a single-choice question has 2 correct choices (use type: multiple)"
    ]


def test_numeric_without_tolerance(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    tolerance: 0\n", "")
    assert messages(lint_one(write_bank, text)) == [
        "15:demo-numeric:numeric answer without tolerance: add 'tolerance: 0.001' (absolute) or '1%' (relative)"
    ]


def test_unknown_generator(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("name: conv_output_size", "name: conv_output_sise")
    found = messages(lint_one(write_bank, text))
    assert found == [
        "19:demo-numeric:unknown generator 'conv_output_sise' (did you mean 'conv_output_size'?)"
    ]


def test_unknown_fixed_parameter(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("params: {d: 1}", "params: {dilation: 1}")
    found = messages(lint_one(write_bank, text))
    assert found == [
        "19:demo-numeric:generator 'conv_output_size' has no parameter 'dilation' (it has: W, k, s, p, d)"
    ]


def test_fixed_parameters_no_draw_can_use(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("params: {d: 1}", "params: {W: 3, k: 9, p: 0, d: 1}")
    found = messages(lint_one(write_bank, text))
    assert len(found) == 1 and "cannot use these parameters" in found[0] and found[0].startswith("19:")


def test_placeholder_the_generator_does_not_define(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("padding $p={{ p }}$: output", "padding $p={{ pad }}$: output")
    assert messages(lint_one(write_bank, text)) == [
        "23:demo-numeric:prompt.en uses placeholder '{{ pad }}' that the generator does not define"
    ]


def test_placeholder_without_generator(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace('"Tanh is odd,', '"Tanh {{ W }} is odd,')
    found = messages(lint_one(write_bank, text))
    assert found == [
        "14:demo-single:explanation.en has a '{{ }}' placeholder but the question has no generator"
    ]


def test_malformed_yaml(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("choices:\n", "choices: [\n", 1)
    problems = lint_one(write_bank, text)
    assert len(problems) == 1
    assert problems[0].message.startswith("malformed YAML") and problems[0].question == ""
    assert problems[0].line > 10


def test_bad_math_and_enum_values(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("difficulty: easy", "difficulty: trivial").replace(
        "(W+2p-k)/s", "(W+2p-k)/s \\foo", 1
    )
    found = messages(lint_one(write_bank, text))
    assert found == [
        "7:demo-single:difficulty must be one of easy, medium, hard, got 'trivial'",
        "25:demo-numeric:explanation.zh: math command '\\foo' is not in the supported subset",
    ]


def test_open_question_rubric_must_add_up(write_bank: WriteBank) -> None:
    text = (
        VALID_BANK
        + """\
  - id: demo-open
    type: open
    difficulty: hard
    points: 4
    source: "000 demo"
    prompt: {zh: 解释梯度消失。, en: Explain vanishing gradients.}
    answer: {zh: 连乘的小导数。, en: Products of small derivatives.}
    rubric:
      - {zh: 链式法则连乘, en: The chain rule multiplies factors, points: 2}
      - {zh: 导数上界, en: The derivative bound, points: 1}
    explanation: {zh: 见答案。, en: See the model answer.}
"""
    )
    assert messages(lint_one(write_bank, text)) == [
        "35:demo-open:rubric points add up to 3, but the question is worth 4"
    ]


def test_untranslated_plain_choice(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace('- "ReLU"', '- "The rectified linear unit"')
    assert messages(lint_one(write_bank, text)) == [
        "12:demo-single:choice 2 is English prose in a plain string: write it as {zh: ..., en: ...}"
    ]


def test_every_problem_is_reported_in_one_pass(write_bank: WriteBank) -> None:
    text = (
        VALID_BANK.replace("    tolerance: 0\n", "")
        .replace(", correct: true}", "}")
        .replace("name: conv_output_size", "name: nope")
    )
    assert len(lint_one(write_bank, text)) == 3


def test_space_inside_chinese_text(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "explanation: {zh: 双曲正切关于原点对称。,", "explanation: {zh: 双曲正切关于 原点对称。,"
    )
    assert messages(lint_one(write_bank, text)) == [
        "14:demo-single:explanation.zh has a space inside Chinese text ('于 原'): a folded (>-) line break?"
        " keep each Chinese paragraph on one line"
    ]


SHORT = """\
  - id: demo-short
    type: short
    difficulty: easy
    source: "000 demo"
    prompt: {zh: 均值在哪些维度上求？, en: Over which dimensions is the mean taken?}
    answer: ANSWER
    explanation: {zh: 每个通道一个均值。, en: One mean per channel.}
"""


def test_a_list_key_needs_two_items(write_bank: WriteBank) -> None:
    text = VALID_BANK + SHORT.replace("ANSWER", "[NHW, [N]]")
    assert messages(lint_one(write_bank, text)) == [
        "32:demo-short:answer: a list key needs two or more items (texts), got ['N']"
    ]


def test_yes_and_no_as_short_answers_must_be_quoted(write_bank: WriteBank) -> None:
    text = VALID_BANK + SHORT.replace("ANSWER", "[yes, 'no']")
    assert messages(lint_one(write_bank, text)) == [
        "32:demo-short:answer: YAML reads this answer as True (yes/no/on/off/true/false): quote it"
    ]


def test_list_keys_are_kept_with_their_display_form(write_bank: WriteBank) -> None:
    from dlprep.bank import load_bank

    text = VALID_BANK + SHORT.replace("ANSWER", "{zh: [[N, H, W]], en: [NHW, [N, H, W]]}")
    answer = load_bank([write_bank(text)]).require_clean().questions["demo-short"].answer
    assert answer.zh == ("N、H、W",) and answer.en == ("NHW", "N, H, W")
    assert answer.unordered("zh") == (("N", "H", "W"),) and answer.unordered("en") == (("N", "H", "W"),)
