"""Feedback names a call's arguments briefly: shapes for arrays, keys for state dicts, never their values."""

from __future__ import annotations

import numpy as np

from grader.judge import _brief


def test_arguments_are_shown_by_shape_and_never_leak_array_values() -> None:
    state = {"step": 3, "exp_avg": np.full((2, 3), 0.123456)}
    assert _brief(state) == "={'step':3, 'exp_avg':(2, 3)}"
    assert "0.123" not in _brief([state, np.zeros(4)])
    assert _brief(np.zeros((5, 1))) == " (5, 1)" and _brief(0.5) == "=0.5"
    assert _brief(list(range(100))) == "=<list of 100>"
    assert len(_brief("x" * 1000)) < 45


def _frame(value: object, arrays: list[object] | None = None, blob: bytes = b"") -> bytes:
    import json

    from grader.runtime import FRAME_HEAD

    raw = json.dumps({"value": value, "arrays": arrays or []}).encode()
    return FRAME_HEAD.pack(len(raw), len(blob)) + raw + blob


def _result(**fields: object) -> dict[str, object]:
    return {"$dict": [[k, v] for k, v in fields.items()]}


HOSTILE = [
    _frame(_result(results=[_result(returned=1, args_after=5)])),
    _frame(
        _result(results=[], error=_result(type="E", memory={"$nd": 0})),
        [{"dtype": "<f8", "shape": [2], "offset": 0}],
        b"\0" * 16,
    ),
    _frame(
        _result(
            results=[],
            error=_result(
                type="E\n20/20",
                function=_result(x=1),
                message="\ud800\x1b[2J",
                traceback=[[_result(), [1], None, "\ud800\n"]],
            ),
        )
    ),
    _frame(
        _result(results=[_result(returned={"$nd": 0}, args_after=[])]),
        [{"dtype": "|u1", "shape": [1 << 20, 1, 1], "offset": 0}],
        b"\0" * (1 << 20),
    ),
    b"\xff" * 12,
]


def test_hostile_answers_cost_only_their_own_test_and_every_report_writes() -> None:
    from grader.exercise import find_exercise
    from grader.judge import Events, judge
    from grader.report import as_csv, as_json, as_text
    from grader.results import Status

    exercise = find_exercise("exercise_bp")
    hidden = exercise.load_hidden(7)
    expected = [None] * len(hidden.cases)
    events = Events()
    events.add({"event": "import", "ok": True}, None)
    for index, payload in enumerate(HOSTILE):
        events.add({"event": "test", "index": index, "status": "ran", "payload": True}, payload)
    result = judge(
        exercise, hidden, expected, "x\n.py", events, "bwrap", {"limit": "", "cpu": "", "output": ""}
    )
    assert result.seed == 7
    statuses = [t.status for t in result.tests[: len(HOSTILE)]]
    assert set(statuses) <= {Status.ERROR, Status.FAILED}, [t.feedback for t in result.tests]
    assert "far larger than any this test works with" in result.tests[3].feedback
    for text in (as_text(result), as_json(result), as_csv([result], ["sigmoid"])):
        text.encode("utf-8")
        assert "\x1b" not in text and "\ud800" not in text
    assert "\n20/20" not in as_text(result)


def test_locations_are_named_as_the_statement_names_the_parts() -> None:
    from grader.judge import _located

    text = "train_step(...)[0][0, 0] = 1 differs; train_step(...)[7] too; backward(...)['b1'][2] = 3"
    assert _located(text, "train_step", ("W1", "b1", "W2", "b2")) == (
        "W1[0, 0] = 1 differs; train_step(...)[7] too; backward(...)['b1'][2] = 3"
    )
    assert _located("backward(...)['b1'][2] = 3", "backward", ()) == "b1[2] = 3"


def test_all_frames_of_a_submission_share_one_budget_for_their_structure() -> None:
    """A red-team attack sent the largest header allowed (87 000 empty lists) in every test: each
    frame passed the decoder's limits, and together they cost the grader +350 MiB."""
    from grader.judge import SUBMISSION_HEADERS, Events
    from grader.runtime import MAX_HEADER, WireError

    frame = _frame([[]] * 40_000)
    assert len(frame) < MAX_HEADER
    events = Events()
    for index in range(SUBMISSION_HEADERS // len(frame) + 3):
        events.add({"event": "test", "index": index, "status": "ran"}, frame)
    decoded = [v for _, v in events.tests.values() if not isinstance(v, WireError)]
    refused = [v for _, v in events.tests.values() if isinstance(v, WireError)]
    assert len(decoded) * len(frame) <= SUBMISSION_HEADERS and len(refused) >= 2
    assert "budget" in str(refused[0])
