"""Attack: raise exceptions whose __str__ sleeps, returns 50 MB, or raises again, and whose class name is a 1 MB string, in every function and at import of a helper thread, to stall or bloat the runner's description of the error. Expected: nothing beyond the time limits (the slow __str__ runs in the runner, inside the test's wall time and the submission's budget); messages truncated; the classmate unchanged."""

import time


class Slow(Exception):
    def __str__(self) -> str:
        time.sleep(120)
        return "slow"


class Huge(Exception):
    def __str__(self) -> str:
        return "\u202e\n" * (25 << 20)


class Raising(Exception):
    def __str__(self) -> str:
        raise Raising()


LongName = type("N" * (1 << 20), (Exception,), {})
KINDS = [Slow, Huge, Raising, LongName]
COUNT = {"n": 0}


def _raise(*args: object) -> object:
    COUNT["n"] += 1
    raise KINDS[COUNT["n"] % len(KINDS)]()


sigmoid = forward = loss = backward = train_step = _raise
