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
    from dlprep.quiz.examdate import ExamTarget
    from dlprep.quiz.store import Store

__all__ = ["app", "main"]

app = typer.Typer(
    name="quiz",
    help="Spaced-repetition drills on the question banks (FSRS), with typed-answer checking.",
    add_completion=False,
    pretty_exceptions_enable=False,
)
COMMANDS = {"drill", "list", "stats", "prune", "restore", "export", "import", "optimize"}


class Lang(StrEnum):
    zh = "zh"
    en = "en"
    both = "both"


LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="zh, en or both (default: your last choice, else the locale)."),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Progress database (default: $QUIZ_DB, else quiz.sqlite3 in your data folder)."
    ),
]
BankOption = Annotated[
    list[Path] | None,
    typer.Option("--bank", help="Another bank file or folder, added to questions/ (repeatable)."),
]
BankOnlyOption = Annotated[
    bool, typer.Option("--bank-only", help="Use only the --bank files, not questions/.")
]
TopicOption = Annotated[
    list[str] | None, typer.Option("--topic", "-t", help="Only this topic (repeatable); see `quiz list`.")
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", help="Only questions with this tag (repeatable).")
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option("--type", help="Only this question type (repeatable): single, multiple, truefalse, …"),
]
DifficultyOption = Annotated[
    list[str] | None, typer.Option("--difficulty", help="Only easy, medium or hard (repeatable).")
]


def _open_store(db: Path | None, *, read_only: bool = False) -> Store:
    """The progress file. Commands that only read (and prune, export) never create one: a missing
    --db or QUIZ_DB file is an error (a typo must not look like an empty history), and without
    either, a first run that has no progress yet reads as empty."""
    from dlprep.quiz.store import QuizDbError, Store, default_db_path

    path = db.expanduser() if db is not None else default_db_path()
    explicit = db is not None or bool(os.environ.get("QUIZ_DB"))
    if read_only and not path.exists():
        if explicit:
            raise QuizDbError(f"{path}: no such progress file (check --db or QUIZ_DB); nothing was created")
        return Store(Path(":memory:"))
    return Store(path, create_folder=not explicit)


def _bank_paths(paths: list[Path] | None, bank_only: bool) -> list[Path]:
    from dlprep.bank import default_bank_path
    from dlprep.errors import UsageError

    if bank_only and not paths:
        raise UsageError("--bank-only needs at least one --bank FILE")
    chosen = list(paths or []) if bank_only else [default_bank_path(), *(paths or [])]
    unique: dict[Path, Path] = {}
    for path in chosen:
        unique.setdefault(path.expanduser().resolve(), path.expanduser())
    return list(unique.values())


def _bank(paths: list[Path] | None, bank_only: bool = False, store: Store | None = None) -> Bank:
    """The default bank plus the --bank files (only those with --bank-only); the files given are
    remembered in the progress file, so `quiz prune` knows every bank this progress came from."""
    from dlprep.bank import load_bank

    loaded = load_bank(_bank_paths(paths, bank_only)).require_clean()
    if store is not None and paths:
        _remember_banks(store, paths)
    return loaded


def _remember_banks(store: Store, paths: list[Path]) -> None:
    known = _remembered_banks(store)
    for path in paths:
        resolved = str(path.expanduser().resolve())
        if resolved not in known:
            known.append(resolved)
    store.set_setting("banks", json.dumps(known))


