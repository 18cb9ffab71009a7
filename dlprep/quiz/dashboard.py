"""`quiz stats` in the terminal: rich tables and small charts, because people would rather look than read."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlprep.quiz.charts import bar, columns
from dlprep.quiz.messages import message
from dlprep.quiz.stats import Stats

__all__ = ["print_stats"]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _chart(title: str, values: list[int], first: str, last: str) -> Group:
    lines = columns(values, height=4)
    width = len(values)
    axis = first + " " * max(1, width - cell_len(first) - cell_len(last)) + last
    return Group(
        Text(title, style="bold"),
        *(Text(line, style="cyan") for line in lines),
        Text(axis, style="dim"),
    )


def print_stats(stats: Stats, lang: str = "en", console: Console | None = None) -> None:
    """The dashboard, its words in `lang` (zh, en or both)."""
    console = console or Console(highlight=False)

    def say(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    summary = Table.grid(padding=(0, 2))
    summary.add_row(
        say("stats-reviews"),
        str(stats.reviews_total),
        say("stats-streak"),
        say("stats-days", n=stats.streak_days),
    )
    summary.add_row(
        say("stats-retention-30"),
        _percent(stats.retention_30_days),
        say("stats-retention-all"),
        say("stats-of-reviews", percent=_percent(stats.retention_all_time), n=stats.retention_reviews),
    )
    summary.add_row(
        say("stats-due-7"), str(stats.due_next_7_days), say("stats-due-30"), str(stats.due_next_30_days)
    )
    console.print(Panel(summary, title=say("stats-title", day=stats.today.isoformat()), title_align="left"))

    per_day = [n for _, n in stats.reviews_per_day]
    forecast = [n for _, n in stats.forecast]
    today = say("stats-today")
    console.print(_chart(say("stats-chart-reviews", top=max(per_day, default=0)), per_day, "-29d", today))
    console.print(_chart(say("stats-chart-due", top=max(forecast, default=0)), forecast, today, "+29d"))

    topics = Table(title=say("stats-mastery-title"), title_justify="left")
    for key, justify in (("list-topic", "left"), ("stats-seen", "right"), ("list-mature", "right")):
        topics.add_column(say(key), justify=justify)  # type: ignore[arg-type]
    topics.add_column(say("stats-mastery"), justify="left")
    for row in stats.topics:
        topics.add_row(
            row["topic"],
            f"{row['seen']}/{row['questions']}",
            str(row["mature"]),
            f"{bar(row['mastery'])} {row['mastery']:.0%}",
        )
    console.print(topics)

    if stats.leeches:
        leeches = Table(title=say("stats-leeches-title"), title_justify="left")
        leeches.add_column(say("stats-question"))
        leeches.add_column(say("list-topic"))
        leeches.add_column(say("stats-lapses"), justify="right")
        for leech in stats.leeches:
            leeches.add_row(leech["id"], leech["topic"], str(leech["lapses"]))
        console.print(leeches)
    else:
        console.print(Text(say("stats-no-leeches"), style="dim"))
    if stats.orphaned:
        console.print(Text(say("stats-orphaned", count=stats.orphaned), style="yellow"))
