"""Attack: sleep just under the per-test time limit at import and in every test (and crash after each to force a re-import), so one submission holds a job slot for minutes and the class's batch never ends."""

import os
import time

LIMIT = 2.0  # the harness grades with --timeout 2
time.sleep(LIMIT * 0.9)


def sigmoid(u):
    time.sleep(LIMIT * 0.9)
    os._exit(1)


forward = loss = backward = sigmoid


def train_step(*args):
    while True:
        time.sleep(1)
