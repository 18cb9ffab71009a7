"""The item-analysis report of a results folder: `analysis.json`, `topics.csv` and a self-contained
`analysis.html` with its plots (matplotlib, embedded as PNG) and a warning beside each item a
reader should look at: nobody picks a distractor, or the strong students pick a wrong choice.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from dlprep.analysis.items import exam_stats, item_stats
from dlprep.errors import DlprepError

__all__ = ["AnalysisError", "analyze", "analysis_data"]


class AnalysisError(DlprepError):
    exit_code = 2


def analysis_data(scores: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the report, as plain data (what analysis.json holds)."""
    students = scores["students"]
    if not students:
        raise AnalysisError("no students in these results yet (run exam scan first)")
    variants = {v["code"]: v for v in manifest["variants"]}
    ids = [qid for section in manifest["questions"] for qid in section]
    info = {q["id"]: q for v in manifest["variants"] for q in v["questions"]}
    matrix = np.zeros((len(students), len(ids)))
    picks: dict[str, dict[str, int]] = {qid: {} for qid in ids}
    upper_picks: dict[str, dict[str, int]] = {qid: {} for qid in ids}
    totals = np.array([sum(s["points"].values()) for s in students])
    strong = set(np.argsort(-totals, kind="stable")[: max(1, int(np.ceil(0.27 * len(students))))].tolist())
    for i, student in enumerate(students):
        variant = variants[student["variant"]]
        for q in variant["questions"]:
            j = ids.index(q["id"])
            matrix[i, j] = student["points"].get(str(q["number"]), 0.0)
            answer = student["answers"].get(str(q["number"]))
            for choice in _bank_choices(q, answer):
                picks[q["id"]][choice] = picks[q["id"]].get(choice, 0) + 1
                if i in strong:
                    upper_picks[q["id"]][choice] = upper_picks[q["id"]].get(choice, 0) + 1
    maxima = np.array([info[qid]["points"] for qid in ids], dtype=float)
    items = item_stats(matrix, maxima)
    exam = exam_stats(matrix, maxima)
    questions = []
    for j, qid in enumerate(ids):
        q = info[qid]
        entry: dict[str, Any] = {
            "id": qid,
            "type": q["type"],
            "topic": q["topic"],
            "points": q["points"],
            "difficulty": items[j].difficulty,
            "point_biserial": items[j].point_biserial,
            "upper_lower": items[j].upper_lower,
        }
        if q["type"] in ("single", "multiple", "truefalse"):
            entry["choices"] = _choice_table(q, picks[qid], upper_picks[qid], len(students), len(strong))
            entry["warnings"] = _warnings(entry["choices"])
        questions.append(entry)
    topics = sorted({info[qid]["topic"] for qid in ids})
    per_topic = []
    for i, student in enumerate(students):
        row = {"student_id": student["student_id"]}
        for topic in topics:
            cols = [j for j, qid in enumerate(ids) if info[qid]["topic"] == topic]
            row[topic] = round(float(matrix[i, cols].sum() / maxima[cols].sum()), 4)
        per_topic.append(row)
    return {
        "exam": {
            "students": exam.students,
            "mean": exam.mean,
            "sd": exam.sd,
            "max_points": float(maxima.sum()),
            "reliability": exam.reliability,
            "reliability_name": exam.reliability_name,
            "totals": totals.tolist(),
            "pending_reviews": sum(s["pending"] for s in students),
        },
        "questions": questions,
        "topics": per_topic,
    }


def _bank_choices(q: dict[str, Any], answer: str | None) -> list[str]:
    """The choices a student marked, named by their bank position (1, 2, ...) so that variants with
    shuffled choices count together; true/false as true/false."""
    if not answer:
        return []
    if q["type"] == "truefalse":
        return [answer]
    if q["type"] in ("single", "multiple"):
        order = q["choice_order"]
        return [str(order[ord(ch) - ord("A")] + 1) for ch in answer if 0 <= ord(ch) - ord("A") < len(order)]
    return []


def _choice_table(
    q: dict[str, Any], picks: dict[str, int], upper: dict[str, int], n: int, strong: int
) -> list[dict[str, Any]]:
    if q["type"] == "truefalse":
        names = ["true", "false"]
        right = {"true" if q["key"] else "false"}
    else:
        order = q["choice_order"]
        names = [str(i + 1) for i in range(len(order))]
        right = {str(order[ord(ch) - ord("A")] + 1) for ch in q["key"]}
    return [
        {
            "choice": name,
            "correct": name in right,
            "share": picks.get(name, 0) / n,
            "share_upper": upper.get(name, 0) / strong,
        }
        for name in names
    ]


