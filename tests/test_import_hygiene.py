"""Loading, drawing and rendering questions never imports torch or numpy (the quiz path must start fast)."""

from __future__ import annotations

import subprocess
import sys

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
