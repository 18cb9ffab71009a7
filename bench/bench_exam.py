"""`exam build` of 100 variants of the default 20-question exam with answer keys (goal: < 10 s).

Each format is timed from process start to exit, as a user runs it, against the floor
`python -c "import typst, jinja2, yaml"` measured in the same run. PDF is the case the goal
is about (Typst lays out ~200 documents with Chinese and math); HTML and Typst sources show what
the composition and templates cost without layout. Also the exports of the whole bank.
Not part of the test suite: run it with `make bench`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAM = str(Path(sys.executable).with_name("exam"))
VARIANTS = int(os.environ.get("BENCH_VARIANTS", "100"))
RUNS = int(os.environ.get("BENCH_RUNS", "2"))


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, cwd=REPO, capture_output=True)
    return time.perf_counter() - start


def best(args: list[str]) -> float:
    return min(timed(args) for _ in range(RUNS))


def main() -> None:
    floor = best([sys.executable, "-c", "import typst, jinja2, yaml"])
    print(f"floor (python -c 'import typst, jinja2, yaml'): {floor * 1000:.0f} ms; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="exam-bench-") as folder:
        subprocess.run([EXAM, "lint"], cwd=REPO, check=True, capture_output=True)  # warm the bank cache
        for fmt, extra in (("pdf", []), ("pdf", ["--untagged-pdf"]), ("html", []), ("typst", [])):
            out = Path(folder) / fmt
            args = [EXAM, "build", "--variants", str(VARIANTS), "--format", fmt, "--out", str(out), *extra]
            seconds = best(args)
            verdict = (
                ""
                if fmt != "pdf" or extra
                else ("  (goal < 10 s: met)" if seconds < 10 else "  (goal < 10 s: MISSED)")
            )
            print(
                f"build {VARIANTS} variants x 20 questions + keys, {fmt:5} {' '.join(extra):14}: {seconds:6.2f} s "
                f"({seconds / VARIANTS * 1000:.0f} ms a variant, {seconds / floor:.0f}x floor){verdict}"
            )
        for fmt, name in (
            ("moodle", "bank.xml"),
            ("gift", "bank.gift"),
            ("apkg", "bank.apkg"),
            ("csv", "bank.csv"),
        ):
            seconds = best([EXAM, "export", "--format", fmt, "--out", str(Path(folder) / name)])
            print(f"export whole bank, {fmt:6}: {seconds:6.2f} s ({seconds / floor:.1f}x floor)")


if __name__ == "__main__":
    main()
