"""`exam scan` of 100 students x 2 answer-sheet pages at 200 dpi (goal: >= 10 pages a second on 2 cores).

Sheets are built with `exam build --scannable`, rendered with PDFium, filled by simulated students
(dlprep.scan.simulate), turned / skewed / noised, and saved as the multi-page PDFs of JPEG pages a
scanner writes. Only the `exam scan` command is timed, from process start to exit, as a user runs
it (worker processes, PDF rendering, QR, marks, perspective, boxes, reports and annotated copies).
Not part of the test suite: run it with `make bench`.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from dlprep.scan.simulate import Student, degrade, fill_sheet, render_pages

REPO = Path(__file__).resolve().parent.parent
EXAM = str(Path(sys.executable).with_name("exam"))
STUDENTS = int(os.environ.get("BENCH_STUDENTS", "100"))
DPI = 200
SPEC = """\
title: {zh: 扫描基准, en: Scan benchmark}
groups:
  - {select: type=single, count: 12}
  - {select: type=multiple, count: 4}
  - {select: type=truefalse, count: 4}
  - {select: type=numeric, count: 2}
  - {select: type=open, count: 1}
points: {open: 10}
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "spec.yaml").write_text(SPEC, encoding="utf-8")
        build = root / "build"
        subprocess.run(
            [EXAM, "build", str(root / "spec.yaml"), "--scannable", "--variants", "2", "--out", str(build)],
            check=True,
            cwd=REPO,
            capture_output=True,
        )
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        rng = random.Random(1)
        blanks = {v["code"]: render_pages(build / v["scan"]["file"], DPI) for v in manifest["variants"]}
        pages = []
        for index in range(STUDENTS):
            variant = manifest["variants"][index % 2]
            sheet = [p.copy() for p in blanks[variant["code"]]]
            answers = {
                str(q["number"]): rng.choice("AB") if q["type"] in ("single", "multiple") else ""
                for q in variant["questions"]
            }
            fill_sheet(
                sheet, variant["scan"], Student(f"{10000000 + index}", variant["code"], answers), DPI, rng
            )
            pages += [
                degrade(
                    p, rng, quarter_turns=rng.choice([0, 2]), skew_deg=rng.uniform(-2, 2), noise=4, dpi=DPI
                )
                for p in sheet
            ]
        count = len(pages)
        per_file = 50
        files = []
        for start in range(0, count, per_file):
            images = [Image.fromarray(p) for p in pages[start : start + per_file]]
            path = root / f"scans-{start // per_file + 1}.pdf"
            images[0].save(path, save_all=True, append_images=images[1:], resolution=DPI)
            files.append(str(path))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        result = subprocess.run(
            [EXAM, "scan", *files, "--build", str(build), "--out", str(root / "results"), "--jobs", "2"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if result.returncode not in (0, 1):
            raise SystemExit(result.stderr)
        print(result.stdout.strip())
        print(
            f"exam scan: {count} pages ({STUDENTS} students x 2) at {DPI} dpi in {seconds:.1f} s = {count / seconds:.1f} pages/s (goal >= 10)"
        )
        # On a shared machine the wall time measures the other tenants too; CPU time does not.
        print(
            f"CPU time {cpu:.1f} s (all processes) = {count / cpu:.1f} pages per CPU-second, "
            f"so {2 * count / cpu:.1f} pages/s on 2 free cores; load average at start {load:.1f}"
        )


if __name__ == "__main__":
    main()
