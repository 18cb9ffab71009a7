"""Where a session meets the person: plain lines for pipes and `--plain`, colour in a terminal.

Both read one line at a time, so the same keys work everywhere and a piped session is a file of
answers. End of input reads as None: the session saves and ends.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

from dlprep.quiz.messages import message

__all__ = ["AnsiTerminal", "PlainTerminal", "Terminal"]


class Terminal(Protocol):
    interactive: bool

    def card(self, header: str, body: str, hint: str) -> None: ...
    def verdict(self, correct: bool | None, text: str) -> None: ...
    def say(self, text: str, style: str = "") -> None: ...
    def read(self, prompt: str) -> str | None: ...


class PlainTerminal:
    """Plain text on stdout, answers one per line from stdin; lines are left whole for scripts."""

    interactive = False

    def __init__(self, out: TextIO | None = None, source: TextIO | None = None, lang: str = "en") -> None:
        self.out = out or sys.stdout
        self.source = source or sys.stdin
        self.lang = lang

    def card(self, header: str, body: str, hint: str) -> None:
        self.out.write(f"\n== {header}\n{body}\n({hint})\n")

    def verdict(self, correct: bool | None, text: str) -> None:
        key = {True: "plain-right", False: "plain-wrong", None: "plain-answer"}[correct]
        self.out.write(f"{message(key, self.lang)}: {text}\n")

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


class AnsiTerminal:
    """A terminal: a coloured rule for each card, green/red verdicts, and the line editor for input.

    Plain ANSI escapes rather than rich panels: rich's console costs ~30 ms to import, a fifth of
    the time to the first card. Text is wrapped to the terminal's width by `wrap.wrap_block` (by
    display width, at Unicode line-break opportunities, choices with hanging indents), read again
    at every card so a resized window is followed. NO_COLOR (https://no-color.org) and TERM=dumb
    turn the colours off.
    """

    interactive = True

    def __init__(self, out: TextIO | None = None, lang: str = "en") -> None:
        import contextlib
        import os

        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - gives input() line editing and history
        self.out = out or sys.stdout
        self.lang = lang
        self.color = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def _width(self) -> int:
        import shutil

        return max(20, min(shutil.get_terminal_size((80, 24)).columns, 100) - 1)

    def _wrap(self, text: str) -> str:
        from dlprep.quiz.wrap import wrap_block

        return wrap_block(text, self._width())

    def _style(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and code else text

    def card(self, header: str, body: str, hint: str) -> None:
        from dlprep.quiz.wrap import display_width as columns

        width = self._width()
        if columns(header) + 7 <= width:
            rule = f"── {header} " + "─" * max(3, width - columns(header) - 4)
        else:  # too long for one rule (both languages on a narrow screen): a rule, then the header
            rule = "─" * width + "\n" + self._wrap(header)
        hint_text = self._wrap("(" + hint + ")")
        self.out.write(f"\n{self._style(rule, '1;36')}\n{self._wrap(body)}\n{self._style(hint_text, '2')}\n")

    def verdict(self, correct: bool | None, text: str) -> None:
        key = {True: "right", False: "wrong", None: ""}[correct]
        mark = message(key, self.lang) if key else "→"
        code = {True: "1;32", False: "1;31", None: "1"}[correct]
        lines = self._wrap(f"{mark}  {text}").split("\n")
        lines[0] = self._style(mark, code) + lines[0][len(mark) :]
        self.out.write("\n".join(lines) + "\n")

    def say(self, text: str, style: str = "") -> None:
        code = {"dim": "2", "yellow": "33"}.get(style, "")
        self.out.write(self._style(self._wrap(text), code) + "\n")

    def read(self, prompt: str) -> str | None:
        self.out.flush()
        try:
            return input(self._style(prompt, "1;36"))
        except EOFError:
            self.out.write("\n")
            return None
