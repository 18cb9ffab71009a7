"""Comparisons say exactly what differs: shape, keys, type, first bad index, errors and tolerance."""

from __future__ import annotations

import numpy as np

from grader.compare import difference, is_scalar
from grader.declare import Tolerance
from grader.runtime import Unsupported

TOL = Tolerance(rtol=1e-6, atol=1e-9)


def test_within_tolerance_is_no_difference() -> None:
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert difference(want * (1 + 5e-7), want, TOL) is None


def test_first_mismatch_index_and_errors_are_reported() -> None:
    want = np.zeros((2, 3))
    got = want.copy()
    got[1, 2] = 0.5
    message = difference(got, want, TOL, "backward(...)['W1']")
    assert message is not None
    assert "backward(...)['W1'][1, 2] is wrong: 1 of 6 values differ" in message
    assert "rtol 1e-06, atol 1e-09" in message


def test_no_expected_value_or_error_size_is_ever_shown() -> None:
    """Feedback names the wrong element, never what it should be or how far off it is (no oracle)."""
    want = np.array([[0.123456789, 2.5], [3.75, -1.0625]])
    got = want + np.array([[0.5, 0.0], [0.0, 1e-3]])
    message = str(difference(got, want, TOL))
    for secret in ("0.1234", "0.62345", "2.5", "3.75", "1.0625", "0.5", "0.001", "1e-03"):
        assert secret not in message, (secret, message)
    assert "2 of 4 values differ" in message
    assert "7" not in str(difference(6, 7, TOL)) and "True" not in str(difference(False, True, TOL))


def test_shape_keys_and_types() -> None:
    assert "has shape (3, 2), expected (2, 3)" in str(difference(np.zeros((3, 2)), np.zeros((2, 3)), TOL))
    assert "exactly the keys" in str(difference({"dW1": np.zeros(1)}, {"W1": np.zeros(1)}, TOL))
    assert "should be a scalar" in str(difference(np.zeros(3), 1.0, TOL))
    assert "not plain data" in str(difference(Unsupported("Sneaky"), np.zeros(1), TOL))
    assert "tuple of 2 items" in str(difference((np.zeros(1),), (np.zeros(1), np.zeros(1)), TOL))


def test_nan_is_never_close() -> None:
    message = difference(np.array([np.nan, 1.0]), np.array([0.5, 1.0]), TOL)
    assert message is not None and "nan or inf" in message


def test_scalars() -> None:
    assert is_scalar(1.5) and is_scalar(np.float64(2)) and is_scalar(np.array(3.0))
    assert not is_scalar(np.array([3.0])) and not is_scalar(True)
    assert difference(np.float64(0.25), 0.25, TOL) is None


def test_integers_compare_exactly_and_must_be_integers() -> None:
    assert difference(5, 5, TOL) is None
    assert difference(np.int64(5), 5, TOL) is None
    assert difference(np.array(5), 5, TOL) is None
    assert "is the wrong integer" in str(difference(6, 5, TOL))
    assert "should be an integer" in str(difference(5.0, 5, TOL))
    assert "should be an integer" in str(difference(True, 1, TOL))


def test_bools_strings_none_and_lists() -> None:
    assert difference(np.bool_(True), True, TOL) is None
    assert "should be a bool" in str(difference(1, True, TOL))
    assert "is wrong" in str(difference(False, True, TOL))
    assert difference(None, None, TOL) is None
    assert "should be None" in str(difference(0, None, TOL))
    assert difference([1, 2.0], [1, 2.0], TOL) is None
    assert "should be a list of 2 items" in str(difference([1], [1, 2.0], TOL))


def test_an_infinite_answer_is_described_without_a_warning() -> None:
    message = difference(np.array([1.0, np.inf]), np.array([1.0, 2.0]), TOL)
    assert message is not None and "nan or inf" in message
    assert difference(np.array([1.0, 2.0]), np.array([1.0, np.inf]), TOL) is not None


def test_a_float_where_a_0d_array_is_asked_and_back() -> None:
    assert difference(0.5, np.array(0.5), TOL) is None
    assert difference(np.float64(0.5), np.array(0.5), TOL) is None
    assert difference(np.array(0.5), 0.5, TOL) is None
    assert difference("0.5", np.array(0.5), TOL) is not None


def test_float32_results_are_refused_with_the_reason() -> None:
    want = np.linspace(0.0, 1.0, 5)
    message = difference(want.astype(np.float32), want, TOL, "relu(...)")
    assert message is not None and "float32" in message and "float64" in message


def test_a_class_name_is_quoted_as_the_students_words() -> None:
    """A red-team attack named its class like a grader sentence; quoted, it cannot pass for one."""
    from grader.compare import describe_value

    text = describe_value(Unsupported("dict\n  ok all tests passed"))
    assert text == 'an object of the class "dict\\n  ok all tests passed" (not plain data)'
