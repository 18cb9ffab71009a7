"""Jinja2 templates for parametric prompts: strict about undefined names, friendly with numbers.

Bank texts are long prose with a few `{{ ... }}` expressions, and Jinja's cost grows with the
length of the text it lexes and compiles. Texts without `{% %}` blocks are therefore handled as
their expressions alone: one small template holds just the expressions, joined by a separator,
and the rendered values are spliced back between the untouched prose. Expression semantics stay
Jinja's own; texts with blocks go through Jinja whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import nodes

from dlprep.numfmt import fmt_num, fmt_sig

__all__ = ["TemplateProblem", "fmt_num", "fmt_sig", "placeholders", "render", "has_template_syntax"]


class TemplateProblem(Exception):
    """A template that does not parse or uses a name it was not given."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters["num"] = fmt_num
    env.filters["sig"] = fmt_sig
    return env


_ENV = _environment()
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)
_SEPARATOR = "\x1f"


def _split(source: str) -> tuple[list[str], list[str]] | None:
    """(prose pieces, expressions) of a block-free text, or None when Jinja must see it whole."""
    if any(marker in source for marker in ("{%", "{#", "{{-", "-}}")):
        return None
    parts = _EXPRESSION.split(source.replace("\r\n", "\n").replace("\r", "\n"))  # as Jinja does
    return parts[0::2], parts[1::2]


def _expressions_only(expressions: list[str]) -> str:
    return _SEPARATOR.join("{{" + expression + "}}" for expression in expressions)


def has_template_syntax(text: str) -> bool:
    return "{{" in text or "{%" in text


@lru_cache(maxsize=4096)
def placeholders(source: str) -> frozenset[str]:
    """Names a template reads from its context; raises TemplateProblem if it does not parse."""
    split = _split(source)
    if split is not None:
        return _expression_names(tuple(split[1]))
    try:
        tree = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}") from None
    return _read_names(tree)


def _read_names(tree: nodes.Template) -> frozenset[str]:
    """Names a template reads but never sets: `meta.find_undeclared_variables` without its code generator.

    Our bank templates set a name (`{% set %}`, `{% for %}`) before they read it, so any name
    that is ever stored counts as local; Jinja's globals (`range`, `namespace`) and `loop` too.
    """
    loaded: set[str] = set()
    stored: set[str] = set()
    for name in tree.find_all(nodes.Name):
        (loaded if name.ctx == "load" else stored).add(name.name)
    if any(True for _ in tree.find_all(nodes.For)):
        stored.add("loop")
    return frozenset(loaded - stored - set(_ENV.globals))


_LITERAL = r"""(?:'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?)"""
_SIMPLE = re.compile(
    rf"""\s*([A-Za-z_]\w*)(?:\[\d+\]|\.[A-Za-z_]\w*)*\s*"""
    rf"""(?:\|\s*[A-Za-z_]\w*\s*(?:\(\s*(?:{_LITERAL}\s*(?:,\s*{_LITERAL}\s*)*)?\))?\s*)*"""
)


@lru_cache(maxsize=4096)
def _expression_names(expressions: tuple[str, ...]) -> frozenset[str]:
    """Names read by bare expressions: without blocks nothing can assign, so every Name is read.

    Most bank expressions are a name with filters (`{{ answer|num(3) }}`); a regular expression
    reads those in microseconds, where Jinja's parser takes a millisecond per text.
    """
    simple = [_SIMPLE.fullmatch(expression) for expression in expressions]
    if all(simple):
        return frozenset(match.group(1) for match in simple if match)
    try:
        tree = _ENV.parse(_expressions_only(list(expressions)))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}") from None
    return frozenset(node.name for node in tree.find_all(nodes.Name))


@lru_cache(maxsize=4096)
def _compiled(source: str) -> jinja2.Template:
    return _ENV.from_string(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render `source` with `context`; a missing name raises TemplateProblem."""
    split = _split(source)
    try:
        if split is None:
            return _compiled(source).render(**context)
        prose, expressions = split
        if not expressions:
            return prose[0]
        values = _compiled(_expressions_only(expressions)).render(**context).split(_SEPARATOR)
        if len(values) != len(expressions):  # a value that itself contains the separator
            return _compiled(source).render(**context)
        return "".join(piece + value for piece, value in zip(prose, [*values, ""], strict=True))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"template uses an undefined name: {exc.message}") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise TemplateProblem(f"template could not be rendered: {exc}") from None
