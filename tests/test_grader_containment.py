"""Containment, attacked: the attacks in tests/attacks/exercise_bp graded beside honest classmates.

Each batch asserts what the issue asks of a white-box attacker: the attack gains nothing (0 points, what
the starter file gets), every honest classmate scores exactly as alone (20/20), nothing of a classmate
appears in the attacker's report, and the layer under test was active (or the test skips saying which
layer this machine lacks). The normal-user deployment is run for real, as ``nobody``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.batch import grade_batch
from grader.containment.cgroups import Budget, CgroupTree, own_hierarchies
from grader.containment.protections import Containment, protections
from grader.containment.seccomp import SeccompUnavailable, compile_filter
from grader.exercise import find_exercise
from grader.report import as_json, as_text, from_dict
from grader.results import SubmissionResult
from grader.sandbox import Limits, SandboxKind, available_kind
from grader.submissions import Submission

REPO = Path(__file__).resolve().parent.parent
ATTACKS = REPO / "tests" / "attacks" / "exercise_bp"
SOLUTION = (REPO / "solutions" / "exercise_bp" / "solution.py").read_text()
LIMITS = Limits(wall=2.0, cpu=2.0, memory=512 << 20)
BWRAP = available_kind("auto") is SandboxKind.BWRAP


def attack(name: str) -> str:
    return (ATTACKS / f"{name}.py").read_text()


def classmate(extra: str = "") -> tuple[str, str]:
    """An honest classmate: the model solution with a secret marker (and `extra` code at import)."""
    marker = "CLASSMATE-SECRET-" + secrets.token_hex(12)
    return marker, f"# {marker}: my own work\n{extra}\n{SOLUTION}"


def grade(
    named: list[tuple[str, str]], limits: Limits = LIMITS, jobs: int = 2, sandbox: str = "auto"
) -> dict[str, SubmissionResult]:
    exercise = find_exercise("exercise_bp", REPO)
    submissions = [Submission(name, {"bp.py": source}) for name, source in named]
    results = grade_batch(exercise, submissions, device="cpu", sandbox=sandbox, limits=limits, jobs=jobs)
    return {r.submission: r for r in results}


def everything(result: SubmissionResult) -> str:
    return as_json(result) + as_text(result)


def found(result: SubmissionResult, tag: str) -> str:
    """What an attack printed after `tag` on its stdout (its own account of what it achieved)."""
    match = re.search(rf"^{tag} (.*)$", result.stdout, re.MULTILINE)
    assert match, f"{result.submission} printed no {tag} line: {result.stdout[-500:]!r} {result.problem!r}"
    return match.group(1)


def need(result: SubmissionResult, *layers: str) -> None:
    missing = [layer for layer in layers if layer not in result.protections]
    if missing:
        pytest.skip(f"this machine gives no {', '.join(missing)} (active: {', '.join(result.protections)})")


@pytest.fixture(scope="module")
def batch() -> tuple[dict[str, SubmissionResult], dict[str, str]]:
    """Every quick attack in one batch, between two honest classmates (one before, one after them all)."""
    first, first_source = classmate()
    last, last_source = classmate()
    names = ["namespace-escape", "ptrace-sibling", "keyring-and-cgroups", "fork-bomb-setsid", "foreign-abi"]
    names += ["shmem-hoard", "plant-shared-paths", "pty-snoop", "socket-families"]
    named = [
        ("classmate-first", first_source),
        *((n, attack(n)) for n in names),
        ("classmate-last", last_source),
    ]
    return grade(named), {"classmate-first": first, "classmate-last": last}


def test_every_attack_gains_nothing_and_the_classmates_score_as_alone(
    batch: tuple[dict[str, SubmissionResult], dict[str, str]],
) -> None:
    results, markers = batch
    for name in markers:
        assert results[name].score == 20, everything(results[name])
        assert "PLANTED-MODULE-RAN" not in results[name].stdout
    for name, result in results.items():
        if name in markers:
            continue
        assert result.score == 0, everything(result)
        assert not [m for m in markers.values() if m in everything(result)], (
            f"{name} holds a classmate's code"
        )
        assert result.protections == results["classmate-first"].protections


def test_no_new_namespace_no_mount_no_ptrace_no_keyring(
    batch: tuple[dict[str, SubmissionResult], dict[str, str]],
) -> None:
    results, _ = batch
    need(results["namespace-escape"], "seccomp")
    escape = found(results["namespace-escape"], "ESCAPE")
    assert "'ok'" not in escape and "unshare': 'Operation not permitted" in escape
    assert found(results["ptrace-sibling"], "PTRACE") == "{}"
    keys = found(results["keyring-and-cgroups"], "KEYS-CGROUPS")
    assert "add_key': 'Operation not permitted" in keys and "keyctl_read': 'Operation not permitted" in keys
    assert "cgroup.procs" not in keys and "memory:" not in keys  # no cgroup file to read or descriptor to use
    assert results["foreign-abi"].problem.endswith("(SIGSYS)"), results["foreign-abi"].problem


def test_no_socket_family_but_unix_opens(
    batch: tuple[dict[str, SubmissionResult], dict[str, str]],
) -> None:
    """The red team opened AF_VSOCK inside the sandbox: no network namespace covers it."""
    results, _ = batch
    need(results["socket-families"], "seccomp")
    opened = found(results["socket-families"], "SOCKETS")
    assert "opened" not in opened and opened.count("EAFNOSUPPORT") == 5, opened


def test_shared_memory_is_bounded_and_private(
    batch: tuple[dict[str, SubmissionResult], dict[str, str]],
) -> None:
    results, _ = batch
    hoard = results["shmem-hoard"]
    need(hoard, "seccomp", "private-fs")
    held = found(hoard, "HOARDED")
    assert "'memfd': 0" in held and "'sysv': 0" in held  # seccomp: no memfd_create, no shmget
    files = int(re.search(r"'files': (\d+)", held).group(1))  # type: ignore[union-attr]
    assert files * (16 << 20) <= 2 * LIMITS.scratch  # only its own size-capped /tmp and /dev/shm
    if "cgroup-memory" in hoard.protections:
        assert hoard.usage["memory_peak"] <= LIMITS.memory


def test_planted_files_land_only_in_the_attackers_own_scratch(
    batch: tuple[dict[str, SubmissionResult], dict[str, str]],
) -> None:
    results, _ = batch
    need(results["plant-shared-paths"], "private-fs")
    planted = json.loads(found(results["plant-shared-paths"], "PLANTED").replace("'", '"'))
    assert planted and all(p.startswith(("/tmp/", "/dev/shm/")) for p in planted), planted
    assert "PLANTED-MODULE-RAN" not in results["classmate-last"].stdout


def test_a_fork_bomb_across_setsid_is_held_to_the_submissions_processes(
    batch: tuple[dict[str, SubmissionResult], dict[str, str]],
) -> None:
    results, _ = batch
    bomb = results["fork-bomb-setsid"]
    assert bomb.score == 0 and results["classmate-last"].score == 20


def test_a_pty_opened_by_one_submission_is_invisible_to_another() -> None:
    """The classmate types its marker into a pty and holds it while the attacker scans /dev/pts."""
    hold = (
        "import os, time\n_m, _s = os.openpty()\nos.write(_m, (open(__file__).readline() + '\\n').encode())\n"
        "time.sleep(1.5)\n"
    )
    marker, source = classmate(hold)
    results = grade([("victim", source), ("snoop", attack("pty-snoop"))], jobs=2)
    need(results["snoop"], "private-fs")
    assert results["victim"].score == 20
    assert found(results["snoop"], "PTY-FOUND") == "[]"
    assert marker not in everything(results["snoop"])


def test_spinners_that_leave_their_process_group_do_not_starve_a_classmate() -> None:
    """28 SIGXCPU-proof spinners beside a classmate that needs 0.5 s of CPU at import (4 s allowed)."""
    burn = (
        "import time as _t\n_start = _t.process_time()\n"
        "while _t.process_time() - _start < 0.5:\n    sum(range(10000))\n"
    )
    _, source = classmate(burn)
    limits = Limits(wall=4.0, cpu=4.0, memory=512 << 20)
    results = grade([("spinners", attack("setsid-spinners")), ("classmate", source)], limits=limits, jobs=2)
    need(results["spinners"], "cgroup-cpu")
    assert results["classmate"].score == 20, everything(results["classmate"])
    assert results["spinners"].score == 0
    # one CPU at most for all 29 processes together, whatever their number
    assert results["spinners"].usage["cpu_seconds"] <= 1.0 * (results["spinners"].seconds + 0.5)


def test_without_seccomp_the_cgroup_still_bounds_memfd_and_sysv_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """memfd and SysV pages are not address space: only the cgroup stops 1.5 GiB of them."""
    monkeypatch.setenv("GRADE_WITHOUT", "seccomp")
    limits = Limits(wall=4.0, cpu=4.0, memory=384 << 20)
    _, source = classmate()
    results = grade([("hoard", attack("shmem-hoard")), ("classmate", source)], limits=limits)
    hoard = results["hoard"]
    assert "seccomp" not in hoard.protections
    need(hoard, "cgroup-memory")
    assert hoard.score == 0 and results["classmate"].score == 20
    assert hoard.usage["memory_peak"] <= limits.memory and hoard.usage["oom_kills"] >= 1
    assert "HOARDED" not in hoard.stdout  # killed while hoarding, long before 1.5 GiB


def test_cgroups_are_removed_after_the_batch() -> None:
    tree = CgroupTree.create()
    if tree is None:
        pytest.skip(f"no cgroups here: {CgroupTree.unavailable}")
    parents = [parent for _, parent in tree.parents]
    tree.close()
    own = {parent.parent for parent in parents}
    grade([("one", SOLUTION)], jobs=1)
    assert not [p for folder in own for p in folder.glob(f"dlprep-{os.getpid()}")]


# --- the normal-user deployment: the grader itself runs as an unprivileged user --------------------------

AS_USER = """
set -e
{binds}
exec setpriv --reuid=65534 --regid=65534 --clear-groups -- env HOME=/tmp "$@"
"""


def _exposed(paths: list[Path], holds: list[str]) -> str:
    """Shell lines that make `paths` reachable by nobody in a private mount namespace (a 0700 /root)."""
    lines = []
    for private in sorted({_closed_parent(p) for p in paths} - {None}, key=str):
        assert private is not None
        children = sorted({p.relative_to(private).parts[0] for p in paths if p.is_relative_to(private)})
        held = {child: tempfile.mkdtemp(prefix="grade-hold-") for child in children}
        holds += held.values()
        lines += [f"mount --bind '{private / child}' '{hold}'" for child, hold in held.items()]
        lines.append(f"mount -t tmpfs -o mode=0755,size=1m tmpfs '{private}'")
        for child, hold in held.items():
            lines += [f"mkdir '{private / child}'", f"mount --bind '{hold}' '{private / child}'"]
    return "\n".join(lines)


def _closed_parent(path: Path) -> Path | None:
    for folder in reversed(path.parents):
        if not os.stat(folder).st_mode & 0o001:
            return folder
    return None


@pytest.fixture
def as_user() -> Iterator[list[str]]:
    """argv prefix that runs a command as `nobody` (as root); as a normal user, nothing to add."""
    if os.geteuid() != 0:
        yield []
        return
    if not (shutil.which("setpriv") and shutil.which("unshare")):
        pytest.skip("setpriv and unshare (util-linux) are needed to run the grader as another user")
    needed = [Path(os.path.realpath(sys.executable)), Path(sys.prefix).resolve(), REPO]
    unreadable = [p for p in (REPO, REPO / "grader" / "cli.py") if not os.stat(p).st_mode & 0o005]
    if unreadable:
        pytest.skip(f"{unreadable[0]} is not readable by other users, so `nobody` cannot run this checkout")
    holds: list[str] = []
    script = AS_USER.format(binds=_exposed(needed, holds))
    yield ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "as-nobody"]
    for hold in holds:
        os.rmdir(hold)


def test_the_normal_user_deployment_keeps_planted_files_and_ptys_private(as_user: list[str]) -> None:
    if not BWRAP:
        pytest.skip("bubblewrap is not installed")
    folder = Path(tempfile.mkdtemp(prefix="grade-user-"))
    try:
        marker, victim = classmate(
            "import os, time\n_m, _s = os.openpty()\nos.write(_m, (open(__file__).readline() + '\\n').encode())\n"
            "time.sleep(1.5)\n"
        )
        later, honest = classmate()
        (folder / "a-plant.py").write_text(attack("plant-shared-paths"))
        (folder / "b-victim.py").write_text(victim)
        (folder / "c-snoop.py").write_text(attack("pty-snoop"))
        (folder / "d-classmate.py").write_text(honest)
        out = folder / "out"
        out.mkdir()
        for path in (folder, out):
            path.chmod(0o777)
        grade_cli = str(Path(sys.executable).with_name("grade"))
        done = subprocess.run(
            [*as_user, grade_cli, "exercise_bp", str(folder), "--jobs", "2", "--timeout", "3",
             "--device", "cpu", "--format", "json", "--out", str(out)],
            capture_output=True, text=True, cwd="/", timeout=240,
        )  # fmt: skip
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
        records = {
            Path(p.stem).name: from_dict(json.loads(p.read_text()))
            for p in out.glob("*.json")
            if p.name != "summary.json"
        }
        assert set(records) == {"a-plant", "b-victim", "c-snoop", "d-classmate"}, done.stderr[-2000:]
        active = records["d-classmate"].protections
        if os.geteuid() == 0:
            assert not [p for p in active if p.startswith("cgroup-")]  # cgroup v1 is root's alone
        need(records["c-snoop"], "userns", "private-fs")
        assert records["b-victim"].score == 20 and records["d-classmate"].score == 20
        assert "PLANTED-MODULE-RAN" not in records["d-classmate"].stdout + records["b-victim"].stdout
        planted = json.loads(found(records["a-plant"], "PLANTED").replace("'", '"'))
        assert all(p.startswith(("/tmp/", "/dev/shm/")) for p in planted), planted
        assert found(records["c-snoop"], "PTY-FOUND") == "[]"
        for name in ("a-plant", "c-snoop"):
            assert records[name].score == 0
            assert marker not in everything(records[name]) and later not in everything(records[name])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the layers themselves ---------------------------------------------------------------------------------

V1_CGROUP = "4:memory:/session/7\n8:pids:/\n1:cpu,cpuacct:/user.slice\n0::/\n"
V1_MOUNTS = """\
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""


