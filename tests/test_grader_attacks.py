"""The white-box attack corpus in tests/attacks/<exercise>/<attack-class>.py, graded through the real `grade`.

Each attack is graded in one batch with an honest classmate (the model solution with a unique marker in a
comment, graded before it) and the baseline (the exercise's starter file). For every attack: it scores no
more than the baseline, the classmate scores exactly as in a clean batch, the batch answers within 60 s with
no traceback, the grader's peak memory stays within 300 MiB of the clean batch, nothing of the classmate
and no hidden expected value appears in the attacker's reports, and no human-readable format can be forged.

An attack declares what it needs in a sibling ``<attack>.json`` (or a ``needs:`` line in its docstring):
``{"deployment": "normal-user"}`` grades its batch as an unprivileged user, ``{"copies": 2}`` grades two
copies of it at the same time, ``{"filename": "..."}`` names the submission file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.exercise import find_exercise
from grader.report import as_csv, as_gradescope, from_dict
from grader.submissions import shown_name

REPO = Path(__file__).resolve().parent.parent
ATTACKS = REPO / "tests" / "attacks"
FILES = sorted(ATTACKS.glob("*/*.py"))
SEED = 4242
TIMEOUT, BUDGET = 2, 8  # seconds per test and per submission: small, so the hostile batch stays quick
WALL_LIMIT = 60.0
RSS_SLACK_KIB = 300 << 10
CLASSMATE = "!000-classmate.py"  # sorts first: graded before every attack
BASELINE = "!001-baseline.py"
# The grader in-process, so its own peak memory can be reported after `grade` returns.
WRAPPER = """
import resource, sys
from grader.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
print(f"GRADER-MAXRSS-KIB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""
HEADER = re.compile(r"^\S.*: [0-9.]+/[0-9.]+ points, \w+ \(")
VERDICT = re.compile(r"^[\w./+-]+: [0-9.]+/[0-9.]+ points")  # a line that passes for a submission's score
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def options(path: Path) -> dict[str, Any]:
    """What an attack needs: its sibling .json, else ``needs: key=value`` lines in its docstring."""
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{sidecar}: expected an object"
        return data
    found: dict[str, Any] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:20]:
        if line.strip().startswith("needs:"):
            for item in line.split(":", 1)[1].split(","):
                key, _, value = item.strip().partition("=")
                found[key.strip()] = int(value) if value.strip().isdigit() else (value.strip() or True)
    return found


def deployment(path: Path) -> str:
    return str(options(path).get("deployment", "default"))


@dataclass(frozen=True)
class Batch:
    """One `grade` run: its records by submission file name, texts, stderr, time and peak memory."""

    records: dict[str, dict[str, Any]]
    texts: dict[str, str]
    raw: dict[str, str]
    stderr: str
    seconds: float
    rss_kib: int
    code: int


def _as_user(deploy: str) -> list[str]:
    if deploy != "normal-user" or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is not installed: cannot run the grader as an unprivileged user")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import grader.cli"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"an unprivileged user cannot run this Python here ({sys.executable}; /root is private?)")
    return prefix


def _grade(exercise: str, folder: Path, deploy: str) -> Batch:
    out = folder.parent / f"{folder.name}-out"
    out.mkdir()
    if deploy == "normal-user":
        for path in (folder, out):
            path.chmod(0o777)
    argv = [
        *_as_user(deploy),
        sys.executable,
        "-c",
        WRAPPER,
        exercise,
        str(folder),
        "--format",
        "text",
        "--out",
        str(out),
        "--jobs",
        "2",
        "--timeout",
        str(TIMEOUT),
        "--budget",
        str(BUDGET),
        "--seed",
        str(SEED),
        "--device",
        "cpu",
    ]
    env = {**os.environ, "GRADE_PROJECT": str(REPO)}
    started = time.monotonic()
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, timeout=300, check=False)
    seconds = time.monotonic() - started
    stderr = done.stderr.decode("utf-8", "backslashreplace")
    if deploy == "normal-user" and "sandbox did not start" in stderr:
        pytest.skip(f"no sandbox for an unprivileged user here: {stderr.strip().splitlines()[-2][:200]}")
    rss = re.search(r"GRADER-MAXRSS-KIB (\d+)", stderr)
    assert rss, f"the grader did not finish normally (exit {done.returncode}):\n{stderr[-3000:]}"
    records, texts, raw = {}, {}, {}
    for record_path in out.glob("*.json"):
        text = record_path.read_bytes().decode("utf-8")  # the reports must be valid UTF-8
        record = json.loads(text)
        if record_path.name == "summary.json":  # the batch's class summary, not a submission's record
            continue
        name = Path(record["submission"]).name
        records[name], raw[name] = record, text
        texts[name] = record_path.with_suffix(".txt").read_bytes().decode("utf-8")
    return Batch(records, texts, raw, stderr, seconds, int(rss.group(1)), done.returncode)


