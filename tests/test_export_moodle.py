"""Moodle XML: read back with ElementTree and checked against what Moodle's importer requires."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep.bank import Bank, load_bank
from dlprep.export import ExportItem, export_items
from dlprep.export.moodle import MOODLE_FRACTIONS, choice_fractions, moodle_number, moodle_xml

# Moodle's fraction options in percent, as its editing form lists them (question_bank::fraction_options_full)
MOODLE_LIST = {
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
    11.11111, 10, 5, 0,
}  # fmt: skip
ACCEPTED = MOODLE_LIST | {-f for f in MOODLE_LIST}
QTYPES = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
          "numeric": "numerical", "short": "shortanswer", "open": "essay"}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")

SMALL_BANK = r"""
topic:
  id: small
  title: {zh: 小题库, en: Small bank}
questions:
  - id: small-multi
    type: multiple
    difficulty: hard
    points: 3
    tags: [sets]
    source: "000 demo"
    prompt: {zh: '哪些正确？ ]]> $a<b$', en: 'Which hold? ]]> $a<b$'}
    choices:
      - {zh: 甲, en: one, correct: true}
      - {zh: 乙, en: two, correct: true}
      - {zh: 丙, en: three, correct: true}
      - {zh: 丁, en: four}
      - {zh: 戊, en: five}
    explanation: {zh: '前三个。', en: 'The first three.'}
  - id: small-tf
    type: truefalse
    difficulty: easy
    source: "000 demo"
    answer: false
    prompt: {zh: 对吗？, en: True?}
    explanation: {zh: 不对。, en: No.}
  - id: small-short
    type: short
    difficulty: easy
    source: "000 demo"
    answer: {zh: ['7*7*30', 七乘七], en: ['7*7*30', seven by seven]}
    prompt: {zh: 形状？, en: Shape?}
    explanation: {zh: 见笔记。, en: See the notes.}
  - id: small-open
    type: open
    difficulty: medium
    points: 3
    source: "000 demo"
    prompt: {zh: 解释过拟合。, en: Explain overfitting.}
    answer: {zh: 训练误差低而测试误差高。, en: Low training error but high test error.}
    rubric:
      - {zh: 定义, en: definition, points: 2}
      - {zh: 例子, en: an example, points: 1}
    explanation: {zh: 略。, en: Omitted.}
