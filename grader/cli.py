"""`grade`: the autograder's command line. Thin: parse, call the core, print, choose the exit code.

grade EXERCISE [PATH...]     grade submissions (default: the exercise's own starter file);
                             --scheduler ADDRESS / --cluster local[:N] grade on Dask
grade list                   the exercises and their points
grade release --out DIR      the student handout, without solutions or hidden tests
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from grader.errors import GradeError, UsageError

if TYPE_CHECKING:
    from grader.exercise import Exercise
    from grader.results import SubmissionResult
    from grader.sandbox import Limits
    from grader.submissions import Submission

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


TCP_WARNING = (
    "WARNING: {address} is neither encrypted nor authenticated: anyone who can reach that scheduler can run "
    "code on its workers and read the submissions. Use tls:// with --tls-ca-file/--tls-cert/--tls-key."
)


@app.command("run")
def run(
    exercise: Annotated[str, typer.Argument(help="The exercise, e.g. exercise_bp (see `grade list`).")],
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders of submissions.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write one report per submission here, each as soon as it is graded."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="With --out: grade only submissions that have no report there yet."),
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Submissions graded at once [default: cores].")
    ] = None,
    device: Annotated[Device, typer.Option(help="Where the PyTorch reference runs.")] = Device.auto,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds of wall and CPU time per test.")] = 10.0,
    memory: Annotated[int, typer.Option(min=64, help="MiB of memory per submission.")] = 1024,
    sandbox: Annotated[
        Sandbox, typer.Option(help="Isolation: auto uses bubblewrap when installed.")
    ] = Sandbox.auto,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Grade on this Dask scheduler (tcp://host:8786).")
    ] = None,
    cluster: Annotated[
        str | None, typer.Option("--cluster", help="Grade on a Dask LocalCluster: local or local:N workers.")
    ] = None,
    tls_ca_file: Annotated[
        Path | None,
        typer.Option("--tls-ca-file", help="With --scheduler tls://…: the cluster's CA certificate."),
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="With --scheduler tls://…: this client's certificate.")
    ] = None,
    tls_key: Annotated[
        Path | None,
        typer.Option("--tls-key", help="With --scheduler tls://…: its key (if not in --tls-cert)."),
    ] = None,
) -> None:
    """Grade submissions of EXERCISE; exit 0 when every one earned full marks, 1 otherwise."""
    from grader.exercise import find_exercise
    from grader.report import as_csv, as_gradescope, as_json, as_text
    from grader.sandbox import Limits
    from grader.submissions import collect

    spec = find_exercise(exercise)
    targets = paths or [spec.starter]
    submissions = collect(targets, spec.module)
    if not submissions:
        raise UsageError("no submissions to grade")
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    if resume and out is None:
        raise UsageError("--resume needs --out DIR (the folder holding the reports of the interrupted run)")
    if scheduler and cluster:
        raise UsageError("--scheduler and --cluster exclude each other: use an existing cluster or start one")
    if cluster:
        from grader.cluster import parse_cluster

        parse_cluster(cluster)
    tls = (tls_ca_file, tls_cert, tls_key)
    if any(tls) and not scheduler:
        raise UsageError("--tls-ca-file, --tls-cert and --tls-key go with --scheduler tls://HOST:PORT")
    if scheduler and scheduler.startswith("tcp://"):
        typer.echo(TCP_WARNING.format(address=scheduler), err=True)
    limits = Limits(wall=timeout, cpu=timeout, memory=memory << 20)
    used: set[str] = set()
    names = {s.name: _report_name(s.name, used) for s in submissions}
    render = {Format.text: as_text, Format.json: as_json, Format.gradescope: as_gradescope}

    results = _resumed(out, names) if resume and out is not None else {}
    todo = [s for s in submissions if s.name not in results]

    def keep(result: SubmissionResult) -> None:
        results[result.submission] = result
        if out is not None:
            _write_reports(
                out, names[result.submission], result, format, render, single=len(submissions) == 1
            )

    with _stream(spec, todo, scheduler, cluster, jobs, device.value, limits, sandbox.value, tls) as stream:
        if len(todo) > 1 and sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as progress:
                task = progress.add_task(f"grading {spec.name}", total=len(todo))
                for result in stream:
                    keep(result)
                    progress.advance(task)
        else:
            for result in stream:
                keep(result)
    ordered = [results[s.name] for s in submissions if s.name in results]
    functions = [f.name for f in spec.functions]
    if out is not None:
        if format is Format.csv:
            _atomic_write(out / "grades.csv", as_csv(ordered, functions))
        resumed = len(submissions) - len(todo)
        note = f" ({resumed} from an earlier run)" if resumed else ""
        typer.echo(f"{len(ordered)} report(s) in {out}{note}", err=True)
    elif format is Format.csv:
        typer.echo(as_csv(ordered, functions), nl=False)
    else:
        separator = "\n\n" if format is Format.text else "\n"
        typer.echo(separator.join(render[format](r) for r in ordered))
    if any(r.score < r.max_score for r in ordered):
        raise typer.Exit(1)


@contextmanager
def _stream(
    spec: Exercise,
    todo: list[Submission],
    scheduler: str | None,
    cluster: str | None,
    jobs: int | None,
    device: str,
    limits: Limits,
    sandbox: str,
    tls: tuple[Path | None, Path | None, Path | None] = (None, None, None),
) -> Iterator[Iterator[SubmissionResult]]:
    """The results of `todo` as they come: from this machine, or from a Dask cluster."""
    from grader.sandbox import SandboxKind

    def warn(kind: SandboxKind) -> None:
        if kind is not SandboxKind.BWRAP:
            typer.echo(SANDBOX_WARNING.format(kind=kind.value), err=True)

    if not todo:
        yield iter(())
    elif scheduler or cluster:
        from grader.cluster import TLS, cluster_client, grade_on_cluster

        with cluster_client(scheduler, cluster, device, TLS(*tls)) as client:
            yield grade_on_cluster(
                client, spec, todo, device=device, limits=limits, sandbox=sandbox, jobs=jobs
            )
    else:
        from grader.batch import grade_batch

        yield grade_batch(spec, todo, jobs=jobs, device=device, limits=limits, sandbox=sandbox, on_start=warn)


def _resumed(out: Path, names: dict[str, str]) -> dict[str, SubmissionResult]:
    """Results already recorded in `out` (`<name>.json`); an unreadable record is graded again."""
    from grader.report import from_dict

    found = {}
    for submission, name in names.items():
        try:
            result = from_dict(json.loads((out / f"{name}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if result.submission == submission:
            found[submission] = result
    return found


def _write_reports(
    out: Path,
    name: str,
    result: SubmissionResult,
    format: Format,
    render: Mapping[Format, Callable[[SubmissionResult], str]],
    single: bool,
) -> None:
    """The report in the asked format, then the JSON record that marks the submission done."""
    from grader.report import as_json

    if format is Format.text:
        _atomic_write(out / f"{name}.txt", render[format](result) + "\n")
    elif format is Format.gradescope:
        # One submission (Gradescope's own runs): DIR/results.json, where Gradescope looks.
        target = out / "results.json" if single else out / name / "results.json"
        _atomic_write(target, render[format](result) + "\n")
    _atomic_write(out / f"{name}.json", as_json(result) + "\n")


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
