"""The item-quality figures as text for the terminal (`exam lint --quality`)."""

from __future__ import annotations

from collections.abc import Sequence

from dlprep.quality.figures import GOAL_GAP, TypeFigures

__all__ = ["figures_text"]

_LANG = {"zh": "Chinese", "en": "English"}


def _percent(share: float) -> str:
    return f"{share * 100:5.1f}%"


def _block(f: TypeFigures) -> list[str]:
    kind = "single choice" if f.type == "single" else "multiple choice"
    ticks = f"; the test-wise student ticks the {f.ticks} top-ranked" if f.ticks is not None else ""
    lines = [f"{kind}, {_LANG.get(f.lang, f.lang)} ({f.lang}): {f.questions} questions{ticks}"]
    for name, score in f.strategies.items():
        lines.append(f"  {name:<17}{_percent(score)}")
    verdict = "ok" if f.gap <= GOAL_GAP else f"over the goal of {GOAL_GAP * 100:.0f}"
    lines.append(f"  {'chance':<17}{_percent(f.chance)}")
    lines.append(f"  {'test-wise':<17}{_percent(f.testwise)}  gap {f.gap * 100:+.1f} points ({verdict})")
    total = sum(f.correct_counts.values())
    if f.type == "multiple":
        counts = ", ".join(f"{k}: {v} ({v / total:.0%})" for k, v in sorted(f.correct_counts.items()))
        lines.append(f"  {'correct choices':<17}{counts}")
    ratio = "n/a" if f.length_ratio is None else f"{f.length_ratio:.2f}"
    lines.append(f"  {'length ratio':<17}{ratio} (mean correct-choice length / mean distractor length)")
    lines.extend(f"  warning: {w}" for w in f.warnings)
    return lines


def figures_text(figures: Sequence[TypeFigures]) -> str:
    """One block per type and language; an empty bank says so."""
    if not figures:
        return "no single- or multiple-choice questions: no item-quality figures"
    blocks = ["\n".join(_block(f)) for f in figures]
    return "\n\n".join(blocks)