def _remembered_banks(store: Store) -> list[str]:
    try:
        value = json.loads(store.setting("banks") or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _locale_lang() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _language(lang: Lang | None, store: Store) -> str:
    """--lang, else the language of the last drill, else the locale's."""
    return lang.value if lang else store.setting("lang") or _locale_lang()


def _now() -> datetime:
    return datetime.now(UTC)


@app.command()
def drill(
    topic: TopicOption = None,
    tag: TagOption = None,
    qtype: TypeOption = None,
    difficulty: DifficultyOption = None,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards in this session.")] = 10,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many answers.")] = None,
    lang: LangOption = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Drill failed and hardest cards; the schedule is not touched.")
    ] = False,
    retention: Annotated[
        float | None,
        typer.Option(
            "--retention", min=0.7, max=0.99, help="FSRS desired retention (default 0.9, remembered)."
        ),
    ] = None,
    exam_date: Annotated[
        str | None,
        typer.Option(
            "--exam-date", help="YYYY-MM-DD: choose cards for the best expected recall on that day."
        ),
    ] = None,
    exam: Annotated[
        Path | None,
        typer.Option("--exam", help="An exam spec (YAML with date and points per topic) to study for."),
    ] = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text, one answer per line (automatic in pipes).")
    ] = False,
    bank: BankOption = None,
    bank_only: BankOnlyOption = False,
    db: DbOption = None,
) -> None:
    """A session: due cards, then new ones. Type answers; u undoes, q quits, ? shows the keys."""
    from dlprep.quiz.messages import message
    from dlprep.quiz.queue import cram_queue, select, session_queue
    from dlprep.quiz.session import Session
    from dlprep.quiz.terminal import AnsiTerminal, PlainTerminal

    questions_bank = _bank(bank, bank_only)
    store = _open_store(db)
    language = _language(lang, store)  # first: a mistake in the filters is told in the student's language
    headers = questions_bank.headers()
    chosen = select(headers, topic or (), tag or (), qtype or (), difficulty or (), language)
    target = _exam_target(exam_date, exam, questions_bank, language) if (exam_date or exam) else None
    if bank:
        _remember_banks(store, bank)
    if lang:
        store.set_setting("lang", lang.value)
    if retention is not None:
        store.set_setting("retention", f"{retention:g}")
    desired = float(store.setting("retention") or 0.9)
    terminal = (
        PlainTerminal(lang=language) if plain or not sys.stdin.isatty() else AnsiTerminal(lang=language)
    )
    session = Session(
        store,
        terminal,
        questions_bank.questions,
        language,
        cram=cram,
        desired_retention=desired,
        limit=limit,
        parameters=_fitted_parameters(store),
    )
    progress = session.progress  # read once, for the queue and for the session
    if cram:
        last = {r.qid: r.rating for r in store.reviews(kind="scheduled")}
        queue = cram_queue(chosen, progress, last, limit or 20)
    elif target is not None:
        from dlprep.quiz.examdate import exam_queue

        queue = exam_queue(
            chosen, progress, _now(), target, session.scheduler, new=new, limit=limit or (len(chosen) and 20)
        )
        days = max(0, (target.day - _now().date()).days)
        terminal.say(message("exam-plan", language, days=days, total=len(queue)), "dim")
    else:
        queue = session_queue(chosen, progress, _now(), new, limit)
    if not queue:
        ids = {q.id for q in chosen}
        upcoming = [p.due for qid, p in progress.items() if qid in ids]
        why = message("nothing-to-cram" if cram else "nothing-due", language)
        if upcoming and not cram:
            why += message("next-due", language, when=f"{min(upcoming).astimezone():%Y-%m-%d %H:%M}")
        terminal.say(why + (message("try-more", language) if language != "both" else ""))
        return
    if not cram and target is None:
        due = sum(1 for qid in queue if qid in progress and progress[qid].due <= _now())
        fresh = sum(1 for qid in queue if qid not in progress)
        terminal.say(
            message("plan", language, total=len(queue), due=due, new=fresh, ahead=len(queue) - due - fresh),
            "dim",
        )
    try:
        summary = session.run(queue)
    finally:
        store.close()

    def score(code: str) -> str:
        if not summary.checked:
            return ""
        return message("summary-score", code, correct=summary.correct, checked=summary.checked)

    def ending(code: str) -> str:
        return message(f"ending-{summary.ending}", code)

    terminal.say(
        message("summary", language, ending=ending, answered=summary.answered, score=score, path=store.path)
    )


