"""Anki packages: imported into a real collection with the official `anki` library."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.models import NotetypeId
from conftest import VALID_BANK

from dlprep.bank import Bank, load_bank
from dlprep.export import ExportItem, export_items
from dlprep.export.anki import FIELDS, MODEL_ID, deck_id, note_fields, write_apkg
from dlprep.question import Bilingual, Topic

CJK = re.compile(r"[\u4e00-\u9fff]")


def _import(collection: Collection, package: Path) -> None:
    """Anki's own import, with the options its dialog defaults to (update notes when newer)."""
    request = ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())
    collection.import_anki_package(request)


@pytest.fixture(scope="module")
def bank_items(bank: Bank) -> list[ExportItem]:
    return export_items(list(bank.questions.values()))


@pytest.fixture(scope="module")
def collection(
    bank: Bank, bank_items: list[ExportItem], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Collection]:
    """The whole bank exported once and imported into a fresh collection."""
    folder = tmp_path_factory.mktemp("anki")
    write_apkg(bank_items, folder / "bank.apkg", lang="both", topics=bank.topics)
    col = Collection(str(folder / "collection.anki2"))
    try:
        _import(col, folder / "bank.apkg")
        yield col
    finally:
        col.close()


def test_every_item_becomes_one_note(collection: Collection, bank_items: list[ExportItem]) -> None:
    assert collection.note_count() == len(bank_items)
    assert collection.card_count() == len(bank_items)
    ids = {collection.get_note(nid)["Id"] for nid in collection.find_notes("")}
    assert ids == {item.key for item in bank_items}


def test_notes_use_the_fixed_note_type_and_topic_decks(collection: Collection, bank: Bank) -> None:
    model = collection.models.get(NotetypeId(MODEL_ID))
    assert model is not None and [f["name"] for f in model["flds"]] == list(FIELDS)
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {f"dlprep::{topic}" for topic in bank.topics} <= names
    assert len(collection.find_cards("deck:dlprep::cnn")) > 20


def test_deck_ids_are_fixed_per_topic(tmp_path: Path, bank: Bank, bank_items: list[ExportItem]) -> None:
    write_apkg(bank_items, tmp_path / "x.apkg", lang="zh", topics=bank.topics)
    with zipfile.ZipFile(tmp_path / "x.apkg") as archive:
        archive.extract("collection.anki2", tmp_path)
    with contextlib.closing(sqlite3.connect(tmp_path / "collection.anki2")) as db:
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    assert {d["name"]: d["id"] for d in decks.values() if d["name"].startswith("dlprep::")} == {
        f"dlprep::{topic}": deck_id(topic) for topic in bank.topics
    }
    assert len({deck_id(topic) for topic in bank.topics}) == len(bank.topics)


def test_tags_fields_and_math(collection: Collection, bank_items: list[ExportItem]) -> None:
    item = next(i for i in bank_items if i.question.tags and "~" not in i.key and i.question.type.has_choices)
    [nid] = collection.find_notes(f'"Id:{item.key}"')
    note = collection.get_note(nid)
    assert set(note.tags) == {
        item.question.topic,
        *item.question.tags,
        f"difficulty-{item.question.difficulty}",
    }
    assert CJK.search(note["Front"]) and "<b>A.</b>" in note["Front"]
    assert "答案 / Answer" in note["Back"]
    assert note["Topic"] and CJK.search(note["Topic"])
    assert collection.find_notes(r'"Front:*\(*\)*"')  # math reaches Anki as MathJax delimiters
    assert not collection.find_notes('"Front:*$*$*"')


def test_parametric_questions_give_fixed_notes(collection: Collection, bank_items: list[ExportItem]) -> None:
    keys = [item.key for item in bank_items if item.key.endswith("~5")]
    assert keys
    for key in keys[:5]:
        assert len(collection.find_notes(f'"Id:{key.removesuffix("~5")}~*"')) == 5


def test_open_question_back_has_model_answer_and_rubric(bank: Bank, bank_items: list[ExportItem]) -> None:
    item = next(i for i in bank_items if i.question.rubric)
    back = note_fields(item, "en", bank.topics)[1]
    assert back.count("<li>[") == len(item.question.rubric) and "Explanation:" in back


def test_the_package_is_a_plain_zip_with_the_collection(tmp_path: Path, bank_items: list[ExportItem]) -> None:
    write_apkg(bank_items[:3], tmp_path / "x.apkg", lang="en", topics={})
    with zipfile.ZipFile(tmp_path / "x.apkg") as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]


EDITED = VALID_BANK.replace(
    "Which activation has zero-centred outputs?", "Which activation is centred on zero?"
)


def test_reimporting_an_edited_bank_updates_notes_instead_of_adding(
    tmp_path: Path, write_bank: Callable[[str], Path]
) -> None:
    topics = {"demo": Topic("demo", Bilingual("演示", "Demo"), Path())}
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        first = export_items(list(load_bank([write_bank(VALID_BANK)]).require_clean().questions.values()))
        write_apkg(first, tmp_path / "v1.apkg", lang="en", topics=topics, timestamp=1_700_000_000)
        _import(col, tmp_path / "v1.apkg")
        assert col.note_count() == len(first) == 6
        [nid] = col.find_notes('"Id:demo-single"')
        assert "zero-centred" in col.get_note(nid)["Front"]

        second = export_items(list(load_bank([write_bank(EDITED)]).require_clean().questions.values()))
        write_apkg(second, tmp_path / "v2.apkg", lang="en", topics=topics, timestamp=1_700_000_600)
        _import(col, tmp_path / "v2.apkg")
        assert col.note_count() == 6
        assert col.find_notes('"Id:demo-single"') == [nid]
        assert "centred on zero" in col.get_note(nid)["Front"]
    finally:
        col.close()
