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


def test_a_warm_bank_reads_a_question_only_when_asked(
    write_bank: Callable[..., Path], private_cache: Path
) -> None:
    """Choosing cards reads every header; a question's texts are unpickled when it is shown."""
    import pickle

    from dlprep.bank import LazyQuestions

    path = write_bank(VALID_BANK)
    cold = load_bank([path])
    warm = load_bank([path])
    assert isinstance(warm.questions, LazyQuestions) and not isinstance(cold.questions, LazyQuestions)
    assert warm.headers() == cold.headers() == [q.header for q in cold.questions.values()]
    assert list(warm.questions) == list(cold.questions) and len(warm.questions) == len(cold.questions)
    first = next(iter(cold.questions))
    assert warm.questions[first] == cold.questions[first]
    assert warm.questions[first] is warm.questions[first]  # unpickled once
    assert "no-such-id" not in warm.questions
    with pytest.raises(KeyError):
        warm.questions["no-such-id"]
    again = pickle.loads(pickle.dumps(warm))  # a bank sent to a worker process
    assert again.questions == cold.questions and again.headers() == cold.headers()


def test_a_damaged_question_in_the_cache_is_a_clear_error(
    write_bank: Callable[..., Path], private_cache: Path
) -> None:
    from dlprep.bank import LazyQuestions
    from dlprep.errors import BankError

    path = write_bank(VALID_BANK)
    load_bank([path])
    warm = load_bank([path])
    assert isinstance(warm.questions, LazyQuestions)
    first = next(iter(warm.questions))
    damaged = LazyQuestions({first: b"\x80\x05not a question"}, warm.headers()[:1])
    with pytest.raises(BankError, match="bank cache .* is damaged"):
        damaged[first]


def test_the_code_fingerprint_follows_an_edit_to_dlprep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Size and modification time of dlprep's sources key the cache, as make and mypy judge inputs."""
    import os

    before = cache._code_fingerprint()
    cache._code_fingerprint.cache_clear()
    assert cache._code_fingerprint() == before
    source = Path(cache.__file__)
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        cache._code_fingerprint.cache_clear()
        assert cache._code_fingerprint() != before
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        cache._code_fingerprint.cache_clear()
    assert cache._code_fingerprint() == before
