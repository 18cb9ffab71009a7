"""Machine-readable answer sheets: where every box goes, computed here and placed absolutely by Typst.

A scannable variant gets an answer sheet of its own (`answer-sheet-A.pdf`), laid out in millimetres
from the page's top-left corner: four corner marks, a QR code naming exam / variant / page with a
checksum, the student-ID digit grid and a name field on every page (pages can be shuffled or go
astray, so each page says whose it is), then a row of boxes per choice and true/false question, a
digit grid per numeric question and a score-box row per open or short question. Typst places each
element at the position computed here (`#place(dx, dy)`), so the geometry written to
`manifest.json` is the geometry printed; tests check it against the rendered pixels.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

from dlprep.numfmt import fmt_num
from dlprep.question import QuestionType
from dlprep.render import LETTERS
from dlprep.sheets.variant import Item, Variant

__all__ = [
    "Box",
    "Text",
    "SheetPage",
    "AnswerSheet",
    "PAGE_W",
    "PAGE_H",
    "MARK",
    "MARK_POSITIONS",
    "QR_BOX",
    "layout_answer_sheet",
    "numeric_grid",
    "qr_payload",
    "page_checksum",
    "score_values",
    "exam_id",
]

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
MARK = 5.0  # corner mark side
# Top-left corners of the four corner marks: top-left, top-right, bottom-right, bottom-left.
MARK_POSITIONS = (
    (8.0, 8.0),
    (PAGE_W - 8.0 - MARK, 8.0),
    (PAGE_W - 8.0 - MARK, PAGE_H - 8.0 - MARK),
    (8.0, PAGE_H - 8.0 - MARK),
)
QR_BOX = (166.0, 14.0, 24.0)  # x, y, side of the QR symbol (its quiet zone is kept clear around it)
LEFT, RIGHT, TOP_CONTENT, BOTTOM = 18.0, 192.0, 112.0, 278.0
CHOICE = 5.0  # side of a choice / true-false / score box
CELL, PITCH = 4.2, 5.0  # side and row pitch of a digit-grid box
COLUMN = 6.0  # column pitch of a digit grid
QR_PREFIX = "DLP1"


@dataclass(frozen=True)
class Box:
    """One box a student (or marker) may fill; the manifest's `boxes` entries, in mm."""

    question: int | None
    kind: str  # choice | truefalse | digit | student_id | score
    value: str
    column: int | None
    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "kind": self.kind,
            "value": self.value,
            "column": self.column,
            "x_mm": round(self.x_mm, 3),
            "y_mm": round(self.y_mm, 3),
            "w_mm": round(self.w_mm, 3),
            "h_mm": round(self.h_mm, 3),
        }


@dataclass(frozen=True)
class Text:
    """A label placed in a rectangle (centred unless `left`)."""

    text: str
    x: float
    y: float
    w: float
    h: float
    size: float = 8.0
    left: bool = False
    bold: bool = False


@dataclass
class SheetPage:
    page: int
    boxes: list[Box] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    frames: list[tuple[float, float, float, float]] = field(default_factory=list)  # writing areas
    name_field: tuple[float, float, float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "width_mm": PAGE_W,
            "height_mm": PAGE_H,
            "boxes": [box.as_dict() for box in self.boxes],
        }


@dataclass
class AnswerSheet:
    exam: str
    variant: str
    pages: list[SheetPage]
    name_field: tuple[float, float, float, float]

    def manifest(self, file: str) -> dict[str, Any]:
        return {"file": file, "pages": [page.as_dict() for page in self.pages]}


def exam_id(payload: Any) -> str:
    """Eight hex digits naming one build (its questions, seeds and title), printed in every QR code."""
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:8].upper()


def page_checksum(exam: str, variant: str, page: dict[str, Any]) -> str:
    """A checksum of one page's layout: a scan of a page printed from another build fails it."""
    data = json.dumps([exam, variant, page], sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:6].upper()


def qr_payload(exam: str, variant: str, page: dict[str, Any]) -> str:
    """`DLP1:EXAM:VARIANT:PAGE:CHECK`, upper case and colons only, so QR's compact alphanumeric mode
    holds it in a version-2 symbol."""
    return f"{QR_PREFIX}:{exam}:{variant}:{page['page']}:{page_checksum(exam, variant, page)}"


