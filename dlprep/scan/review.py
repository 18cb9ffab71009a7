"""The instructor's side of the loop: `review.html` shows every unclear reading, and overrides.csv
(`page,question,answer`) carries the decisions into the next run.

The page needs no install: a static HTML file with the crops beside it. Each item shows the
exact line to add to overrides.csv; a later run keeps every override it was ever given.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any

from dlprep.errors import DlprepError
from dlprep.scan.responses import ID_KEY
from dlprep.scan.students import Assembly

__all__ = ["OverrideError", "load_overrides", "overrides_csv", "review_html", "OVERRIDE_COLUMNS"]

OVERRIDE_COLUMNS = ["page", "question", "answer"]


class OverrideError(DlprepError):
    exit_code = 2


def load_overrides(path: Path, known: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Overrides by (page key, question); each row is checked against the pages read so far."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise OverrideError(f"cannot read {path}: {exc.strerror or exc}") from None
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or [h.strip() for h in header] != OVERRIDE_COLUMNS:
        raise OverrideError(f"{path}:1: the header must be {','.join(OVERRIDE_COLUMNS)}")
    out: dict[tuple[str, str], str] = {}
    for line, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise OverrideError(f"{path}:{line}: expected 3 columns (page,question,answer), got {len(row)}")
        page, question, answer = (cell.strip() for cell in row)
        record = known.get(page)
        if record is None or record.get("status") != "read":
            raise OverrideError(f"{path}:{line}: no read page '{page}' in these results")
        if question not in record["responses"]:
            raise OverrideError(f"{path}:{line}: page '{page}' has no question '{question}'")
        kind = record["responses"][question]["kind"]
        out[(page, question)] = _normalise(path, line, kind, answer)
    return out


def _normalise(path: Path, line: int, kind: str, answer: str) -> str:
    if kind == "choice":
        letters = "".join(ch for ch in answer.upper() if ch.isalpha())
        if any(ch not in "ABCDEFGHIJ" for ch in letters):
            raise OverrideError(f"{path}:{line}: '{answer}' is not a set of choice letters")
        return "".join(sorted(set(letters)))
    if kind == "truefalse":
        value = answer.lower()
        if value not in ("true", "false", ""):
            raise OverrideError(f"{path}:{line}: a true/false answer is true, false or empty")
        return value
    if kind in ("digit", "score") and answer:
        try:
            float(answer)
        except ValueError:
            raise OverrideError(f"{path}:{line}: '{answer}' is not a number") from None
    if kind == "student_id" and not answer.isdigit():
        raise OverrideError(f"{path}:{line}: a student ID is digits")
    return answer


def overrides_csv(overrides: dict[tuple[str, str], str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(OVERRIDE_COLUMNS)
    for (page, question), answer in sorted(overrides.items()):
        writer.writerow([page, question, answer])
    return buffer.getvalue()


_HINT = {
    "choice": "the letters marked, e.g. AC, or nothing for blank",
    "truefalse": "true, false, or nothing for blank",
    "digit": "the number, e.g. -12.5, or nothing for blank",
    "score": "the score the marker gave",
    "student_id": "the student ID's digits",
}


def review_html(
    assembly: Assembly, records: dict[str, dict[str, Any]], crops: dict[tuple[str, str], str]
) -> str:
    """The review page: each pending reading with its crop, reasons, and the override line to write."""
    parts = [
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Scan review</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto}"
        ".item{border:1px solid #bbb;padding:.6em;margin:.8em 0}img{max-width:100%;border:1px solid #ddd}"
        "code{background:#eee;padding:.1em .3em}</style>",
        "<h1>Scan review / 复核</h1>",
        f"<p>{len(assembly.pending)} reading(s) need a decision and {len(assembly.problems)} problem(s) are "
        "reported. For each reading, add the line shown to a CSV file with the header "
        f"<code>{','.join(OVERRIDE_COLUMNS)}</code> (the answer column as described), then run "
        "<code>exam scan … --overrides that.csv</code>. Overrides are kept in the results for later runs.</p>",
    ]
    if assembly.problems:
        parts.append("<h2>Problems</h2><ul>")
        parts += [f"<li>{html.escape(problem)}</li>" for problem in assembly.problems]
        parts.append("</ul>")
    unread = [r for r in records.values() if r["status"] != "read"]
    if unread:
        parts.append("<h2>Pages not read</h2><p>Rescan these pages (flat, whole page, 150–300 dpi).</p>")
        for record in unread:
            image = f"<img src='{html.escape(crops.get((record['key'], ''), ''))}' alt='page' width='300'>"
            parts.append(
                f"<div class='item'><b>{html.escape(record['source'])}</b>: {html.escape(record['why'])}<br>{image}</div>"
            )
    parts.append("<h2>Readings to decide</h2>")
    for item in assembly.pending:
        kind = records[item.page_key]["responses"].get(item.question, {}).get("kind", "")
        what = "student ID" if item.question == ID_KEY else f"question {item.question}"
        crop = crops.get((item.page_key, item.question), "")
        suggestion = f"{item.page_key},{item.question},"
        parts.append(
            "<div class='item'>"
            f"<b>{html.escape(item.source)}</b>, {html.escape(what)}: {html.escape('; '.join(item.flags))}<br>"
            f"<img src='{html.escape(crop)}' alt='{html.escape(what)}'><br>"
            f"write: <code>{html.escape(suggestion)}</code><i>{html.escape(_HINT.get(kind, 'the answer'))}</i>"
            "</div>"
        )
    parts.append("</html>\n")
    return "\n".join(parts)
