"""``grade package EXERCISE --gradescope --out autograder.zip``: the typer command (thin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from grader.errors import UsageError

__all__ = ["package"]


def package(
    exercise: Annotated[str, typer.Argument(help="The exercise, e.g. exercise_bp (see `grade list`).")],
    gradescope: Annotated[
        bool, typer.Option("--gradescope", help="Build Gradescope's autograder.zip.")
    ] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="The zip to write.")] = Path("autograder.zip"),
    visibility: Annotated[
        str,
        typer.Option(
            help="When students see each hidden test: hidden, after_due_date, after_published, visible."
        ),
    ] = "after_due_date",
    stdout_visibility: Annotated[
        str, typer.Option("--stdout-visibility", help="Who sees the autograder's stdout (same values).")
    ] = "hidden",
    leaderboard: Annotated[
        str, typer.Option(help="Put the score on the assignment's leaderboard under this column name.")
    ] = "",
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds of wall and CPU time per test.")] = 10.0,
    memory: Annotated[int, typer.Option(min=64, help="MiB of memory per submission.")] = 1024,
) -> None:
    """Package EXERCISE's grader, hidden tests and reference for an LMS (today: Gradescope)."""
    from grader.exercise import find_exercise, project_root
    from grader.gradescope.package import build_autograder
    from grader.gradescope.settings import Settings

    if not gradescope:
        raise UsageError("grade package needs a target: --gradescope (the only one so far)")
    spec = find_exercise(exercise)
    settings = Settings(spec.name, visibility, stdout_visibility, leaderboard, timeout, memory)
    names = build_autograder(project_root(), spec, settings, out)
    typer.echo(f"{out}: Gradescope autograder for {spec.name} ({len(names)} files)")
