# corpus: hostile
# what: installs fake pytest/unittest modules in sys.modules that pass everything and writes a conftest.py forcing 'passed'; returns zeros
# loses: sigmoid, forward, loss, backward, train_step
# expect: failed
"""Replaces the test frameworks with ones that always pass, then answers zeros."""

import contextlib
import sys
import types
from pathlib import Path

import numpy as np

CONFTEST = 'import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    outcome = yield\n    report = outcome.get_result()\n    report.outcome = "passed"\n    report.longrepr = None\n'


class _Anything:
    """Equal to everything, so pytest.approx(x) == y always holds."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


def _silent(*args, **kwargs):
    return None


class _TestCase:
    """A unittest.TestCase whose every assert* and fail* method passes."""

    def __getattr__(self, name):
        if name.startswith(("assert", "fail")):
            return _silent
        raise AttributeError(name)


def _install_fakes():
    """Put always-passing pytest and unittest modules in sys.modules and a conftest.py in reach."""
    fake_pytest = types.ModuleType("pytest")
    fake_pytest.approx = lambda *args, **kwargs: _Anything()
    fake_pytest.raises = lambda *args, **kwargs: contextlib.suppress(BaseException)
    fake_pytest.main = lambda *args, **kwargs: 0
    fake_pytest.__getattr__ = lambda name: _silent
    fake_unittest = types.ModuleType("unittest")
    fake_unittest.TestCase = _TestCase
    fake_unittest.main = _silent
    sys.modules["pytest"] = fake_pytest
    sys.modules["unittest"] = fake_unittest
    for folder in (Path.cwd(), Path(__file__).resolve().parent):
        with contextlib.suppress(OSError):
            (folder / "conftest.py").write_text(CONFTEST)


_install_fakes()


def sigmoid(u):
    """Zeros of the right shape."""
    return np.zeros(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """Zeros of the right shapes."""
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """Always 0.0."""
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    """Zero gradients."""
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Zero parameters."""
    return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
