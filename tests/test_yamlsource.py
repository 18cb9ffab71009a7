from __future__ import annotations

import pytest

from dlprep.yamlsource import MarkedDict, MarkedList, Pos, YamlSyntaxError, parse_marked


def test_positions_of_keys_values_and_items() -> None:
    data = parse_marked("a: 1\nlist:\n  - x\n  - {k: v}\n")
    assert isinstance(data, MarkedDict)
    assert data.key_pos["list"] == Pos(2, 1)
    assert data.value_pos["a"] == Pos(1, 4)
    items = data["list"]
    assert isinstance(items, MarkedList)
    assert items.where(1) == Pos(4, 5)
    assert items[1].pos == Pos(4, 5)


def test_duplicate_keys_are_remembered_not_silently_dropped() -> None:
    data = parse_marked("a: 1\nb: 2\na: 3\n")
    assert data.duplicate_keys == [("a", Pos(3, 1))]


def test_malformed_yaml_reports_line_and_column() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_marked("a: [1, 2\nb: 3\n")
    assert info.value.pos.line == 2
    assert info.value.message.startswith("malformed YAML")


def test_uses_the_c_parser() -> None:
    import yaml

    from dlprep import yamlsource

    assert issubclass(yamlsource._MarkedLoader, yaml.CSafeLoader)
