"""`exam build`: write every variant's sheet and key, `answers.csv` and `manifest.json` to a folder.

Everything goes to a temporary folder beside the destination first and is moved into place only
when complete, so a failed build (a missing font, a full disk, Ctrl-C) leaves the destination
as it was. A destination that already holds files other than an earlier build is refused rather
than replaced, since it may be someone's work.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from dlprep.bank import Bank
from dlprep.errors import DlprepError
from dlprep.instance import Instance
from dlprep.question import Bilingual, QuestionType
from dlprep.render import answer_text, langs
from dlprep.sheets.documents import SheetFormat, render_key, render_sheet
from dlprep.sheets.spec import ExamSpec
from dlprep.sheets.variant import Exam, Variant, compose, make_variant

__all__ = ["OutputFormat", "BuildError", "BuildResult", "build_exam", "MANIFEST"]

MANIFEST = "manifest.json"
ANSWERS = "answers.csv"
# CJK scripts a Latin font lacks: radicals to ideographs (with kana), Hangul, compatibility forms,
# full-width forms and the supplementary ideograph planes.
_CJK = re.compile(
    r"[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f"
    r"\uff00-\uffef\U00020000-\U0003134f]"
)


class OutputFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"
    TYPST = "typst"

    @property
    def suffix(self) -> str:
        return {"pdf": ".pdf", "html": ".html", "typst": ".typ"}[self.value]


class BuildError(DlprepError):
    """The build cannot be written where it was asked to go."""

    exit_code = 2


@dataclass(frozen=True)
class BuildResult:
    out: Path
    variants: int
    questions: int
    files: tuple[str, ...]
    font: str | None


def _earlier_build(folder: Path) -> bool:
    """Whether `folder` holds an exam build and nothing else (so replacing it loses nothing)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        ours = (
            {MANIFEST, manifest["answers"]}
            | {entry[kind] for entry in manifest["variants"] for kind in ("sheet", "key")}
            | {entry["scan"]["file"] for entry in manifest["variants"] if entry.get("scan")}
        )
        return str(manifest["generator"]).startswith("dlprep ") and {p.name for p in folder.iterdir()} <= ours
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _check_destination(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not _earlier_build(out):
        raise BuildError(
            f"--out {out}: folder holds files that are not an earlier exam build; choose another folder"
        )


def _staging(out: Path) -> Path:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the build is an ordinary folder
        return staging
    except OSError as exc:
        raise BuildError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None


def _move_into_place(staging: Path, out: Path) -> None:
    """Swap the finished folder in; an earlier build is removed only after the swap."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _choice_order(instance: Instance) -> list[int]:
    """Where each displayed choice sits in the bank (for scanning answer sheets later)."""
    original = instance.question.choices  # shuffling reorders these very objects: match by identity
    return [
        next(i for i, bank_choice in enumerate(original) if bank_choice is choice)
        for choice in instance.choices
    ]


def answers_csv(variants: list[Variant], lang: str) -> str:
    """variant, number, question_id, answer, points: one row per question of every variant."""
    code = langs(lang)[-1] if lang == "both" else lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["variant", "number", "question_id", "answer", "points"])
    for variant in variants:
        for item in variant.items:
            answer = answer_text(item.instance, code)
            writer.writerow(
                [variant.code, item.number, item.instance.question.id, answer, f"{item.points:g}"]
            )
    return buffer.getvalue()


def _key(instance: Instance) -> Any:
    """What counts as right, in a form a scanner can compare with: letters, a bool, a number."""
    from dlprep.render import LETTERS

    qtype = instance.question.type
    if qtype.has_choices:
        return "".join(LETTERS[i] for i in instance.correct_choices)
    if qtype is QuestionType.TRUEFALSE:
        return bool(instance.answer)
    if qtype is QuestionType.NUMERIC:
        assert isinstance(instance.answer, int | float)
        return {"value": float(instance.answer), "tolerance": float(instance.tolerance or 0.0)}
    return None


def exam_identity(exam: Exam, variants: list[Variant]) -> str:
    """The id printed in every QR code of a scannable build: its questions, seeds and title."""
    from dlprep.sheets.scannable import exam_id

    return exam_id(
        {
            "title": exam.spec.title.as_dict(),
            "seed": exam.seed,
            "questions": [[q.id for q in section] for section in exam.questions],
            "variants": [[v.code, v.seed] for v in variants],
        }
    )


def _manifest(
    exam: Exam, variants: list[Variant], files: dict[str, dict[str, Any]], options: dict[str, Any]
) -> dict[str, Any]:
    spec = exam.spec
    return {
        "generator": f"dlprep {_our_version()}",
        **options,
        "scoring": spec.scoring.as_dict(),
        "title": spec.title.as_dict(),
        "course": spec.course.as_dict(),
        "spec": spec.source,
        "questions": [[q.id for q in section] for section in exam.questions],
        "answers": ANSWERS,
        "variants": [
            {
                "code": variant.code,
                "seed": variant.seed,
                "total_points": variant.total_points,
                **files[variant.code],
                "questions": [
                    {
                        "number": item.number,
                        "id": item.instance.question.id,
                        "type": item.instance.question.type.value,
                        "topic": item.instance.question.topic,
                        "points": item.points,
                        "key": _key(item.instance),
                        "seed": item.instance.seed if item.instance.question.parametric else None,
                        "params": item.instance.params,
                        "choice_order": _choice_order(item.instance),
                    }
                    for item in variant.items
                ],
            }
            for variant in variants
        ],
    }


def _our_version() -> str:
    try:
        return version("dlprep")
    except PackageNotFoundError:
        return "unknown"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Writer:
    """Renders a variant's documents and writes them in the chosen format to the staging folder.

    `build_exam` looks up the Chinese font for `--lang zh|both` before anything is rendered (so a
    missing font fails at once); for English the writer looks it up itself when a text turns out
    to contain Chinese after all (a course name, a quoted term).
    """

    def __init__(self, spec: ExamSpec, lang: str, fmt: OutputFormat, tagged: bool, font: Any) -> None:
        self.spec, self.lang, self.fmt, self.tagged = spec, lang, fmt, tagged
        self.sheet_format = SheetFormat.HTML if fmt is OutputFormat.HTML else SheetFormat.TYPST
        self.font: Any = font
        self.compiler: Any = None

    def _use_cjk_font(self) -> None:
        from dlprep.sheets.fonts import find_cjk_font

        self.font = find_cjk_font()
        self.compiler = None

    def source(self, render: Callable[..., str], variant: Variant) -> str:
        family = self.font.family if self.font else None
        text = render(self.spec, variant, self.lang, self.sheet_format, family)
        if self.sheet_format is SheetFormat.TYPST and family is None and _CJK.search(text):
            self._use_cjk_font()
            text = render(self.spec, variant, self.lang, self.sheet_format, self.font.family)
        return text

    def write(self, folder: Path, name: str, source: str) -> dict[str, str]:
        data = source.encode("utf-8")
        if self.fmt is OutputFormat.PDF:
            if self.compiler is None:
                from dlprep.sheets.pdf import PdfCompiler

                self.compiler = PdfCompiler(self.font, tagged=self.tagged)
            data = self.compiler.pdf(source, name)
        filename = name + self.fmt.suffix
        (folder / filename).write_bytes(data)
        return {"file": filename, "sha256": _sha256(data)}


@dataclass(frozen=True)
class _Job:
    """Some variants of one build, for one worker process."""

    spec: ExamSpec
    variants: tuple[Variant, ...]
    lang: str
    fmt: OutputFormat
    tagged: bool
    font: Any
    staging: Path
    scan_exam: str | None = None  # the exam id for the QR codes of scannable answer sheets


def _write_variants(job: _Job) -> tuple[dict[str, dict[str, Any]], Any]:
    """Render, compile and write the sheet and key (and answer sheet) of each variant of `job`."""
    if job.fmt is OutputFormat.HTML:
        return _write_html_variants(job)
    writer = _Writer(job.spec, job.lang, job.fmt, job.tagged, job.font)
    files: dict[str, dict[str, Any]] = {}
    for variant in job.variants:
        sheet = writer.write(job.staging, f"exam-{variant.code}", writer.source(render_sheet, variant))
        key = writer.write(job.staging, f"key-{variant.code}", writer.source(render_key, variant))
        files[variant.code] = {
            "sheet": sheet["file"],
            "key": key["file"],
            "sheet_sha256": sheet["sha256"],
            "key_sha256": key["sha256"],
        }
        if job.scan_exam is not None:
            scan, digest = _write_answer_sheet(writer, job, variant, job.scan_exam)
            files[variant.code].update(scan=scan, scan_sha256=digest)
    return files, writer.font


def _write_html_variants(job: _Job) -> tuple[dict[str, dict[str, Any]], Any]:
    """HTML sheets and keys, with a WOFF2 subset of the Chinese font embedded when they hold Chinese
    (one subset for the whole build: every page of it shows the same glyphs as the PDF would)."""
    writer = _Writer(job.spec, job.lang, job.fmt, job.tagged, job.font)
    documents = [
        (variant.code, kind, f"{kind_name}-{variant.code}", writer.source(render, variant))
        for variant in job.variants
        for kind, kind_name, render in (("sheet", "exam", render_sheet), ("key", "key", render_key))
    ]
    font = job.font
    texts = [source for *_, source in documents]
    if any(_CJK.search(text) for text in texts):
        from dlprep.sheets.fonts import find_cjk_font
        from dlprep.sheets.webfont import cjk_characters, font_face_css

        font = font or find_cjk_font()
        css = font_face_css(font, cjk_characters(texts))
        documents = [
            (c, k, n, source.replace("<style>\n", "<style>\n" + css, 1)) for c, k, n, source in documents
        ]
    files: dict[str, dict[str, Any]] = {}
    for code, kind, name, source in documents:
        written = writer.write(job.staging, name, source)
        entry = files.setdefault(code, {})
        entry[kind] = written["file"]
        entry[f"{kind}_sha256"] = written["sha256"]
    return files, font


def _write_answer_sheet(
    writer: _Writer, job: _Job, variant: Variant, exam: str
) -> tuple[dict[str, Any], str]:
    from dlprep.sheets.scannable import answer_sheet_typst, layout_answer_sheet

    codes = langs(job.lang)
    title = " / ".join(dict.fromkeys(job.spec.title.get(code) for code in codes))
    sheet = layout_answer_sheet(variant, exam, title, job.lang, job.spec.scoring.id_digits)
    family = writer.font.family if writer.font else None
    source = answer_sheet_typst(sheet, family, title)
    if family is None and _CJK.search(source):
        writer._use_cjk_font()
        source = answer_sheet_typst(sheet, writer.font.family, title)
    written = writer.write(job.staging, f"answer-sheet-{variant.code}", source)
    return sheet.manifest(written["file"]), written["sha256"]


def _chunks(variants: tuple[Variant, ...], jobs: int) -> list[tuple[Variant, ...]]:
    """Variants in chunks of two: workers finish close together, and a chunk still pays for its
    pickling (a variant takes ~0.15 s to lay out)."""
    size = 2 if len(variants) >= 4 * jobs else 1
    return [variants[start : start + size] for start in range(0, len(variants), size)]


def _run_jobs(job: _Job, jobs: int) -> tuple[dict[str, dict[str, Any]], Any]:
    """Typst lays out one document at a time on one core: spread the variants over processes.

    Workers are forked, so they start with the bank and templates already imported, and each
    builds its own Typst compiler. A process that has compiled before holds Typst's worker threads,
    which a fork does not copy (the child would wait on them forever), so then workers are spawned.
    """
    if jobs <= 1 or len(job.variants) < 4 or job.fmt is not OutputFormat.PDF:
        return _write_variants(job)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    files: dict[str, dict[str, Any]] = {}
    font = job.font
    context = multiprocessing.get_context("fork" if _fork_is_safe() else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        parts = [replace(job, variants=chunk) for chunk in _chunks(job.variants, jobs)]
        for part_files, part_font in pool.map(_write_variants, parts):
            files.update(part_files)
            font = font or part_font
    finally:
        pool.shutdown(cancel_futures=True)  # after a failure, do not lay out the remaining variants
    return files, font


def _fork_is_safe() -> bool:
    """Fork only a single-threaded process: a fork copies no other thread (Typst's workers, or
    torch's), so a child waiting on one would wait forever."""
    from dlprep.sheets.pdf import typst_started

    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        threads = 2  # no /proc: assume the worst
    return threads == 1 and not typst_started()


ANSWER_SHEET_NOTE = Bilingual(
    "请在答题卡上作答，只有答题卡会被扫描评分。",
    "Mark your answers on the answer sheet: only the answer sheet is scanned and graded.",
)


def _with_answer_sheet_note(spec: ExamSpec) -> ExamSpec:
    """The question sheet of a scannable build tells students where their answers go."""
    zh, en = spec.instructions.zh, spec.instructions.en
    return replace(
        spec,
        instructions=Bilingual(
            f"{zh} {ANSWER_SHEET_NOTE.zh}".strip(), f"{en} {ANSWER_SHEET_NOTE.en}".strip()
        ),
    )


def default_jobs() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_exam(
    spec: ExamSpec,
    bank: Bank,
    *,
    out: Path,
    variants: int = 1,
    seed: int = 0,
    lang: str = "both",
    fmt: OutputFormat = OutputFormat.PDF,
    tagged_pdf: bool = True,
    jobs: int | None = None,
    scannable: bool = False,
) -> BuildResult:
    """Compose the exam, render `variants` variants with keys (and machine-readable answer sheets
    when `scannable`), and move the folder into place."""
    if variants < 1:
        raise BuildError("--variants must be at least 1")
    if scannable and fmt is OutputFormat.HTML:
        raise BuildError("--scannable answer sheets are printed: use --format pdf (or typst)")
    out = out.resolve()  # `--out .` has no name to put a staging folder beside
    _check_destination(out)
    if scannable:
        spec = _with_answer_sheet_note(spec)
    exam = compose(spec, bank, seed)
    made = [make_variant(exam, index) for index in range(variants)]
    font = None
    if fmt is not OutputFormat.HTML and lang != "en":
        from dlprep.sheets.fonts import find_cjk_font

        font = find_cjk_font()  # before anything is written: a missing font fails at once
    staging = _staging(out)
    try:
        scan_exam = exam_identity(exam, made) if scannable else None
        job = _Job(spec, tuple(made), lang, fmt, tagged_pdf, font, staging, scan_exam)
        files, font = _run_jobs(job, jobs or default_jobs())
        (staging / ANSWERS).write_text(answers_csv(made, lang), encoding="utf-8")
        family = font.family if font else None
        options = {
            "seed": seed,
            "lang": lang,
            "format": fmt.value,
            "variant_count": variants,
            "font": family,
            "font_paths": list(font.font_paths) if font else [],  # `typst compile --font-path` for .typ
            "exam_id": scan_exam,
        }
        manifest = _manifest(exam, made, files, options)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8"
        )
        _move_into_place(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"--out {out}: cannot write the build ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    names = sorted(
        name
        for entry in files.values()
        for name in (entry["sheet"], entry["key"], *([entry["scan"]["file"]] if "scan" in entry else []))
    )
    return BuildResult(out, variants, exam.question_count, (*names, ANSWERS, MANIFEST), family)
