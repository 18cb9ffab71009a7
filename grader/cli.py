"""`grade`: the autograder's command line. Thin: parse, call the core, print, choose the exit code.

grade EXERCISE [PATH...]     grade submissions (default: the exercise's own starter file);
                             --scheduler ADDRESS / --cluster local[:N] grade on Dask
grade similarity EX PATH...  rank pairs of submissions that share code (side-by-side HTML)
grade list                   the exercises and their points
grade release --out DIR      the student kit, without solutions or hidden tests
grade package EX --gradescope --out autograder.zip    Gradescope's autograder for EX
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlprep.atomic import write_atomic
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
COMMANDS = {"list", "release", "run", "similarity", "package"}


class Format(StrEnum):
    text = "text"
    json = "json"
    gradescope = "gradescope"
    csv = "csv"


class Device(StrEnum):
    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


class Visibility(StrEnum):
    after_due_date = "after_due_date"
    after_published = "after_published"
    visible = "visible"
    hidden = "hidden"


class Questions(StrEnum):
    none = "none"
    practice = "practice"
    all = "all"


class Sandbox(StrEnum):
    auto = "auto"
    bwrap = "bwrap"
    namespaces = "namespaces"
    rlimits = "rlimits"


def _atomic_write(path: Path, text: str) -> None:
    write_atomic(path, text, errors="backslashreplace")  # a student's lone surrogate stays readable


def _report_name(submission: str, used: set[str]) -> str:
    stem = Path(submission).stem if Path(submission).suffix in (".py", ".ipynb") else Path(submission).name
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
    budget: Annotated[
        float,
        typer.Option(
            min=1.0, help="Seconds of wall time for everything one submission does, re-imports included."
        ),
    ] = 60.0,
    seed: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Draw the hidden inputs from this seed (reports record it) [default: a fresh one per run].",
        ),
    ] = None,
    visibility: Annotated[
        Visibility, typer.Option(help="Gradescope: when students see each hidden test's name and feedback.")
    ] = Visibility.after_due_date,
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
    from grader.submissions import digest, survey
    from grader.versions import grader_version, hidden_version

    spec = find_exercise(exercise)
    targets = paths or [spec.starter]
    found = survey(targets, spec.module)
    submissions = found.submissions
    if found.skipped:
        typer.echo(f"skipped {len(found.skipped)} file(s), not graded:", err=True)
        for skip in found.skipped:
            typer.echo(f"  {skip.path}: {skip.reason}", err=True)
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
    limits = Limits(wall=timeout, cpu=timeout, memory=memory << 20, budget=budget)
    used: set[str] = {"summary", "grades", "results"}  # the batch's own files in --out
    names = {s.name: _report_name(s.name, used) for s in submissions}
    render: dict[Format, Callable[[SubmissionResult], str]] = {
        Format.text: as_text,
        Format.json: as_json,
        Format.gradescope: lambda result: as_gradescope(result, visibility.value),
    }

    stamps = {
        s.name: {
            "exercise": spec.name,
            "digest": digest(s),
            "grader_version": grader_version(),
            "hidden_version": hidden_version(spec) if spec.has_hidden_tests() else "",
        }
        for s in submissions
    }
    results = _resumed(out, names, stamps) if resume and out is not None else {}
    todo = [s for s in submissions if s.name not in results]
    if seed is None:  # a resumed run goes on with the earlier run's inputs; a new one draws fresh ones
        earlier = [r.seed for r in results.values() if r.seed is not None]
        seed = earlier[0] if earlier else secrets.randbelow(1 << 31)
    graded_now = 0

    def keep(result: SubmissionResult) -> None:
        nonlocal graded_now
        results[result.submission] = result
        graded_now += 1
        if out is not None:
            _write_reports(
                out,
                names[result.submission],
                result,
                format,
                render,
                single=len(submissions) == 1,
                stamp=stamps[result.submission],
            )

    try:
        with _stream(
            spec, todo, scheduler, cluster, jobs, device.value, limits, sandbox.value, seed, tls
        ) as graded:
            from grader.notebooks.submission import annotate_stream  # notebooks: tracebacks name cells

            stream = annotate_stream(graded, todo, spec.module)
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
    except KeyboardInterrupt:
        raise Interrupted(_interrupted_message(graded_now, len(todo), out, sys.argv[1:])) from None
    ordered = [results[s.name] for s in submissions if s.name in results]
    functions = [f.name for f in spec.functions]
    if len(submissions) > 1:  # a batch (one file, e.g. a Gradescope run, gets its report only)
        _summaries(ordered, functions, len(found.skipped), out)
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
    seed: int,
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
                client, spec, todo, device=device, limits=limits, sandbox=sandbox, jobs=jobs, seed=seed
            )
    else:
        from grader.batch import grade_batch

        yield grade_batch(
            spec, todo, jobs=jobs, device=device, limits=limits, sandbox=sandbox, on_start=warn, seed=seed
        )


class Interrupted(GradeError):
    """Ctrl-C in the middle of a batch: what was saved, and how to go on."""

    exit_code = 130


def _interrupted_message(graded: int, total: int, out: Path | None, argv: list[str]) -> str:
    if out is None:
        return (
            f"interrupted: {graded} of {total} submission(s) graded, none saved (no --out); "
            "run again with --out DIR to keep each report as it is graded, and --resume to go on later"
        )
    again = " ".join(argv) if "--resume" in argv else " ".join([*argv, "--resume"])
    return (
        f"interrupted: {graded} of {total} submission(s) graded and saved in {out}; "
        f"to grade the rest, run: grade {again}"
    )


def _resumed(
    out: Path, names: dict[str, str], stamps: dict[str, dict[str, str]]
) -> dict[str, SubmissionResult]:
    """Results already recorded in `out` (`<name>.json`) for exactly this submission: the same
    exercise, file contents, grader and hidden tests. Anything else (or an unreadable record) is
    graded again."""
    from grader.report import from_dict

    found = {}
    for submission, name in names.items():
        try:
            data = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
            result = from_dict(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        if result.submission == submission and data.get("record") == stamps[submission]:
            found[submission] = result
    return found


def _summaries(results: list[SubmissionResult], functions: list[str], skipped: int, out: Path | None) -> None:
    """The class summary: text on stderr; summary.json and summary.html in --out."""
    from grader import summary

    data = summary.summarize(results, functions, skipped)
    typer.echo(summary.as_text(data), err=True)
    if out is not None:
        _atomic_write(out / "summary.json", summary.as_json(data) + "\n")
        _atomic_write(out / "summary.html", summary.as_html(data))


def _write_reports(
    out: Path,
    name: str,
    result: SubmissionResult,
    format: Format,
    render: Mapping[Format, Callable[[SubmissionResult], str]],
    single: bool,
    stamp: dict[str, str],
) -> None:
    """The report in the asked format, then the JSON record that marks the submission done (with
    the stamp ``--resume`` checks: exercise, content hash, grader and hidden-test versions)."""
    from grader.report import as_dict

    if format is Format.text:
        _atomic_write(out / f"{name}.txt", render[format](result) + "\n")
    elif format is Format.gradescope:
        # One submission (Gradescope's own runs): DIR/results.json, where Gradescope looks.
        target = out / "results.json" if single else out / name / "results.json"
        _atomic_write(target, render[format](result) + "\n")
    record = {**as_dict(result), "record": stamp}
    _atomic_write(out / f"{name}.json", json.dumps(record, ensure_ascii=False) + "\n")


@app.command("similarity")
def similarity(
    exercise: Annotated[
        str, typer.Argument(help="The exercise, e.g. exercise_bp (its starter file is ignored).")
    ],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of submissions.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The side-by-side HTML report.")] = Path(
        "similarity.html"
    ),
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Show pairs sharing at least this share of their code.")
    ] = 0.5,
) -> None:
    """Rank pairs of submissions by shared code (winnowing fingerprints, starter code excluded)."""
    from grader.exercise import find_exercise
    from grader.similarity import as_html, as_text, rank_pairs
    from grader.submissions import survey

    spec = find_exercise(exercise)
    found = survey(paths, spec.module)
    for skip in found.skipped:
        typer.echo(f"skipped {skip.path}: {skip.reason}", err=True)
    if len(found.submissions) < 2:
        raise UsageError(f"similarity needs at least two submissions, found {len(found.submissions)}")
    pairs = rank_pairs(found.submissions, spec.module, spec.starter)
    typer.echo(as_text(pairs, threshold, len(found.submissions)))
    _atomic_write(out, as_html(pairs, spec.name, threshold))
    typer.echo(f"side-by-side report: {out}", err=True)


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
    out: Annotated[Path, typer.Option("--out", "-o", help="A new folder for the student kit.")],
    questions: Annotated[
        Questions,
        typer.Option(
            help="Which bank questions the kit carries: none, practice (not those an exam reserves) or all."
        ),
    ] = Questions.practice,
    exam_spec: Annotated[
        list[Path] | None,
        typer.Option(
            "--exam-spec",
            help="An exam spec (YAML) or a built exam's manifest.json whose questions stay out.",
        ),
    ] = None,
) -> None:
    """Build the student kit: exercises, public tests and check.py (NumPy and pytest only), no solutions."""
    from grader.exercise import project_root
    from grader.release import build_release

    entries = build_release(project_root(), out, questions.value, exam_spec or [])
    typer.echo(f"student kit written to {out}: {', '.join(p.name for p in entries)}")


# grade package EX --gradescope: grader/gradescope/
from grader.gradescope.command import package  # noqa: E402

app.command("package")(package)


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
