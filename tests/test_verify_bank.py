"""`exam verify` on the bundled bank: every parametric answer agrees with PyTorch."""

from __future__ import annotations

from conftest import QUESTIONS

from dlprep.bank import load_bank
from dlprep.verify import verify_bank


def test_bundled_bank_agrees_with_pytorch() -> None:
    report = verify_bank(load_bank([QUESTIONS]).require_clean(), seeds=8)
    assert [str(m) for m in report.mismatches] == []
    assert report.unverified == []
    assert len(report.families) >= 10 and report.checked >= 8 * 100