def _fitted_parameters(store: Store) -> list[float] | None:
    """FSRS parameters `quiz optimize` fitted and kept (only when they predicted better)."""
    text = store.setting("fsrs_parameters")
    if not text:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    if isinstance(values, list) and all(isinstance(v, int | float) for v in values):
        return [float(v) for v in values]
    return None


def _exam_target(exam_date: str | None, exam: Path | None, bank: Bank, lang: str) -> ExamTarget:
    from dlprep.quiz.examdate import target_from_date, target_from_spec

    if exam is not None:
        return target_from_spec(exam, bank, exam_date, lang=lang)
    assert exam_date is not None
    return target_from_date(exam_date, _now(), lang=lang)


@app.command("list")
def list_topics(
    bank: BankOption = None, bank_only: BankOnlyOption = False, lang: LangOption = None, db: DbOption = None
) -> None:
    """Topics with their new / learning / due / mature card counts."""
    from dlprep.quiz.messages import message
    from dlprep.quiz.stats import topic_counts
    from dlprep.quiz.wrap import display_width

    store = _open_store(db, read_only=True)
    loaded = _bank(bank, bank_only, store)
    language = _language(lang, store)
    progress = store.progress()
    rows = topic_counts(loaded.headers(), loaded.topics, progress, _now())
    keys = ("list-topic", "list-cards", "list-new", "list-learning", "list-due", "list-mature", "list-title")
    head = [message(key, language) for key in keys]
    width = max([display_width(r.topic) for r in rows] + [display_width(head[0]), display_width("total")])
    numbers = [max(5, display_width(h)) for h in head[1:6]]

    def line(first: str, values: list[str], title: str = "") -> str:
        cells = [first + " " * (width - display_width(first))]
        cells += [" " * (n - display_width(v)) + v for v, n in zip(values, numbers, strict=True)]
        return "  ".join([*cells, title]).rstrip()

    print(line(head[0], head[1:6], head[6]))
    for r in rows:
        title = r.title.get(language) if language != "both" else f"{r.title.en} / {r.title.zh}"
        counts = [r.questions, r.new, r.learning, r.due, r.mature]
        print(line(r.topic, [str(n) for n in counts], title))
    total = [sum(getattr(r, k) for r in rows) for k in ("questions", "new", "learning", "due", "mature")]
    print(line(message("list-total", language), [str(n) for n in total]))
    known, _ = _known_questions(store, loaded)
    orphaned = len(set(progress) - known)
    if orphaned:
        print(message("list-orphaned", language, count=orphaned))


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    topic: TopicOption = None,
    bank: BankOption = None,
    bank_only: BankOnlyOption = False,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Reviews per day, true retention, due forecast, per-topic mastery, streak and leeches."""
    from dlprep.quiz.queue import select
    from dlprep.quiz.stats import compute_stats

    store = _open_store(db, read_only=True)
    loaded = _bank(bank, bank_only, store)
    chosen = select(loaded.headers(), topic or (), lang=_language(lang, store))
    desired = float(store.setting("retention") or 0.9)
    result = compute_stats(
        chosen, loaded.topics, store.progress(), store.reviews(kind=None), _now(), desired_retention=desired
    )
    if as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    from dlprep.quiz.dashboard import print_stats

    print_stats(result, _language(lang, store))


def _known_questions(store: Store, loaded: Bank) -> tuple[set[str], list[str]]:
    """Question ids of every bank this progress may come from: the banks loaded now and every bank
    remembered from earlier --bank runs; and the remembered banks that no longer load."""
    from dlprep.bank import load_bank

    known = set(loaded.questions)
    missing: list[str] = []
    for path in _remembered_banks(store):
        try:
            known |= set(load_bank([Path(path)]).questions)
        except DlprepError:
            missing.append(path)
    return known, missing


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes", "是")
    except EOFError:
        return False


def _backup_path(store: Store) -> Path:
    """A new name beside the database, never one that exists (two backups in a second differ)."""
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    path = store.path.with_name(f"{store.path.name}.backup-{stamp}")
    number = 1
    while path.exists():
        number += 1
        path = store.path.with_name(f"{store.path.name}.backup-{stamp}-{number}")
    return path


@app.command()
def prune(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be dropped.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Drop without asking (needed in scripts).")
    ] = False,
    bank: BankOption = None,
    bank_only: BankOnlyOption = False,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Drop progress for questions in none of your banks, after a backup (`quiz restore` undoes it)."""
    from dlprep.errors import UsageError
    from dlprep.quiz.messages import message

    store = _open_store(db, read_only=True)
    loaded = _bank(bank, bank_only, store)
    language = _language(lang, store)
    known, missing = _known_questions(store, loaded)
    for path in missing:
        print(message("prune-bank-gone", language, path=path))
    orphans = store.orphans(known)
    if not orphans:
        print(message("prune-nothing", language))
        return
    reviews = sum(orphans.values())
    for qid, count in orphans.items():
        print(message("prune-would-drop" if dry_run else "prune-drop", language, qid=qid, count=count))

    def what(code: str) -> str:
        return message("prune-what", code, cards=len(orphans), reviews=reviews)

    if dry_run:
        print(message("prune-dry-run", language, what=what))
        return
    if not yes and not _confirm(message("prune-confirm", language, what=what)):
        if sys.stdin.isatty():
            print(message("prune-unchanged", language))
            return
        raise UsageError(message("prune-needs-yes", language, what=what))
    backup = _backup_path(store)
    store.backup(backup)
    store.drop(orphans)
    print(message("prune-done", language, what=what, backup=backup))


