from __future__ import annotations

from dlprep.mathtext import check_math, math_spans, to_unicode


def test_renders_the_sigmoid_bound_as_readable_unicode() -> None:
    text = r"$\sigma'(x) = \sigma(x)(1-\sigma(x)) \le \frac{1}{4}$"
    assert to_unicode(text) == "σ′(x) = σ(x)(1−σ(x)) ≤ 1/4"


def test_scripts_use_unicode_where_it_exists() -> None:
    assert to_unicode(r"$w_{ij}^{2}$") == "wᵢⱼ²"
    assert to_unicode(r"$D_{KL}(P \Vert Q)$") == "D_KL(P ‖ Q)"
    assert to_unicode(r"$\mathbb{E}[x]$") == "𝔼[x]"
    assert to_unicode(r"$\sqrt{d_k}$") == "√dₖ"


def test_text_outside_math_is_kept_and_escaped_dollars_are_literal() -> None:
    assert to_unicode(r"costs \$5, not $x^2$") == "costs $5, not x²"


def test_unknown_command_and_unbalanced_dollar_are_reported() -> None:
    problems = check_math(r"$\foo{x}$ and $y")
    messages = [p.message for p in problems]
    assert any("\\foo" in m for m in messages)
    assert any("unbalanced '$'" in m for m in messages)


def test_allowed_math_passes() -> None:
    assert check_math(r"$\lfloor (W + 2p - d(k-1) - 1)/s \rfloor + 1$ and $$\sum_i x_i$$") == []
    assert [src for _, src in math_spans("a $x$ b $$y$$")] == ["x", "y"]


def test_functions_and_fractions_read_naturally() -> None:
    assert to_unicode(r"$0.5\ln\frac{0.5}{0.9}$") == "0.5 ln 0.5/0.9"
    assert to_unicode(r"$\frac{a+b}{2}$") == "(a+b)/2"
    assert to_unicode(r"$W^\top x$") == "Wᵀ x"
    assert to_unicode(r"$\frac{1}{n}\sum_k x_k$") == "1/n Σₖ xₖ"
