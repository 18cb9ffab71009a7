"""Simulated students for tests, the benchmark and `make demo`: answer sheets rendered to pixels,
boxes filled the way people fill them, and the page degraded the way scanners and photocopiers do.

Pen strokes are drawn with OpenCV at the page's resolution: crosses and ticks of varying size,
width and darkness, filled boxes, a box blacked out to take a mark back, a faint pencil mark and
one rubbed out so only grey remains. `degrade` turns, skews, shifts, scales, adds noise and JPEG.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

__all__ = [
    "render_pages",
    "Pen",
    "draw",
    "degrade",
    "Student",
    "fill_sheet",
    "STYLES_CLEAR",
    "STYLES_UNCLEAR",
]

Gray = npt.NDArray[Any]  # OpenCV's results are typed loosely; these are uint8 images
STYLES_CLEAR = ("cross", "tick", "scribble")
STYLES_UNCLEAR = ("faint", "erased", "blackout")


def render_pages(pdf: Path, dpi: float) -> list[Gray]:
    """Every page of a PDF as a grey image at `dpi` (pypdfium2, the engine in Chrome)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for index in range(len(document)):
            bitmap = document[index].render(scale=dpi / 72, grayscale=True)
            array = bitmap.to_numpy()
            pages.append(np.ascontiguousarray(array if array.ndim == 2 else array[..., 0]))
        return pages
    finally:
        document.close()


@dataclass(frozen=True)
class Pen:
    ink: int = 40  # grey level of the stroke (0 black)
    width_mm: float = 0.5
    size: float = 1.0  # share of the box the mark spans


def _px(box: dict[str, Any], dpi: float) -> tuple[float, float, float, float]:
    f = dpi / 25.4
    return box["x_mm"] * f, box["y_mm"] * f, box["w_mm"] * f, box["h_mm"] * f


def draw(image: Gray, box: dict[str, Any], style: str, dpi: float, pen: Pen, rng: random.Random) -> None:
    """Mark one box on `image` (in place) in the given style."""
    x, y, w, h = _px(box, dpi)
    f = dpi / 25.4
    thick = max(1, int(round(pen.width_mm * f)))
    cx, cy = x + w / 2 + rng.uniform(-0.08, 0.08) * w, y + h / 2 + rng.uniform(-0.08, 0.08) * h
    r = 0.5 * pen.size * min(w, h)

    def line(p: tuple[float, float], q: tuple[float, float], ink: int, width: int) -> None:
        cv2.line(image, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), ink, width, cv2.LINE_AA)

    if style == "cross":
        line((cx - r, cy - r), (cx + r, cy + r), pen.ink, thick)
        line((cx - r, cy + r), (cx + r, cy - r), pen.ink, thick)
    elif style == "tick":
        line((cx - r, cy), (cx - r * 0.25, cy + r * 0.8), pen.ink, thick)
        line((cx - r * 0.25, cy + r * 0.8), (cx + r * 1.05, cy - r * 1.0), pen.ink, thick)
    elif style == "fill":  # filled most of the box, the way a pencil bubble is filled
        inset = 0.12 * min(w, h)
        cv2.rectangle(
            image, (int(x + inset), int(y + inset)), (int(x + w - inset), int(y + h - inset)), pen.ink, -1
        )
        cv2.rectangle(
            image, (int(x + w * 0.6), int(y + h * 0.6)), (int(x + w - inset), int(y + h - inset)), 255, -1
        )
    elif style == "scribble":  # three quick hatch lines (a thick pen's hatching is a blackout: review)
        hatch = max(1, int(round(min(pen.width_mm, 0.35) * f)))
        for k in range(3):
            yy = y + h * (0.28 + 0.2 * k)
            line((x + w * 0.2, yy), (x + w * 0.8, yy + h * 0.08), pen.ink, hatch)
    elif style == "blackout":  # taken back: the whole box blacked out
        cv2.rectangle(image, (int(x), int(y)), (int(x + w), int(y + h)), min(pen.ink, 50), -1)
    elif style == "faint":  # a light pencil cross
        line((cx - r, cy - r), (cx + r, cy + r), 175, max(1, thick))
        line((cx - r, cy + r), (cx + r, cy - r), 175, max(1, thick))
    elif style == "erased":  # what an eraser leaves of a filled box: grey smudge, some specks
        inset = 0.15 * min(w, h)
        cv2.rectangle(
            image, (int(x + inset), int(y + inset)), (int(x + w - inset), int(y + h - inset)), 200, -1
        )
    else:
        raise ValueError(style)


def degrade(
    image: Gray,
    rng: random.Random,
    *,
    quarter_turns: int = 0,
    skew_deg: float = 0.0,
    shift_mm: tuple[float, float] = (0.0, 0.0),
    scale: float = 1.0,
    noise: float = 0.0,
    dpi: float = 200.0,
    colour: bool = False,
) -> npt.NDArray[Any]:
    """What a scanner or photocopier makes of a page: turned, skewed, shifted, scaled, noisy."""
    f = dpi / 25.4
    bed = int(12 * f)  # the scanner's bed is larger than the paper: turned corners stay on it
    image = cv2.copyMakeBorder(image, bed, bed, bed, bed, cv2.BORDER_CONSTANT, value=235)
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skew_deg, scale)
    matrix[0, 2] += shift_mm[0] * f
    matrix[1, 2] += shift_mm[1] * f
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=245)
    out = np.rot90(out, k=quarter_turns % 4).copy()
    if noise:
        grain = np.random.default_rng(rng.getrandbits(32)).normal(0.0, noise, out.shape)
        out = np.clip(out.astype(np.float32) + grain, 0, 255).astype(np.uint8)
    if colour:  # a colour scan of slightly yellow paper
        bgr = cv2.cvtColor(out, cv2.COLOR_GRAY2BGR).astype(np.float32)
        bgr[..., 0] *= 0.9
        return np.clip(bgr, 0, 255).astype(np.uint8)
    return out