@app.command()
def restore(
    backup: Annotated[Path, typer.Argument(help="A backup that prune (or restore) kept.")],
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Put a backup back in place of the progress file; the current file is backed up first."""
    from dlprep.errors import UsageError
    from dlprep.quiz.messages import message
    from dlprep.quiz.store import Store

    if not backup.is_file():
        raise UsageError(f"{backup}: no such backup file")
    Store(backup, must_exist=True).close()  # refuses a file that is not a quiz database
    store = _open_store(db)
    language = _language(lang, store)
    kept = _backup_path(store)
    store.backup(kept)
    source = Store(backup, must_exist=True)
    try:
        source.db.backup(store.db)  # SQLite's online backup into the open file: all of it, or none
    finally:
        source.close()
        store.close()
    print(message("restore-done", language, path=store.path, backup=backup, kept=kept))


@app.command("export")
def export_command(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (default: standard output).")
    ] = None,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Progress and the whole review history as JSON, to keep a copy or move machines."""
    from dlprep.quiz.messages import message
    from dlprep.quiz.transfer import export_progress

    store = _open_store(db, read_only=True)
    try:
        language = _language(lang, store)
        text = export_progress(store, out)
    finally:
        store.close()
    if out is None:
        sys.stdout.write(text)
    else:
        count = text.count('"reviewed_at"')
        print(message("export-done", language, count=count, out=out), file=sys.stderr)


@app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="A file written by quiz export.")],
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Merge an export into this progress file: reviews already here are not added twice."""
    from dlprep.quiz.messages import message
    from dlprep.quiz.transfer import import_progress

    store = _open_store(db)
    try:
        language = _language(lang, store)
        summary = import_progress(store, source)
    finally:
        store.close()
    print(
        message(
            "import-done",
            language,
            source=source,
            added=summary.reviews_added,
            present=summary.reviews_present,
            updated=summary.cards_updated,
            kept=summary.cards_kept,
        )
    )


@app.command()
def optimize(
    retention: Annotated[
        bool, typer.Option("--retention", help="Also compute the desired retention with the least work.")
    ] = False,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Fit FSRS to your own reviews; the fitted parameters are used only if they predict better."""
    from dlprep.quiz.optimize import optimize_store

    store = _open_store(db, read_only=True)
    try:
        report = optimize_store(store, with_retention=retention, lang=_language(lang, store))
    finally:
        store.close()
    for line in report:
        print(line)


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
