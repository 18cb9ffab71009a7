"""Grading on a Dask LocalCluster: the same scores as local grading, every submission exactly once
even when a worker is killed mid-batch, hostile submissions contained on their worker, and reports
streamed to --out so an interrupted batch resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("distributed")

from grader.batch import grade_batch  # noqa: E402
from grader.cluster import cluster_client, grade_on_cluster  # noqa: E402
from grader.exercise import find_exercise  # noqa: E402
from grader.sandbox import Limits  # noqa: E402
from grader.submissions import Submission, collect  # noqa: E402

if TYPE_CHECKING:
    from distributed import Client

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"
GRADE = str(Path(sys.executable).with_name("grade"))
LIMITS = Limits(wall=2.0, cpu=2.0, memory=512 << 20)
MIX = [
    REPO / "solutions" / "exercise_bp" / "solution.py",
    *sorted((CORPUS / "correct").glob("*.py"))[:3],
    *sorted((CORPUS / "buggy").glob("*.py"))[:6],
    *(
        CORPUS / "hostile" / f"{name}.py"
        for name in ("kill-parent", "segfault", "fork-bomb", "exit-at-import")
    ),
]


def scores(results: list) -> dict[str, float]:  # type: ignore[type-arg]
    return {r.submission: r.score for r in results}


@pytest.fixture(scope="module")
def local_scores() -> dict[str, float]:
    exercise = find_exercise("exercise_bp", REPO)
    return scores(list(grade_batch(exercise, collect(MIX, "bp"), device="cpu", limits=LIMITS, jobs=2)))


def test_a_local_cluster_gives_the_local_scores_and_contains_hostile_submissions(
    local_scores: dict[str, float],
) -> None:
    exercise = find_exercise("exercise_bp", REPO)
    with cluster_client(None, "local:2", "cpu") as client:
        results = list(
            grade_on_cluster(
                client, exercise, collect(MIX, "bp"), device="cpu", limits=LIMITS, sandbox="auto"
            )
        )
        assert len(client.scheduler_info()["workers"]) == 2, "a hostile submission took a worker down"
        _assert_only_tls_with_our_certificate(client)
    assert sorted(r.submission for r in results) == sorted(local_scores)
    assert scores(results) == local_scores
    assert {r.sandbox for r in results} == {"bwrap"}


def test_killing_a_worker_mid_batch_loses_nothing_and_counts_nothing_twice(
    local_scores: dict[str, float], tmp_path: Path
) -> None:
    """Slow submissions keep both workers busy; one worker process is SIGKILLed after the first result."""
    exercise = find_exercise("exercise_bp", REPO)
    solution = (REPO / "solutions" / "exercise_bp" / "solution.py").read_text()
    slow = [
        Submission(f"slow-{i:02d}", {"bp.py": "import time\ntime.sleep(0.4)\n" + solution}) for i in range(16)
    ]
    batch = [*slow, *collect(MIX, "bp")]
    with cluster_client(None, "local:2", "cpu") as client:
        stream = grade_on_cluster(client, exercise, batch, device="cpu", limits=LIMITS, sandbox="auto")
        results = [next(stream)]
        pids = client.run(os.getpid)
        victim = sorted(pids.values())[0]
        os.kill(victim, signal.SIGKILL)
        results += list(stream)
    names = [r.submission for r in results]
    assert len(names) == len(set(names)) == len(batch)
    assert all(r.score == r.max_score for r in results if r.submission.startswith("slow-"))
    assert {n: s for n, s in scores(results).items() if not n.startswith("slow-")} == local_scores


def grade(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRADE, *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=300)


def test_out_streams_reports_and_resume_grades_only_the_rest(tmp_path: Path) -> None:
    files = MIX[:6]
    out = tmp_path / "reports"
    first = grade("exercise_bp", *files, "--cluster", "local:1", "--out", out, "--format", "csv")
    assert first.returncode == 1, first.stderr  # the buggy ones lose points
    records = sorted(p for p in out.glob("*.json") if p.name != "summary.json")  # one per submission
    assert len(records) == len(files) and (out / "grades.csv").is_file()
    before = (out / "grades.csv").read_text()
    for record in records[::2]:  # as if the run had been killed before these were graded
        record.unlink()
    (out / "grades.csv").unlink()
    again = grade("exercise_bp", *files, "--out", out, "--resume", "--format", "csv")
    assert again.returncode == 1, again.stderr
    assert (
        f"{len(files)} report(s) in {out} ({len(files) - len(records[::2])} from an earlier run)"
        in again.stderr
    )
    assert (out / "grades.csv").read_text() == before
    done = grade("exercise_bp", *files, "--out", out, "--resume", "--format", "text")
    assert f"({len(files)} from an earlier run)" in done.stderr
    assert all(json.loads(r.read_text())["exercise"] == "exercise_bp" for r in out.glob("*.json"))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--resume"], "--resume needs --out DIR"),
        (["--cluster", "local:x"], "--cluster local:x: use local or local:N"),
        (["--cluster", "local", "--scheduler", "tcp://127.0.0.1:9"], "exclude each other"),
    ],
)
def test_cluster_usage_errors(args: list[str], needle: str) -> None:
    done = grade("exercise_bp", REPO / "solutions" / "exercise_bp" / "solution.py", *args)
    assert done.returncode == 2 and needle in done.stderr and "Traceback" not in done.stderr


def _talks_to_stranger(host: str, port: int) -> bool:
    """Whether the server answers a TLS client that has no certificate (and checks none)."""
    import socket
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=5) as raw, context.wrap_socket(raw) as tls:
            tls.sendall(b"\0" * 64)
            return tls.recv(1) != b""  # TLS 1.3 reports a refused client certificate on the first read
    except (ssl.SSLError, ConnectionError):
        return False


def _assert_only_tls_with_our_certificate(client: Client) -> None:
    """The LocalCluster's scheduler and workers refuse a stranger: no certificate, another CA, no TLS."""
    from distributed import Client
    from distributed.security import Security

    address = client.scheduler.address
    assert address.startswith("tls://127.0.0.1:")
    for where in (address, *client.scheduler_info()["workers"]):
        assert where.startswith("tls://")
        host, port = where.removeprefix("tls://").rsplit(":", 1)
        assert not _talks_to_stranger(host, int(port)), where
    with pytest.raises((OSError, TimeoutError)):  # a certificate from another CA
        Client(address, timeout="3s", security=Security.temporary())
    with pytest.raises((OSError, TimeoutError)):  # no TLS at all
        Client(address.replace("tls://", "tcp://"), timeout="3s")


