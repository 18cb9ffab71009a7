"""Attack: take over the runner's result pipe and answer every test with a forged frame (unhashable dtype, a [0, 10**30] shape, non-iterable args_after, array truth values, lone surrogates…), so the grader raises outside its handlers and the whole batch dies."""

import fcntl
import json
import os
import stat
import struct

import numpy as np

HEAD = struct.Struct("<II")


def _frame(header, blob=b""):
    raw = json.dumps(header).encode()
    return HEAD.pack(len(raw), len(blob)) + raw + blob


def _result(value, arrays=(), blob=b""):
    return _frame({"value": value, "arrays": list(arrays)}, blob)


F8 = {"dtype": "<f8", "shape": [1], "offset": 0}
ONE = b"\0" * 8
VARIANTS = [
    _result({"$dict": [["results", [{"$dict": [["returned", {"$nd": 0}], ["args_after", []]]}]]]},
            [{"dtype": ["<f8"], "shape": [1], "offset": 0}], ONE),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$nd": 0}], ["args_after", []]]}]]]},
            [{"dtype": "<f8", "shape": [0, 10**30], "offset": 0}]),
    _result({"$dict": [["results", [{"$dict": [["returned", 1], ["args_after", 5]]}]]]}),
    _result({"$dict": [["results", [{"$dict": [["returned", 1], ["args_after", {"$dict": [["a", 1]]}]]}]]]}),
    _result({"$dict": [["results", []], ["error", {"$dict": [["type", "ValueError"], ["memory", {"$nd": 0}]]}]]},
            [{"dtype": "<f8", "shape": [2], "offset": 0}], ONE * 2),
    _result({"$dict": [["results", []], ["error", {"$dict": [["type", {"$nd": 0}], ["message", "\ud800"],
             ["traceback", [[{"$dict": []}, [1], None, "\ud800"]]], ["function", {"$dict": [["x", 1]]}]]}]]},
            [F8], ONE),
    _result({"$dict": [["results", {"$dict": [["x", 1]]}]]}),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$dict": [["W1", {"$nd": 0}]]}]]}]]]},
            [{"dtype": "|b1", "shape": [True], "offset": 0}], b"\1"),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$scalar": {"$nd": 0}}], ["args_after", [None]]]}]]]},
            [{"dtype": "<c16", "shape": [], "offset": 0}], ONE * 2),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$float": "nan"}], ["args_after", [[[[[1]]]]]]]}]]]}),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$tuple": [{"$nd": 0}, {"$nd": 0}]}]]}]]]},
            [{"dtype": "<f8", "shape": [2**40, 2**40], "offset": 0}], ONE),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$nd": 0}]]}, 7]]]},
            [{"dtype": "<f8", "shape": [1], "offset": -8}], ONE),
    _result({"$dict": [["results", [{"$dict": [["returned", {"$unsupported": "\udcff" * 300}]]}]],
             ["error", {"$dict": [["type", "X" * 100000], ["message", "\x1b[2J" * 1000]]}]]}),
    b"\xff" * 8 + b"{",
]


def _pipes():
    """Our command pipe (read end) and result pipe (write end), found among the open descriptors."""
    cmd = res = None
    for fd in range(3, 256):
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                continue
            mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
        except OSError:
            continue
        if mode == os.O_WRONLY:
            res = fd
        elif mode == os.O_RDONLY:
            cmd = fd
    return cmd, res


def _take_over(*args):
    cmd, res = _pipes()
    n = 0
    while True:
        os.write(res, VARIANTS[n % len(VARIANTS)])
        n += 1
        if len(os.read(cmd, 8)) != 8:
            os._exit(0)


sigmoid = forward = loss = backward = train_step = _take_over