def score_values(points: float) -> list[str]:
    """Score boxes for an open question: 0, 1, ... up to its points (a half-point total ends in .5)."""
    values = [fmt_num(float(v)) for v in range(int(math.floor(points + 1e-9)) + 1)]
    if points - math.floor(points + 1e-9) > 1e-9:
        values.append(fmt_num(points))
    return values


def numeric_grid(answer: float, tolerance: float) -> tuple[int, int]:
    """Integer and fraction digits a numeric answer needs: the answer's integer digits plus one spare
    (so the grid does not give the magnitude away), and enough decimals to land within the tolerance."""
    integer = len(str(int(abs(answer)))) + 1
    decimals = 4 if tolerance <= 0 else max(0, min(4, math.ceil(-math.log10(tolerance) - 1e-09)))
    return min(integer, 9), decimals


def _labels(lang: str) -> dict[str, str]:
    zh = {"sheet": "答题卡", "variant": "试卷", "page": "页", "name": "姓名", "id": "学号", "score": "得分"}
    en = {
        "sheet": "Answer sheet",
        "variant": "Variant",
        "page": "Page",
        "name": "Name",
        "id": "Student ID",
        "score": "Score",
    }
    zh.update(true="对", false="错", marker="阅卷人填写")
    en.update(true="T", false="F", marker="marker only")
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return {
        key: f"{zh[key]} / {en[key]}" if key not in ("true", "false") else f"{zh[key]} {en[key]}"
        for key in zh
    }


INSTRUCTIONS = {
    "zh": (
        "用深色笔在方框内打叉 ✗ 或打勾 ✓，不要涂满。更正：把要取消的方框完全涂黑，教师会逐一复核；"
        "擦除不净或过浅的标记也交教师复核。数字格：每列在上方写一个字符，并在该列涂一个方框；不用的列留空。"
        "不要在方框外写字，不要折叠本页。"
    ),
    "en": (
        "Mark a box with a dark cross ✗ or tick ✓; do not fill it in. To take a mark back, black the box out "
        "completely; the instructor checks every such box, and faint or half-erased marks, by hand. Digit "
        "grids: write one character at the top of a column and mark its box in that column; leave unused "
        "columns empty. Do not write outside the boxes or fold this page."
    ),
}


class _Flow:
    """Shelf packing: blocks go left to right in rows, rows top to bottom, onto as many pages as needed."""

    def __init__(self, new_page: Any) -> None:
        self.new_page = new_page
        self.page: SheetPage = new_page()
        self.x, self.y, self.row_h = LEFT, TOP_CONTENT, 0.0

    def place(self, w: float, h: float, gap: float = 4.0) -> tuple[SheetPage, float, float]:
        w, h = min(w, RIGHT - LEFT), min(h, BOTTOM - TOP_CONTENT)
        if self.x + w > RIGHT + 1e-9:
            self.newline(gap)
        if self.y + h > BOTTOM + 1e-9:
            self.page = self.new_page()
            self.x, self.y, self.row_h = LEFT, TOP_CONTENT, 0.0
        x, y = self.x, self.y
        self.x += w + gap
        self.row_h = max(self.row_h, h)
        return self.page, x, y

    def newline(self, gap: float = 4.0) -> None:
        if self.x > LEFT:
            self.y += self.row_h + gap
            self.x, self.row_h = LEFT, 0.0


def _header(page: SheetPage, title: str, variant: str, lang: str, id_digits: int, pages: str) -> None:
    lab = _labels(lang)
    page.texts.append(Text(f"{lab['sheet']} · {title}", LEFT, 14.0, 140.0, 6.0, 11.0, left=True, bold=True))
    page.texts.append(
        Text(
            f"{lab['variant']} {variant} · {lab['page']} {page.page}/{pages}",
            LEFT,
            20.5,
            140.0,
            5.0,
            9.0,
            left=True,
        )
    )
    page.texts.append(Text(lab["name"], LEFT, 28.0, 60.0, 4.0, 8.0, left=True))
    page.name_field = (LEFT, 32.5, 100.0, 12.0)
    page.frames.append(page.name_field)
    # Student ID: a write box on top of each column, then the digits 0-9 below.
    gx, gy = 130.0, 46.0
    page.texts.append(Text(lab["id"], 124.0, 41.0, 70.0, 4.0, 8.0, left=True))
    for column in range(id_digits):
        cx = gx + column * COLUMN
        page.frames.append((cx - 0.4, gy, CELL + 0.8, 5.5))
        for digit in range(10):
            y = gy + 7.0 + digit * PITCH
            page.boxes.append(Box(None, "student_id", str(digit), column + 1, cx, y, CELL, CELL))
    for digit in range(10):
        page.texts.append(Text(str(digit), gx - 5.0, gy + 7.0 + digit * PITCH, 4.0, CELL, 6.5))
    page.texts.append(Text(_instructions(lang), LEFT, 48.0, 100.0, 58.0, 7.2, left=True))