def test_scheduler_takes_tls_files_and_without_them_is_refused(tmp_path: Path) -> None:
    from distributed import LocalCluster
    from distributed.security import Security

    security = Security.temporary()  # its certificate and key as PEM text: write them where grade reads
    (tmp_path / "ca.pem").write_text(security.tls_ca_file)
    (tmp_path / "cert.pem").write_text(security.tls_client_cert)
    (tmp_path / "key.pem").write_text(security.tls_client_key)
    solution = REPO / "solutions" / "exercise_bp" / "solution.py"
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # 8787 may be another cluster's
        security=security,
        protocol="tls://",
        host="127.0.0.1",
    ) as cluster:
        address = cluster.scheduler_address
        done = grade(
            "exercise_bp", solution, "--scheduler", address, "--tls-ca-file", tmp_path / "ca.pem",
            "--tls-cert", tmp_path / "cert.pem", "--tls-key", tmp_path / "key.pem", "--format", "json",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["score"] == 20
        refused = subprocess.run(
            [GRADE, "exercise_bp", str(solution), "--scheduler", address],
            capture_output=True, text=True, cwd=REPO, timeout=120,
            env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"},
        )  # fmt: skip
        assert refused.returncode == 2 and "needs --tls-ca-file and --tls-cert" in refused.stderr, (
            refused.stderr
        )
        assert "Traceback" not in refused.stderr
