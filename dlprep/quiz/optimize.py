"""`quiz optimize`: FSRS parameters fitted to the student's own review log.

py-fsrs's `Optimizer` (the `fsrs[optimizer]` extra: torch, pandas) fits the 21 parameters by
gradient descent on the log-loss of predicted recall. Its import is here only, so the drill never
loads torch. We score the default and the fitted parameters on the same reviews (log-loss and RMSE
of the predicted probability of recall against what happened) and keep the fitted ones only when
they predict better.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, ReviewLog, Scheduler

from dlprep.quiz.store import ReviewRow, Store

__all__ = ["MIN_REVIEWS", "Fit", "evaluate", "fit_parameters", "optimize_store", "review_logs"]

MIN_REVIEWS = 512  # reviews a day or more after the last: fewer, and py-fsrs returns the defaults


@dataclass(frozen=True)
class Fit:
    log_loss: float
    rmse: float
    predictions: int


def review_logs(rows: Sequence[ReviewRow]) -> list[ReviewLog]:
    """Our review rows as py-fsrs review logs (cards numbered by first appearance)."""
    ids: dict[str, int] = {}
    logs = []
    for row in rows:
        card_id = ids.setdefault(row.qid, len(ids) + 1)
        logs.append(ReviewLog(card_id, Rating(row.rating), row.reviewed_at, row.duration_ms))
    return logs


def evaluate(parameters: Sequence[float] | None, logs: Sequence[ReviewLog]) -> Fit:
    """Replay each card's reviews and score the recall predicted before each one that comes a day
    or more after the last (as the optimizer does): log-loss and RMSE, over those reviews."""
    scheduler = Scheduler(parameters=tuple(parameters)) if parameters else Scheduler()
    by_card: dict[int, list[ReviewLog]] = {}
    for log in logs:
        by_card.setdefault(log.card_id, []).append(log)
    loss = square = 0.0
    count = 0
    for history in by_card.values():
        history.sort(key=lambda log: log.review_datetime)
        card: Card | None = None
        for log in history:
            at: datetime = log.review_datetime
            if card is None:
                card = Card(card_id=log.card_id, due=at)
            elif card.last_review and (at - card.last_review).days > 0:
                p = min(max(float(scheduler.get_card_retrievability(card, at)), 1e-6), 1 - 1e-6)
                y = 0.0 if log.rating == Rating.Again else 1.0
                loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
                square += (p - y) ** 2
                count += 1
            card, _ = scheduler.review_card(card, log.rating, at)
    if not count:
        return Fit(float("nan"), float("nan"), 0)
    return Fit(loss / count, math.sqrt(square / count), count)


def fit_parameters(logs: Sequence[ReviewLog]) -> list[float]:
    """py-fsrs's optimizer on these reviews (imports torch)."""
    try:
        from fsrs import Optimizer
    except ImportError:  # pragma: no cover - the extra is a dependency of dlprep
        raise RuntimeError("quiz optimize needs fsrs[optimizer] (torch, pandas)") from None
    return [float(v) for v in Optimizer(list(logs)).compute_optimal_parameters()]


def optimize_store(store: Store, *, with_retention: bool = False, lang: str = "en") -> list[str]:
    """Fit, compare, keep the better parameters in the store's settings; the lines to print, in `lang`."""
    from dlprep.quiz.messages import message

    rows = store.reviews(kind="scheduled")
    logs = review_logs(rows)
    before = evaluate(None, logs)
    if before.predictions < MIN_REVIEWS:
        more = MIN_REVIEWS - before.predictions
        return [
            message(
                "optimize-too-few",
                lang,
                reviews=len(rows),
                usable=before.predictions,
                needed=MIN_REVIEWS,
                more=more,
            )
        ]
    fitted = fit_parameters(logs)
    after = evaluate(fitted, logs)
    lines = [
        message("optimize-reviews", lang, reviews=len(rows), usable=after.predictions),
        message("optimize-default", lang, loss=f"{before.log_loss:.4f}", rmse=f"{before.rmse:.4f}"),
        message("optimize-fitted", lang, loss=f"{after.log_loss:.4f}", rmse=f"{after.rmse:.4f}"),
    ]
    if after.log_loss < before.log_loss:
        store.set_setting("fsrs_parameters", json.dumps(fitted))
        lines.append(message("optimize-better", lang))
    else:
        lines.append(message("optimize-not-better", lang))
    if with_retention:
        from fsrs import Optimizer

        retention = float(Optimizer(logs).compute_optimal_retention(fitted))  # type: ignore[arg-type]
        lines.append(message("optimize-retention", lang, retention=f"{retention:.2f}"))
    return lines
