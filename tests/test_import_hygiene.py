"""Loading, drawing and rendering questions never imports torch or numpy (the quiz path must start fast)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import QUESTIONS

CODE = f"""
import sys
from pathlib import Path
from dlprep.bank import load_bank
from dlprep.instance import instantiate
from dlprep.render import instance_text
import dlprep.cli.exam, dlprep.cli.quiz
bank = load_bank([Path({str(QUESTIONS)!r})])
for q in bank.questions.values():
    instance_text(instantiate(q, 3))
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'numpy'))
print(heavy)
"""


def test_bank_and_rendering_stay_off_torch_and_numpy() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


QUIZ_PATH = """
import io, sys
sys.stdin = io.StringIO("a\\nt\\n32\\nsigmoid\\n\\n3\\n")
from dlprep.cli.quiz import main
for argv in (["--db", {db!r}, "--new", "6", "--bank-only", "--bank", {bank!r}], ["list", "--db", {db!r}],
             ["stats", "--db", {db!r}], ["stats", "--json", "--db", {db!r}],
             ["--db", {db!r}, "--exam-date", "2099-01-01", "--bank-only", "--bank", {bank!r}],
             ["export", "--db", {db!r}, "--out", {db!r} + ".json"], ["import", {db!r} + ".json", "--db", {db!r}]):
    try:
        main(argv)
    except SystemExit as exc:
        assert exc.code == 0, (argv, exc.code)
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'numpy'))
print(heavy, file=sys.stderr)
"""


def test_the_quiz_path_never_imports_torch_or_numpy(tmp_path: Path) -> None:
    """A whole piped session, `quiz list`, `stats`, an exam-date session, export and import in one
    process: no torch, no numpy (only `quiz optimize` loads torch)."""
    bank = Path(__file__).parent / "data" / "quiz_bank.yaml"
    code = QUIZ_PATH.format(db=str(tmp_path / "q.db"), bank=str(bank))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "answered" in result.stdout
