"""`exam build` as a user runs it: the real entry point, real PDFs, one-line errors with exit 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dlprep.bank import load_bank


def exam(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console entry point, in a child process."""
    import os

    code = "from dlprep.cli.exam import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def _squash(text: str) -> str:
    return "".join(text.split())


def _one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("exam: error: ")
    for needle in needles:
        assert needle in result.stderr


def test_select_build_two_variants_pdf(tmp_path: Path) -> None:
    out = tmp_path / "midterm"
    result = exam(
        "build", "--select", "cnn:2,gan+type=single:1", "--variants", "2", "--seed", "4", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "2 variant(s) of 3 questions" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "answers.csv", "exam-A.pdf", "exam-B.pdf", "key-A.pdf", "key-B.pdf", "manifest.json",
    ]  # fmt: skip
    rows = list(csv.DictReader((out / "answers.csv").read_text(encoding="utf-8").splitlines()))
    assert [r["variant"] for r in rows] == ["A"] * 3 + ["B"] * 3
    assert list(rows[0]) == ["variant", "number", "question_id", "answer", "points"]
    bank = load_bank(None).require_clean()
    for variant in "AB":
        text = _squash("".join(page.extract_text() for page in PdfReader(out / f"exam-{variant}.pdf").pages))
        for row in (r for r in rows if r["variant"] == variant):
            question = bank.questions[row["question_id"]]
            assert f"{row['number']}." in text
            if not question.parametric and "$" not in question.prompt.zh and "`" not in question.prompt.zh:
                assert _squash(question.prompt.zh) in text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 4 and [v["code"] for v in manifest["variants"]] == ["A", "B"]


