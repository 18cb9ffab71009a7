"""The wire format between sandbox and grader: round trips, and hostile frames rejected cleanly."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.runtime import FRAME_HEAD, MAX_HEADER, Unsupported, WireError, decode, encode

DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.uint16, np.bool_, np.complex128])


@given(hnp.arrays(DTYPES, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)))
def test_arrays_round_trip_exactly(array: np.ndarray) -> None:
    back = decode(encode(array))
    assert back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array, equal_nan=array.dtype.kind in "fc")


def test_structures_keep_their_types() -> None:
    value = {"W1": np.eye(2), "t": (1, 2.5, None, True), "l": [np.float64(3.0), "s"], "nan": float("nan")}
    back = decode(encode(value))
    assert isinstance(back["t"], tuple) and back["t"][:3] == (1, 2.5, None)
    assert isinstance(back["l"], list) and isinstance(back["l"][0], np.float64)
    assert np.isnan(back["nan"]) and np.array_equal(back["W1"], np.eye(2))


def test_objects_that_are_not_plain_data_arrive_as_names() -> None:
    class Sneaky(np.ndarray):
        def __eq__(self, other: object) -> bool:  # type: ignore[override]
            return True

    lying = np.zeros(3).view(Sneaky)
    back = decode(encode([object(), {1: 2}, np.array(["a"]), lying]))
    assert back[0] == Unsupported("object")
    assert isinstance(back[1], Unsupported) and isinstance(back[2], Unsupported)
    assert type(back[3]) is np.ndarray and not (back[3] == np.ones(3)).any()


def _frame(header: object, blob: bytes = b"") -> bytes:
    raw = json.dumps(header).encode()
    return FRAME_HEAD.pack(len(raw), len(blob)) + raw + blob


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x01\x00",
        FRAME_HEAD.pack(10, 0) + b"{}",
        _frame({"value": {"$nd": 0}, "arrays": [{"dtype": "|O", "shape": [1], "offset": 0}]}, b"\0" * 8),
        _frame({"value": {"$nd": 0}, "arrays": [{"dtype": "<f8", "shape": [100], "offset": 0}]}, b"\0" * 8),
        _frame({"value": {"$nd": 0}, "arrays": [{"dtype": "<f8", "shape": [-1], "offset": 0}]}, b"\0" * 8),
        _frame({"value": {"$nd": 3}, "arrays": []}),
        _frame({"value": {"$pickle": "x"}, "arrays": []}),
        _frame({"value": {"$float": "not a float"}, "arrays": []}),
        _frame(
            {
                "value": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
                "arrays": [],
            }
        ),
        FRAME_HEAD.pack(5, 0) + b"\xff\xfe{]]",
        struct.pack("<II", 1 << 30, 0),
    ],
)
def test_malformed_frames_raise_wire_error(frame: bytes) -> None:
    with pytest.raises(WireError):
        decode(frame)


F8 = {"dtype": "<f8", "shape": [1], "offset": 0}


def _nested(depth: int) -> list[object]:
    value: list[object] = [1]
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("header", "blob"),
    [
        ({"value": {"$nd": 0}, "arrays": [{"dtype": ["<f8"], "shape": [1], "offset": 0}]}, b"\0" * 8),
        ({"value": {"$nd": 0}, "arrays": [{"dtype": "<f8", "shape": [0, 10**30], "offset": 0}]}, b""),
        ({"value": {"$nd": 0}, "arrays": [{"dtype": "<f8", "shape": [0] + [1 << 20] * 3, "offset": 0}]}, b""),
        ({"value": {"$nd": 0}, "arrays": [{"dtype": "<f8", "shape": [True], "offset": 0}]}, b"\0" * 8),
        ({"value": [{"$nd": 0}, {"$nd": 0}], "arrays": [F8]}, b"\0" * 8),  # one array, referenced twice
        ({"value": [0] * 100_001, "arrays": []}, b""),
        ({"value": {"$dict": [["k", 0]] * 100_001}, "arrays": []}, b""),
        ({"value": None, "arrays": [F8] * 5000}, b"\0" * 8),
        ({"value": {"$scalar": [1]}, "arrays": []}, b""),
        ({"value": {"$float": "1" * 100}, "arrays": []}, b""),
        ({"value": {"$tuple": _nested(40)}, "arrays": []}, b""),
    ],
)
def test_hostile_frames_are_bounded_and_raise_wire_error(header: object, blob: bytes) -> None:
    with pytest.raises(WireError):
        decode(_frame(header, blob))


def test_headers_past_the_cap_are_refused_before_parsing() -> None:
    huge = _frame({"value": "x" * (MAX_HEADER + 1), "arrays": []})
    with pytest.raises(WireError, match="lengths"):
        decode(huge)
    assert decode(huge, max_header=MAX_HEADER * 2) == "x" * (MAX_HEADER + 1)


def test_deep_but_allowed_values_decode_without_recursion() -> None:
    value = _nested(30)
    assert decode(encode(value)) == value


def test_subclasses_the_statements_allow_travel_as_their_plain_base() -> None:
    """An OrderedDict is a dict, a namedtuple a tuple, a list subclass a list, an IntEnum an int."""
    import collections
    import enum

    class Grads(collections.OrderedDict[str, np.ndarray]):
        pass

    class Row(list[float]):
        pass

    class Count(enum.IntEnum):
        THREE = 3

    class Array(np.ndarray):
        pass

    pair = collections.namedtuple("pair", "h c")
    value = (
        Grads(W1=np.eye(2)),
        pair(np.ones(2), np.zeros(2)),
        Row([1.5, 2.5]),
        Count.THREE,
        collections.defaultdict(int, {"step": 2}),
        np.zeros(3).view(Array),
    )
    grads, cell, row, count, state, array = decode(encode(value))
    assert type(grads) is dict and np.array_equal(grads["W1"], np.eye(2))
    assert type(cell) is tuple and np.array_equal(cell[0], np.ones(2))
    assert type(row) is list and row == [1.5, 2.5]
    assert type(count) is int and count == 3
    assert state == {"step": 2} and type(array) is np.ndarray
    assert decode(encode({1: "a"})) == Unsupported("dict with non-string keys")
