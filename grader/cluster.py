"""Grade a batch on a Dask distributed cluster: an existing scheduler, or a LocalCluster we start.

Dask does the scheduling: one task per submission (futures, ``as_completed``), the reference
answers computed once and shared with ``client.scatter``, a worker resource ``GPU`` for the
reference when ``--device cuda``, and Dask's own rescheduling when a worker dies (a task lost with
its worker runs again elsewhere, and ``as_completed`` still yields each future once).

Each worker process keeps one sandbox zygote and the exercise's hidden tests, started on its first
task; every submission then runs in the same sandbox as local grading, and its result says which
sandbox that worker had. A submission that crashes, hangs or kills things stays inside its sandbox:
for the worker that is a result like any other. Workers need dlprep installed and the project
(``exercises/``, ``solutions/``) at the same path, or ``GRADE_PROJECT`` pointing at it.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.errors import GradeError, UsageError
from grader.exercise import Exercise, Hidden, find_exercise
from grader.results import SubmissionResult
from grader.sandbox import Limits, Zygote, available_kind
from grader.submissions import Submission

if TYPE_CHECKING:
    from distributed import Client
    from distributed.security import Security

__all__ = ["TLS", "cluster_client", "grade_on_cluster", "grade_on_worker", "parse_cluster"]

INSTALL_HINT = "grading on a cluster needs Dask: pip install 'dlprep[cluster]'"
CHUNK = 8  # submissions per task at most: fewer round trips, results still stream


def parse_cluster(spec: str) -> int:
    """``local`` (one worker per core) or ``local:N``: the number of worker processes (0 = per core)."""
    name, _, count = spec.partition(":")
    if name != "local" or (count and not count.isdigit()) or count == "0":
        raise UsageError(f"--cluster {spec}: use local or local:N (N worker processes)")
    return int(count) if count else 0


@dataclass(frozen=True)
class TLS:
    """``--tls-ca-file``, ``--tls-cert``, ``--tls-key``: how this client proves itself to a scheduler."""

    ca_file: Path | None = None
    cert: Path | None = None
    key: Path | None = None

    def given(self) -> bool:
        return any((self.ca_file, self.cert, self.key))

    def security(self) -> Security:
        """Dask's TLS settings (mutual TLS, encryption required); Dask's own config when none given."""
        from distributed.security import Security

        if not self.given():
            return Security()  # distributed.comm.tls.* from the Dask configuration, if any
        missing = [
            name for name, value in (("--tls-ca-file", self.ca_file), ("--tls-cert", self.cert)) if not value
        ]
        if missing:
            raise UsageError(f"TLS to the scheduler needs {' and '.join(missing)} as well")
        for path in (self.ca_file, self.cert, self.key):
            if path is not None and not path.is_file():
                raise UsageError(f"{path}: no such file (a TLS certificate or key)")
        return Security(
            tls_ca_file=str(self.ca_file),
            tls_client_cert=str(self.cert),
            tls_client_key=str(self.key) if self.key else None,
            require_encryption=True,
        )


def local_security() -> Security:
    """A throwaway CA and certificate for a LocalCluster: only this process can join or talk to it."""
    try:
        from distributed.security import Security

        return Security.temporary()
    except ImportError:
        raise UsageError(
            "--cluster local needs `cryptography` for TLS: pip install 'dlprep[cluster]'"
        ) from None


@contextmanager
def cluster_client(
    scheduler: str | None, cluster: str | None, device: str, tls: TLS | None = None
) -> Iterator[Client]:
    """A client for ``--scheduler ADDRESS`` or a fresh ``--cluster local[:N]``, closed afterwards.

    Both speak TLS with client certificates: a LocalCluster gets a throwaway CA of its own, so its
    scheduler and workers refuse anyone else; a remote scheduler gets the ``--tls-*`` files (or Dask's
    ``distributed.comm.tls`` configuration), and a ``tls://`` address without them is refused here.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    if scheduler:
        tls = tls or TLS()
        if tls.given() and not scheduler.startswith("tls://"):
            raise UsageError(f"--scheduler {scheduler}: TLS settings need a tls:// address")
        security = tls.security()
        if (
            scheduler.startswith("tls://")
            and security.get_connection_args("client").get("ssl_context") is None
        ):
            raise UsageError(
                f"--scheduler {scheduler}: a TLS scheduler needs --tls-ca-file and --tls-cert "
                "(or Dask's distributed.comm.tls configuration)"
            )
        try:
            client = Client(scheduler, timeout="10s", security=security)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
        try:
            yield client
        finally:
            client.close()
        return
    import os

    workers = parse_cluster(cluster or "local") or os.cpu_count() or 1
    resources = {"GPU": 1} if device == "cuda" else None
    security = local_security()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            resources=resources,
            security=security,
            protocol="tls://",
            host="127.0.0.1",
            # no dashboard; the scheduler's small HTTP server on a free loopback port, not 8787 (taken?)
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as local,
        Client(local, security=security) as client,
    ):
        yield client


