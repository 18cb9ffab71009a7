"""`exam verify` recomputes parametric answers with PyTorch, and notices when they disagree."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep import generators
from dlprep.bank import load_bank
from dlprep.verify import verify_bank


def test_verify_passes_on_a_correct_bank(write_bank: Callable[..., Path]) -> None:
    report = verify_bank(load_bank([write_bank(VALID_BANK)]).require_clean(), seeds=10)
    assert report.ok and report.checked == 10 and report.questions == 1


def test_verify_catches_a_wrong_formula(
    write_bank: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    family = generators.REGISTRY["conv_output_size"]
    broken = dataclasses.replace(
        family, solve=lambda q: (q["W"] + 2 * q["p"] - q["k"]) // q["s"]
    )  # forgot the +1
    monkeypatch.setitem(generators.REGISTRY, "conv_output_size", broken)
    report = verify_bank(load_bank([write_bank(VALID_BANK)]).require_clean(), seeds=5)
    assert not report.ok and len(report.mismatches) == 5
    assert "differs" in str(report.mismatches[0])


def test_literal_numeric_answers_are_listed_as_unverified(write_bank: Callable[..., Path]) -> None:
    text = (
        VALID_BANK
        + """\
  - id: demo-literal
    type: numeric
    difficulty: easy
    source: "000 demo"
    answer: 0.25
    tolerance: 0.001
    prompt: {zh: 最大导数？, en: Largest derivative?}
    explanation: {zh: 在零点。, en: At zero.}
"""
    )
    report = verify_bank(load_bank([write_bank(text)]).require_clean(), seeds=2)
    assert report.unverified == ["demo-literal"]