def _prepare(folder: Path, exercise: str, marker: str) -> None:
    spec = find_exercise(exercise, REPO)
    folder.mkdir(parents=True)
    solution = (spec.solutions / "solution.py").read_text(encoding="utf-8")
    (folder / CLASSMATE).write_text(f"# {marker}: my own work\n{solution}", encoding="utf-8")
    shutil.copy(spec.starter, folder / BASELINE)


def _attack_names(path: Path, *, shown: bool = True) -> list[str]:
    """The attack's submission names: as reports carry them, or (``shown=False``) as files on disk."""
    if options(path).get("layout") == "folder":  # graded as a student's folder named after the attack
        return [path.stem]
    name = str(options(path).get("filename", f"{path.stem}.py"))
    assert name.endswith(".py") and "/" not in name and name > BASELINE, f"{path}: bad filename {name!r}"
    copies = int(options(path).get("copies", 1))
    names = [name] if copies == 1 else [f"{name[:-3]}-copy{i}.py" for i in range(copies)]
    return [shown_name(n) for n in names] if shown else names  # bytes that are not UTF-8 escaped


def _folder_attack(path: Path, batch: Path) -> None:
    """A student's folder holding the attack under its `filename` and the `symlinks` it declares
    ({torch}: the folder of the grader's own torch package, present on every grading host)."""
    import torch

    want = options(path)
    folder = batch / path.stem
    folder.mkdir()
    shutil.copy(path, folder / str(want.get("filename", path.name)))
    for link, target in dict(want.get("symlinks", {})).items():
        (folder / link).symlink_to(str(target).replace("{torch}", str(Path(torch.__file__).parent)))


@cache
def marker() -> str:
    return "CLASSMATE-MARKER-" + secrets.token_hex(16)


@cache
def graded(exercise: str, deploy: str, tmp: str) -> tuple[Batch, Batch]:
    """The clean batch (classmate + baseline) and the attack batch (the same, plus every attack)."""
    root = Path(tmp) / f"{exercise}-{deploy}"
    if deploy == "normal-user":  # pytest's own temporary folders are private to root
        root = Path(tempfile.mkdtemp(prefix=f"grade-attacks-{exercise}-"))
        root.chmod(0o755)
    _prepare(root / "clean", exercise, marker())
    _prepare(root / "attacks", exercise, marker())
    for path in FILES:
        if path.parent.name == exercise and deployment(path) == deploy:
            if options(path).get("layout") == "folder":
                _folder_attack(path, root / "attacks")
                continue
            for name in _attack_names(path, shown=False):
                shutil.copy(path, root / "attacks" / name)
    return _grade(exercise, root / "clean", deploy), _grade(exercise, root / "attacks", deploy)


@cache
def expected_values(exercise: str) -> frozenset[str]:
    """Every hidden expected float of this run's seed, written as feedback used to write them."""
    from grader.batch import reference_answers

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, np.ndarray | float | np.floating) and np.asarray(value).dtype.kind == "f":
            for v in np.asarray(value, dtype=np.float64).ravel():
                for text in (f"{v:.10g}", f"{v:.6g}", f"{v:.4g}"):
                    if sum(c.isdigit() for c in text.split("e")[0].lstrip("-0.")) >= 4:
                        found.add(text)

    walk(reference_answers(find_exercise(exercise, REPO).load_hidden(SEED), "cpu"))
    return frozenset(found)


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("attacks"))


def test_every_attack_says_what_it_does() -> None:
    assert FILES, "no attacks in tests/attacks"
    for path in FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith('"""Attack: ') and first.endswith('."""'), f"{path}: first line {first!r}"
        find_exercise(path.parent.name, REPO)  # every attack is for a bundled exercise


