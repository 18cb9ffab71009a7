"""`exam`: lint, show, dump and verify the question banks.

Each command parses its options, calls one core function and prints; errors of ours become one
line on stderr and an exit code (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import json
import sys
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
    help="Lint, show, dump and verify the question banks.",
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
) -> None:
    """Report every problem in the banks as file:line:column: question-id: message."""
    bank = load_bank(paths)
    if as_json:
        print(json.dumps([p.as_dict() for p in bank.problems], ensure_ascii=False, indent=2))
    else:
        for problem in bank.problems:
            print(problem)
    if bank.problems:
        print(f"{len(bank.problems)} problem(s) found", file=sys.stderr)
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
