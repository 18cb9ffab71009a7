"""Load question banks from files and folders, and check what spans files (duplicate ids)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlprep import cache
from dlprep.errors import BankError, UsageError
from dlprep.problem import Problem
from dlprep.question import Question, QuestionHeader, Topic

if TYPE_CHECKING:
    from dlprep.schema import BankFile

__all__ = ["Bank", "LazyQuestions", "default_bank_path", "find_bank_files", "load_bank", "lint_paths"]

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class Bank:
    """Every topic and valid question found, and every problem, sorted by file and line.

    `problems` are errors (the bank cannot be used until they are fixed); `warnings` break an
    item-writing rule (docs/bank-format.md) and leave the bank usable.
    """

    topics: dict[str, Topic] = field(default_factory=dict)
    questions: Mapping[str, Question] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def question(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(qid, list(self.questions), n=3, cutoff=0.6)
            if not close:  # a fragment of an id ("capsnet-conv1") is close to no whole id
                close = [known for known in self.questions if qid in known][:3]
            hint = (
                f"did you mean {', '.join(repr(c) for c in close)}?"
                if close
                else "list them with `exam dump --json`"
            )
            raise UsageError(f"no question with id '{qid}' in the bank ({hint})") from None

    def headers(self) -> list[QuestionHeader]:
        """Every question's header, in bank order; a cached bank reads none of its texts for this."""
        if isinstance(self.questions, LazyQuestions):
            return self.questions.headers()
        return [q.header for q in self.questions.values()]

    def require_clean(self) -> Bank:
        """Refuse a bank with problems: the first one and a pointer to `exam lint`."""
        if self.problems:
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            raise BankError(f"{self.problems[0]}{more}; run `exam lint` to see every problem")
        return self


class LazyQuestions(Mapping[str, Question]):
    """A cached bank's questions, each unpickled the first time it is read.

    Unpickling all 600 questions at once costs 12-20 ms in a fresh process, a tenth of the time
    `quiz` takes to show its first card; a drill needs the headers of every question (to choose
    cards) and the texts of the few it shows.
    """

    __slots__ = ("_blobs", "_headers", "_loaded")

    def __init__(self, blobs: dict[str, bytes], headers: Sequence[QuestionHeader]) -> None:
        self._blobs = blobs
        self._headers = list(headers)
        self._loaded: dict[str, Question] = {}

    def __getitem__(self, qid: str) -> Question:
        question = self._loaded.get(qid)
        if question is None:
            blob = self._blobs[qid]
            try:
                question = pickle.loads(blob)
            except Exception:  # noqa: BLE001 - the file was written whole; only a damaged disk or a hand edit gets here
                raise BankError(
                    f"the bank cache in {cache.cache_dir()} is damaged: delete that folder "
                    "(or set DLPREP_CACHE_DIR=off) and run again"
                ) from None
            self._loaded[qid] = question
        return question

    def __contains__(self, qid: object) -> bool:
        return qid in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def headers(self) -> list[QuestionHeader]:
        return list(self._headers)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyQuestions, (self._blobs, self._headers))


def _pack(bank: Bank) -> tuple[Any, ...]:
    """What the whole-bank cache stores: each question pickled on its own, beside its header."""
    blobs = {qid: pickle.dumps(q, protocol=pickle.HIGHEST_PROTOCOL) for qid, q in bank.questions.items()}
    return (bank.topics, bank.headers(), blobs, bank.problems, bank.warnings)


def _unpack(packed: Any) -> Bank | None:
    try:
        topics, headers, blobs, problems, warnings = packed
    except (TypeError, ValueError):
        return None
    return Bank(topics, LazyQuestions(blobs, headers), problems, warnings)


def default_bank_path() -> Path:
    """`./questions` when it exists, else the bank shipped beside the package."""
    local = Path("questions")
    if local.is_dir():
        return local
    return Path(__file__).resolve().parent.parent / "questions"


def _display(path: Path) -> str:
    """The path as the user would type it: relative inside the working folder, else as given."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def find_bank_files(paths: Sequence[Path]) -> list[Path]:
    """The YAML files named or found (recursively) in folders, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return files


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{_display(path)}: cannot read ({exc.strerror})") from None


def _load_file(path: Path, content: bytes) -> BankFile:
    # The parser and checker load only when a file is not in the cache (they import YAML and Jinja2).
    from dlprep.schema import BankFile, check_bank_file
    from dlprep.yamlsource import YamlSyntaxError, parse_marked

    display = _display(path)
    cached = cache.lookup(content, display)
    if cached is not None:
        return cached
    result = BankFile(path)
    try:
        data = parse_marked(content.decode("utf-8"))
    except YamlSyntaxError as exc:
        result.problems.append(Problem(display, exc.pos.line, exc.pos.column, "", exc.message))
    except UnicodeDecodeError:
        result.problems.append(Problem(display, 1, 1, "", "not UTF-8 text"))
    else:
        result = check_bank_file(data, path, display)
    cache.store(content, display, result)
    return result


def _merge(files: Iterable[BankFile]) -> Bank:
    questions: dict[str, Question] = {}
    bank = Bank(questions=questions)
    first_id: dict[str, str] = {}
    places: dict[str, tuple[str, int, int]] = {}
    topic_file: dict[str, str] = {}
    for result in files:
        display = _display(result.path)
        bank.problems.extend(result.problems)
        bank.warnings.extend(result.warnings)
        if result.topic is not None:
            if result.topic.id in topic_file:
                bank.problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "",
                        f"topic id '{result.topic.id}' is also used by {topic_file[result.topic.id]}",
                    )
                )
            else:
                topic_file[result.topic.id] = display
                bank.topics[result.topic.id] = result.topic
        for qid, pos in result.id_positions.items():
            where = f"{display}:{pos.line}"
            places.setdefault(qid, (display, pos.line, pos.column))
            if qid in first_id:
                bank.problems.append(
                    Problem(
                        display, pos.line, pos.column, qid, f"duplicate id: already used at {first_id[qid]}"
                    )
                )
            else:
                first_id[qid] = where
        for question in result.questions:
            questions.setdefault(question.id, question)
    # an id used twice names no question until the clash is resolved
    duplicated = {p.question for p in bank.problems if p.message.startswith("duplicate id")}
    for qid in duplicated:
        questions.pop(qid, None)
    from dlprep.quality.rules import duplicate_instances

    bank.warnings.extend(
        duplicate_instances(
            bank.questions.values(), lambda q: places.get(q.id, (_display(q.path), q.line, 1))
        )
    )
    bank.problems.sort()
    bank.warnings.sort()
    return bank


def load_bank(paths: Sequence[Path] | None = None) -> Bank:
    """Load and check the bank at `paths` (default: the project's `questions/`)."""
    files = find_bank_files(list(paths) if paths else [default_bank_path()])
    if not files:
        raise UsageError(f"no bank files (*.yaml) in {', '.join(map(str, paths or [default_bank_path()]))}")
    contents = [_read(path) for path in files]
    key = cache.bank_key([(_display(p), c) for p, c in zip(files, contents, strict=True)])
    cached = _unpack(cache.lookup_bank(key))
    if cached is not None:
        return cached
    bank = _merge(_load_file(path, content) for path, content in zip(files, contents, strict=True))
    cache.store_bank(key, _pack(bank))
    return bank


def lint_paths(paths: Sequence[Path] | None = None) -> list[Problem]:
    """Every problem in the banks at `paths`, in file and line order."""
    return load_bank(paths).problems
