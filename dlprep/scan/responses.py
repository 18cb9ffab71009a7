"""The boxes of one page read as answers: a set of letters, true/false, a number, a score, an ID.

Anything a person would have to think about is not decided here but flagged with the reason:
a faint, erased or blacked-out box, two marks where one is allowed, a blank column inside a
number, an empty or doubly marked student-ID column, a score row the marker left empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from dlprep.scan.marks import DARK, LIGHT, Fill, Mark, classify
from dlprep.scan.pages import PX_PER_MM

__all__ = ["BoxReading", "Response", "read_boxes", "collate", "ID_KEY", "region_of"]

ID_KEY = "id"  # the `question` column of an override for the student-ID grid


@dataclass(frozen=True)
class BoxReading:
    box: dict[str, Any]
    fill: Fill


@dataclass
class Response:
    """One question's answer on one page (or the student ID, question `id`)."""

    question: str  # the printed number, or ID_KEY
    kind: str
    answer: str | None  # normalised text: "AC", "true", "-12.5", "7", "20261234"; "" blank; None unknown
    flags: list[str] = field(default_factory=list)

    @property
    def clear(self) -> bool:
        return not self.flags and self.answer is not None


def _inside(box: dict[str, Any]) -> tuple[int, int, int, int]:
    inset = max(0.6, 0.16 * min(box["w_mm"], box["h_mm"]))
    x0 = int(round((box["x_mm"] + inset) * PX_PER_MM))
    y0 = int(round((box["y_mm"] + inset) * PX_PER_MM))
    x1 = int(round((box["x_mm"] + box["w_mm"] - inset) * PX_PER_MM))
    y1 = int(round((box["y_mm"] + box["h_mm"] - inset) * PX_PER_MM))
    return x0, y0, x1, y1


def read_boxes(
    gray: npt.NDArray[Any], white: float, black: float, boxes: list[dict[str, Any]]
) -> list[BoxReading]:
    """Each box's share of ink and of grey, counted with integral images (a few ms for a page of
    hundreds of boxes, where slicing and averaging each box took ten times longer)."""
    import cv2

    span = max(white - black, 1.0)
    dark = cv2.integral((gray < white - DARK * span).astype(np.uint8))
    light = cv2.integral((gray < white - LIGHT * span).astype(np.uint8))
    height, width = gray.shape
    readings = []
    for box in boxes:
        x0, y0, x1, y1 = _inside(box)
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
        area = (x1 - x0) * (y1 - y0)
        if area <= 0:
            readings.append(BoxReading(box, Fill(0.0, 0.0, Mark.AMBIGUOUS, "outside the scanned page")))
            continue
        d = dark[y1, x1] - dark[y0, x1] - dark[y1, x0] + dark[y0, x0]
        g = light[y1, x1] - light[y0, x1] - light[y1, x0] + light[y0, x0]
        readings.append(BoxReading(box, classify(float(d) / area, float(g) / area)))
    return readings


def region_of(boxes: list[dict[str, Any]], margin: float = 6.0) -> tuple[float, float, float, float]:
    """The rectangle (mm) around some boxes, with room for their labels: what a reviewer is shown."""
    x0 = min(b["x_mm"] for b in boxes) - margin * 1.8
    y0 = min(b["y_mm"] for b in boxes) - margin
    x1 = max(b["x_mm"] + b["w_mm"] for b in boxes) + margin
    y1 = max(b["y_mm"] + b["h_mm"] for b in boxes) + margin / 2
    return max(x0, 0.0), max(y0, 0.0), x1, y1


def _box_flags(readings: list[BoxReading]) -> list[str]:
    return [f"{r.box['value']}: {r.fill.why}" for r in readings if r.fill.mark is Mark.AMBIGUOUS]


def _filled(readings: list[BoxReading]) -> list[str]:
    return [r.box["value"] for r in readings if r.fill.mark is Mark.FILLED]


def _choices(question: str, kind: str, readings: list[BoxReading], single: bool) -> Response:
    flags = _box_flags(readings)
    filled = _filled(readings)
    if single and len(filled) > 1:
        flags.append(f"{len(filled)} marks where one is allowed ({', '.join(filled)})")
    return Response(question, kind, None if flags else "".join(filled), flags)


def _columns(readings: list[BoxReading]) -> dict[int, list[BoxReading]]:
    columns: dict[int, list[BoxReading]] = defaultdict(list)
    for reading in readings:
        columns[int(reading.box["column"])].append(reading)
    return dict(sorted(columns.items()))


def _number(question: str, readings: list[BoxReading]) -> Response:
    flags: list[str] = []
    chars: list[str | None] = []
    for column, cells in _columns(readings).items():
        ambiguous = _box_flags(cells)
        filled = _filled(cells)
        if ambiguous:
            flags += [f"column {column}, {flag}" for flag in ambiguous]
        if len(filled) > 1:
            flags.append(f"column {column}: {len(filled)} marks ({', '.join(filled)})")
        chars.append(filled[0] if len(filled) == 1 else None)
    used = [i for i, c in enumerate(chars) if c is not None]
    text = ""
    if used:
        if any(chars[i] is None for i in range(used[0], used[-1] + 1)):
            flags.append("a blank column between marked ones")
        text = "".join(c for c in chars if c is not None)
        try:
            value = float(text)
        except ValueError:
            flags.append(f"'{text}' is not a number")
        else:
            text = f"{value:g}" if abs(value) < 1e15 else text
    return Response(question, "digit", None if flags else text, flags)


def _student_id(readings: list[BoxReading]) -> Response:
    flags: list[str] = []
    digits: list[str] = []
    columns = _columns(readings)
    for column, cells in columns.items():
        ambiguous = _box_flags(cells)
        filled = _filled(cells)
        if ambiguous:
            flags += [f"column {column}, {flag}" for flag in ambiguous]
        if len(filled) > 1:
            flags.append(f"column {column}: {len(filled)} marks ({', '.join(filled)})")
        elif not filled and not ambiguous:
            digits.append("")
            continue
        digits.append(filled[0] if filled else "?")
    if not any(digits):
        flags.append("the student-ID grid is empty")
    elif any(d == "" for d in digits):
        flags.append(f"the student-ID grid has {digits.count('')} empty column(s)")
    return Response(ID_KEY, "student_id", None if flags else "".join(digits), flags)


def _score(question: str, readings: list[BoxReading]) -> Response:
    flags = _box_flags(readings)
    filled = _filled(readings)
    if len(filled) > 1:
        flags.append(f"{len(filled)} scores ticked ({', '.join(filled)})")
    elif not filled and not flags:
        flags.append("no score ticked by the marker")
    return Response(question, "score", None if flags else filled[0], flags)


def collate(readings: list[BoxReading], single: frozenset[str] = frozenset()) -> dict[str, Response]:
    """Responses by question number (as text) and ID_KEY, in the order the page prints them;
    `single` names the choice questions that allow one mark."""
    groups: dict[tuple[str, str], list[BoxReading]] = defaultdict(list)
    for reading in readings:
        box = reading.box
        key = ID_KEY if box["question"] is None else str(box["question"])
        groups[(key, box["kind"])].append(reading)
    out: dict[str, Response] = {}
    for (question, kind), cells in groups.items():
        if kind == "student_id":
            out[question] = _student_id(cells)
        elif kind == "choice":
            out[question] = _choices(question, kind, cells, single=question in single)
        elif kind == "truefalse":
            out[question] = _choices(question, kind, cells, single=True)
        elif kind == "digit":
            out[question] = _number(question, cells)
        else:
            out[question] = _score(question, cells)
    return out
