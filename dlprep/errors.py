"""Our exception types: each message is written for the person who ran the command."""

from __future__ import annotations

__all__ = ["DlprepError", "BankError", "GeneratorError", "MathError", "UsageError"]


class DlprepError(Exception):
    """Base of every error a CLI turns into one line and a non-zero exit code."""

    exit_code = 1


class UsageError(DlprepError):
    """The command line asks for something that does not exist (an unknown id, a missing path)."""

    exit_code = 2


class BankError(DlprepError):
    """A question bank cannot be used as it is; the message names the file and line."""

    exit_code = 2


class GeneratorError(DlprepError):
    """A parametric generator was given parameters it cannot work with."""


class MathError(DlprepError):
    """Math that cannot be typeset (lint keeps such math out of banks; a spec may still hold it)."""

    exit_code = 2