"""


@pytest.fixture(scope="module")
def bank_items(bank: Bank) -> list[ExportItem]:
    return export_items(list(bank.questions.values()))


@pytest.fixture(scope="module")
def quiz(bank: Bank, bank_items: list[ExportItem]) -> ET.Element:
    return ET.fromstring(moodle_xml(bank_items, lang="both", topics=bank.topics).encode())


def _questions(root: ET.Element) -> list[ET.Element]:
    return [q for q in root.iter("question") if q.get("type") != "category"]


def _small(write_bank: Callable[[str], Path], lang: str = "both") -> dict[str, ET.Element]:
    bank = load_bank([write_bank(SMALL_BANK + VALID_BANK.split("questions:\n", 1)[1])]).require_clean()
    root = ET.fromstring(
        moodle_xml(export_items(list(bank.questions.values())), lang=lang, topics=bank.topics)
    )
    return {q.findtext("idnumber", ""): q for q in _questions(root)}


def _fractions(question: ET.Element) -> list[float]:
    return [float(a.get("fraction", "nan")) for a in question.findall("answer")]


def test_every_item_is_one_question_with_name_unique_idnumber_and_html_text(
    quiz: ET.Element, bank_items: list[ExportItem]
) -> None:
    questions = _questions(quiz)
    assert sorted(q.findtext("idnumber", "") for q in questions) == sorted(item.key for item in bank_items)
    assert len({q.findtext("idnumber") for q in questions}) == len(bank_items)
    by_key = {item.key: item for item in bank_items}
    for q in questions:
        item = by_key[q.findtext("idnumber", "")]
        assert q.findtext("name/text") == item.key
        assert q.get("type") == QTYPES[item.question.type.value]
        assert q.find("questiontext[@format='html']") is not None
        assert q.findtext("questiontext/text", "").strip()
        assert q.findtext("generalfeedback/text", "").strip()
        assert float(q.findtext("defaultgrade", "")) == item.question.points
        assert q.findtext("hidden") == "0" and q.findtext("penalty")


def test_multichoice_fractions_are_moodle_grades_and_add_up(quiz: ET.Element) -> None:
    multichoice = [q for q in _questions(quiz) if q.get("type") == "multichoice"]
    assert len(multichoice) > 300
    for q in multichoice:
        fractions = _fractions(q)
        assert all(any(abs(f - a) < 1e-3 for a in ACCEPTED) for f in fractions), fractions
        assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01), fractions
        if q.findtext("single") == "true":
            assert max(fractions) == 100 and min(fractions) == 0
        else:
            assert q.findtext("single") == "false" and sum(f for f in fractions if f < 0) == pytest.approx(
                -100, abs=0.01
            )
        assert q.findtext("shuffleanswers") == "1" and q.findtext("answernumbering") == "abc"


def test_the_fraction_list_is_moodles() -> None:
    assert set(MOODLE_FRACTIONS) == ACCEPTED
    for right in range(1, 9):
        for wrong in range(0, 8):
            fractions = choice_fractions([True] * right + [False] * wrong, single=False)
            assert set(fractions) <= ACCEPTED


def test_categories_per_topic_and_per_parametric_question(
    quiz: ET.Element, bank: Bank, bank_items: list[ExportItem]
) -> None:
    paths = [q.findtext("category/text") for q in quiz.iter("question") if q.get("type") == "category"]
    assert paths[0] == "$course$/dlprep"
    assert {p for p in paths if p and p.count("/") == 2} == {f"$course$/dlprep/{t}" for t in bank.topics}
    expected_subs = {
        f"$course$/dlprep/{i.question.topic}/{i.subcategory}" for i in bank_items if i.subcategory
    }
    assert {p for p in paths if p and p.count("/") == 3} == expected_subs
    assert len(paths) == len(set(paths))
    current = ""
    for element in quiz:  # every instance sits in its own question's sub-category
        if element.get("type") == "category":
            current = element.findtext("category/text", "")
        elif "~" in element.findtext("idnumber", ""):
            assert current.endswith("/" + element.findtext("idnumber", "").split("~")[0])


def test_numerical_truefalse_shortanswer_and_essay_details(
    quiz: ET.Element, bank_items: list[ExportItem]
) -> None:
    by_key = {item.key: item for item in bank_items}
    for q in _questions(quiz):
        item = by_key[q.findtext("idnumber", "")]
        if q.get("type") == "numerical":
            [answer] = q.findall("answer")
            assert float(answer.findtext("text", "")) == pytest.approx(item.instance.answer, rel=1e-12)
            assert float(answer.findtext("tolerance", "")) == pytest.approx(
                item.instance.tolerance, rel=1e-12
            )
            assert answer.get("fraction") == "100"
        elif q.get("type") == "truefalse":
            grades = {a.findtext("text"): a.get("fraction") for a in q.findall("answer")}
            assert grades == (
                {"true": "100", "false": "0"} if item.instance.answer else {"true": "0", "false": "100"}
            )
        elif q.get("type") == "shortanswer":
            assert q.findtext("usecase") == "0" and set(_fractions(q)) == {100}
        elif q.get("type") == "essay":
            assert q.findtext("responseformat") == "editor"
            assert q.find("graderinfo[@format='html']") is not None
            assert q.findtext("graderinfo/text", "").count("<li>") == len(item.question.rubric)


def test_small_bank_grades_escaping_and_math(write_bank: Callable[[str], Path]) -> None:
    questions = _small(write_bank)
    multi = questions["small-multi"]
    assert sorted(_fractions(multi)) == [-50, -50, 33.33333, 33.33333, 33.33333]
    assert multi.findtext("defaultgrade") == "3"
    text = multi.findtext("questiontext/text", "")
    assert "]]&gt;" in text and r"\(a&lt;b\)" in text  # math escaped like the prose
    assert "$" not in text
    assert [tag.findtext("text") for tag in multi.iter("tag")] == ["small", "sets", "difficulty-hard"]
    assert _fractions(questions["small-tf"]) == [0, 100] and questions["small-tf"].findtext("penalty") == "1"
    short = [a.findtext("text") for a in questions["small-short"].findall("answer")]
    assert short == [r"7\*7\*30", "七乘七", "seven by seven"]  # '*' is a wildcard in Moodle unless escaped
    grader = questions["small-open"].findtext("graderinfo/text", "")
    assert "Low training error" in grader and "[2]" in grader and "[1]" in grader
    assert questions["small-open"].findtext("penalty") == "0"


def test_one_language_has_no_multilang_spans(write_bank: Callable[[str], Path]) -> None:
    zh = _small(write_bank, "zh")
    en = _small(write_bank, "en")
    for questions in (zh, en):
        for q in questions.values():
            assert "multilang" not in ET.tostring(q, encoding="unicode")
    assert CJK.search(zh["small-tf"].findtext("questiontext/text", ""))
    assert not CJK.search(en["small-tf"].findtext("questiontext/text", ""))
    assert [a.findtext("text") for a in en["small-short"].findall("answer")] == [
        r"7\*7\*30",
        "seven by seven",
    ]


def test_both_languages_use_multilang_spans(quiz: ET.Element) -> None:
    text = _questions(quiz)[0].findtext("questiontext/text", "")
    assert (
        text.startswith('<span lang="zh_cn" class="multilang">')
        and '<span lang="en" class="multilang">' in text
    )


def test_numbers_are_plain_decimals() -> None:
    assert moodle_number(1e-05) == "0.00001"
    assert moodle_number(12.0) == "12"
    assert moodle_number(-0.7768698398515702) == "-0.7768698398515702"
    assert moodle_number(3) == "3"


def test_question_types_cover_the_bank(quiz: ET.Element) -> None:
    assert {q.get("type") for q in _questions(quiz)} == set(QTYPES.values())
