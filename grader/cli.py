"""`grade`: the autograder's command line. Thin: parse, call the core, print, choose the exit code.

grade EXERCISE [PATH...]     grade submissions (default: the exercise's own starter file)
grade list                   the exercises and their points
grade release --out DIR      the student handout, without solutions or hidden tests
"""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from grader.errors import GradeError, UsageError

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Grade NumPy exercises against PyTorch, sandboxed."
)
COMMANDS = {"list", "release", "run"}


class Format(StrEnum):
    text = "text"
    json = "json"
    gradescope = "gradescope"
    csv = "csv"


class Device(StrEnum):
    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


class Sandbox(StrEnum):
    auto = "auto"
    bwrap = "bwrap"
    namespaces = "namespaces"
    rlimits = "rlimits"


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report_name(submission: str, used: set[str]) -> str:
    stem = Path(submission).stem if Path(submission).suffix == ".py" else Path(submission).name
    base = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem) or "submission"
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


SANDBOX_WARNING = (
    "WARNING: bubblewrap (bwrap) is not installed, so submissions run with {kind} only: they can read "
    "any file this user can read, including the hidden tests. Install it (`apt install bubblewrap`, or "
    "`make setup` as root) before grading untrusted code."
)


@app.command("run")
def run(
    exercise: Annotated[str, typer.Argument(help="The exercise, e.g. exercise_bp (see `grade list`).")],
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders of submissions.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write one report per submission here.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Submissions graded at once [default: cores].")
    ] = None,
    device: Annotated[Device, typer.Option(help="Where the PyTorch reference runs.")] = Device.auto,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds of wall and CPU time per test.")] = 10.0,
    memory: Annotated[int, typer.Option(min=64, help="MiB of memory per submission.")] = 1024,
    sandbox: Annotated[
        Sandbox, typer.Option(help="Isolation: auto uses bubblewrap when installed.")
    ] = Sandbox.auto,
) -> None:
    """Grade submissions of EXERCISE; exit 0 when every one earned full marks, 1 otherwise."""
    from grader.batch import grade_batch
    from grader.exercise import find_exercise
    from grader.report import as_csv, as_gradescope, as_json, as_text
    from grader.sandbox import Limits, SandboxKind
    from grader.submissions import collect

    spec = find_exercise(exercise)
    targets = paths or [spec.starter]
    submissions = collect(targets, spec.module)
    if not submissions:
        raise UsageError("no submissions to grade")
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    limits = Limits(wall=timeout, cpu=timeout, memory=memory << 20)

    def warn(kind: SandboxKind) -> None:
        if kind is not SandboxKind.BWRAP:
            typer.echo(SANDBOX_WARNING.format(kind=kind.value), err=True)

    results = []
    stream = grade_batch(
        spec, submissions, jobs=jobs, device=device.value, limits=limits, sandbox=sandbox.value, on_start=warn
    )
    if len(submissions) > 1 and sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task(f"grading {spec.name}", total=len(submissions))
            for result in stream:
                results.append(result)
                progress.advance(task)
    else:
        results = list(stream)
    order = {s.name: i for i, s in enumerate(submissions)}
    results.sort(key=lambda r: order.get(r.submission, len(order)))
    functions = [f.name for f in spec.functions]
    render = {Format.text: as_text, Format.json: as_json, Format.gradescope: as_gradescope}
    if out is not None:
        if format is Format.csv:
            _atomic_write(out / "grades.csv", as_csv(results, functions))
        else:
            used: set[str] = set()
            for result in results:
                name = _report_name(result.submission, used)
                if format is Format.gradescope:
                    # One submission (Gradescope's own runs): DIR/results.json, where Gradescope looks.
                    target = out / "results.json" if len(results) == 1 else out / name / "results.json"
                else:
                    target = out / (name + (".txt" if format is Format.text else ".json"))
                _atomic_write(target, render[format](result) + "\n")
        typer.echo(f"{len(results)} report(s) written to {out}", err=True)
    elif format is Format.csv:
        typer.echo(as_csv(results, functions), nl=False)
    else:
        separator = "\n\n" if format is Format.text else "\n"
        typer.echo(separator.join(render[format](r) for r in results))
    if any(r.score < r.max_score for r in results):
        raise typer.Exit(1)


@app.command("list")
def list_command() -> None:
    """The exercises, with their points and a one-line description."""
    from grader.exercise import list_exercises

    exercises = list_exercises()
    if not exercises:
        raise UsageError("no exercises found (looked for exercises/*/exercise.yaml)")
    width = max(len(e.name) for e in exercises)
    for e in exercises:
        hidden = "" if e.has_hidden_tests() else "  (public tests only)"
        typer.echo(f"{e.name.ljust(width)}  {e.points:>4g} pts  {e.title} / {e.title_zh}{hidden}")


@app.command("release")
def release(
    out: Annotated[Path, typer.Option("--out", "-o", help="A new folder for the handout.")],
) -> None:
    """Build the student handout: exercises, question banks and the tool, without solutions or hidden tests."""
    from grader.exercise import project_root
    from grader.release import build_release

    entries = build_release(project_root(), out)
    typer.echo(f"handout written to {out}: {', '.join(p.name for p in entries)}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: ``grade EXERCISE ...`` is ``grade run EXERCISE ...``; errors become one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-") and args[0] not in COMMANDS:
        args.insert(0, "run")
    try:
        code = app(args, prog_name="grade", standalone_mode=False)
    except GradeError as exc:
        typer.echo(f"grade: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("grade: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # click's usage errors, as vendored by typer
            show()
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)
