"""`build_exam`: a folder of sheets, keys, answers.csv and manifest.json, written atomically."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dlprep.bank import Bank
from dlprep.question import Bilingual, QuestionType, ShortAnswer
from dlprep.render import answer_text
from dlprep.richtext import Kind, segments
from dlprep.selection import Filter, Group, parse_groups
from dlprep.sheets.build import BuildError, BuildResult, OutputFormat, build_exam
from dlprep.sheets.fonts import ENV_VAR, FontError, find_cjk_font
from dlprep.sheets.spec import ExamSpec, SectionSpec, spec_from_select
from dlprep.sheets.variant import Variant, compose, make_variant

REPO = Path(__file__).resolve().parent.parent
SELECT = "cnn:2,rnn:2,gan:2"
SEED = 7
COLUMNS = ["variant", "number", "question_id", "answer", "points"]


@pytest.fixture(scope="module")
def spec(bank: Bank) -> ExamSpec:
    return spec_from_select(parse_groups(SELECT, bank))


@pytest.fixture(autouse=True)
def no_font_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def _build(
    spec: ExamSpec,
    bank: Bank,
    out: Path,
    fmt: OutputFormat = OutputFormat.PDF,
    *,
    variants: int = 2,
    seed: int = SEED,
    lang: str = "both",
) -> BuildResult:
    """A serial build (jobs=1: see the parallel tests below) with the default font lookup."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(ENV_VAR, raising=False)
        return build_exam(spec, bank, out=out, variants=variants, seed=seed, lang=lang, fmt=fmt, jobs=1)


