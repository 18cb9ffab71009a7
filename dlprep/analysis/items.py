"""Classical test theory on a score matrix: what instructors read after an exam.

Per item: difficulty (mean share of the points earned: the share correct for right/wrong items),
point-biserial discrimination (the Pearson correlation of the item's score with the total of the
*other* items, so an item does not correlate with itself), and the upper-lower index (difficulty
among the top 27% by total minus among the bottom 27%). Per exam: mean, standard deviation and
reliability: Cronbach's alpha, which for right/wrong items is KR-20. Variances are population
variances (divide by n), as in KR-20's p*q.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["ItemStats", "ExamStats", "item_stats", "exam_stats"]

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ItemStats:
    difficulty: float
    point_biserial: float | None  # None when the item or the rest does not vary
    upper_lower: float


@dataclass(frozen=True)
class ExamStats:
    students: int
    mean: float
    sd: float
    reliability: float | None
    reliability_name: str  # "KR-20" or "Cronbach's alpha"


def _corr(a: Matrix, b: Matrix) -> float | None:
    if a.std() == 0 or b.std() == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def item_stats(scores: Matrix, maxima: Matrix) -> list[ItemStats]:
    """`scores`: students x items, in points; `maxima`: each item's points."""
    n = scores.shape[0]
    fraction = scores / maxima
    totals = scores.sum(axis=1)
    order = np.argsort(-totals, kind="stable")
    group = max(1, math.ceil(0.27 * n))
    upper, lower = order[:group], order[-group:]
    out = []
    for j in range(scores.shape[1]):
        rest = totals - scores[:, j]
        out.append(
            ItemStats(
                float(fraction[:, j].mean()),
                _corr(fraction[:, j], rest),
                float(fraction[upper, j].mean() - fraction[lower, j].mean()),
            )
        )
    return out


def exam_stats(scores: Matrix, maxima: Matrix) -> ExamStats:
    n, k = scores.shape
    totals = scores.sum(axis=1)
    dichotomous = bool(np.all(np.isin(scores / maxima, (0.0, 1.0))))
    name = "KR-20" if dichotomous else "Cronbach's alpha"
    total_var = float(totals.var())
    reliability = None
    if k > 1 and total_var > 0:
        reliability = k / (k - 1) * (1 - float(scores.var(axis=0).sum()) / total_var)
    return ExamStats(n, float(totals.mean()), float(totals.std()), reliability, name)
