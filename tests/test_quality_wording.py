"""Positional, cross-question and note-citing phrases are found in both languages, and only those."""

from __future__ import annotations

import pytest

from dlprep.quality.wording import cross_question, note_citation, positional_reference


@pytest.mark.parametrize(
    "text",
    [
        "The first option swaps min and max.",
        "the last two choices are wrong",
        "Option B describes an autoencoder.",
        "choices A and C hold",
        "(C) is the trap.",
        "Both. (B) and (D) hold.",
        "The third statement is backwards.",
        "none of the above",
        "第一项把 min 和 max 弄反了",
        "第二个选项描述的是自编码器",
        "选项B错误",
        "B 项不对",
        "前两项说反了",
        "最后一个选项的理由是错的",
        "以上都不对",
        "应选 C",
    ],
)
def test_positional_references_are_found(text: str) -> None:
    assert positional_reference(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the other options confuse how much data is used",
        "The option saying the loss is bounded is wrong.",
        "batch (N), channels (C), height (H)",
        "$C(G) = -\\log 4$ and $\\sigma(a)$",
        "write `the first option` in code",  # inside code
        "the first term of the loss",
        "ELBO 的第一项是重构项",
        "式中第二项",
        "第二项 $\\mathbb{E}_z[\\log(1-D(G(z)))]$ 只依赖生成器",
        "泰勒展开的前两项",
        "BCE 项与 KL 项",
        "选择 Adam 优化器",
        "第 $i$ 项含 $w$",
    ],
)
def test_look_alikes_are_not_positional(text: str) -> None:
    assert positional_reference(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Swap the two distributions of the previous question.",
        "as in the next question",
        "see question 3",
        "把上题的两个分布交换",
        "与上一题的容易样本相比",
        "下一题会用到",
        "参见第3题",
        "第 12 题",
    ],
)
def test_cross_question_references_are_found(text: str) -> None:
    assert cross_question(text), text


@pytest.mark.parametrize(
    "text", ["本题使用 PyTorch 的约定", "以下题目", "this question", "the question asks"]
)
def test_this_question_is_not_another(text: str) -> None:
    assert cross_question(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "note 002 is wrong",
        "Notes 001 writes",
        "as lecture notes 3 put it",
        "笔记 002 说",
        "002 号笔记",
        "讲义001",
    ],
)
def test_note_citations_by_number_are_found(text: str) -> None:
    assert note_citation(text), text


@pytest.mark.parametrize(
    "text", ["Note that the loss is convex.", "笔记里的说法不准确", "000 卷积神经网络", "3 notes"]
)
def test_mentions_without_a_number_are_not_citations(text: str) -> None:
    assert note_citation(text) == [], text