@dataclass
class Student:
    """What one simulated student answered, and which of their marks a scanner must not decide."""

    student_id: str
    variant: str
    answers: dict[str, str] = field(default_factory=dict)  # question number -> answer ("" blank)
    unclear: set[str] = field(default_factory=set)  # question numbers (or "id") with an unclear mark


def _pen(rng: random.Random) -> Pen:
    return Pen(ink=rng.randint(10, 90), width_mm=rng.uniform(0.3, 0.6), size=rng.uniform(0.75, 1.05))


def fill_sheet(
    pages: list[Gray],
    layout: dict[str, Any],
    student: Student,
    dpi: float,
    rng: random.Random,
    unclear: dict[str, str] | None = None,
) -> None:
    """Mark `student`'s answers on the rendered pages of their variant (in place).

    `unclear` maps a question number (or "id") to an unclear style to use on one of its boxes.
    Answers: letters for choice questions, "true"/"false", a number's characters, a score."""
    unclear = unclear or {}
    for page, spec in zip(pages, layout["pages"], strict=True):
        by_question: dict[str, list[dict[str, Any]]] = {}
        for box in spec["boxes"]:
            key = "id" if box["question"] is None else str(box["question"])
            by_question.setdefault(key, []).append(box)
        for key, boxes in by_question.items():
            answer = student.student_id if key == "id" else student.answers.get(key, "")
            chosen = _chosen_boxes(boxes, answer)
            for box in chosen:
                draw(page, box, rng.choice(STYLES_CLEAR), dpi, _pen(rng), rng)
            if key in unclear:
                spare = [b for b in boxes if b not in chosen] or boxes
                style = unclear[key]
                draw(page, rng.choice(spare) if style != "blackout" else spare[0], style, dpi, _pen(rng), rng)
                student.unclear.add(key)


def _chosen_boxes(boxes: list[dict[str, Any]], answer: str) -> list[dict[str, Any]]:
    kind = boxes[0]["kind"]
    if kind in ("choice",):
        return [b for b in boxes if b["value"] in answer]
    if kind in ("truefalse", "score"):
        return [b for b in boxes if b["value"] == answer]
    # digit grids: characters left-aligned in the columns; the sign goes to column 1
    columns = sorted({b["column"] for b in boxes})
    chars = list(answer)
    chosen = []
    if kind == "digit":
        if chars and chars[0] == "-":
            chosen.append(next(b for b in boxes if b["value"] == "-"))
            chars = chars[1:]
        columns = columns[1:]
    for column, char in zip(columns, chars, strict=False):
        chosen += [b for b in boxes if b["column"] == column and b["value"] == char]
    return chosen


def _answers(variant: dict[str, Any], rng: random.Random, skill: float) -> dict[str, str]:
    """A student who gets each question right with probability `skill`."""
    out = {}
    for q in variant["questions"]:
        right = rng.random() < skill
        letters = "ABCDEFGH"[: len(q["choice_order"])]
        if q["type"] in ("single", "multiple"):
            out[str(q["number"])] = q["key"] if right else rng.choice(letters.replace(q["key"][0], ""))
        elif q["type"] == "truefalse":
            out[str(q["number"])] = "true" if bool(q["key"]) == right else "false"
        elif q["type"] == "numeric":
            from dlprep.sheets.scannable import numeric_grid

            value, tolerance = q["key"]["value"], q["key"]["tolerance"]
            decimals = numeric_grid(value, tolerance)[1]
            out[str(q["number"])] = f"{value if right else value + 1:.{decimals}f}"
        else:
            out[str(q["number"])] = str(round(q["points"] * (skill if right else skill / 2)))
    return out


def simulate_class(build: Path, out: Path, students: int, dpi: float = 150, seed: int = 0) -> list[Path]:
    """Scans of `students` simulated students of a scannable build: one shuffled multi-page PDF
    and one PNG, pages turned and skewed, one faint mark to review. For `make demo`."""
    import json

    from PIL import Image

    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    scans = []
    for index in range(students):
        variant = manifest["variants"][index % len(manifest["variants"])]
        pages = render_pages(build / variant["scan"]["file"], dpi)
        student = Student(f"{20260001 + index:08d}"[-manifest["scoring"]["id_digits"] :], variant["code"])
        student.answers = _answers(variant, rng, rng.uniform(0.4, 0.95))
        unclear = {str(variant["questions"][0]["number"]): "faint"} if index == 0 else {}
        fill_sheet(pages, variant["scan"], student, dpi, rng, unclear)
        for page in pages:
            turns = rng.choice([0, 2])
            scans.append(
                degrade(page, rng, quarter_turns=turns, skew_deg=rng.uniform(-2, 2), noise=4, dpi=dpi)
            )
    rng.shuffle(scans)
    out.mkdir(parents=True, exist_ok=True)
    images = [Image.fromarray(scan) for scan in scans]
    files = [out / "scans.pdf", out / "one-more.png"]
    images[0].save(files[0], save_all=True, append_images=images[1:-1] or [], resolution=dpi)
    images[-1].save(files[1])
    return files


def main() -> None:
    """`python -m dlprep.scan.simulate BUILD OUT [STUDENTS]`: write simulated scans (for make demo)."""
    import sys

    build, out = Path(sys.argv[1]), Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    files = simulate_class(build, out, count)
    print(f"{count} simulated students' scans written: {', '.join(str(f) for f in files)}")


if __name__ == "__main__":
    main()
