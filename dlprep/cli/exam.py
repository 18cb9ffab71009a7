"""`exam`: lint, show, dump and verify the question banks; build exam sheets; export to LMS and Anki.

Each command parses its options, calls one core function and prints; errors of ours become one
line on stderr and an exit code (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dlprep.bank import load_bank
from dlprep.errors import DlprepError
from dlprep.instance import instantiate
from dlprep.render import instance_record, instance_text

__all__ = ["app", "main"]

app = typer.Typer(
    name="exam",
    help="Lint, show, dump and verify the question banks; build printable exams; export to Moodle, GIFT, Anki, CSV.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"
    both = "both"


BankOption = Annotated[
    list[Path] | None,
    typer.Option("--bank", help="Bank file or folder (repeatable); default: questions/."),
]


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Bank files or folders; default: questions/.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as a JSON list.")] = False,
    quality: Annotated[
        bool,
        typer.Option(
            "--quality", help="Also print the item-quality figures (test-wise score per type and language)."
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings (and on figures off their goal) too.")
    ] = False,
) -> None:
    """Report every problem in the banks as file:line:column: question-id: message.

    Errors make the bank unusable; warnings (long-key, positional-reference, cross-question,
    note-citation, duplicate-instance) break an item-writing rule. Exit 1 on errors, or with
    --strict on any warning.
    """
    bank = load_bank(paths)
    found = sorted([*bank.problems, *bank.warnings])
    figures = None
    if quality:
        from dlprep.quality.figures import bank_figures

        figures = bank_figures(bank.questions.values())
    if as_json:
        records = [p.as_dict() for p in found]
        if figures is None:
            print(json.dumps(records, ensure_ascii=False, indent=2))
        else:
            payload = {"problems": records, "quality": [f.as_dict() for f in figures]}
            print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for problem in found:
            print(problem)
        if figures is not None:
            from dlprep.quality.report import figures_text

            print(("\n" if found else "") + figures_text(figures))
    off_goal = sum(len(f.warnings) for f in figures or [])
    summary = [
        f"{count} {name}(s)"
        for count, name in ((len(bank.problems), "error"), (len(bank.warnings), "warning"))
        if count
    ]
    if summary:
        print(f"{' and '.join(summary)} found", file=sys.stderr)
    if bank.problems or (strict and (bank.warnings or off_goal)):
        raise typer.Exit(1)


@app.command()
def show(
    qid: Annotated[str, typer.Argument(metavar="ID", help="The question's id.")],
    seed: Annotated[int, typer.Option(help="Seed for parametric questions.")] = 0,
    lang: Annotated[Lang, typer.Option(help="Language to show.")] = Lang.both,
    bank: BankOption = None,
) -> None:
    """Render one question with its answer."""
    question = load_bank(bank).require_clean().question(qid)
    print(instance_text(instantiate(question, seed), lang.value))


class OneLang(StrEnum):
    zh = "zh"
    en = "en"


@app.command()
def check(
    qid: Annotated[str, typer.Argument(metavar="ID", help="The question's id.")],
    answer: Annotated[str, typer.Argument(metavar="ANSWER", help="The answer as a student would type it.")],
    lang: Annotated[
        OneLang | None, typer.Option(help="Judge against this language's keys only (default: either).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for parametric questions.")] = 0,
    bank: BankOption = None,
) -> None:
    """Say whether ANSWER is accepted for question ID, and why: exit 0 accepted, 1 rejected.

    Choice letters refer to the bank's order (the order `exam show` prints).
    """
    from dlprep.errors import UsageError
    from dlprep.quiz.answers import InvalidAnswer
    from dlprep.quiz.answers import check as judge

    question = load_bank(bank).require_clean().question(qid)
    try:
        verdict = judge(instantiate(question, seed), answer, lang.value if lang else None)
    except InvalidAnswer as exc:
        raise UsageError(
            f"'{answer}' is not an answer to the {question.type} question {qid}: {exc}"
        ) from None
    print(f"{'accepted' if verdict.correct else 'rejected'}: '{answer}' {verdict.reason}")
    if not verdict.correct:
        raise typer.Exit(1)


@app.command()
def dump(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question per line.")] = False,
    seed: Annotated[int, typer.Option(help="Seed for parametric questions.")] = 0,
    bank: BankOption = None,
) -> None:
    """Print every question instantiated for one seed."""
    loaded = load_bank(bank).require_clean()
    for question in loaded.questions.values():
        instance = instantiate(question, seed)
        if as_json:
            print(json.dumps(instance_record(instance), ensure_ascii=False))
        else:
            print(instance_text(instance, "both"), end="\n\n")


@app.command()
def verify(
    seeds: Annotated[int, typer.Option(min=1, help="Seeds to draw per parametric question.")] = 20,
    bank: BankOption = None,
) -> None:
    """Instantiate every parametric question for N seeds and check each answer against PyTorch."""
    from dlprep.verify import verify_bank

    report = verify_bank(load_bank(bank).require_clean(), seeds)
    for mismatch in report.mismatches:
        print(f"MISMATCH {mismatch}")
    for qid in report.unverified:
        print(f"unverified: {qid} has a literal numeric answer that no code recomputes", file=sys.stderr)
    summary = (
        f"{report.checked} answers of {report.questions} parametric questions "
        f"({len(report.families)} generator families, {seeds} seeds each) checked against PyTorch"
    )
    if not report.ok:
        print(f"{summary}: {len(report.mismatches)} mismatch(es)", file=sys.stderr)
        raise typer.Exit(1)
    print(f"{summary}: all agree")


@app.command("list")
def list_bank(bank: BankOption = None) -> None:
    """Topics with their question counts, then the types, difficulties and tags --select accepts."""
    from collections import Counter

    loaded = load_bank(bank).require_clean()
    per_topic = Counter(q.topic for q in loaded.questions.values())
    for topic_id, topic in loaded.topics.items():
        print(f"{topic_id:<22} {per_topic[topic_id]:>4}  {topic.title.zh} / {topic.title.en}")
    types = Counter(q.type.value for q in loaded.questions.values())
    print("types:        " + ", ".join(f"{name} ({count})" for name, count in types.most_common()))
    levels = Counter(q.difficulty.value for q in loaded.questions.values())
    print("difficulties: " + ", ".join(f"{name} ({count})" for name, count in levels.most_common()))
    tags = Counter(tag for q in loaded.questions.values() for tag in q.tags)
    print("tags:         " + ", ".join(f"{name} ({count})" for name, count in sorted(tags.items())))


class Format(StrEnum):
    pdf = "pdf"
    html = "html"
    typst = "typst"


SelectOption = Annotated[
    str | None,
    typer.Option(
        "--select",
        "-s",
        help="Groups with counts: cnn:3,gan+numeric:2 (terms: topic, type, difficulty, tag; + joins terms).",
    ),
]


@app.command()
def build(
    spec_path: Annotated[
        Path | None, typer.Argument(metavar="[SPEC]", help="Exam spec YAML (title, groups, points, ...).")
    ] = None,
    select: SelectOption = None,
    count: Annotated[
        int | None, typer.Option("--count", "-n", min=1, help="N questions spread across the whole bank.")
    ] = None,
    variants: Annotated[int, typer.Option("--variants", "-V", min=1, max=2000, help="Variants to make.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed: the same inputs and seed give the same exam.")] = 0,
    lang: Annotated[Lang, typer.Option(help="Language of the sheets.")] = Lang.both,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write (replaced if it holds an earlier build).")
    ] = Path("exam-build"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="pdf, html, or typst sources.")] = Format.pdf,
    title: Annotated[str | None, typer.Option(help="Title of the exam (replaces the spec's).")] = None,
    tagged_pdf: Annotated[
        bool,
        typer.Option("--tagged-pdf/--untagged-pdf", help="Tagged (accessible) PDF; untagged is ~5% faster."),
    ] = True,
    scannable: Annotated[
        bool,
        typer.Option(
            "--scannable", help="Also a machine-readable answer sheet per variant, for `exam scan`."
        ),
    ] = False,
    bank: BankOption = None,
) -> None:
    """Build printable exam variants with answer keys, answers.csv and manifest.json."""
    from dlprep.errors import UsageError
    from dlprep.question import Bilingual
    from dlprep.selection import groups_from_options
    from dlprep.sheets.build import OutputFormat, build_exam
    from dlprep.sheets.spec import default_spec, load_spec, spec_from_select

    if spec_path is not None and (select is not None or count is not None):
        raise UsageError("give one of SPEC, --select and --count, not several")
    loaded = load_bank(bank).require_clean()
    heading = Bilingual(title, title) if title else None
    chosen = groups_from_options(select, count, loaded)
    if chosen is not None:
        spec = spec_from_select(chosen[0], heading, chosen[1])
    else:
        spec = load_spec(spec_path, loaded) if spec_path is not None else default_spec(loaded)
        if heading is not None:
            spec = replace(spec, title=heading)
    result = build_exam(
        spec,
        loaded,
        out=out,
        variants=variants,
        seed=seed,
        lang=lang.value,
        fmt=OutputFormat(fmt.value),
        tagged_pdf=tagged_pdf,
        scannable=scannable,
    )
    font = f"; Chinese set in {result.font}" if result.font else ""
    print(
        f"{result.variants} variant(s) of {result.questions} questions written to {result.out}/ "
        f"({len(result.files)} files: sheets, {'answer sheets, ' if scannable else ''}keys, answers.csv, manifest.json{font})"
    )


@app.command()
def scan(
    scans: Annotated[
        list[Path], typer.Argument(metavar="SCANS...", help="PDFs, PNG/JPEG/TIFF images or folders.")
    ],
    build_dir: Annotated[
        Path, typer.Option("--build", "-b", help="The folder `exam build --scannable` wrote.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Results folder (added to on later runs).")],
    overrides: Annotated[
        Path | None,
        typer.Option("--overrides", help="CSV page,question,answer from review.html's decisions."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPUs).")
    ] = None,
) -> None:
    """Read scanned answer sheets: grades.csv, review.html, annotated copies and reports in --out."""
    from dlprep.scan.run import scan_exam

    summary = scan_exam(scans, build=build_dir, out=out, overrides=overrides, jobs=jobs)
    for problem in summary.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(
        f"{summary.pages_new} new page(s) read ({summary.pages_total} in all), {summary.students} student(s); "
        f"{summary.pending} reading(s) to review, {len(summary.problems)} problem(s): see {summary.out}/review.html"
    )
    if summary.pending or summary.problems:
        raise typer.Exit(1)


@app.command()
def analyze(
    results: Annotated[Path, typer.Argument(metavar="RESULTS", help="The folder `exam scan --out` wrote.")],
) -> None:
    """Item analysis: difficulty, discrimination, choices picked, reliability, per-topic scores."""
    from dlprep.analysis.report import analyze as run_analysis

    data = run_analysis(results)
    exam = data["exam"]
    reliability = "n/a" if exam["reliability"] is None else f"{exam['reliability']:.2f}"
    print(
        f"{exam['students']} students, mean {exam['mean']:.2f} of {exam['max_points']:g}, SD {exam['sd']:.2f}, "
        f"{exam['reliability_name']} {reliability}: {results}/analysis.html, analysis.json, topics.csv"
    )


class ExportKind(StrEnum):
    moodle = "moodle"
    gift = "gift"
    apkg = "apkg"
    csv = "csv"


@app.command()
def export(
    fmt: Annotated[
        ExportKind, typer.Option("--format", "-f", help="moodle (XML), gift, apkg (Anki) or csv.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write; default dlprep-FORMAT.EXT.")
    ] = None,
    select: SelectOption = None,
    count: Annotated[
        int | None, typer.Option("--count", "-n", min=1, help="N questions across the bank.")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="zh, en, or both (Moodle multilang spans).")] = Lang.both,
    instances: Annotated[
        int, typer.Option(min=1, max=100, help="Fixed instances per parametric question.")
    ] = 5,
    seed: Annotated[int, typer.Option(help="Seed for the selection and the parametric instances.")] = 0,
    bank: BankOption = None,
) -> None:
    """Export the bank (or a selection) to Moodle XML, GIFT, an Anki package or CSV."""
    import random

    from dlprep.export import ExportFormat, export_bank
    from dlprep.selection import draw_groups, groups_from_options

    loaded = load_bank(bank).require_clean()
    questions = list(loaded.questions.values())
    chosen = groups_from_options(select, count, loaded)
    if chosen is not None:
        groups, option = chosen
        rng = random.Random(f"{seed}:export")
        taken = {
            q.id for picked in draw_groups(groups, questions, rng, [option] * len(groups)) for q in picked
        }
        questions = [q for q in questions if q.id in taken]
    kind = ExportFormat(fmt.value)
    target = out or Path(f"dlprep-{kind.value}{kind.suffix}")
    written = export_bank(
        questions, fmt=kind, out=target, lang=lang.value, instances=instances, seed=seed, topics=loaded.topics
    )
    parametric = sum(q.parametric for q in questions)
    extra = f", {parametric} parametric as up to {instances} instances each" if parametric else ""
    print(f"{len(questions)} questions ({written} items{extra}) written to {target}")


def main() -> None:
    """Console entry point: our errors become one line and an exit code."""
    try:
        app()
    except DlprepError as exc:
        print(f"exam: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