def _instructions(lang: str) -> str:
    return "\n".join(INSTRUCTIONS[code] for code in (("zh", "en") if lang == "both" else (lang,)))


def _choice_block(
    flow: _Flow, item: Item, values: list[str], labels: list[str], kind: str, slot: float
) -> None:
    w = 9.0 + len(values) * slot
    page, x, y = flow.place(w, 10.0)
    page.texts.append(Text(f"{item.number}", x, y + 3.5, 8.0, CHOICE, 9.0, bold=True))
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        bx = x + 9.0 + index * slot + (slot - CHOICE) / 2 - 1.0
        page.texts.append(Text(label, bx - 2.0, y, CHOICE + 4.0, 3.4, 6.5))
        page.boxes.append(Box(item.number, kind, value, None, bx, y + 3.5, CHOICE, CHOICE))


def _numeric_block(flow: _Flow, item: Item) -> None:
    answer = item.instance.answer
    assert isinstance(answer, int | float)
    integer, decimals = numeric_grid(float(answer), item.instance.tolerance or 0.0)
    digit_columns = integer + decimals + (1 if decimals else 0)
    w = 14.0 + (digit_columns + 1) * COLUMN
    h = 5.0 + 7.0 + 11 * PITCH
    page, x, y = flow.place(w, h)
    page.texts.append(Text(f"{item.number}", x, y, 8.0, 5.0, 9.0, bold=True))
    gx, gy = x + 13.0, y + 5.0
    for digit in range(10):
        page.texts.append(Text(str(digit), gx - 5.0, gy + 7.0 + digit * PITCH, 4.0, CELL, 6.5))
    page.texts.append(Text(".", gx - 5.0, gy + 7.0 + 10 * PITCH, 4.0, CELL, 7.0))
    page.texts.append(Text("−", gx - 0.5, gy - 4.6, CELL + 1.0, 3.6, 9.0, bold=True))
    for column in range(digit_columns + 1):
        cx = gx + column * COLUMN
        if column == 0:  # the sign column holds one box, minus, under its label
            page.boxes.append(Box(item.number, "digit", "-", 1, cx, gy + 0.85, CELL, CELL))
            continue
        page.frames.append((cx - 0.4, gy, CELL + 0.8, 5.5))
        for digit in range(10):
            y_box = gy + 7.0 + digit * PITCH
            page.boxes.append(Box(item.number, "digit", str(digit), column + 1, cx, y_box, CELL, CELL))
        if decimals:
            y_box = gy + 7.0 + 10 * PITCH
            page.boxes.append(Box(item.number, "digit", ".", column + 1, cx, y_box, CELL, CELL))


def _score_block(flow: _Flow, item: Item, lang: str, lines: int) -> None:
    values = score_values(item.points)
    per_row = 24
    rows = math.ceil(len(values) / per_row)
    space = lines * 7.0
    h = 5.0 + rows * (CHOICE + 4.0) + space
    flow.newline()
    page, x, y = flow.place(RIGHT - LEFT, h)
    lab = _labels(lang)
    page.texts.append(Text(f"{item.number}", x, y, 8.0, 5.0, 9.0, bold=True))
    page.texts.append(Text(f"{lab['score']} ({lab['marker']})", x + 9.0, y, 60.0, 4.0, 7.0, left=True))
    for index, value in enumerate(values):
        row, col = divmod(index, per_row)
        bx, by = x + 9.0 + col * 6.8, y + 8.0 + row * (CHOICE + 4.0)
        page.texts.append(Text(value, bx - 1.5, by - 3.5, CHOICE + 3.0, 3.4, 6.5))
        page.boxes.append(Box(item.number, "score", value, None, bx, by, CHOICE, CHOICE))
    if space:
        page.frames.append((x + 9.0, y + 5.0 + rows * (CHOICE + 4.0) + 1.0, RIGHT - LEFT - 9.0, space - 1.0))
    flow.newline()