def grade_on_cluster(
    client: Client,
    exercise: Exercise,
    submissions: list[Submission],
    *,
    device: str,
    limits: Limits,
    sandbox: str,
    jobs: int | None = None,
    seed: int | None = None,
) -> Iterator[SubmissionResult]:
    """Yield results as tasks finish, whichever worker ran them.

    A task grades a small chunk of submissions, `jobs` at a time inside the worker's sandbox (default:
    the worker machine's cores shared among its worker processes): Dask spreads chunks over workers,
    each worker keeps its cores busy, and a lost worker costs only its chunks, which Dask runs again.
    """
    from distributed import as_completed

    root = str(exercise.folder.parent.parent)
    if device == "cuda":
        # the reference runs on a worker that declares a GPU (dask-worker --resources GPU=1)
        expected = client.submit(
            _reference, root, exercise.name, "cuda", seed, resources={"GPU": 1}, pure=False
        ).result()
    else:
        from grader.batch import pick_device, reference_answers

        expected = reference_answers(exercise.load_hidden(seed), pick_device(device))
    [shared] = client.scatter([expected], broadcast=True)
    addresses = list(client.scheduler_info()["workers"])
    workers = max(1, len(addresses))
    per_host: dict[str, int] = {}
    for address in addresses:
        per_host[_host(address)] = per_host.get(_host(address), 0) + 1
    size = max(1, min(CHUNK, len(submissions) // (4 * workers)))
    chunks = [submissions[i : i + size] for i in range(0, len(submissions), size)]
    futures = [
        client.submit(
            grade_on_worker,
            root,
            exercise.name,
            chunk,
            shared,
            limits,
            sandbox,
            jobs,
            per_host,
            seed,
            pure=False,
        )
        for chunk in chunks
    ]
    try:
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker lost too often, or the cluster went away
                raise GradeError(
                    f"the Dask cluster could not grade a chunk: {type(exc).__name__}: {exc}"
                ) from exc
            yield from results
    finally:
        client.cancel(futures)


def _reference(root: str, name: str, device: str, seed: int | None = None) -> list[Any]:
    from grader.batch import reference_answers

    return reference_answers(find_exercise(name, Path(root)).load_hidden(seed), device)


class _WorkerState:
    """One worker process's zygote and hidden tests for one exercise and seed, started on first use.

    The zygote holds only these tests (the same for every submission of the run); no submission's
    files ever pass through it, so a long-lived worker carries nothing from one student to the next.
    """

    def __init__(self, root: str, name: str, sandbox: str, seed: int | None, expected: list[Any]) -> None:
        from grader.batch import tests_for_sandbox

        self.exercise = find_exercise(name, Path(root))
        self.zygote = Zygote(available_kind(sandbox))
        self.zygote.start()
        self.hidden: Hidden = self.exercise.load_hidden(seed)
        self.zygote.wait_ready()
        self.zygote.send_tests(tests_for_sandbox(self.hidden, expected))
        self.lock = threading.Lock()  # one zygote conversation at a time, whatever the worker's threads
        atexit.register(self.zygote.close)


_STATES: dict[tuple[str, str, str, int | None], _WorkerState] = {}
_STATES_LOCK = threading.Lock()
KEEP_STATES = 2  # zygotes a worker keeps for earlier runs (other seeds) before closing the oldest idle one


def _evict_idle() -> None:
    """Close the oldest zygotes not in use, so a long-lived worker does not gather one per run."""
    for key in list(_STATES)[: max(0, len(_STATES) - KEEP_STATES)]:
        state = _STATES[key]
        if state.lock.acquire(blocking=False):
            try:
                del _STATES[key]
                state.zygote.close()
            finally:
                state.lock.release()


def _host(address: str) -> str:
    return address.rsplit(":", 1)[0]


def _jobs_here(workers_per_host: dict[str, int]) -> int:
    """This machine's cores shared among the Dask worker processes running on it."""
    import os

    from distributed import get_worker

    here = workers_per_host.get(_host(get_worker().address), 1)
    return max(1, (os.cpu_count() or 1) // max(1, here))


def grade_on_worker(
    root: str,
    name: str,
    submissions: list[Submission],
    expected: list[Any],
    limits: Limits,
    sandbox: str,
    jobs: int | None = None,
    workers_per_host: dict[str, int] | None = None,
    seed: int | None = None,
) -> list[SubmissionResult]:
    """The task: grade a chunk of submissions in this worker's sandbox."""
    from grader.batch import run_submissions

    with _STATES_LOCK:
        state = _STATES.get((root, name, sandbox, seed))
        if state is None:
            state = _STATES[(root, name, sandbox, seed)] = _WorkerState(root, name, sandbox, seed, expected)
            _evict_idle()
    with state.lock:
        return list(
            run_submissions(
                state.exercise,
                state.hidden,
                expected,
                submissions,
                state.zygote,
                jobs or _jobs_here(workers_per_host or {}),
                limits,
            )
        )