def test_hierarchies_are_found_for_v1_and_v2() -> None:
    found_v1 = {
        (h.version, tuple(sorted(h.controllers)), str(h.own)) for h in own_hierarchies(V1_CGROUP, V1_MOUNTS)
    }
    assert found_v1 == {
        (1, ("memory",), "/sys/fs/cgroup/memory/session/7"),
        (1, ("pids",), "/sys/fs/cgroup/pids"),
        (1, ("cpu", "cpuacct"), "/sys/fs/cgroup/cpu,cpuacct/user.slice"),
        (2, (), "/sys/fs/cgroup/unified"),
    }
    v2 = own_hierarchies(
        "0::/user.slice/grade.scope\n", "30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
    )
    assert [(h.version, str(h.own)) for h in v2] == [(2, "/sys/fs/cgroup/user.slice/grade.scope")]
    # a container that shows only part of the hierarchy: paths are relative to the mount's root
    inner = own_hierarchies("0::/box/job\n", "30 1 0:26 /box /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")
    assert [str(h.own) for h in inner] == ["/sys/fs/cgroup/job"]


def test_v2_moves_itself_into_a_leaf_to_delegate_controllers(tmp_path: Path) -> None:
    """The v2 steps, on a folder laid out like a v2 group (this machine's controllers are all on v1)."""
    own = tmp_path / "grade.scope"
    own.mkdir()
    (own / "cgroup.controllers").write_text("cpu io memory pids\n")
    (own / "cgroup.subtree_control").write_text("\n")
    (own / "cgroup.procs").write_text(f"{os.getpid()}\n")
    tree = CgroupTree._create_v2(own, {"memory", "pids", "cpu"})
    assert tree is not None, CgroupTree.unavailable
    assert (own / f"dlprep-{os.getpid()}-self" / "cgroup.procs").read_text() == "0"  # we moved ourselves
    assert (own / "cgroup.subtree_control").read_text() == "+cpu +memory +pids"
    group = tree.group(Budget(memory=256 << 20, processes=10))
    folder = own / f"dlprep-{os.getpid()}" / "s0"
    assert [group.folders, (folder / "memory.max").read_text(), (folder / "pids.max").read_text()] == [
        [folder], str(256 << 20), "10"]  # fmt: skip
    assert (folder / "memory.swap.max").read_text() == "0"
    assert (folder / "cpu.max").read_text() == "100000 100000"  # one core
    tree.close()
    assert (own / "cgroup.subtree_control").read_text() == "-cpu -memory -pids"  # and back again
    (own / "cgroup.procs").write_text(f"{os.getpid()} 1\n")  # someone else in our group: not ours to change
    (own / "cgroup.subtree_control").write_text("\n")
    assert CgroupTree._create_v2(own, {"memory"}) is None
    assert "not delegated to us" in CgroupTree.unavailable


