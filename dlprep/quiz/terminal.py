"""Where a session meets the person: plain lines for pipes and `--plain`, rich panels in a terminal.

Both read one line at a time, so the same keys work everywhere and a piped session is a file of
answers. End of input reads as None: the session saves and ends.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

__all__ = ["PlainTerminal", "RichTerminal", "Terminal"]


class Terminal(Protocol):
    interactive: bool

    def card(self, header: str, body: str, hint: str) -> None: ...
    def verdict(self, correct: bool | None, text: str) -> None: ...
    def say(self, text: str, style: str = "") -> None: ...
    def read(self, prompt: str) -> str | None: ...


class PlainTerminal:
    """Plain text on stdout, answers one per line from stdin."""

    interactive = False

    def __init__(self, out: TextIO | None = None, source: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.source = source or sys.stdin

    def card(self, header: str, body: str, hint: str) -> None:
        self.out.write(f"\n== {header}\n{body}\n({hint})\n")

    def verdict(self, correct: bool | None, text: str) -> None:
        mark = {True: "RIGHT", False: "WRONG", None: "ANSWER"}[correct]
        self.out.write(f"{mark}: {text}\n")

    def say(self, text: str, style: str = "") -> None:
        self.out.write(text + "\n")

    def read(self, prompt: str) -> str | None:
        self.out.write(prompt)
        self.out.flush()
        line = self.source.readline()
        if not line:
            self.out.write("\n")
            return None
        line = line.rstrip("\r\n")
        if not self.source.isatty():
            self.out.write(line + "\n")  # echo piped answers so the transcript reads like a session
        return line


class RichTerminal:
    """Panels and colour through rich; input through the line editor (arrow keys, history)."""

    interactive = True

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False)

    def card(self, header: str, body: str, hint: str) -> None:
        from rich.panel import Panel
        from rich.text import Text

        self.console.print()
        self.console.print(
            Panel(Text(body), title=header, title_align="left", subtitle=hint, subtitle_align="right")
        )

    def verdict(self, correct: bool | None, text: str) -> None:
        from rich.text import Text

        mark, style = {True: ("✓ right", "bold green"), False: ("✗ wrong", "bold red"), None: ("→", "bold")}[
            correct
        ]
        line = Text(f"{mark}  ", style=style)
        line.append(text)
        self.console.print(line)

    def say(self, text: str, style: str = "") -> None:
        from rich.text import Text

        self.console.print(Text(text, style=style))

    def read(self, prompt: str) -> str | None:
        try:
            return self.console.input(f"[bold cyan]{prompt}[/]")
        except EOFError:
            self.console.print()
            return None
