"""The grader's exception types: each message is written for the person who ran `grade`."""

from __future__ import annotations

__all__ = ["ExerciseError", "GradeError", "SandboxError", "UsageError"]


class GradeError(Exception):
    """Base of every error the `grade` CLI turns into one line and a non-zero exit code."""

    exit_code = 1


class UsageError(GradeError):
    """The command line names something that does not exist: an exercise, a path, an option value."""

    exit_code = 2


class ExerciseError(GradeError):
    """An exercise's declaration (exercise.yaml, grading.py) is broken; the message names the file."""

    exit_code = 2


class SandboxError(GradeError):
    """The sandbox cannot be started here; the message says what to install or change."""

    exit_code = 2