def _summary(record: dict[str, Any]) -> str:
    return "\n".join(f"{t['status']}: {t['name']}: {t['feedback'][:300]}" for t in record["tests"])


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_attack_is_contained(path: Path, tmp_root: str) -> None:
    exercise, deploy = path.parent.name, deployment(path)
    clean, attacked = graded(exercise, deploy, tmp_root)
    # The batch as a whole: answered in time, no traceback, memory flat.
    assert attacked.code in (0, 1), attacked.stderr[-3000:]
    assert "Traceback" not in attacked.stderr, attacked.stderr[-3000:]
    assert attacked.seconds < WALL_LIMIT, f"the batch took {attacked.seconds:.1f} s"
    assert attacked.rss_kib - clean.rss_kib < RSS_SLACK_KIB, (clean.rss_kib, attacked.rss_kib)
    # The classmate and the baseline are graded exactly as in the clean batch.
    for name in (CLASSMATE, BASELINE):
        alone, together = clean.records[name], attacked.records[name]
        assert [t["status"] for t in together["tests"]] == [t["status"] for t in alone["tests"]], _summary(
            together
        )
        assert together["score"] == alone["score"]
    assert clean.records[CLASSMATE]["score"] == clean.records[CLASSMATE]["max_score"]
    baseline = clean.records[BASELINE]["score"]
    for name in _attack_names(path):
        record = attacked.records[name]
        assert record["score"] <= baseline, _summary(record)
        assert record["seconds"] <= BUDGET + 3, f"held a job slot for {record['seconds']:.1f} s"
        assert record["seed"] == SEED
        _assert_nothing_leaks(exercise, attacked.raw[name] + attacked.texts[name], from_dict(record))
        _assert_text_cannot_be_forged(attacked.texts[name])
        _assert_csv_cannot_be_forged(from_dict(record))
        _assert_gradescope_cannot_be_forged(from_dict(record))


def _assert_nothing_leaks(exercise: str, reports: str, result: Any) -> None:
    # The grader's own measurements (wall time, the cgroup's usage) are numbers too: leave them out,
    # or a run that took 1.5451 s would "leak" an expected value of 1.545.
    result = dataclasses.replace(result, seconds=0.0, usage={})
    reports = re.sub(r'"(seconds|execution_time)": [0-9.e+-]+', r'"\1": 0', reports)
    reports = re.sub(r'"usage": \{[^}]*\}', '"usage": {}', reports)
    reports = re.sub(r", [0-9.]+ s\)", ", 0 s)", reports)
    gradescope = as_gradescope(result)
    everything = reports + gradescope + as_csv([result], list(result.functions))
    assert marker() not in everything and "CLASSMATE-MARKER" not in everything
    leaked = [v for v in expected_values(exercise) if v in everything]
    assert not leaked, f"hidden expected values in the report: {leaked[:5]}"
    data = json.loads(gradescope)
    assert data["stdout_visibility"] == "hidden"
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}


def _assert_text_cannot_be_forged(text: str) -> None:
    assert not CONTROL.search(text), f"raw control characters in the text report: {CONTROL.findall(text)[:5]}"
    lines = text.split("\n")
    assert HEADER.match(lines[0]), lines[0]
    # Only the grader's header starts at the margin: everything after it is indented, and student text
    # sits inside quotes ("…") or behind "| ", so it can never begin a line that passes for a header.
    assert [line for line in lines[1:] if line and not line.startswith("  ")] == []


def _assert_gradescope_cannot_be_forged(result: Any) -> None:
    """Gradescope shows each output as is, from the margin: no student text may start a line there, so no
    line may pass for a grader's verdict or speak as the grader."""
    data = json.loads(as_gradescope(result))
    outputs = [data.get("output", "")] + [t.get("output", "") for t in data["tests"]]
    for output in outputs:
        assert not CONTROL.search(output), f"raw control characters in Gradescope output: {output[:200]!r}"
        for line in output.split("\n"):
            assert not VERDICT.match(line.strip()) and not line.strip().startswith("Grader:"), line


def _assert_csv_cannot_be_forged(result: Any) -> None:
    # `grade EX *.py` names submissions by their bare file names, so a name may start a formula.
    bare = dataclasses.replace(result, submission=Path(result.submission).name)
    rows = list(csv.reader(io.StringIO(as_csv([result, bare], list(result.functions)))))
    assert len(rows) == 3
    for cell in rows[1] + rows[2]:
        assert not CONTROL.search(cell) and not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not (cell.startswith("-") and not re.fullmatch(r"-[0-9.]+", cell)), cell


@pytest.mark.parametrize("exercise", sorted({p.parent.name for p in FILES}))
def test_inputs_are_drawn_afresh_unless_a_seed_is_given(exercise: str) -> None:
    """Two runs without --seed get different hidden inputs; --seed N gives the same ones again."""
    hidden = find_exercise(exercise, REPO)
    first, again, other = hidden.load_hidden(SEED), hidden.load_hidden(SEED), hidden.load_hidden(SEED + 1)

    def arrays(h: Any) -> list[bytes]:
        return [
            a.tobytes() for c in h.cases for call in c.calls for a in call.args if isinstance(a, np.ndarray)
        ]

    assert arrays(first) == arrays(again) and arrays(first) != arrays(other)
    assert first.seed == SEED