def test_default_exam_and_spec_files(tmp_path: Path) -> None:
    """No selection gives the 20-question default exam; a spec file sets title, points and groups."""
    default = exam("build", "--format", "typst", "--lang", "en", "--out", str(tmp_path / "default"))
    assert default.returncode == 0, default.stderr
    assert "20 questions" in default.stdout
    spec = tmp_path / "quiz.yaml"
    spec.write_text(
        "title: {zh: 小测验, en: Short quiz}\n"
        "course: Deep Learning 101\n"
        "date: 2026-12-01\n"
        "duration: 30 min\n"
        "points: 5\n"
        "groups:\n"
        "  - title: {zh: 卷积, en: Convolutions}\n"
        "    select: cnn+type=single\n"
        "    count: 2\n"
        "  - questions: [gan-implicit-density]\n"
        "    points: 10\n",
        encoding="utf-8",
    )
    out = tmp_path / "spec"
    built = exam("build", str(spec), "--format", "typst", "--out", str(out))
    assert built.returncode == 0, built.stderr
    sheet = (out / "exam-A.typ").read_text(encoding="utf-8")
    assert "Short quiz" in sheet and "2026-12-01" in sheet and "Convolutions" in sheet
    assert '总分 / Total";: #"20"' in sheet
    rows = list(csv.DictReader((out / "answers.csv").read_text(encoding="utf-8").splitlines()))
    assert [r["points"] for r in rows] == ["5", "5", "10"] and rows[2][
        "question_id"
    ] == "gan-implicit-density"


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--select", "conv:3"), ("unknown topic, type, difficulty or tag 'conv'", "did you mean cnn")),
        (("--select", "cnn:500"), ("'cnn' asks for 500 questions", "the bank has")),
        (("--select", "cnn:two"), ("'two' in 'cnn:two' is not a whole number",)),
        (("--select", "cnn:2", "--count", "3"), ("give one of --select and --count",)),
    ],
)
def test_selection_errors_are_one_line_and_write_nothing(
    tmp_path: Path, args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    _one_line_error(exam("build", *args, "--out", str(out)), *needles)
    assert list(tmp_path.iterdir()) == []


def test_spec_errors_name_file_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("title: x\ngroups:\n  - select: cnn\n    count: 2\n  - select: gann\n    count: 1\n")
    _one_line_error(exam("build", str(spec), "--out", str(tmp_path / "out")), f"{spec}:5:", "'gann'")
    assert not (tmp_path / "out").exists()
    _one_line_error(exam("build", str(tmp_path / "missing.yaml")), "cannot read exam spec")


def test_missing_font_and_bad_destination_leave_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "exam"
    missing = exam(
        "build", "--count", "2", "--out", str(out), env={"DLPREP_CJK_FONT": str(tmp_path / "nope.otf")}
    )
    _one_line_error(missing, "DLPREP_CJK_FONT", "pip install cvttf-NotoSansCJK-Regular")
    assert list(tmp_path.iterdir()) == []
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me")
    _one_line_error(exam("build", "--count", "2", "--out", str(notes)), "not an earlier exam build")
    assert [p.name for p in notes.iterdir()] == ["mine.txt"]
    project = tmp_path / "webapp"  # a manifest.json of some other program's
    (project / "src").mkdir(parents=True)
    (project / "manifest.json").write_text("{}")
    (project / "src" / "main.js").write_text("x")
    _one_line_error(exam("build", "--count", "2", "--out", str(project)), "not an earlier exam build")
    assert (project / "src" / "main.js").read_text() == "x"
    afile = tmp_path / "afile"
    afile.write_text("x")
    _one_line_error(exam("build", "--count", "2", "--out", str(afile)), "is not a folder")


def test_english_only_needs_no_chinese_font(tmp_path: Path) -> None:
    """`--lang en` never looks for a CJK font unless a text holds Chinese."""
    out = tmp_path / "en"
    result = exam(
        "build", "--select", "cnn+type=single:2", "--lang", "en", "--out", str(out),
        env={"DLPREP_CJK_FONT": str(tmp_path / "nope.otf")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads((out / "manifest.json").read_text())["font"] is None


def test_list_shows_topics_and_tags() -> None:
    result = exam("list")
    assert result.returncode == 0
    assert "cnn" in result.stdout and "卷积神经网络" in result.stdout and "types:" in result.stdout


def test_math_words_cannot_inject_markup(tmp_path: Path) -> None:
    """Words in \\text{} reach Typst and HTML escaped: a quote cannot end a string, a tag is text."""
    spec = tmp_path / "inject.yaml"
    spec.write_text(
        "title: T\n"
        "instructions: 'Read $\\text{x\" #text(fill: red)[INJECTED] \"}$ and $\\text{<img src=x onerror=alert(1)>}$'\n"
        "groups: [{select: cnn+type=single, count: 1}]\n",
        encoding="utf-8",
    )
    pdf = exam("build", str(spec), "--lang", "en", "--out", str(tmp_path / "pdf"))
    assert pdf.returncode == 0, pdf.stderr
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "pdf" / "exam-A.pdf").pages)
    assert "#text(fill: red)[INJECTED]" in text
    html = exam("build", str(spec), "--format", "html", "--out", str(tmp_path / "html"))
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "html" / "exam-A.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            "title: T\ndate: 2026-02-30\ngroups: [{select: cnn, count: 1}]\n",
            ":2:7: invalid value '2026-02-30'",
        ),
        (
            "title: T\npoints: .inf\ngroups: [{select: cnn, count: 1}]\n",
            ":2:9: 'points' must be a positive number",
        ),
        (
            "title: T\ninstructions: 'Use $x^{$'\ngroups: [{select: cnn, count: 1}]\n",
            "instructions: unbalanced",
        ),
        (
            "title: T\ntopics: [cnn]\ngroups: [{select: rnn, count: 1}]\n",
            "selects nothing within the spec's topics",
        ),
    ],
)
def test_spec_values_that_cannot_work(tmp_path: Path, text: str, needle: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    _one_line_error(exam("build", str(spec), "--out", str(tmp_path / "out")), needle)
    assert not (tmp_path / "out").exists()


def test_selections_that_pick_nothing_are_errors(tmp_path: Path) -> None:
    _one_line_error(
        exam("build", "--select", "cnn+short+hard", "--out", str(tmp_path / "o")), "selects no questions"
    )
    _one_line_error(exam("build", "--select", ":", "--out", str(tmp_path / "o")), "names no questions before")
    _one_line_error(
        exam("build", "--count", "9999", "--out", str(tmp_path / "o")), "--count: 'the whole bank'"
    )


def test_out_dot_and_title_override(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = exam(
        "build", "--select", "cnn:1", "--format", "typst", "--title", "My quiz", "--out", ".", cwd=here
    )
    assert result.returncode == 0, result.stderr
    assert "My quiz" in (here / "exam-A.typ").read_text(encoding="utf-8")
    default = exam(
        "build", "--format", "typst", "--title", "Final", "--lang", "en", "--out", str(tmp_path / "d")
    )
    assert default.returncode == 0 and '"Final"' in (tmp_path / "d" / "exam-A.typ").read_text(
        encoding="utf-8"
    )
