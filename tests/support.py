"""Helpers shared by test modules: reading HTML as a browser would, and every printable bank text."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

from dlprep.bank import Bank
from dlprep.instance import instantiate
from dlprep.mathtext import ACCENTS, STRUCTURES
from dlprep.question import Bilingual, ShortAnswer

__all__ = ["HtmlReader", "read_html", "bank_texts", "command_sample"]


class HtmlReader(HTMLParser):
    """What a browser would read: the text, the tags it met and their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(markup: str) -> tuple[str, list[str]]:
    """The text and the tags of `markup`."""
    reader = HtmlReader()
    reader.feed(markup)
    reader.close()
    return "".join(reader.text), reader.tags


def bank_texts(bank: Bank, seeds: tuple[int, ...] = (0, 1)) -> set[str]:
    """Every text a sheet or key can print, for each seed: prompts, explanations, choices,
    rubric points, open answers and short answers, both languages."""
    texts: set[str] = set()
    for question in bank.questions.values():
        for seed in seeds:
            instance = instantiate(question, seed)
            bilinguals = [instance.prompt, instance.explanation, *(c.text for c in instance.choices)]
            bilinguals += [point.text for point in question.rubric]
            if isinstance(instance.answer, Bilingual):
                bilinguals.append(instance.answer)
            for text in bilinguals:
                texts.update((text.zh, text.en))
            if isinstance(instance.answer, ShortAnswer):
                texts.update(instance.answer.accepted())
    return texts


def command_sample(command: str) -> str:
    """A small lint-clean formula that uses `command`."""
    if command in STRUCTURES:
        return {
            "frac": r"\frac{a}{b}",
            "tfrac": r"\tfrac{a}{b}",
            "dfrac": r"\dfrac{a}{b}",
            "sqrt": r"\sqrt{x}",
            "mathbb": r"\mathbb{R}",
        }[command]
    if command in ACCENTS or command in ("mathbf", "mathrm", "text", "operatorname", "mathcal"):
        return f"\\{command}{{x}}"
    if command in ("left", "right"):
        return r"\left( x \right)"
    if command in ("big", "Big"):
        return f"\\{command}( x \\{command})"
    return f"a \\{command} b" if command.isalpha() else f"a\\{command}b"


def _ancestry(pid: str) -> list[tuple[str, bytes]]:
    """(pid, cmdline) from ``pid`` up to PID 1."""
    chain = []
    while pid not in ("0", ""):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            stat = Path(f"/proc/{pid}/stat").read_bytes()
        except OSError:
            break
        chain.append((pid, cmdline))
        pid = stat.rsplit(b")", 1)[1].split()[1].decode()
    return chain


def sandbox_processes() -> list[str]:
    """Processes still running the sandbox's runtime that are ours: our descendants, or orphans whose
    chain up to PID 1 is sandbox processes only (the machine is shared: another checkout's sandboxes,
    under their own test run, are not ours)."""
    me = str(os.getpid())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        chain = _ancestry(entry.name)
        if not chain or b"runtime.py" not in chain[0][1] or b"pytest" in chain[0][1]:
            continue
        above = chain[1:]
        ours = any(pid == me for pid, _ in above)
        orphan = all(b"runtime.py" in cmd or cmd.startswith(b"bwrap") for pid, cmd in above if pid != "1")
        if ours or orphan:
            found.append(f"{entry.name}: {chain[0][1][:120]!r}")
    return found
