"""The `exam` command as a user runs it: exit codes, output formats and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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
