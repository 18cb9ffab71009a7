"""Attack: a folder submission (this file as bp.py) with a helper big.py that is a symlink to a large file every grading host has (PyTorch's own libtorch_cpu.so, 434 MB; libtorch_cuda.so on a GPU host is larger): `grade` reads the whole file into its own memory before it checks MAX_SOURCE (grader/submissions.py: read_bytes, then len). Expected: the grader's peak memory grows by the file's size (+213 MiB with libtorch_cpu.so, +330 MiB with a 555 MB file here), whatever the size cap says. needs: the sidecar .json (folder layout and the link)."""


def _nothing(*args: object) -> object:
    raise NotImplementedError("the point is the grader's memory while collecting")


sigmoid = forward = loss = backward = train_step = _nothing
