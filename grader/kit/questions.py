"""Which bank questions a student kit may carry: none, all, or the practice set an exam leaves over.

An exam reserves the questions it will use: the fixed ``questions:`` of a spec's groups, or every
question a built exam drew (its ``manifest.json``). A bank with answers in the handout would give
those away, so the practice set is the bank without them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from grader.errors import UsageError

__all__ = ["QUESTION_MODES", "practice_text", "reserved_ids"]

QUESTION_MODES = ("none", "practice", "all")
ITEM = re.compile(r"^  - id:\s*(?P<id>\S+)\s*$")


def reserved_ids(paths: list[Path], bank_dir: Path) -> set[str]:
    """The question ids the exams in ``paths`` reserve (specs are checked against the bank)."""
    reserved: set[str] = set()
    for path in paths:
        if not path.is_file():
            raise UsageError(f"--exam-spec {path}: no such file")
        if path.suffix == ".json":
            try:
                manifest = json.loads(path.read_text(encoding="utf-8"))
                sections = manifest["questions"]
                reserved.update(str(q) for section in sections for q in section)
            except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
                raise UsageError(
                    f"--exam-spec {path}: not an exam manifest (the manifest.json of `exam build`)"
                ) from None
            continue
        from dlprep.bank import load_bank
        from dlprep.errors import DlprepError
        from dlprep.sheets.spec import load_spec

        try:
            spec = load_spec(path, load_bank([bank_dir]))
        except DlprepError as exc:
            raise UsageError(f"--exam-spec {exc}") from None
        reserved.update(q for section in spec.sections for q in section.group.ids)
    return reserved


def practice_text(text: str, reserved: set[str], where: str) -> tuple[str, list[str]]:
    """A bank file's text without the reserved questions (comments and layout kept); the ids removed.

    Questions are cut as text, from their ``  - id:`` line to the next item, so every comment and
    formatting choice of the instructor survives; the result is parsed again to prove that exactly
    the reserved questions went."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if ITEM.match(line)]
    if not starts or not reserved:
        return text, []
    keep = [True] * len(lines)
    removed = []
    for n, start in enumerate(starts):
        qid = ITEM.match(lines[start])["id"].strip("'\"")  # type: ignore[index]
        if qid not in reserved:
            continue
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        for i in range(start + 1, end):  # a top-level key ends the list
            if lines[i][:1] not in ("", " ", "\n", "#"):
                end = i
                break
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # the comments and blank lines before the next item belong to it
        for i in range(start, end):
            keep[i] = False
        removed.append(qid)
    result = "".join(line for line, k in zip(lines, keep, strict=True) if k)
    before = _ids(text, where)
    after = _ids(result, where)
    if after != [q for q in before if q not in set(removed)]:
        raise UsageError(f"{where}: cannot remove the reserved questions safely (unusual layout)")
    return result, removed


def _ids(text: str, where: str) -> list[str]:
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise UsageError(f"{where}: not valid YAML: {exc}") from None
    questions = data.get("questions") if isinstance(data, dict) else None
    return [str(q.get("id")) for q in questions or [] if isinstance(q, dict)]
