"""How full a box is, and whether a person meant it: filled, empty, or ambiguous (sent to review).

Each box is measured on the page after perspective correction, inside its printed border, as the
share of pixels that are dark (real ink) and the share that are merely greyer than the paper
(pencil residue, a faint or half-erased mark). Darkness is measured relative to the page's own
paper white and the ink black of its corner marks, so a grey or dim scan reads like a crisp one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Mark", "Fill", "classify", "DARK", "LIGHT"]

DARK = 0.55  # normalised darkness of pen ink (0 paper, 1 the corner marks' black)
LIGHT = 0.15  # greyer than paper: faint ink, pencil, what an eraser leaves
FILLED_MIN = 0.06  # a cross or tick through a box covers at least this share of its inside
BLACKOUT = 0.90  # a box blacked out (the sheet's way to take a mark back) covers nearly all of it
FAINT_MIN = 0.08  # grey over this share of the box, without enough ink: faint or erased


class Mark(StrEnum):
    FILLED = "filled"
    EMPTY = "empty"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Fill:
    dark: float  # share of the inside that is ink
    light: float  # share that is at least grey
    mark: Mark
    why: str = ""


def classify(dark: float, light: float) -> Fill:
    """The reading of one box from its two shares; thresholds tuned on simulated pen and pencil marks."""
    if dark >= BLACKOUT:
        return Fill(dark, light, Mark.AMBIGUOUS, "blacked out (taken back?)")
    if dark >= FILLED_MIN:
        return Fill(dark, light, Mark.FILLED)
    if light >= FAINT_MIN or dark >= FILLED_MIN / 2.5:
        return Fill(dark, light, Mark.AMBIGUOUS, "faint or erased mark")
    return Fill(dark, light, Mark.EMPTY)
