"""The class at a glance after a batch: scores, a histogram, and how often each function and each
catalogued mistake failed. Text for the terminal, ``summary.json`` for tools, and a self-contained
``summary.html`` (inline SVG and CSS, nothing fetched) for a TA's browser.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment

from grader.results import Status, SubmissionResult

__all__ = ["as_html", "as_json", "as_text", "summarize"]

BINS = 10


def summarize(
    results: Sequence[SubmissionResult], functions: Sequence[str], skipped: int = 0
) -> dict[str, Any]:
    """Plain numbers about a batch (the JSON the text and HTML are rendered from)."""
    most = max((r.max_score for r in results), default=0.0)
    scores = [r.score for r in results]
    histogram = [0] * BINS
    for score in scores:
        share = score / most if most else 0.0
        histogram[min(BINS - 1, int(share * BINS))] += 1
    failing: Counter[str] = Counter()
    mistakes: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for r in results:
        failing.update(name for name, (got, top) in r.function_scores().items() if got < top)
        mistakes.update({m for t in r.tests for m in t.mistakes})
        statuses.update({t.status.value for t in r.tests if t.status is not Status.PASSED})
    n = len(results)
    return {
        "exercise": results[0].exercise if results else "",
        "submissions": n,
        "skipped_files": skipped,
        "max_score": most,
        "mean": statistics.fmean(scores) if scores else 0.0,
        "median": statistics.median(scores) if scores else 0.0,
        "full_marks": sum(1 for r in results if r.score >= r.max_score),
        "not_importable": sum(1 for r in results if r.problem),
        "histogram": [
            {"from": most * i / BINS, "to": most * (i + 1) / BINS, "count": c}
            for i, c in enumerate(histogram)
        ],
        "functions": [
            {"function": f, "failed": failing[f], "rate": failing[f] / n if n else 0.0} for f in functions
        ],
        "mistakes": [
            {"mistake": m, "submissions": c, "rate": c / n if n else 0.0} for m, c in mistakes.most_common()
        ],
        "statuses": dict(sorted(statuses.items())),
    }


def as_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2)


def _pct(rate: float) -> str:
    return f"{100 * rate:.0f}%"


def as_text(summary: dict[str, Any]) -> str:
    n = summary["submissions"]
    lines = [
        f"summary of {n} submission(s) of {summary['exercise']}: mean {summary['mean']:.2f}, median "
        f"{summary['median']:.2f} of {summary['max_score']:g}; {summary['full_marks']} with full marks"
        + (f", {summary['not_importable']} not importable" if summary["not_importable"] else "")
        + (f"; {summary['skipped_files']} file(s) skipped" if summary["skipped_files"] else "")
    ]
    peak = max((b["count"] for b in summary["histogram"]), default=0) or 1
    for b in summary["histogram"]:
        bar = "#" * round(30 * b["count"] / peak)
        lines.append(f"  {b['from']:6.2f}-{b['to']:6.2f} | {bar} {b['count']}")
    failing = [f for f in summary["functions"] if f["failed"]]
    if failing:
        lines.append(
            "  lost points in: "
            + ", ".join(
                f"{f['function']} {_pct(f['rate'])}" for f in sorted(failing, key=lambda f: -f["rate"])
            )
        )
    if summary["mistakes"]:
        lines.append(
            "  mistakes named: "
            + ", ".join(f"{m['mistake']} ({m['submissions']})" for m in summary["mistakes"])
        )
    return "\n".join(lines)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ s.exercise }}: class summary</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } td, th { padding: .25em .8em; border-bottom: 1px solid #ddd; }
th { text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { background: #4a7bd0; height: 1em; display: inline-block; vertical-align: middle; }
svg text { font: 12px system-ui, sans-serif; }
</style></head><body>
<h1>{{ s.exercise }}: {{ s.submissions }} submission(s)</h1>
<p>Mean {{ "%.2f" % s.mean }}, median {{ "%.2f" % s.median }} of {{ "%g" % s.max_score }};
{{ s.full_marks }} with full marks{% if s.not_importable %}, {{ s.not_importable }} not importable{% endif %}
{% if s.skipped_files %}; {{ s.skipped_files }} file(s) skipped (listed by the command){% endif %}.</p>
<h2>Scores</h2>
<svg width="{{ 60 + 50 * s.histogram|length }}" height="230" role="img" aria-label="histogram of scores">
{% for b in s.histogram %}{% set h = (160 * b.count / peak)|round|int %}
<rect x="{{ 50 + 50 * loop.index0 }}" y="{{ 180 - h }}" width="44" height="{{ h }}" fill="#4a7bd0">
<title>{{ "%.2f" % b.from }}–{{ "%.2f" % b.to }}: {{ b.count }}</title></rect>
<text x="{{ 72 + 50 * loop.index0 }}" y="{{ 174 - h }}" text-anchor="middle">{{ b.count }}</text>
<text x="{{ 72 + 50 * loop.index0 }}" y="198" text-anchor="middle">{{ "%g" % (b.from|round(1)) }}</text>
{% endfor %}
<text x="50" y="222">score (points, lower edge of each bin)</text>
</svg>
<h2>Functions</h2>
<table><tr><th>function</th><th>submissions losing points</th><th></th></tr>
{% for f in s.functions %}<tr><td>{{ f.function }}</td><td class="n">{{ f.failed }} ({{ "%.0f" % (100 * f.rate) }}%)</td>
<td><span class="bar" style="width: {{ (200 * f.rate)|round|int }}px"></span></td></tr>
{% endfor %}</table>
<h2>Mistakes named in the feedback</h2>
{% if s.mistakes %}<table><tr><th>mistake</th><th>submissions</th><th></th></tr>
{% for m in s.mistakes %}<tr><td>{{ m.mistake }}</td><td class="n">{{ m.submissions }} ({{ "%.0f" % (100 * m.rate) }}%)</td>
<td><span class="bar" style="width: {{ (200 * m.rate)|round|int }}px"></span></td></tr>
{% endfor %}</table>{% else %}<p>None.</p>{% endif %}
</body></html>
"""


def as_html(summary: dict[str, Any]) -> str:
    """A self-contained page: inline CSS and SVG, autoescaped (submission-derived text is untrusted)."""
    template = Environment(autoescape=True).from_string(PAGE)
    peak = max((b["count"] for b in summary["histogram"]), default=0) or 1
    return template.render(s=summary, peak=peak)
