"""`exam scan`: read new scans into RESULTS, apply overrides, score and write every report.

RESULTS keeps what earlier runs read (`pages.json`, the straightened pages) and every override
ever given (`overrides.csv`), so a run with more scans adds to the results and loses no decision.
A scan already read (the same file's same page) is not read again. Every file is written to a
temporary name and renamed into place, so an interrupted run leaves the previous results whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlprep.atomic import write_atomic
from dlprep.errors import DlprepError
from dlprep.scan.inputs import PageSource, list_pages
from dlprep.scan.reading import read_page
from dlprep.scan.review import load_overrides, overrides_csv, review_html
from dlprep.scan.students import Assembly, StudentResult, assemble

__all__ = ["ScanError", "ScanSummary", "scan_exam", "STATE"]

STATE = "pages.json"
OVERRIDES = "overrides.csv"


class ScanError(DlprepError):
    exit_code = 2


@dataclass(frozen=True)
class ScanSummary:
    out: Path
    pages_new: int
    pages_total: int
    students: int
    pending: int
    problems: tuple[str, ...]


def _load_build(build: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except OSError:
        raise ScanError(f"--build {build}: no manifest.json (give the folder `exam build` wrote)") from None
    except ValueError as exc:
        raise ScanError(f"--build {build}/manifest.json: not JSON ({exc})") from None
    if not manifest.get("exam_id") or not all(v.get("scan") for v in manifest.get("variants", [])):
        raise ScanError(f"--build {build}: not a scannable build (make one with `exam build --scannable`)")
    return manifest


def _load_state(out: Path, exam: str) -> dict[str, dict[str, Any]]:
    path = out / STATE
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScanError(f"{path}: cannot read earlier results ({exc})") from None
    if state.get("exam_id") != exam:
        raise ScanError(
            f"--out {out}: holds results of another exam ({state.get('exam_id')}); use another folder"
        )
    pages: dict[str, dict[str, Any]] = state["pages"]
    return pages


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    from dlprep.sheets.build import _fork_is_safe

    context = multiprocessing.get_context("fork" if _fork_is_safe() else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_quiet_worker)


def _read_all(
    build: Path, sources: list[PageSource], pool: ProcessPoolExecutor | None
) -> Iterator[tuple[dict[str, Any], bytes]]:
    if pool is None:
        for source in sources:
            yield read_page(str(build), source)
        return
    yield from pool.map(read_page, [str(build)] * len(sources), sources, chunksize=4)


def _quiet_worker() -> None:
    import cv2

    cv2.setNumThreads(1)  # one page per process: OpenCV's own threads would only compete


def scan_exam(
    scans: list[Path], *, build: Path, out: Path, overrides: Path | None = None, jobs: int | None = None
) -> ScanSummary:
    """Read `scans` against `build` into `out`, then rewrite the grades and reports there."""
    from dlprep.sheets.build import default_jobs

    manifest = _load_build(build)
    if out.exists() and not out.is_dir():
        raise ScanError(f"--out {out}: exists and is not a folder")
    records = _load_state(out, manifest["exam_id"])
    sources = [s for s in list_pages(scans) if s.key not in records]
    out.mkdir(parents=True, exist_ok=True)
    workers = jobs or default_jobs()
    pool = _pool(workers) if workers > 1 and len(sources) >= 8 else None
    try:
        new = 0
        for record, image in _read_all(build.resolve(), sources, pool):
            if image:
                write_atomic(out / "pages" / f"{record['key']}.jpg", image)
            records[record["key"]] = record
            new += 1
        kept = _load_kept_overrides(out, records)
        if overrides is not None:
            kept.update(load_overrides(overrides, records))
        state = {"exam_id": manifest["exam_id"], "pages": records}
        write_atomic(out / STATE, json.dumps(state, ensure_ascii=False))
        write_atomic(out / OVERRIDES, overrides_csv(kept))
        assembly = assemble(list(records.values()), manifest, kept)
        _write_reports(out, manifest, records, assembly, pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return ScanSummary(
        out, new, len(records), len(assembly.students), len(assembly.pending), tuple(assembly.problems)
    )


def _load_kept_overrides(out: Path, records: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    path = out / OVERRIDES
    return load_overrides(path, records) if path.exists() else {}


def _page_image(out: Path, key: str) -> Any:
    import cv2
    import numpy as np

    data = np.frombuffer((out / "pages" / f"{key}.jpg").read_bytes(), dtype=np.uint8)
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


def _crop(image: Any, region: tuple[float, float, float, float]) -> bytes:
    import cv2

    from dlprep.scan.pages import PX_PER_MM

    x0, y0, x1, y1 = (int(v * PX_PER_MM) for v in region)
    return bytes(cv2.imencode(".png", image[y0:y1, x0:x1])[1])


NAME_FIELD = (18.0, 32.5, 118.0, 44.5)  # where every answer sheet has its name box (mm)


def _write_student(
    out: Path, variant: dict[str, Any], records: dict[str, dict[str, Any]], student: StudentResult, title: str
) -> str:
    """The name crop, annotated PDF and HTML report of one student (run in a worker when parallel)."""
    from dlprep.scan.reports import annotate_page, pdf_from_images, student_html

    name = ""
    images = {key: _page_image(out, key) for key in student.pages.values()}
    if 1 in student.pages:
        name = f"names/{student.student_id}.png"
        write_atomic(out / name, _crop(images[student.pages[1]], NAME_FIELD))
    pages = [
        annotate_page(images[key], variant["scan"]["pages"][number - 1], records[key], student, variant)
        for number, key in sorted(student.pages.items())
    ]
    if pages:
        write_atomic(out / "students" / f"{student.student_id}.pdf", pdf_from_images(pages))
    write_atomic(out / "students" / f"{student.student_id}.html", student_html(student, variant, title, name))
    return name


def _write_reports(
    out: Path,
    manifest: dict[str, Any],
    records: dict[str, dict[str, Any]],
    assembly: Assembly,
    pool: ProcessPoolExecutor | None,
) -> None:
    from dlprep.scan.reports import grades_csv
    from dlprep.scan.responses import region_of

    variants = {v["code"]: v for v in manifest["variants"]}
    title = " / ".join(dict.fromkeys(manifest["title"].values()))
    crops: dict[tuple[str, str], str] = {}
    for item in assembly.pending:
        record = records[item.page_key]
        spec = variants[record["variant"]]["scan"]["pages"][record["page"] - 1]
        boxes = [
            b
            for b in spec["boxes"]
            if (b["question"] is None and item.question == "id") or str(b["question"]) == item.question
        ]
        name = f"review/{item.page_key}-{item.question}.png"
        write_atomic(out / name, _crop(_page_image(out, item.page_key), region_of(boxes)))
        crops[(item.page_key, item.question)] = name
    for record in records.values():
        if record["status"] != "read" and (out / "pages" / f"{record['key']}.jpg").exists():
            crops[(record["key"], "")] = f"pages/{record['key']}.jpg"
    ordered = [assembly.students[k] for k in sorted(assembly.students)]
    students = [s for s in ordered]
    if students:
        args = (
            [out] * len(students),
            [variants[s.variant] for s in students],
            [{k: records[k] for k in s.pages.values()} for s in students],
            students,
            [title] * len(students),
        )
        written = pool.map(_write_student, *args, chunksize=4) if pool else map(_write_student, *args)
        names = {s.student_id: name for s, name in zip(students, written, strict=True) if name}
    else:
        names = {}
    write_atomic(out / "grades.csv", grades_csv(ordered, manifest, names))
    write_atomic(out / "review.html", review_html(assembly, records, crops))
    write_atomic(out / "scores.json", json.dumps(_scores(ordered, manifest), ensure_ascii=False, indent=1))
    write_atomic(out / "build-manifest.json", json.dumps(manifest, ensure_ascii=False))  # for `exam analyze`


def _scores(students: list[Any], manifest: dict[str, Any]) -> dict[str, Any]:
    """Per student, per question: answer and points, for `exam analyze`."""
    return {
        "exam_id": manifest["exam_id"],
        "students": [
            {
                "student_id": s.student_id,
                "variant": s.variant,
                "pending": len(s.pending),
                "answers": {str(k): v for k, v in s.answers.items()},
                "points": {str(k): v for k, v in s.points.items()},
            }
            for s in students
        ],
    }