def layout_answer_sheet(
    variant: Variant, exam: str, title: str, lang: str, id_digits: int = 8
) -> AnswerSheet:
    """Every page of one variant's answer sheet, with each box and label at its place in mm."""
    pages: list[SheetPage] = []

    def new_page() -> SheetPage:
        page = SheetPage(len(pages) + 1)
        pages.append(page)
        return page

    flow = _Flow(new_page)
    lab = _labels(lang)
    kinds = [(item, item.instance.question.type) for item in variant.items]
    for item, qtype in kinds:
        if qtype.has_choices:
            count = len(item.instance.choices)
            _choice_block(flow, item, list(LETTERS[:count]), list(LETTERS[:count]), "choice", 6.2)
    flow.newline(6.0)
    for item, qtype in kinds:
        if qtype is QuestionType.TRUEFALSE:
            _choice_block(flow, item, ["true", "false"], [lab["true"], lab["false"]], "truefalse", 9.0)
    flow.newline(6.0)
    for item, qtype in kinds:
        if qtype is QuestionType.NUMERIC:
            _numeric_block(flow, item)
    flow.newline(6.0)
    for item, qtype in kinds:
        if qtype in (QuestionType.OPEN, QuestionType.SHORT):
            from dlprep.sheets.documents import answer_lines

            lines = 2 if qtype is QuestionType.SHORT else answer_lines(item.points)
            _score_block(flow, item, lang, lines)
    total = str(len(pages))
    for page in pages:
        # the header's boxes go first on each page, so a page reads ID, then questions
        questions, page.boxes = page.boxes, []
        texts, page.texts = page.texts, []
        frames, page.frames = page.frames, []
        _header(page, title, variant.code, lang, id_digits, total)
        page.boxes += questions
        page.texts += texts
        page.frames += frames
    assert pages[0].name_field is not None
    return AnswerSheet(exam, variant.code, pages, pages[0].name_field)


def answer_sheet_typst(sheet: AnswerSheet, font: str | None, title: str) -> str:
    """Typst source that places every element of `sheet` at its computed position."""
    import segno

    from dlprep.sheets.typst_markup import typst_string

    fonts = ", ".join(typst_string(f) for f in ("Libertinus Serif", font) if f)
    out = [
        f"#set document(title: {typst_string(title)}, date: none)",
        '#set page(paper: "a4", margin: 0pt)',
        f"#set text(font: ({fonts},), size: 8pt)",
        "#set par(leading: 0.45em, justify: false)",
    ]

    def mm(value: float) -> str:
        return f"{value:.3f}mm"

    for index, page in enumerate(sheet.pages):
        if index:
            out.append("#pagebreak()")
        for mx, my in MARK_POSITIONS:
            out.append(
                f"#place(top + left, dx: {mm(mx)}, dy: {mm(my)}, rect(width: {mm(MARK)}, height: {mm(MARK)}, fill: black))"
            )
        qx, qy, qs = QR_BOX
        svg = segno.make(
            qr_payload(sheet.exam, sheet.variant, page.as_dict()), error="m", micro=False
        ).svg_inline(scale=1, border=0, omitsize=True)
        out.append(
            f'#place(top + left, dx: {mm(qx)}, dy: {mm(qy)}, image(bytes({typst_string(svg)}), format: "svg", width: {mm(qs)}, height: {mm(qs)}))'
        )
        for x, y, w, h in page.frames:
            out.append(
                f"#place(top + left, dx: {mm(x)}, dy: {mm(y)}, rect(width: {mm(w)}, height: {mm(h)}, stroke: 0.4pt + luma(120)))"
            )
        for box in page.boxes:
            out.append(
                f"#place(top + left, dx: {mm(box.x_mm)}, dy: {mm(box.y_mm)}, rect(width: {mm(box.w_mm)}, height: {mm(box.h_mm)}, stroke: 0.6pt + black))"
            )
        for text in page.texts:
            align = "left + top" if text.left else "center + horizon"
            weight = ', weight: "bold"' if text.bold else ""
            body = "[" + "#linebreak()".join(f"#{typst_string(part)}" for part in text.text.split("\n")) + "]"
            if text.left and "\n" in text.text:
                body = (
                    "[" + "#parbreak()".join(f"#{typst_string(part)}" for part in text.text.split("\n")) + "]"
                )
            out.append(
                f"#place(top + left, dx: {mm(text.x)}, dy: {mm(text.y)}, box(width: {mm(text.w)}, height: {mm(text.h)}, "
                f"align({align}, text(size: {text.size}pt{weight}){body})))"
            )
    return "\n".join(out) + "\n"
