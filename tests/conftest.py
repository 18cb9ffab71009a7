"""Shared fixtures: the shipped bank, and small banks written to a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from dlprep.bank import Bank, load_bank
from dlprep.sheets.fonts import CjkFont, find_cjk_font

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = REPO / "questions"

VALID_BANK = """\
topic:
  id: demo
  title: {zh: 演示, en: Demo}
questions:
  - id: demo-single
    type: single
    difficulty: easy
    source: "000 demo"
    prompt: {zh: 哪个激活函数的输出以零为中心？, en: Which activation has zero-centred outputs?}
    choices:
      - {zh: 双曲正切, en: Hyperbolic tangent, correct: true}
      - "ReLU"
      - {zh: 逻辑函数, en: The logistic sigmoid}
    explanation: {zh: 双曲正切关于原点对称。, en: "Tanh is odd, so its outputs centre on zero."}
  - id: demo-numeric
    type: numeric
    difficulty: medium
    source: "000 demo"
    generator: {name: conv_output_size, params: {d: 1}}
    tolerance: 0
    prompt:
      zh: '宽度 $W={{ W }}$，核 $k={{ k }}$，步幅 $s={{ s }}$，填充 $p={{ p }}$：输出宽度？'
      en: 'Width $W={{ W }}$, kernel $k={{ k }}$, stride $s={{ s }}$, padding $p={{ p }}$: output width?'
    explanation:
      zh: '$\\lfloor (W+2p-k)/s \\rfloor + 1 = {{ answer }}$'
      en: '$\\lfloor (W+2p-k)/s \\rfloor + 1 = {{ answer }}$'
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own bank cache, so no test sees another's (or the user's) entries."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("DLPREP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    """The shipped bank, loaded once per session through a cache private to the session."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DLPREP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "bank-cache"))
        return load_bank([QUESTIONS]).require_clean()


@pytest.fixture(scope="session")
def font() -> CjkFont:
    """The Chinese font `exam build` would use here (not one named by DLPREP_CJK_FONT)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DLPREP_CJK_FONT", raising=False)
        return find_cjk_font()


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a bank file (dedented) into tmp_path and return its path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


SCAN_SPEC = """\
title: {zh: 扫描测验, en: Scan quiz}
scoring: {multiple: per-choice, negative: 0.25, id_digits: 6}
points: {single: 2, multiple: 4, truefalse: 1, numeric: 3, open: 6}
groups:
  - select: type=single
    count: 3
  - select: type=multiple
    count: 2
  - select: type=truefalse
    count: 2
  - select: type=numeric
    count: 2
  - select: type=open
    count: 2
"""


@pytest.fixture(scope="session")
def scannable_build(tmp_path_factory: pytest.TempPathFactory, bank: Bank) -> Path:
    """A two-variant scannable build (every question type, two answer-sheet pages), made once."""
    from dlprep.sheets.build import build_exam
    from dlprep.sheets.spec import load_spec

    folder = tmp_path_factory.mktemp("scannable")
    spec_path = folder / "spec.yaml"
    spec_path.write_text(SCAN_SPEC, encoding="utf-8")
    out = folder / "build"
    build_exam(load_spec(spec_path, bank), bank, out=out, variants=2, seed=11, scannable=True, jobs=1)
    return out
