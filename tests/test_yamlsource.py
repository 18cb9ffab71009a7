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


def test_aliases_are_built_once_so_alias_bombs_stay_cheap() -> None:
    levels = ["a: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 12)
    ]
    data = parse_marked("\n".join(levels).replace("a: &a0", "a0: &a0") + "\n")
    assert data["a11"][0] is data["a10"]


def test_recursive_and_python_tags_are_errors_not_crashes() -> None:
    recursive = parse_marked("a: &x [1, *x]\n")
    assert recursive["a"][1] is recursive["a"]
    with pytest.raises(YamlSyntaxError, match="malformed YAML"):
        parse_marked("a: !!python/object:os.system ls\n")


@pytest.mark.parametrize(
    "text",
    ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000, "a:\n" + "  - " * 3000 + "x\n"],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deep_nesting_is_a_one_line_error_inside_the_document(text: str) -> None:
    """Either PyYAML's own depth limit (6.0.4+) or our RecursionError guard must stop it, at a real place.

    The wording belongs to whichever of the two stopped it, so only its form is checked.
    """
    with pytest.raises(YamlSyntaxError) as info:
        parse_marked(text)
    message, pos = info.value.message, info.value.pos
    assert message.startswith("malformed YAML: ") and "\n" not in message and len(message) < 200
    lines = text.splitlines()
    assert 1 <= pos.line <= len(lines) and 1 <= pos.column <= len(lines[pos.line - 1]) + 1
