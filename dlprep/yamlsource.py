"""Read YAML with the C parser while keeping the line and column of every key and value.

`exam lint` must point at `file:line:column`, so plain dicts are not enough: mappings and
sequences come back as `MarkedDict`/`MarkedList`, which remember where each entry was written.
The C parser (`yaml.CSafeLoader`) composes the node tree; a small walk in Python turns it into
values, attaching positions and noticing duplicate keys, which PyYAML would silently overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dlprep.yamlhints import explain

__all__ = ["Pos", "MarkedDict", "MarkedList", "YamlSyntaxError", "load_marked", "parse_marked", "unmarked"]


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    column: int


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class MarkedDict(dict[Any, Any]):
    """A mapping that knows where it, its keys and its values were written."""

    pos: Pos
    key_pos: dict[Any, Pos]
    value_pos: dict[Any, Pos]
    duplicate_keys: list[tuple[Any, Pos]]

    def where(self, key: Any) -> Pos:
        """Position of `key`'s value when present, else of the mapping itself."""
        return self.value_pos.get(key, self.pos)


class MarkedList(list[Any]):
    """A sequence that knows where it and each item were written."""

    pos: Pos
    item_pos: list[Pos]

    def where(self, index: int) -> Pos:
        return self.item_pos[index] if 0 <= index < len(self.item_pos) else self.pos


class YamlSyntaxError(Exception):
    """Malformed YAML, with the position PyYAML reported."""

    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


class _MarkedLoader(yaml.CSafeLoader):
    pass


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _build(loader: _MarkedLoader, node: yaml.Node, built: dict[int, Any]) -> Any:
    """Turn a composed node into marked Python values.

    A plain recursive walk: PyYAML's generator-based constructor machinery costs twice as much,
    and bank files hold only plain mappings, sequences and scalars. Scalars other than strings
    (ints, floats, bools, nulls, timestamps) go through PyYAML's own safe constructors. A node
    reached again through an alias is built once (`built`), so alias bombs stay cheap.
    """
    if node.tag == _STR:
        return node.value
    if id(node) in built:
        return built[id(node)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise YamlSyntaxError(f"unsupported tag {node.tag}", _pos(node))
        loader.flatten_mapping(node)
        data = MarkedDict()
        built[id(node)] = data
        data.pos = _pos(node)
        data.key_pos, data.value_pos, data.duplicate_keys = {}, {}, []
        for key_node, value_node in node.value:
            key = _build(loader, key_node, built)
            try:
                hash(key)
            except TypeError:
                raise YamlSyntaxError("a mapping key must be a plain value", _pos(key_node)) from None
            if key in data:
                data.duplicate_keys.append((key, _pos(key_node)))
            data[key] = _build(loader, value_node, built)
            data.key_pos[key] = _pos(key_node)
            data.value_pos[key] = _pos(value_node)
        return data
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise YamlSyntaxError(f"unsupported tag {node.tag}", _pos(node))
        items = MarkedList()
        built[id(node)] = items
        items.pos = _pos(node)
        items.item_pos = [_pos(child) for child in node.value]
        items.extend(_build(loader, child, built) for child in node.value)
        return items
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise YamlSyntaxError(f"malformed YAML: {exc.problem}", _pos(node)) from None
    except ValueError as exc:  # a well-formed but impossible value, e.g. the date 2026-02-30
        raise YamlSyntaxError(f"invalid value '{node.value}': {exc}", _pos(node)) from None


def unmarked(value: Any) -> Any:
    """The same data as plain dicts and lists (what is kept after checking needs no positions)."""
    if isinstance(value, dict):
        return {k: unmarked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unmarked(v) for v in value]
    return value


def parse_marked(text: str) -> Any:
    """Parse one YAML document into marked containers; raise `YamlSyntaxError` if malformed."""
    loader = _MarkedLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node, {})
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        problem = exc.problem or exc.context or "unreadable YAML"
        hint = explain(text, exc.problem or "", exc.context or "", pos.line, pos.column)
        raise YamlSyntaxError(f"malformed YAML: {hint or problem}", pos) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"malformed YAML: {exc}", Pos(1, 1)) from None
    except RecursionError:
        raise YamlSyntaxError("malformed YAML: nested too deeply", Pos(1, 1)) from None
    finally:
        loader.dispose()


def load_marked(path: Path) -> Any:
    """Read and parse `path` (UTF-8)."""
    return parse_marked(path.read_text(encoding="utf-8"))
