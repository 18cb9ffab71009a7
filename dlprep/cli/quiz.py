"""`quiz`: spaced-repetition drills on the question banks, in any terminal or through a pipe.

`quiz` alone (or with drill options) is `quiz drill`. Each command opens the progress database,
loads the bank, calls the quiz core and prints; errors of ours become one line on stderr with
exit code 2, never a traceback. Nothing here imports torch or numpy (a test holds us to it).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlprep.errors import DlprepError

if TYPE_CHECKING:
    from dlprep.bank import Bank
    from dlprep.quiz.store import Store

__all__ = ["app", "main"]

app = typer.Typer(
    name="quiz",
    help="Spaced-repetition drills on the question banks (FSRS), with typed-answer checking.",
    add_completion=False,
    pretty_exceptions_enable=False,
)
COMMANDS = {"drill", "list", "stats", "prune"}


class Lang(StrEnum):
    zh = "zh"
    en = "en"
    both = "both"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Progress database (default: $QUIZ_DB, else quiz.sqlite3 in your data folder)."
    ),
]
BankOption = Annotated[
    list[Path] | None,
    typer.Option("--bank", help="Bank file or folder (repeatable); default: questions/."),
]
TopicOption = Annotated[
    list[str] | None, typer.Option("--topic", "-t", help="Only this topic (repeatable); see `quiz list`.")
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", help="Only questions with this tag (repeatable).")
]


def _open_store(db: Path | None) -> Store:
    from dlprep.quiz.store import Store, default_db_path

    if db is not None:
        return Store(db.expanduser())
    return Store(default_db_path(), create_folder=not os.environ.get("QUIZ_DB"))


def _bank(paths: list[Path] | None) -> Bank:
    from dlprep.bank import load_bank

    return load_bank(paths).require_clean()


def _locale_lang() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _now() -> datetime:
    return datetime.now(UTC)


@app.command()
def drill(
    topic: TopicOption = None,
    tag: TagOption = None,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards in this session.")] = 10,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many answers.")] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="zh, en or both (default: your last choice, else the locale)."),
    ] = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Drill failed and hardest cards; the schedule is not touched.")
    ] = False,
    retention: Annotated[
        float | None,
        typer.Option(
            "--retention", min=0.7, max=0.99, help="FSRS desired retention (default 0.9, remembered)."
        ),
    ] = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text, one answer per line (automatic in pipes).")
    ] = False,
    bank: BankOption = None,
    db: DbOption = None,
) -> None:
    """A session: due cards, then new ones. Type answers; u undoes, q quits, ? shows the keys."""
    from dlprep.quiz.queue import cram_queue, select, session_queue
    from dlprep.quiz.session import Session
    from dlprep.quiz.terminal import AnsiTerminal, PlainTerminal

    questions_bank = _bank(bank)
    store = _open_store(db)
    chosen = select(questions_bank.questions.values(), topic or (), tag or ())
    language = lang.value if lang else store.setting("lang") or _locale_lang()
    if lang:
        store.set_setting("lang", lang.value)
    if retention is not None:
        store.set_setting("retention", f"{retention:g}")
    desired = float(store.setting("retention") or 0.9)
    terminal = PlainTerminal() if plain or not sys.stdin.isatty() else AnsiTerminal()
    session = Session(
        store, terminal, questions_bank.questions, language, cram=cram, desired_retention=desired, limit=limit
    )
    progress = session.progress  # read once, for the queue and for the session
    if cram:
        last = {r.qid: r.rating for r in store.reviews(kind="scheduled")}
        queue = cram_queue(chosen, progress, last, limit or 20)
    else:
        queue = session_queue(chosen, progress, _now(), new, limit)
    if not queue:
        ids = {q.id for q in chosen}
        upcoming = [p.due for qid, p in progress.items() if qid in ids]
        why = (
            "nothing to cram yet: answer some cards first"
            if cram
            else "nothing due and no new cards asked for"
        )
        if upcoming and not cram:
            why += f"; next card due {min(upcoming).astimezone():%Y-%m-%d %H:%M}"
        terminal.say(f"{why} (try --new N, or quiz list)")
        return
    try:
        summary = session.run(queue)
    finally:
        store.close()
    score = f", {summary.correct}/{summary.checked} right" if summary.checked else ""
    terminal.say(f"{summary.ending}: {summary.answered} answered{score}; progress saved to {store.path}")


@app.command("list")
def list_topics(bank: BankOption = None, db: DbOption = None) -> None:
    """Topics with their new / learning / due / mature card counts."""
    from dlprep.quiz.stats import topic_counts

    loaded = _bank(bank)
    store = _open_store(db)
    progress = store.progress()
    rows = topic_counts(list(loaded.questions.values()), loaded.topics, progress, _now())
    width = max([len(r.topic) for r in rows] + [5])
    print(f"{'topic'.ljust(width)}  {'cards':>5}  {'new':>5}  {'learn':>5}  {'due':>5}  {'mature':>6}  title")
    for r in rows:
        print(
            f"{r.topic.ljust(width)}  {r.questions:>5}  {r.new:>5}  {r.learning:>5}  {r.due:>5}  {r.mature:>6}  {r.title}"
        )
    total = [sum(getattr(r, k) for r in rows) for k in ("questions", "new", "learning", "due", "mature")]
    print(
        f"{'total'.ljust(width)}  {total[0]:>5}  {total[1]:>5}  {total[2]:>5}  {total[3]:>5}  {total[4]:>6}"
    )
    orphaned = len(set(progress) - set(loaded.questions))
    if orphaned:
        print(f"{orphaned} card(s) with progress for questions no longer in the bank (quiz prune drops them)")


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    topic: TopicOption = None,
    bank: BankOption = None,
    db: DbOption = None,
) -> None:
    """Reviews per day, true retention, due forecast, per-topic mastery, streak and leeches."""
    from dlprep.quiz.queue import select
    from dlprep.quiz.stats import compute_stats

    loaded = _bank(bank)
    store = _open_store(db)
    chosen = select(loaded.questions.values(), topic or ())
    desired = float(store.setting("retention") or 0.9)
    result = compute_stats(
        chosen, loaded.topics, store.progress(), store.reviews(kind=None), _now(), desired_retention=desired
    )
    if as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    from dlprep.quiz.dashboard import print_stats

    print_stats(result)


@app.command()
def prune(
    bank: BankOption = None,
    db: DbOption = None,
) -> None:
    """Drop progress kept for questions that are no longer in the bank."""
    loaded = _bank(bank)
    store = _open_store(db)
    dropped = store.prune(loaded.questions)
    for qid in dropped:
        print(f"dropped {qid}")
    print(f"{len(dropped)} orphaned card(s) dropped")


def main(argv: list[str] | None = None) -> None:
    """Entry point: `quiz [OPTIONS]` is `quiz drill [OPTIONS]`; errors become one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("--help", "-h")):
        args.insert(0, "drill")
    try:
        code = app(args, prog_name="quiz", standalone_mode=False)
    except DlprepError as exc:
        print(f"quiz: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except Exception as exc:
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # click's usage errors, as vendored by typer
            show()
            sys.exit(2)
        raise
    if code == 130:  # Ctrl-C, which typer hands back as an exit code
        print("\nquiz: interrupted; every answer so far is saved", file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)
