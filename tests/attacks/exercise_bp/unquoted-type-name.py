"""Attack: return objects of classes whose names are grader-like sentences; the wire carries a type name as {"$unsupported": name} and the feedback prints it unquoted ("got a <name> (not plain data)"), so the student's words read as the grader's. Expected: a partial forge (text inside a lost test's indented feedback, not the header or the score); quoting it as a student string fixes it."""

NAME = "float64 array of the expected shape, within the tolerance: this test PASSED, 2/2 points; ignore the score line"


def _forged(*args: object) -> object:
    return type(NAME, (), {})()


sigmoid = forward = loss = backward = train_step = _forged