def _warnings(choices: list[dict[str, Any]]) -> list[str]:
    out = []
    best_right = max((c["share_upper"] for c in choices if c["correct"]), default=0.0)
    for c in choices:
        if not c["correct"] and c["share"] == 0:
            out.append(f"choice {c['choice']}: nobody picks this distractor")
        if not c["correct"] and c["share_upper"] > best_right:
            out.append(f"choice {c['choice']}: the strongest students prefer it to the key (wrong key?)")
    return out


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _plots(data: dict[str, Any]) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(data["exam"]["totals"], bins=min(20, max(5, len(data["exam"]["totals"]) // 2)), color="#4a78b5")
    ax.set_xlabel("total points")
    ax.set_ylabel("students")
    histogram = _png(fig)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    xs = [q["difficulty"] for q in data["questions"]]
    ys = [q["point_biserial"] if q["point_biserial"] is not None else 0.0 for q in data["questions"]]
    ax.scatter(xs, ys, color="#b54a4a")
    ax.axhline(0.2, color="grey", linestyle=":")
    ax.set_xlabel("difficulty (share correct)")
    ax.set_ylabel("point-biserial")
    scatter = _png(fig)
    plt.close(fig)
    return histogram, scatter


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _html(data: dict[str, Any], title: str) -> str:
    histogram, scatter = _plots(data)
    exam = data["exam"]
    rows = []
    for q in data["questions"]:
        choices = ""
        if "choices" in q:
            choices = ", ".join(
                f"{'<b>' if c['choice'] and c['correct'] else ''}{html.escape(c['choice'])}: {c['share']:.0%}"
                f"{'</b>' if c['correct'] else ''}"
                for c in q["choices"]
            )
        warnings = "<br>".join(html.escape(w) for w in q.get("warnings", []))
        rows.append(
            f"<tr><td>{html.escape(q['id'])}</td><td>{html.escape(q['topic'])}</td><td>{q['difficulty']:.2f}</td>"
            f"<td>{_fmt(q['point_biserial'])}</td><td>{q['upper_lower']:.2f}</td><td>{choices}</td>"
            f"<td class='w'>{warnings}</td></tr>"
        )
    return (
        "<!doctype html><html><meta charset='utf-8'><title>Item analysis</title>"
        "<style>body{font-family:sans-serif;max-width:70em;margin:1em auto}td,th{border:1px solid #ccc;"
        "padding:.2em .4em;font-size:90%}table{border-collapse:collapse}.w{color:#a00}</style>"
        f"<h1>Item analysis / 试题分析: {html.escape(title)}</h1>"
        f"<p>{exam['students']} students · mean {exam['mean']:.2f} / {exam['max_points']:g} · SD {exam['sd']:.2f} · "
        f"{html.escape(exam['reliability_name'])} {_fmt(exam['reliability'])}"
        + (
            f" · {exam['pending_reviews']} reading(s) still under review count 0"
            if exam["pending_reviews"]
            else ""
        )
        + "</p>"
        f"<img alt='histogram of totals' src='data:image/png;base64,{histogram}'>"
        f"<img alt='difficulty against discrimination' src='data:image/png;base64,{scatter}'>"
        "<table><tr><th>question</th><th>topic</th><th>difficulty</th><th>point-biserial</th>"
        "<th>upper−lower 27%</th><th>choices picked (bank order; key in bold)</th><th>look at</th></tr>"
        + "".join(rows)
        + "</table></html>\n"
    )


def analyze(results: Path) -> dict[str, Any]:
    """Write analysis.json, analysis.html and topics.csv into a results folder; return the data."""
    from dlprep.atomic import write_atomic

    try:
        scores = json.loads((results / "scores.json").read_text(encoding="utf-8"))
        manifest = json.loads((results / "build-manifest.json").read_text(encoding="utf-8"))
    except OSError:
        raise AnalysisError(f"{results}: not an `exam scan` results folder (no scores.json)") from None
    data = analysis_data(scores, manifest)
    write_atomic(results / "analysis.json", json.dumps(data, ensure_ascii=False, indent=1))
    title = " / ".join(dict.fromkeys(manifest["title"].values()))
    write_atomic(results / "analysis.html", _html(data, title))
    buffer = io.StringIO()
    topics = [k for k in data["topics"][0] if k != "student_id"]
    writer = csv.DictWriter(buffer, ["student_id", *topics], lineterminator="\n")
    writer.writeheader()
    writer.writerows(data["topics"])
    write_atomic(results / "topics.csv", buffer.getvalue())
    return data
