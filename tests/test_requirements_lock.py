"""The lock file pins every dependency pyproject.toml names, and `make setup` installed exactly that set."""

from __future__ import annotations

import importlib.metadata
import os
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}")


def _pins(path: Path) -> dict[str, Version]:
    """The pin that applies to this interpreter for each package (markers evaluated here)."""
    pins: dict[str, Version] = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in ("dev", "cluster"):
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


def test_every_pin_has_hashes() -> None:
    lines = LOCK.read_text().splitlines()
    pins = [i for i, line in enumerate(lines) if PIN.match(line)]
    assert len(pins) > 40
    for i in pins:
        assert HASH.match(lines[i + 1]), f"{LOCK.name}:{i + 2}: {lines[i]} has no hash"


def test_the_lock_covers_pyproject_within_its_ranges() -> None:
    """A dependency added to pyproject.toml without `make lock-add` would be missing on a fresh machine."""
    pins = _pins(LOCK)
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        if name == "torch":  # installed from TORCH_SPEC; see the Makefile
            assert name not in pins
            continue
        assert name in pins, f"{requirement} is in pyproject.toml but not in {LOCK.name}: run make lock-add"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK.name} pins {name}=={pins[name]}, outside pyproject.toml's {requirement}"
        )


@pytest.mark.skipif(
    os.environ.get("DLPREP_TEST_LATEST") == "1", reason="make test-latest runs unlocked versions"
)
def test_this_environment_is_the_locked_set() -> None:
    pins = _pins(LOCK)
    wrong = {}
    for name, version in pins.items():
        try:
            installed = Version(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            wrong[name] = "missing"
            continue
        if installed != version:
            wrong[name] = f"{installed} installed, {version} locked"
    assert not wrong, f"not the locked set (run make setup): {wrong}"