@pytest.fixture(scope="module")
def pdf_build(spec: ExamSpec, bank: Bank, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return _build(spec, bank, tmp_path_factory.mktemp("pdf") / "midterm")


@pytest.fixture(scope="module")
def variants(spec: ExamSpec, bank: Bank) -> list[Variant]:
    exam = compose(spec, bank, SEED)
    return [make_variant(exam, index) for index in range(2)]


def _default_font() -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(ENV_VAR, raising=False)
        return find_cjk_font().family


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- a PDF build -----------------------------------------------------------------------------


def test_pdf_build_writes_every_file_and_nothing_else(pdf_build: BuildResult) -> None:
    out = pdf_build.out
    expected = ("exam-A.pdf", "exam-B.pdf", "key-A.pdf", "key-B.pdf", "answers.csv", "manifest.json")
    assert pdf_build.files == expected
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert pdf_build.variants == 2 and pdf_build.questions == 6
    assert pdf_build.font == _default_font()
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no staging or old folder left
    for name in expected:
        if name.endswith(".pdf"):
            assert (out / name).read_bytes().startswith(b"%PDF-")


def test_answers_csv_has_a_row_per_question_of_every_variant(
    pdf_build: BuildResult, variants: list[Variant]
) -> None:
    with (pdf_build.out / "answers.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        assert reader.fieldnames == COLUMNS
    assert len(rows) == 2 * 6
    for variant in variants:
        mine = [row for row in rows if row["variant"] == variant.code]
        assert [int(row["number"]) for row in mine] == list(range(1, 7))
        for row, item in zip(mine, variant.items, strict=True):
            assert row["question_id"] == item.instance.question.id
            assert float(row["points"]) == item.points
            assert row["answer"]
            if item.instance.question.type is not QuestionType.OPEN:
                assert row["answer"] == answer_text(item.instance, "en")


def test_manifest_lists_variants_files_and_their_sha256(
    pdf_build: BuildResult, variants: list[Variant], spec: ExamSpec, bank: Bank
) -> None:
    manifest = json.loads((pdf_build.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == SEED and manifest["lang"] == "both" and manifest["format"] == "pdf"
    assert manifest["variant_count"] == 2 and manifest["font"] == pdf_build.font
    assert manifest["answers"] == "answers.csv" and manifest["spec"] == "--select"
    assert manifest["title"] == spec.title.as_dict()
    assert manifest["questions"] == [[q.id for q in s] for s in compose(spec, bank, SEED).questions]
    assert [v["code"] for v in manifest["variants"]] == ["A", "B"]
    for entry, variant in zip(manifest["variants"], variants, strict=True):
        assert entry["seed"] == variant.seed and entry["total_points"] == variant.total_points
        for kind in ("sheet", "key"):
            data = (pdf_build.out / entry[kind]).read_bytes()
            assert entry[f"{kind}_sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["sheet"] == f"exam-{variant.code}.pdf" and entry["key"] == f"key-{variant.code}.pdf"
        assert [q["number"] for q in entry["questions"]] == list(range(1, 7))
        for record, item in zip(entry["questions"], variant.items, strict=True):
            assert record["id"] == item.instance.question.id and record["points"] == item.points
            original = list(item.instance.question.choices)
            assert [original[i] for i in record["choice_order"]] == list(item.instance.choices)
            if item.instance.question.parametric:
                assert record["seed"] == variant.seed and record["params"] == item.instance.params


def test_pdf_text_has_every_number_and_the_chinese_prompts(
    pdf_build: BuildResult, variants: list[Variant]
) -> None:
    for variant in variants:
        printed = _squash(_pdf_text(pdf_build.out / f"exam-{variant.code}.pdf"))
        assert f"Variant:{variant.code}" in printed
        for item in variant.items:
            assert f"{item.number}.({item.points:g}pt" in printed, item.number
            prose = [s.text for s in segments(item.instance.prompt.zh) if s.kind is Kind.TEXT]
            assert any(re.search(r"[\u4e00-\u9fff]", p) for p in prose)
            for text in prose:
                assert _squash(text) in printed, (item.number, text)
        key = _squash(_pdf_text(pdf_build.out / f"key-{variant.code}.pdf"))
        assert "答案与评分标准" in key and f"Variant{variant.code}" in key


def test_first_page_renders_to_ink(pdf_build: BuildResult) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_build.out / "exam-A.pdf"))
    try:
        page = document[0]
        bitmap = page.render(scale=1)
        pixels = bitmap.to_numpy()
        bitmap.close()
        page.close()
    finally:
        document.close()
    height, width = pixels.shape[:2]
    assert (height, width) == (842, 596)  # A4 at 72 dpi
    dark = (pixels.min(axis=-1) < 128).mean()
    assert 0.002 < dark < 0.5, dark
    assert (pixels.min(axis=-1) > 250).mean() > 0.5  # mostly white paper


def test_pdftoppm_renders_the_sheet_to_png(pdf_build: BuildResult, tmp_path: Path) -> None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [
            tool,
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf_build.out / "exam-A.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("p*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_same_seed_gives_identical_pdf_bytes(
    pdf_build: BuildResult, spec: ExamSpec, bank: Bank, tmp_path: Path
) -> None:
    again = _build(spec, bank, tmp_path / "again")
    assert _files(again.out) == _files(pdf_build.out)


def test_english_pdf_needs_no_chinese_font(
    bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # choice and numeric questions: their English texts and answers hold no Chinese (some short
    # answers accept a Chinese term even in English, and then the key does need the font)
    spec = spec_from_select(parse_groups("cnn+type=single:2,rnn+type=numeric:1", bank))
    monkeypatch.setenv(ENV_VAR, "/nonexistent")  # would fail if a font were looked up
    result = build_exam(spec, bank, out=tmp_path / "en", variants=1, seed=SEED, lang="en", jobs=1)
    assert result.font is None
    printed = _pdf_text(tmp_path / "en" / "exam-A.pdf")
    assert "Student ID" in printed and not re.search(r"[\u4e00-\u9fff]", printed)


def test_english_key_with_a_chinese_answer_gets_the_font(bank: Bank, tmp_path: Path) -> None:
    """The English answers of gan-equilibrium-short accept 纳什均衡: the key finds the CJK font itself."""
    question = bank.questions["gan-equilibrium-short"]
    assert isinstance(question.answer, ShortAnswer) and "纳什均衡" in question.answer.en
    spec = ExamSpec(
        Bilingual("Quiz", "Quiz"), sections=(SectionSpec(None, Group(Filter(), 1, (question.id,))),)
    )
    result = _build(spec, bank, tmp_path / "en", lang="en", variants=1)
    assert result.font == _default_font()
    assert "纳什均衡" in _squash(_pdf_text(result.out / "key-A.pdf"))
    assert "纳什均衡" not in _pdf_text(result.out / "exam-A.pdf")


# --- Typst and HTML sources --------------------------------------------------------------------


def test_typst_sources_are_deterministic_and_seeds_differ(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    first = _build(spec, bank, tmp_path / "one", OutputFormat.TYPST)
    second = _build(spec, bank, tmp_path / "two", OutputFormat.TYPST)
    other = _build(spec, bank, tmp_path / "three", OutputFormat.TYPST, seed=SEED + 1)
    assert first.files == (
        "exam-A.typ",
        "exam-B.typ",
        "key-A.typ",
        "key-B.typ",
        "answers.csv",
        "manifest.json",
    )
    assert _files(first.out) == _files(second.out)
    assert (first.out / "exam-A.typ").read_bytes() != (other.out / "exam-A.typ").read_bytes()
    assert (first.out / "exam-A.typ").read_bytes() != (first.out / "exam-B.typ").read_bytes()
    source = (first.out / "exam-A.typ").read_text(encoding="utf-8")
    assert source.startswith("#set document(") and first.font and first.font in source


def test_pdf_matches_its_typst_source(
    pdf_build: BuildResult, spec: ExamSpec, bank: Bank, tmp_path: Path
) -> None:
    from dlprep.sheets.pdf import PdfCompiler

    sources = _build(spec, bank, tmp_path / "typ", OutputFormat.TYPST)
    source = (sources.out / "key-B.typ").read_text(encoding="utf-8")
    assert PdfCompiler(find_cjk_font()).pdf(source, "key-B") == (pdf_build.out / "key-B.pdf").read_bytes()


def test_html_build_is_printable_with_one_section_per_question(
    spec: ExamSpec, bank: Bank, tmp_path: Path
) -> None:
    result = _build(spec, bank, tmp_path / "html", OutputFormat.HTML)
    assert result.files == (
        "exam-A.html",
        "exam-B.html",
        "key-A.html",
        "key-B.html",
        "answers.csv",
        "manifest.json",
    )
    assert result.font == find_cjk_font().family  # its subset is embedded (the sheets have Chinese)
    for code in "AB":
        page = (result.out / f"exam-{code}.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert 'font-family: "dlprep-cjk"; src: url(data:font/woff2;base64,' in page
        assert "@page" in page and "break-inside" in page
        assert page.count('<section class="question') == 6
        assert f'<span class="variant-code">{code}</span>' in page
    manifest = json.loads((result.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "html" and manifest["variants"][1]["sheet"] == "exam-B.html"


# --- where the build goes --------------------------------------------------------------------


def test_a_file_in_the_way_is_refused_and_left_alone(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    out = tmp_path / "notes.txt"
    out.write_text("my notes", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        _build(spec, bank, out, OutputFormat.TYPST)
    assert info.value.exit_code == 2 and "is not a folder" in str(info.value)
    assert out.read_text(encoding="utf-8") == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_of_other_files_is_refused_and_left_alone(
    spec: ExamSpec, bank: Bank, tmp_path: Path
) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("work", encoding="utf-8")
    with pytest.raises(BuildError, match="not an earlier exam build"):
        _build(spec, bank, out, OutputFormat.TYPST)
    assert _files(out) == {"chapter1.tex": b"work"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_an_empty_folder_is_used(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    result = _build(spec, bank, out, OutputFormat.TYPST)
    assert set(result.files) == {p.name for p in out.iterdir()}


def test_missing_font_fails_before_anything_is_written(
    spec: ExamSpec, bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "/nonexistent")
    out = tmp_path / "exam"
    with pytest.raises(FontError) as info:
        build_exam(spec, bank, out=out, variants=2, seed=SEED, jobs=1)
    assert info.value.exit_code == 2 and "/nonexistent" in str(info.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no .exam.*.tmp staging folder


def test_missing_font_found_late_leaves_no_staging_folder(
    bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English needs no CJK font, until a Chinese title turns up while rendering."""
    spec = spec_from_select(parse_groups("gan:1", bank), Bilingual("期中", "期中"))
    monkeypatch.setenv(ENV_VAR, "/nonexistent")
    out = tmp_path / "exam"
    with pytest.raises(FontError):
        build_exam(spec, bank, out=out, variants=1, seed=SEED, lang="en", jobs=1)
    assert list(tmp_path.iterdir()) == []


def test_rebuilding_replaces_an_earlier_build(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    out = tmp_path / "exam"
    _build(spec, bank, out, OutputFormat.TYPST, variants=3)
    assert (out / "exam-C.typ").is_file()
    result = _build(spec, bank, out, OutputFormat.TYPST, variants=1, seed=SEED + 5)
    assert sorted(p.name for p in out.iterdir()) == sorted(result.files)
    assert not (out / "exam-C.typ").exists()
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == SEED + 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam"]  # no old or staging folder left


def test_a_failed_rebuild_keeps_the_earlier_build(
    spec: ExamSpec, bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exam"
    _build(spec, bank, out, OutputFormat.TYPST)
    before = _files(out)
    monkeypatch.setenv(ENV_VAR, "/nonexistent")
    with pytest.raises(FontError):
        build_exam(spec, bank, out=out, variants=2, seed=SEED + 1, fmt=OutputFormat.TYPST, jobs=1)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_an_unwritable_parent_is_a_build_error(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        with pytest.raises(BuildError, match="cannot write there"):
            _build(spec, bank, parent / "exam", OutputFormat.TYPST)
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o700)


def test_a_parent_that_is_a_file_is_a_build_error(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match="cannot write there") as info:
        _build(spec, bank, blocker / "exam", OutputFormat.TYPST)
    assert info.value.exit_code == 2
    assert blocker.read_text(encoding="utf-8") == "x"


def test_zero_variants_is_a_build_error(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="at least 1"):
        _build(spec, bank, tmp_path / "exam", OutputFormat.TYPST, variants=0)
    assert list(tmp_path.iterdir()) == []


# --- parallel builds ---------------------------------------------------------------------------

# Workers are forked, and Typst's thread pool does not survive a fork: the builds run in a fresh
# interpreter, where the pytest process's own Typst use cannot reach them.
_CHILD = """
import sys
from pathlib import Path
from dlprep.bank import load_bank
from dlprep.selection import Filter, Group, parse_groups
from dlprep.sheets.build import build_exam
from dlprep.sheets.spec import spec_from_select
bank = load_bank(None).require_clean()
spec = spec_from_select(parse_groups(sys.argv[1], bank))
for job in sys.argv[3:]:
    variants, jobs, out = job.split(":", 2)
    build_exam(spec, bank, out=Path(out), variants=int(variants), seed=int(sys.argv[2]), jobs=int(jobs))
    print("built", out, flush=True)
"""


def _child(*builds: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run builds (`variants:jobs:out`) in order in a new interpreter; kill its whole group on timeout."""
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    command = [sys.executable, "-c", _CHILD, SELECT, str(SEED), *builds]
    with subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as child:
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the child and its forked workers
            stdout, stderr = child.communicate()
            pytest.fail(f"build did not finish in {timeout:g} s; finished: {stdout!r}")
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


def test_parallel_build_is_byte_identical_to_a_serial_one(spec: ExamSpec, bank: Bank, tmp_path: Path) -> None:
    serial = _build(spec, bank, tmp_path / "serial", variants=4)
    result = _child(f"4:2:{tmp_path / 'parallel'}", timeout=120)
    assert result.returncode == 0, result.stderr
    parallel = _files(tmp_path / "parallel")
    assert sorted(parallel) == sorted(serial.files) and len(parallel) == 10
    assert parallel == _files(serial.out)


def test_a_parallel_build_after_a_serial_one_in_the_same_process_finishes(tmp_path: Path) -> None:
    result = _child(f"1:1:{tmp_path / 'first'}", f"4:2:{tmp_path / 'second'}", timeout=6)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "second" / "key-D.pdf").is_file()
