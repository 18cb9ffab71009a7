from __future__ import annotations

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlprep.templating import TemplateProblem, fmt_num, placeholders, render


def test_placeholders_of_plain_and_block_templates() -> None:
    assert placeholders("a {{ W }} b {{ P|join(', ') }} {{ x|num(3) }}") == {"W", "P", "x"}
    assert placeholders("{% if k %}{{ z }}{% endif %}") == {"k", "z"}


def test_undefined_name_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(TemplateProblem, match="undefined"):
        render("value {{ missing }}", {})


def test_syntax_error_is_reported() -> None:
    with pytest.raises(TemplateProblem, match="syntax"):
        placeholders("{{ W + }}")


def test_fmt_num() -> None:
    assert fmt_num(0.5108256237659907) == "0.5108"
    assert fmt_num(3.0) == "3"
    assert fmt_num(12) == "12"
    assert fmt_num(-0.25, 1) == "-0.2"
    assert fmt_num(3.2e-7) == "3.2e-07"
    assert fmt_num(True) == "True"


prose = st.text(alphabet=st.characters(blacklist_characters="{}%#\x1f"), max_size=40)


@given(
    pieces=st.lists(prose, min_size=1, max_size=4),
    values=st.lists(st.integers() | st.floats(allow_nan=False), min_size=3, max_size=3),
)
def test_fast_path_renders_exactly_like_jinja(pieces: list[str], values: list[float]) -> None:
    expressions = ["{{ a }}", "{{ b|num }}", "{{ c * 2 }}"]
    source = "".join(p + expressions[i % 3] for i, p in enumerate(pieces))
    context = dict(zip("abc", values, strict=True))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["num"] = fmt_num
    assert render(source, context) == env.from_string(source).render(**context)
