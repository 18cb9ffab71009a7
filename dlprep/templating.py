"""Jinja2 templates for parametric prompts: strict about undefined names, friendly with numbers."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import meta

__all__ = ["TemplateProblem", "fmt_num", "placeholders", "render", "has_template_syntax"]


class TemplateProblem(Exception):
    """A template that does not parse or uses a name it was not given."""


def fmt_num(value: Any, digits: int = 4) -> str:
    """A number with at most `digits` decimals and no trailing zeros: 0.5108, 12, -3.25."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("0", "-0") and value != 0:
        return f"{value:.{digits}g}" if abs(value) >= 1e-300 else "0"
    return text


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters["num"] = fmt_num
    return env


_ENV = _environment()


def has_template_syntax(text: str) -> bool:
    return "{{" in text or "{%" in text


@lru_cache(maxsize=4096)
def placeholders(source: str) -> frozenset[str]:
    """Names a template reads from its context; raises TemplateProblem if it does not parse."""
    try:
        return frozenset(meta.find_undeclared_variables(_ENV.parse(source)))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}") from None


@lru_cache(maxsize=4096)
def _compiled(source: str) -> jinja2.Template:
    return _ENV.from_string(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render `source` with `context`; a missing name raises TemplateProblem."""
    try:
        return _compiled(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"template uses an undefined name: {exc.message}") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise TemplateProblem(f"template could not be rendered: {exc}") from None
