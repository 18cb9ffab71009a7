"""Pages to students: group the read pages by student ID, apply the instructor's overrides, score.

Every problem is kept, never dropped: a page whose ID cannot be read, a student with a page
missing or scanned twice, pages of one student on two variants. Questions still waiting for a
decision score 0 for now and are listed, so a total is never silently final.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlprep.scan.responses import ID_KEY
from dlprep.scan.scoring import ScoringError, score_answer

__all__ = ["Pending", "StudentResult", "assemble", "Assembly"]


@dataclass(frozen=True)
class Pending:
    """A reading that needs a human: what to look at and what was seen."""

    page_key: str
    question: str  # printed number or "id"
    flags: tuple[str, ...]
    source: str


@dataclass
class StudentResult:
    student_id: str
    variant: str
    pages: dict[int, str]  # page number -> page key
    answers: dict[int, str | None] = field(default_factory=dict)  # question number -> answer
    points: dict[int, float] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(self.points.values()), 6)


@dataclass
class Assembly:
    students: dict[str, StudentResult]
    problems: list[str]
    pending: list[Pending]  # every pending reading, also those of pages with no student


def _answer(
    record: dict[str, Any], question: str, overrides: dict[tuple[str, str], str]
) -> tuple[str | None, list[str]]:
    override = overrides.get((record["key"], question))
    if override is not None:
        return override, []
    response = record["responses"].get(question)
    if response is None:
        return None, ["not on this page"]
    return response["answer"], list(response["flags"])


def assemble(
    records: list[dict[str, Any]], manifest: dict[str, Any], overrides: dict[tuple[str, str], str]
) -> Assembly:
    variants = {v["code"]: v for v in manifest["variants"]}
    scoring = manifest.get("scoring", {})
    problems: list[str] = []
    pending: list[Pending] = []
    by_student: dict[str, list[dict[str, Any]]] = {}
    for record in sorted(records, key=lambda r: r["key"]):
        if record["status"] != "read":
            problems.append(f"{record['source']}: {record['why']}")
            continue
        student, flags = _answer(record, ID_KEY, overrides)
        if student is None:
            pending.append(Pending(record["key"], ID_KEY, tuple(flags), record["source"]))
            problems.append(f"{record['source']}: student ID unclear ({'; '.join(flags)}); page not assigned")
            continue
        by_student.setdefault(student, []).append(record)
    students: dict[str, StudentResult] = {}
    for student_id, pages in sorted(by_student.items()):
        codes = sorted({p["variant"] for p in pages})
        if len(codes) > 1:
            problems.append(f"student {student_id}: pages of variants {', '.join(codes)}")
        variant = variants[codes[0]]
        result = StudentResult(student_id, codes[0], {})
        for page in pages:
            if page["variant"] != codes[0]:
                continue
            if page["page"] in result.pages:
                other = result.pages[page["page"]]
                result.problems.append(
                    f"page {page['page']} scanned twice ({other}, {page['key']}); the first is used"
                )
                continue
            result.pages[page["page"]] = page["key"]
        count = len(variant["scan"]["pages"])
        missing = [n for n in range(1, count + 1) if n not in result.pages]
        if missing:
            result.problems.append(f"page(s) {', '.join(map(str, missing))} of {count} missing")
        keyed = {p["key"]: p for p in pages}
        on_page = _questions_by_page(variant)
        for question in variant["questions"]:
            number = question["number"]
            page_no = on_page.get(number)
            if page_no is None or page_no not in result.pages:
                result.answers[number], result.points[number] = None, 0.0
                continue
            record = keyed[result.pages[page_no]]
            answer, flags = _answer(record, str(number), overrides)
            result.answers[number] = answer
            if answer is None:
                item = Pending(record["key"], str(number), tuple(flags), record["source"])
                result.pending.append(item)
                pending.append(item)
                result.points[number] = 0.0
                continue
            try:
                result.points[number] = score_answer(question, answer, scoring)
            except ScoringError as exc:
                result.problems.append(str(exc))
                result.points[number] = 0.0
        problems += [f"student {student_id}: {p}" for p in result.problems]
        students[student_id] = result
    return Assembly(students, problems, pending)


def _questions_by_page(variant: dict[str, Any]) -> dict[int, int]:
    out: dict[int, int] = {}
    for page in variant["scan"]["pages"]:
        for box in page["boxes"]:
            if box["question"] is not None:
                out.setdefault(int(box["question"]), int(page["page"]))
    return out
