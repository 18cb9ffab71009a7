"""The bank cache gives the same answers as a cold check, and notices every change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep import cache
from dlprep.bank import load_bank


def test_cached_load_equals_cold_load(write_bank: Callable[..., Path], private_cache: Path) -> None:
    path = write_bank(VALID_BANK.replace("difficulty: easy", "difficulty: trivial"))
    cold = load_bank([path])
    assert list(private_cache.iterdir())
    warm = load_bank([path])
    assert warm.problems == cold.problems and warm.questions == cold.questions


def test_an_edit_is_seen_at_once(write_bank: Callable[..., Path]) -> None:
    path = write_bank(VALID_BANK)
    assert load_bank([path]).problems == []
    path.write_text(VALID_BANK.replace("    tolerance: 0\n", ""), encoding="utf-8")
    assert [p.line for p in load_bank([path]).problems] == [15]


def test_a_corrupt_entry_is_a_miss(write_bank: Callable[..., Path], private_cache: Path) -> None:
    path = write_bank(VALID_BANK)
    load_bank([path])
    for entry in private_cache.iterdir():
        entry.write_bytes(b"not a pickle")
    assert len(load_bank([path]).questions) == 2


def test_cache_can_be_turned_off(
    write_bank: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DLPREP_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert len(load_bank([write_bank(VALID_BANK)]).questions) == 2


def test_unwritable_cache_costs_only_speed(
    write_bank: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DLPREP_CACHE_DIR", str(blocker / "cache"))
    assert len(load_bank([write_bank(VALID_BANK)]).questions) == 2


def test_a_warm_whole_bank_loads_without_yaml_or_the_checker(private_cache: Path) -> None:
    """What lets `quiz` start fast: the second load reads one pickle of the merged bank."""
    import subprocess
    import sys

    code = (
        "import sys; from dlprep.bank import load_bank; bank = load_bank(); "
        "print(len(bank.questions), sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'jinja2', 'dlprep') and m.split('.')[-1] in ('yaml', 'jinja2', 'schema', 'yamlsource')))"
    )
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "dlprep.schema" in cold and warm.split()[0] == cold.split()[0] and warm.split()[1:] == ["[]"]
    assert [p.name for p in private_cache.iterdir() if p.name.startswith("bank-")]
