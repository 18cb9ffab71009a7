"""The `exam` command as a user runs it: exit codes, output formats and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK
from typer.testing import CliRunner

from dlprep.cli.exam import app

runner = CliRunner()
WriteBank = Callable[..., Path]


def exam(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry point, in a child process."""
    code = "from dlprep.cli.exam import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_lint_exit_codes(write_bank: WriteBank) -> None:
    clean = write_bank(VALID_BANK, "clean.yaml")
    assert runner.invoke(app, ["lint", str(clean)]).exit_code == 0
    broken = write_bank(VALID_BANK.replace("    tolerance: 0\n", ""), "broken.yaml")
    result = runner.invoke(app, ["lint", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:15:5: demo-numeric: numeric answer without tolerance" in result.stdout


def test_lint_json(write_bank: WriteBank) -> None:
    broken = write_bank(VALID_BANK.replace(", correct: true}", "}"))
    result = runner.invoke(app, ["lint", "--json", str(broken)])
    problems = json.loads(result.stdout)
    assert result.exit_code == 1
    assert problems == [
        {
            "path": str(broken),
            "line": 11,
            "column": 7,
            "question": "demo-single",
            "message": "no choice is marked 'correct: true'",
            "rule": None,
            "severity": "error",
        }
    ]


def test_usage_errors_exit_2_with_one_line_and_no_traceback(tmp_path: Path, write_bank: WriteBank) -> None:
    missing = exam("lint", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"exam: error: {tmp_path / 'nope.yaml'}: no such file or folder"
    bank = write_bank(VALID_BANK)
    unknown = exam("show", "no-such-question", "--bank", str(bank))
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert unknown.stderr.count("\n") == 1 and "no question with id 'no-such-question'" in unknown.stderr
    bad_option = exam("lint", "--frobnicate")
    assert bad_option.returncode == 2 and "Traceback" not in bad_option.stderr


def test_show_refuses_a_broken_bank_in_one_line(write_bank: WriteBank) -> None:
    bank = write_bank(VALID_BANK.replace("difficulty: easy", "difficulty: trivial"))
    result = exam("show", "demo-numeric", "--bank", str(bank))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "difficulty must be one of" in result.stderr and "exam lint" in result.stderr


def test_show_renders_question_and_answer(write_bank: WriteBank) -> None:
    bank = write_bank(VALID_BANK)
    result = runner.invoke(app, ["show", "demo-numeric", "--seed", "3", "--lang", "en", "--bank", str(bank)])
    assert result.exit_code == 0, result.output
    assert "Width W=" in result.stdout and "Answer:" in result.stdout and "{{" not in result.stdout
    zh = runner.invoke(app, ["show", "demo-single", "--lang", "zh", "--bank", str(bank)])
    assert "A. 双曲正切  ✓" in zh.stdout and "答案: A" in zh.stdout


def test_dump_json_is_deterministic_per_seed(write_bank: WriteBank) -> None:
    bank = write_bank(VALID_BANK)
    first = runner.invoke(app, ["dump", "--json", "--seed", "5", "--bank", str(bank)]).stdout
    again = runner.invoke(app, ["dump", "--json", "--seed", "5", "--bank", str(bank)]).stdout
    other = runner.invoke(app, ["dump", "--json", "--seed", "6", "--bank", str(bank)]).stdout
    assert first == again and first != other
    records = [json.loads(line) for line in first.splitlines()]
    numeric = next(r for r in records if r["id"] == "demo-numeric")
    assert set(numeric["params"]) == {"W", "k", "s", "p", "d"} and numeric["params"]["d"] == 1
    for key in ("id", "type", "topic", "tags", "prompt", "choices", "answer", "tolerance", "params"):
        assert key in numeric
    w, k, s, p, d = (numeric["params"][x] for x in "Wkspd")
    assert numeric["answer"] == (w + 2 * p - d * (k - 1) - 1) // s + 1


def test_verify_command(write_bank: WriteBank) -> None:
    result = runner.invoke(app, ["verify", "--seeds", "3", "--bank", str(write_bank(VALID_BANK))])
    assert result.exit_code == 0, result.output
    assert "3 answers of 1 parametric questions" in result.stdout and "all agree" in result.stdout


def test_tiny_answers_keep_their_significant_figures(write_bank: WriteBank) -> None:
    text = VALID_BANK.replace(
        "generator: {name: conv_output_size, params: {d: 1}}",
        "generator: {name: sigmoid_chain_gradient, params: {L: 8, w: 1.0, x: 0.5}}",
    )
    text = (
        text.replace("tolerance: 0\n", 'tolerance: "1%"\n')
        .replace("{{ W }}", "{{ L }}")
        .replace("{{ k }}", "{{ w }}")
    )
    text = text.replace("{{ s }}", "{{ x }}").replace("{{ p }}", "{{ x }}")
    result = runner.invoke(app, ["show", "demo-numeric", "--lang", "en", "--bank", str(write_bank(text))])
    assert result.exit_code == 0, result.output
    assert "Answer: 6.89834e-06 (± 6.89834e-08)" in result.stdout


def test_a_bank_nested_too_deeply_is_one_lint_line_with_its_place(tmp_path: Path) -> None:
    bank = tmp_path / "deep.yaml"
    bank.write_text("questions: " + "[" * 5000 + "]" * 5000 + "\n")
    done = exam("lint", str(bank))
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    [line] = [row for row in done.stdout.splitlines() if row.startswith(str(bank))]
    place, message = line.split(": -: ", 1)
    assert place.removeprefix(f"{bank}:").replace(":", "").isdigit() and message.startswith(
        "malformed YAML: "
    )


SHORT = """\
  - id: demo-short
    type: short
    difficulty: easy
    source: "000 demo"
    prompt: {zh: 卷积层的 BatchNorm 在哪些维度上求均值？, en: Over which dimensions does BatchNorm average in a conv layer?}
    answer:
      zh: [NHW, [N, H, W], 批量和空间维度]
      en: [NHW, [N, H, W], batch and spatial dimensions]
    explanation: {zh: 每个通道一个均值。, en: One mean per channel.}
  - id: demo-name
    type: short
    difficulty: easy
    source: "000 demo"
    prompt: {zh: 导数为 $f(1-f)$ 的激活函数叫什么？, en: Which activation has the derivative $f(1-f)$?}
    answer: [sigmoid, logistic function]
    explanation: {zh: 逻辑函数。, en: The logistic function.}
"""


def test_check_says_accepted_and_why(write_bank: WriteBank) -> None:
    bank = str(write_bank(VALID_BANK + SHORT))
    result = runner.invoke(app, ["check", "demo-short", "H, W, N", "--bank", bank])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "accepted: 'H, W, N' matches the key '[N, H, W]' after: items compared in any order,"
        " separators ignored (a list key)\n"
    )
    zh = runner.invoke(app, ["check", "demo-short", "W、N、H", "--lang", "zh", "--bank", bank])
    assert zh.exit_code == 0 and "'[N, H, W]'" in zh.stdout
    named = runner.invoke(app, ["check", "demo-name", "Sigmoid 函数", "--bank", bank])
    assert named.exit_code == 0 and "the generic word '函数' ignored" in named.stdout


def test_check_rejects_with_the_closest_keys(write_bank: WriteBank) -> None:
    bank = str(write_bank(VALID_BANK + SHORT))
    result = runner.invoke(app, ["check", "demo-short", "N, C, H", "--bank", bank])
    assert result.exit_code == 1
    assert result.stdout.startswith("rejected: 'N, C, H' matches no key; closest: ")
    # a key of the other language is not accepted with --lang
    other = runner.invoke(app, ["check", "demo-short", "批量和空间维度", "--lang", "en", "--bank", bank])
    assert other.exit_code == 1
    either = runner.invoke(app, ["check", "demo-short", "批量和空间维度", "--bank", bank])
    assert either.exit_code == 0


def test_check_other_types(write_bank: WriteBank) -> None:
    bank = str(write_bank(VALID_BANK + SHORT))
    single = runner.invoke(app, ["check", "demo-single", "a", "--bank", bank])
    assert single.exit_code == 0 and single.stdout == "accepted: 'a' read as A; the key is A\n"
    wrong = runner.invoke(app, ["check", "demo-single", "B", "--bank", bank])
    assert wrong.exit_code == 1 and "the key is A" in wrong.stdout
    numeric = runner.invoke(app, ["check", "demo-numeric", "0", "--seed", "3", "--bank", bank])
    assert numeric.exit_code == 1 and "not within 0 of the answer" in numeric.stdout


def test_check_usage_errors_exit_2_in_one_line(write_bank: WriteBank) -> None:
    bank = str(write_bank(VALID_BANK + SHORT))
    unknown = exam("check", "demo-shrot", "NHW", "--bank", bank)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr == (
        "exam: error: no question with id 'demo-shrot' in the bank (did you mean 'demo-short'?)\n"
    )
    not_an_answer = exam("check", "demo-numeric", "abc", "--bank", bank)
    assert not_an_answer.returncode == 2 and "Traceback" not in not_an_answer.stderr
    assert (
        "'abc' is not an answer to the numeric question demo-numeric: type a number" in not_an_answer.stderr
    )


def test_show_suggests_close_ids(write_bank: WriteBank) -> None:
    bank = str(write_bank(VALID_BANK))
    result = runner.invoke(app, ["show", "demo-singel", "--bank", bank])
    assert result.exit_code != 0
    assert "did you mean 'demo-single'" in str(result.exception)
    fragment = runner.invoke(app, ["show", "numeric", "--bank", bank])
    assert "did you mean 'demo-numeric'?" in str(fragment.exception)


LONG_KEY = VALID_BANK.replace(
    "{zh: 双曲正切, en: Hyperbolic tangent, correct: true}",
    "{zh: 双曲正切，一个关于原点对称的奇函数, en: Hyperbolic tangent, correct: true}",
)


def test_lint_prints_warnings_and_exits_0_unless_strict(write_bank: WriteBank) -> None:
    path = write_bank(LONG_KEY)
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}:11:14: demo-single: warning[long-key]: choice 1.zh: ")
    assert "1 warning(s) found" in result.stderr
    assert runner.invoke(app, ["lint", "--strict", str(path)]).exit_code == 1
    records = json.loads(runner.invoke(app, ["lint", "--json", str(path)]).stdout)
    assert [(r["line"], r["rule"], r["severity"]) for r in records] == [(11, "long-key", "warning")]


def test_lint_quality_prints_the_figures(write_bank: WriteBank) -> None:
    data = Path(__file__).parent / "data" / "quality_bank.yaml"
    result = runner.invoke(app, ["lint", "--quality", str(data)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "single choice, English (en): 3 questions" in out
    assert "  most detailed     66.7%" in out and "  chance            33.3%" in out
    assert "  test-wise         66.7%  gap +33.3 points (over the goal of 10)" in out
    assert "multiple choice, Chinese (zh): 3 questions; the test-wise student ticks the 2 top-ranked" in out
    assert "  correct choices  1: 1 (33%), 2: 2 (67%)" in out
    assert "  length ratio     1.27 (mean correct-choice length / mean distractor length)" in out
    assert runner.invoke(app, ["lint", "--quality", "--strict", str(data)]).exit_code == 1
    payload = json.loads(runner.invoke(app, ["lint", "--quality", "--json", str(data)]).stdout)
    assert payload["problems"] == []
    single_en = next(f for f in payload["quality"] if (f["type"], f["lang"]) == ("single", "en"))
    assert single_en["strategies"]["prompt echo"] == pytest.approx(5 / 9)
    assert single_en["gap"] == pytest.approx(1 / 3)
