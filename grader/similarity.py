"""Which submissions look copied from one another: copydetect's winnowed token fingerprints (the
MOSS approach), with the exercise's starter file as boilerplate so the given signatures and
docstrings never count as shared work.

Similarity is evidence for a person to look at, never a verdict: the HTML puts each suspicious pair
side by side with the shared passages marked.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import highlight_overlap
from jinja2 import Environment

from grader.submissions import Submission

__all__ = ["Pair", "as_html", "as_text", "rank_pairs"]

NOISE = 25  # copydetect's noise threshold: shared runs shorter than this many tokens do not count
GUARANTEE = 30  # and its guarantee threshold (the winnowing window is GUARANTEE - NOISE + 1)


@dataclass(frozen=True)
class Pair:
    """Two submissions and how much of each one's code (beyond the starter) the other shares."""

    first: str
    second: str
    share_first: float
    share_second: float
    first_html: str
    second_html: str

    @property
    def score(self) -> float:
        return max(self.share_first, self.share_second)


def _fingerprint(name: str, code: str, boilerplate: np.ndarray | list[int]) -> CodeFingerprint:
    return CodeFingerprint(
        f"{name}.py", NOISE, GUARANTEE - NOISE + 1, boilerplate, fp=io.StringIO(code), language="python"
    )


def rank_pairs(submissions: list[Submission], module: str, starter: Path | None) -> list[Pair]:
    """Every pair of readable submissions that shares code, most similar first."""
    boilerplate: np.ndarray | list[int] = []
    if starter is not None and starter.is_file():
        # Every k-gram of the starter (window 1), as copydetect's own boilerplate handling does.
        given = CodeFingerprint(
            "starter.py", NOISE, 1, fp=io.StringIO(starter.read_text(encoding="utf-8")), language="python"
        )
        boilerplate = np.unique(np.array(list(given.hashes)))
    prints = [
        (s.name, _fingerprint(s.name, s.files[f"{module}.py"], boilerplate))
        for s in submissions
        if not s.problem and f"{module}.py" in s.files
    ]
    pairs = []
    for (name_a, a), (name_b, b) in itertools.combinations(prints, 2):
        overlap, (share_a, share_b), (slices_a, slices_b) = compare_files(a, b)
        if overlap == 0:
            continue
        html_a, _ = highlight_overlap(a.raw_code, slices_a, "<mark>", "</mark>", escape_html=True)
        html_b, _ = highlight_overlap(b.raw_code, slices_b, "<mark>", "</mark>", escape_html=True)
        pairs.append(Pair(name_a, name_b, float(share_a), float(share_b), html_a, html_b))
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))


def as_text(pairs: list[Pair], threshold: float, total: int) -> str:
    shown = [p for p in pairs if p.score >= threshold]
    lines = [
        f"{len(shown)} pair(s) of {total} submission(s) share at least {100 * threshold:.0f}% of their code"
    ]
    for p in shown:
        lines.append(
            f"  {100 * p.share_first:5.1f}% {100 * p.share_second:5.1f}%  {p.first}  <->  {p.second}"
        )
    return "\n".join(lines)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ exercise }}: similar submissions</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table.rank td { padding: .2em .7em; border-bottom: 1px solid #ddd; } td.n { text-align: right; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; margin-bottom: 2.5em; }
pre { background: #f6f6f6; padding: .6em; overflow-x: auto; font-size: 12.5px; margin: 0; }
mark { background: #ffd54a; }
</style></head><body>
<h1>{{ exercise }}: {{ pairs|length }} pair(s) at or above {{ "%.0f" % (100 * threshold) }}%</h1>
<p>Shared passages (winnowed fingerprints of at least {{ noise }} tokens, the starter code excluded)
are marked. A high share is a reason to look, not proof of copying.</p>
<table class="rank"><tr><th>#</th><th>first</th><th>share</th><th>second</th><th>share</th></tr>
{% for p in pairs %}<tr><td><a href="#pair{{ loop.index }}">{{ loop.index }}</a></td><td>{{ p.first }}</td>
<td class="n">{{ "%.0f" % (100 * p.share_first) }}%</td><td>{{ p.second }}</td>
<td class="n">{{ "%.0f" % (100 * p.share_second) }}%</td></tr>{% endfor %}</table>
{% for p in pairs %}<h2 id="pair{{ loop.index }}">{{ loop.index }}. {{ p.first }} ↔ {{ p.second }}</h2>
<div class="pair"><div><h3>{{ p.first }} ({{ "%.0f" % (100 * p.share_first) }}% shared)</h3>
<pre>{{ p.first_html|safe }}</pre></div>
<div><h3>{{ p.second }} ({{ "%.0f" % (100 * p.share_second) }}% shared)</h3>
<pre>{{ p.second_html|safe }}</pre></div></div>{% endfor %}
</body></html>
"""


def as_html(pairs: list[Pair], exercise: str, threshold: float) -> str:
    """A self-contained side-by-side page; the code is escaped by copydetect (markupsafe) before
    the marks are added, and every other text by Jinja2's autoescape."""
    shown = [p for p in pairs if p.score >= threshold]
    return (
        Environment(autoescape=True)
        .from_string(PAGE)
        .render(pairs=shown, exercise=exercise, threshold=threshold, noise=NOISE)
    )
