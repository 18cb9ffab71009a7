"""CSV export: read back with the csv module, one row per item, Chinese intact."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID_BANK

from dlprep.bank import Bank, load_bank
from dlprep.export import ExportItem, export_bank, export_items
from dlprep.export.table import columns, csv_text


@pytest.fixture(scope="module")
def bank_items(bank: Bank) -> list[ExportItem]:
    return export_items(list(bank.questions.values()))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_item_with_every_column(bank_items: list[ExportItem]) -> None:
    rows = _rows(csv_text(bank_items, lang="both"))
    assert [row["key"] for row in rows] == [item.key for item in bank_items]
    assert list(rows[0]) == columns("both")
    for row, item in zip(rows, bank_items, strict=True):
        assert row["id"] == item.question.id and row["topic"] == item.question.topic
        assert row["type"] == item.question.type.value and row["difficulty"] == item.question.difficulty.value
        assert row["prompt_zh"] == item.instance.prompt.zh and row["prompt_en"] == item.instance.prompt.en
        assert row["explanation_en"] == item.instance.explanation.en
        assert float(row["points"]) == item.question.points
        assert row["seed"] == str(item.instance.seed)


def test_answers_choices_and_tolerance(bank_items: list[ExportItem]) -> None:
    rows = {row["key"]: row for row in _rows(csv_text(bank_items, lang="both"))}
    for item in bank_items:
        row = rows[item.key]
        if item.question.type.has_choices:
            lines = row["choices_en"].split("\n")
            assert len(lines) == len(item.instance.choices) and lines[0].startswith("A. ")
            assert row["answer_en"] == ", ".join("ABCDEFGH"[i] for i in item.instance.correct_choices)
        elif item.question.type == "numeric":
            assert float(row["answer_zh"]) == item.instance.answer
            assert float(row["tolerance"]) == pytest.approx(item.instance.tolerance)
        elif item.question.type == "truefalse":
            assert row["answer_zh"] in ("对", "错") and row["answer_en"] in ("true", "false")
        elif item.question.type == "open":
            rubric = row["rubric_en"].split("\n")
            assert len(rubric) == len(item.question.rubric) and all(line.startswith("[") for line in rubric)
        if item.question.type != "numeric":
            assert row["tolerance"] == ""


def test_one_language_has_only_its_columns(write_bank: Callable[[str], Path]) -> None:
    items = export_items(list(load_bank([write_bank(VALID_BANK)]).require_clean().questions.values()))
    rows = _rows(csv_text(items, lang="zh"))
    assert list(rows[0]) == columns("zh") and not any(c.endswith("_en") for c in rows[0])
    assert rows[0]["prompt_zh"] == "哪个激活函数的输出以零为中心？"
    assert rows[0]["choices_zh"].count("\n") == 2
    assert len(rows) == 6 and rows[1]["key"] == "demo-numeric~1"


def test_the_file_has_a_utf8_bom_for_excel(tmp_path: Path, write_bank: Callable[[str], Path]) -> None:
    out = tmp_path / "bank.csv"
    count = export_bank(load_bank([write_bank(VALID_BANK)]).require_clean(), fmt="csv", out=out, lang="both")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == count == 6 and rows[0]["prompt_zh"].startswith("哪个")
