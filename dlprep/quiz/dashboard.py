"""`quiz stats` in the terminal: rich tables and small charts, because people would rather look than read."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlprep.quiz.charts import bar, columns
from dlprep.quiz.stats import Stats

__all__ = ["print_stats"]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _chart(title: str, values: list[int], first: str, last: str) -> Group:
    lines = columns(values, height=4)
    width = len(values)
    axis = first + last.rjust(width - len(first))
    return Group(
        Text(f"{title} (max {max(values, default=0)})", style="bold"),
        *(Text(line, style="cyan") for line in lines),
        Text(axis, style="dim"),
    )


def print_stats(stats: Stats, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    summary = Table.grid(padding=(0, 2))
    summary.add_row("reviews", str(stats.reviews_total), "streak", f"{stats.streak_days} day(s)")
    summary.add_row(
        "true retention (30 days)",
        _percent(stats.retention_30_days),
        "all time",
        f"{_percent(stats.retention_all_time)} of {stats.retention_reviews} review(s)",
    )
    summary.add_row("due in 7 days", str(stats.due_next_7_days), "in 30 days", str(stats.due_next_30_days))
    console.print(Panel(summary, title=f"quiz stats · {stats.today.isoformat()}", title_align="left"))

    per_day = [n for _, n in stats.reviews_per_day]
    forecast = [n for _, n in stats.forecast]
    console.print(_chart("reviews per day, last 30 days", per_day, "-29d", "today"))
    console.print(_chart("due per day, next 30 days", forecast, "today", "+29d"))

    topics = Table(title="mastery by topic (FSRS recall probability now, unseen = 0)", title_justify="left")
    for name, justify in (("topic", "left"), ("seen", "right"), ("mature", "right"), ("mastery", "left")):
        topics.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in stats.topics:
        topics.add_row(
            row["topic"],
            f"{row['seen']}/{row['questions']}",
            str(row["mature"]),
            f"{bar(row['mastery'])} {row['mastery']:.0%}",
        )
    console.print(topics)

    if stats.leeches:
        leeches = Table(
            title="leeches (8 lapses or more: rewrite the card or study the topic)", title_justify="left"
        )
        leeches.add_column("question")
        leeches.add_column("topic")
        leeches.add_column("lapses", justify="right")
        for leech in stats.leeches:
            leeches.add_row(leech["id"], leech["topic"], str(leech["lapses"]))
        console.print(leeches)
    else:
        console.print(Text("no leeches", style="dim"))
    if stats.orphaned:
        console.print(Text(f"{stats.orphaned} orphaned card(s): quiz prune drops them", style="yellow"))
