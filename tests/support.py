"""Helpers shared by test modules: reading HTML as a browser would, and every printable bank text."""

from __future__ import annotations

from html.parser import HTMLParser

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
