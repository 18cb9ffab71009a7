"""What students and the instructor get back: grades.csv, an annotated copy and a report per student.

The annotated copy is the student's own straightened scan with each question's right boxes ringed
in green, wrong marks crossed in red and the points written beside the question, the way AMC's
annotated copies and R/exams' nops_eval return them.
"""

from __future__ import annotations

import csv
import html
import io
from typing import Any

import cv2
import numpy.typing as npt

from dlprep.numfmt import fmt_num
from dlprep.scan.pages import PX_PER_MM
from dlprep.scan.students import StudentResult

__all__ = ["grades_csv", "student_html", "annotate_page", "pdf_from_images"]


def grades_csv(students: list[StudentResult], manifest: dict[str, Any], names: dict[str, str]) -> str:
    """One row per student: ID, name crop, variant, points per question (by bank id), total, status."""
    ids = [qid for section in manifest["questions"] for qid in section]
    numbers = {v["code"]: {q["id"]: q["number"] for q in v["questions"]} for v in manifest["variants"]}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student_id", "name_image", "variant", *ids, "total", "status"])
    for student in students:
        by_id = numbers[student.variant]
        status = []
        if student.pending:
            status.append(f"{len(student.pending)} to review")
        status += student.problems
        writer.writerow(
            [
                student.student_id,
                names.get(student.student_id, ""),
                student.variant,
                *(fmt_num(student.points.get(by_id[qid], 0.0)) for qid in ids),
                fmt_num(student.total),
                "; ".join(status) or "ok",
            ]
        )
    return buffer.getvalue()


def _key_text(question: dict[str, Any]) -> str:
    key = question["key"]
    if question["type"] == "numeric":
        return f"{fmt_num(key['value'])} ± {fmt_num(key['tolerance'])}"
    if question["type"] == "truefalse":
        return "true" if key else "false"
    return "" if key is None else str(key)


def student_html(student: StudentResult, variant: dict[str, Any], title: str, name_image: str) -> str:
    rows = []
    for question in variant["questions"]:
        number = question["number"]
        answer = student.answers.get(number)
        shown = "(to review)" if answer is None else (answer or "—")
        rows.append(
            f"<tr><td>{number}</td><td>{html.escape(question['id'])}</td><td>{html.escape(shown)}</td>"
            f"<td>{html.escape(_key_text(question))}</td><td>{fmt_num(student.points.get(number, 0.0))}"
            f" / {fmt_num(question['points'])}</td></tr>"
        )
    notes = "".join(f"<li>{html.escape(p)}</li>" for p in student.problems)
    pending = f"<p>{len(student.pending)} answer(s) still to be reviewed.</p>" if student.pending else ""
    return (
        "<!doctype html><html><meta charset='utf-8'>"
        f"<title>{html.escape(student.student_id)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:1em auto}td,th{border:1px solid #ccc;"
        "padding:.2em .5em}table{border-collapse:collapse}</style>"
        f"<h1>{html.escape(title)}</h1><p>Student ID / 学号 {html.escape(student.student_id)} · variant "
        f"{html.escape(student.variant)} · total / 总分 <b>{fmt_num(student.total)}</b> / "
        f"{fmt_num(variant['total_points'])}</p>"
        + (f"<img src='../{html.escape(name_image)}' alt='name' height='50'>" if name_image else "")
        + pending
        + (f"<ul>{notes}</ul>" if notes else "")
        + "<table><tr><th>#</th><th>question</th><th>answer</th><th>key</th><th>points</th></tr>"
        + "".join(rows)
        + "</table></html>\n"
    )


def _rect(box: dict[str, Any]) -> tuple[tuple[int, int], tuple[int, int]]:
    f = PX_PER_MM
    return (int(box["x_mm"] * f), int(box["y_mm"] * f)), (
        int((box["x_mm"] + box["w_mm"]) * f),
        int((box["y_mm"] + box["h_mm"]) * f),
    )


def annotate_page(
    gray: npt.NDArray[Any],
    page: dict[str, Any],
    record: dict[str, Any],
    student: StudentResult,
    variant: dict[str, Any],
) -> npt.NDArray[Any]:
    """The straightened page in colour with the right boxes ringed, wrong marks crossed, points written."""
    image = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    green, red, blue = (40, 160, 40), (30, 30, 220), (200, 90, 20)
    questions = {q["number"]: q for q in variant["questions"]}
    fills = record.get("fills", [])
    first_box: dict[int, dict[str, Any]] = {}
    for box, fill in zip(page["boxes"], fills, strict=False):
        number = box["question"]
        if number is None:
            continue
        first_box.setdefault(number, box)
        question = questions[number]
        (x0, y0), (x1, y1) = _rect(box)
        right = _is_right_box(question, box)
        marked = fill[2] == "filled"
        if right:
            cv2.rectangle(image, (x0 - 3, y0 - 3), (x1 + 3, y1 + 3), green, 2)
        elif marked and box["kind"] in ("choice", "truefalse"):
            cv2.line(image, (x0, y0), (x1, y1), red, 2)
            cv2.line(image, (x0, y1), (x1, y0), red, 2)
    for number, box in first_box.items():
        points = student.points.get(number, 0.0)
        full = points >= questions[number]["points"] - 1e-9
        colour = blue if student.answers.get(number) is None else (green if full else red)
        (x0, y0), _ = _rect(box)
        text = f"{fmt_num(points)}/{fmt_num(questions[number]['points'])}"
        cv2.putText(
            image, text, (max(x0 - 60, 0), y0 - 6), cv2.FONT_HERSHEY_SIMPLEX, 0.5, colour, 1, cv2.LINE_AA
        )
    cv2.putText(
        image,
        f"{student.student_id}  total {fmt_num(student.total)}/{fmt_num(variant['total_points'])}",
        (int(18 * PX_PER_MM), int(290 * PX_PER_MM)),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.8,
        red,
        2,
        cv2.LINE_AA,
    )
    return image


def _is_right_box(question: dict[str, Any], box: dict[str, Any]) -> bool:
    key = question["key"]
    if box["kind"] == "choice":
        return box["value"] in key
    if box["kind"] == "truefalse":
        return (box["value"] == "true") == bool(key)
    return False


def pdf_from_images(images: list[npt.NDArray[Any]]) -> bytes:
    """A PDF of A4 pages from BGR images (Pillow writes it)."""
    from PIL import Image

    pages = [Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)) for image in images]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=PX_PER_MM * 25.4)
    return buffer.getvalue()