def test_the_reports_name_the_active_protections() -> None:
    results = grade([("one", SOLUTION)], jobs=1)
    result = results["one"]
    assert result.protections[-1] == "rlimits" and result.protections == tuple(
        json.loads(as_json(result))["protections"]
    )
    assert f"  protections: {', '.join(result.protections)}" in as_text(result).splitlines()
    assert from_dict(json.loads(as_json(result))).protections == result.protections
    if BWRAP:
        assert result.protections[0] == "bwrap"


def test_layers_switched_off_are_missing_from_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADE_WITHOUT", "cgroups,seccomp")
    result = grade([("one", SOLUTION)], jobs=1)["one"]
    assert result.score == 20
    assert not [p for p in result.protections if p.startswith("cgroup-") or p == "seccomp"]
    assert result.usage == {}
    containment = Containment.start()
    assert set(containment.missing) == {"cgroups", "seccomp"}
    assert protections(False, False, containment) == ("rlimits",)


def test_the_filter_blocks_what_it_says() -> None:
    try:
        compiled = compile_filter()
    except SeccompUnavailable as exc:
        pytest.skip(str(exc))
    assert {"memfd_create", "unshare", "setns", "ptrace", "keyctl", "mount", "bpf", "setsid"} <= set(
        compiled.blocked
    )
    assert len(compiled.program) % 8 == 0
