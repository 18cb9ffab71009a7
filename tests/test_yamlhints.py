"""A YAML slip is explained as the author sees it: file, line and what to change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep.bank import lint_paths
from dlprep.yamlhints import explain
from dlprep.yamlsource import YamlSyntaxError, parse_marked

WriteBank = Callable[..., Path]


def only_problem(write_bank: WriteBank, text: str) -> tuple[int, str]:
    (problem,) = lint_paths([write_bank(text)])
    assert problem.path.endswith("bank.yaml")
    return problem.line, problem.message


def test_a_tab_in_the_indentation(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    difficulty: easy\n", "\tdifficulty: easy\n", 1)
    line, message = only_problem(write_bank, text)
    assert line == 7
    assert message == (
        "malformed YAML: line 7 is indented with a tab: YAML indents with spaces only; replace the tab"
        " with spaces (and set your editor to insert spaces)"
    )


def test_a_key_indented_one_space_too_few(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    difficulty: easy\n", "   difficulty: easy\n", 1)
    line, message = only_problem(write_bank, text)
    assert line == 7
    assert message == (
        "malformed YAML: bad indentation: 'difficulty' on line 7 is indented 3 spaces; expected 4 spaces,"
        " lined up with 'type' (line 6) (keys of one mapping, and items of one list, start in the same column)"
    )
    assert "did not find expected" not in message


def test_a_key_indented_too_deep(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    difficulty: easy\n", "      difficulty: easy\n", 1)
    line, message = only_problem(write_bank, text)
    assert (
        line == 7
        and "'difficulty' on line 7 is indented 6 spaces; expected 4 spaces, lined up with 'type'" in message
    )


def test_a_key_at_the_list_s_indentation(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    difficulty: easy\n", "  difficulty: easy\n", 1)
    line, message = only_problem(write_bank, text)
    assert line == 7
    assert message == (
        "malformed YAML: bad indentation: 'difficulty' on line 7 is indented 2 spaces, where a list expects"
        " a '- ' item: indent it to 4 spaces, lined up with 'type' (line 6), or start a new item with '- '"
    )


def test_a_choice_out_of_line(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace('      - "ReLU"\n', '     - "ReLU"\n', 1)
    line, message = only_problem(write_bank, text)
    assert line == 12
    assert (
        "the list item on line 12 is indented 5 spaces; expected 6 spaces, as a new '- ' item like the one on line 11"
        in message
    )


def test_a_key_after_a_block_text(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "    tolerance: 0\n", "    tolerance: 0\n    rubric_note: >-\n      some text\n   points: 2\n", 1
    )
    line, message = only_problem(write_bank, text)
    assert (
        line == 23
        and "'points' on line 23 is indented 3 spaces; expected 4 spaces, lined up with 'rubric_note' (line 21)"
        in message
    )


def test_an_unquoted_colon_in_a_text(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        '    source: "000 demo"\n    prompt: {zh: 哪个',
        "    source: 000 demo: activations\n    prompt: {zh: 哪个",
        1,
    )
    line, message = only_problem(write_bank, text)
    assert line == 8
    assert message == (
        "malformed YAML: the value of 'source' on line 8 contains ': ', which YAML reads as another key:"
        " put the text in quotes, or write it as a block (>- on its own line)"
    )


def test_an_unclosed_bracket(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace("    tags: []\n", "").replace(
        "    difficulty: easy\n", "    difficulty: easy\n    tags: [a, b\n", 1
    )
    line, message = only_problem(write_bank, text)
    assert message.startswith("malformed YAML: a '[' is not closed before line") and "add ']'" in message


def test_a_quote_inside_single_quotes() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_marked("a:\n  b: 'it's'\n")
    assert info.value.pos.line == 2 and "In '...' write '' for one '" in info.value.message


def test_unrecognised_errors_keep_pyyaml_s_words() -> None:
    assert explain("a: b\n", "found undefined alias 'x'", "", 1, 4) is None
    with pytest.raises(YamlSyntaxError, match="malformed YAML: found undefined alias"):
        parse_marked("a: *x\n")
