"""`quiz` as a user runs it, through pipes: sessions, list, stats, prune, and one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
QUIZ = str(Path(sys.executable).with_name("quiz"))
DRILL_BANK = str(REPO / "tests" / "data" / "quiz_bank.yaml")


def quiz(
    *args: object, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [QUIZ, *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )


def test_a_piped_session_reads_one_answer_per_line_and_saves_at_end_of_input(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    done = quiz(
        "--db",
        db,
        "--bank-only",
        "--bank",
        DRILL_BANK,
        "--tag",
        "letters",
        "--new",
        "5",
        "--lang",
        "en",
        stdin="x\nq\n",
    )
    assert done.returncode == 0, done.stderr
    assert "== 1/2 · drill · single" in done.stdout and "not counted, try again" in done.stdout
    assert "quit: 0 answered" in done.stdout
    done = quiz("--db", db, "--bank-only", "--bank", DRILL_BANK, "-t", "drill", "--new", "1", stdin="a\n")
    assert done.returncode == 0 and "end of input: 1 answered" in done.stdout
    rows = sqlite3.connect(db).execute("SELECT qid, answer FROM reviews").fetchall()
    assert rows == [("drill-single", "a")]


def test_quiz_db_environment_variable_and_remembered_language(tmp_path: Path) -> None:
    env = {"QUIZ_DB": str(tmp_path / "env.db")}
    quiz("--bank-only", "--bank", DRILL_BANK, "--lang", "zh", "--new", "1", stdin="a\n", env=env)
    assert (tmp_path / "env.db").is_file()
    again = quiz("--bank-only", "--bank", DRILL_BANK, "--new", "3", stdin="", env=env)
    assert "哪些是优化器" in again.stdout or "零中心" in again.stdout
    assert "Which are optimisers" not in again.stdout


def test_list_and_stats(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    quiz("--db", db, "--bank-only", "--bank", DRILL_BANK, "--new", "2", "--lang", "en", stdin="a\nb\n")
    listing = quiz("list", "--db", db, "--bank-only", "--bank", DRILL_BANK).stdout
    drill = next(line for line in listing.splitlines() if line.startswith("drill "))
    assert drill.split()[1:6] == ["6", "4", "2", "0", "0"], listing  # cards new learning due mature
    stats = json.loads(quiz("stats", "--json", "--db", db, "--bank-only", "--bank", DRILL_BANK).stdout)
    assert stats["reviews_total"] == 2 and stats["streak_days"] == 1
    assert len(stats["reviews_per_day"]) == 30 and stats["reviews_per_day"][-1]["reviews"] == 2
    assert stats["due_next_7_days"] == 2 and stats["topics"][0]["seen"] == 2
    text = quiz("stats", "--db", db, "--bank-only", "--bank", DRILL_BANK)
    assert text.returncode == 0 and "true retention" in text.stdout and "mastery" in text.stdout


def test_list_stats_and_a_refused_answer_speak_the_language_asked_for(tmp_path: Path) -> None:
    """--lang (or the language of the last drill) sets every word of list and stats, and the reason
    an answer is not counted."""
    db = tmp_path / "q.db"
    done = quiz("--db", db, "--bank-only", "--bank", DRILL_BANK, "--tag", "letters", "--lang", "zh",
                stdin="x\na\n")  # fmt: skip
    assert "请输入 A 到" in done.stdout and "不计分" in done.stdout and "type one letter" not in done.stdout
    common = ["--db", db, "--bank-only", "--bank", DRILL_BANK]
    zh_list, zh_stats = quiz("list", *common).stdout, quiz("stats", *common).stdout  # remembered: zh
    assert zh_list.startswith("主题") and "合计" in zh_list and "total" not in zh_list
    assert "真实记忆率" in zh_stats and "掌握度" in zh_stats and "true retention" not in zh_stats
    en_list, en_stats = (
        quiz("list", *common, "--lang", "en").stdout,
        quiz("stats", *common, "--lang", "en").stdout,
    )
    assert en_list.startswith("topic") and "合计" not in en_list and "true retention" in en_stats
    assert "记忆率" not in en_stats
    both = quiz("list", *common, "--lang", "both").stdout
    assert both.startswith("topic / 主题") and "total / 合计" in both
    drill = next(line for line in zh_list.splitlines() if line.startswith("drill "))
    assert drill.split()[1:6] == ["6", "5", "1", "0", "0"], zh_list  # the columns stay aligned in numbers


def test_bank_adds_to_the_default_bank_and_bank_only_uses_just_it() -> None:
    both = quiz("list", "--bank", DRILL_BANK).stdout
    alone = quiz("list", "--bank-only", "--bank", DRILL_BANK).stdout
    assert "\ndrill " in both and "\ncnn " in both
    assert "\ndrill " in alone and "\ncnn " not in alone


def _drilled(db: Path) -> None:
    done = quiz("--db", db, "--bank-only", "--bank", DRILL_BANK, "--new", "2", "--lang", "en", stdin="a\nb\n")
    assert done.returncode == 0, done.stderr


def test_prune_keeps_progress_of_every_bank_used_and_asks_in_scripts(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    _drilled(db)  # progress from a --bank file: not orphaned under the default bank
    assert "nothing to prune" in quiz("prune", "--db", db, "--yes").stdout
    assert "in none of your banks" not in quiz("list", "--db", db).stdout
    # the bank file goes away: now its cards are orphans, but prune only lists them, or needs --yes
    moved = tmp_path / "drill.yaml"
    moved.write_text(Path(DRILL_BANK).read_text(encoding="utf-8"), encoding="utf-8")
    db2 = tmp_path / "q2.db"
    done = quiz("--db", db2, "--bank-only", "--bank", moved, "--new", "2", "--lang", "en", stdin="a\nb\n")
    assert done.returncode == 0, done.stderr
    moved.unlink()
    dry = quiz("prune", "--db", db2, "--dry-run")
    assert dry.returncode == 0 and "2 card(s) and their 2 review(s) would be dropped" in dry.stdout
    assert "no longer loads" in dry.stdout
    refused = quiz("prune", "--db", db2)
    _one_line_error(refused, "pass --yes to confirm")
    assert sqlite3.connect(db2).execute("SELECT count(*) FROM cards").fetchone() == (2,)
    pruned = quiz("prune", "--db", db2, "--yes")
    assert pruned.returncode == 0 and "2 card(s) and their 2 review(s) dropped" in pruned.stdout
    assert sqlite3.connect(db2).execute("SELECT count(*) FROM cards").fetchone() == (0,)
    [backup] = tmp_path.glob("q2.db.backup-*")
    assert sqlite3.connect(backup).execute("SELECT count(*) FROM reviews").fetchone() == (2,)
    restored = quiz("restore", backup, "--db", db2)
    assert restored.returncode == 0, restored.stderr
    assert sqlite3.connect(db2).execute("SELECT count(*) FROM cards").fetchone() == (2,)
    assert len(list(tmp_path.glob("q2.db.backup-*"))) >= 1


def test_prune_restore_export_and_import_speak_the_language_asked_for(tmp_path: Path) -> None:
    moved, db = tmp_path / "drill.yaml", tmp_path / "q.db"
    moved.write_text(Path(DRILL_BANK).read_text(encoding="utf-8"), encoding="utf-8")
    done = quiz("--db", db, "--bank-only", "--bank", moved, "--new", "2", "--lang", "zh", stdin="a\nb\n")
    assert done.returncode == 0, done.stderr
    moved.unlink()
    dry = quiz("prune", "--db", db, "--dry-run").stdout  # the drill's language is remembered
    assert (
        "将删除 drill-" in dry and "2 张卡及其 2 次复习" in dry and "已无法加载" in dry and "drop" not in dry
    )
    _one_line_error(quiz("prune", "--db", db), "加 --yes 确认")
    both = quiz("prune", "--db", db, "--dry-run", "--lang", "both").stdout
    assert "2 card(s) and their 2 review(s) would be dropped" in both and "没有做任何改动" in both
    pruned = quiz("prune", "--db", db, "--yes").stdout
    assert "已删除2 张卡及其 2 次复习" in pruned
    [backup] = tmp_path.glob("q.db.backup-*")
    assert "已用" in quiz("restore", backup, "--db", db).stdout
    exported = quiz("export", "--db", db, "--out", tmp_path / "p.json")
    assert "已导出 2 次复习" in exported.stderr
    fresh = tmp_path / "fresh.db"
    quiz("--db", fresh, "--bank-only", "--bank", DRILL_BANK, "--new", "0", "--lang", "en")
    imported = quiz("import", tmp_path / "p.json", "--db", fresh, "--lang", "zh")
    assert "新增 2 次复习" in imported.stdout, imported.stderr


@pytest.mark.parametrize("command", ["stats", "list", "prune", "export"])
def test_commands_that_read_refuse_a_missing_file_and_create_nothing(tmp_path: Path, command: str) -> None:
    typo = tmp_path / "typo.db"
    _one_line_error(quiz(command, "--db", typo), str(typo), "no such progress file")
    assert not typo.exists()


def test_export_and_import_merge_without_duplicating_reviews(tmp_path: Path) -> None:
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    _drilled(laptop)
    export = tmp_path / "progress.json"
    done = quiz("export", "--db", laptop, "--out", export)
    assert done.returncode == 0, done.stderr
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["format"] == "dlprep-quiz-progress" and len(data["reviews"]) == 2 and len(data["cards"]) == 2
    first = quiz("import", export, "--db", desktop)
    assert first.returncode == 0 and "2 review(s) added, 0 already here" in first.stdout
    again = quiz("import", export, "--db", desktop)
    assert "0 review(s) added, 2 already here" in again.stdout
    rows = sqlite3.connect(desktop).execute("SELECT qid, answer FROM reviews ORDER BY id").fetchall()
    assert sorted(rows) == sorted(
        sqlite3.connect(laptop).execute("SELECT qid, answer FROM reviews").fetchall()
    )


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", ":1:2: not valid JSON"),
        ('{"format": "something-else"}', "not a quiz export"),
        ('{"format": "dlprep-quiz-progress", "version": 1, "cards": [], "reviews": [{"qid": 3}]}',
         "reviews[0]: 'qid' should be str"),
    ],
)  # fmt: skip
def test_a_bad_import_file_is_one_line_and_changes_nothing(tmp_path: Path, content: str, needle: str) -> None:
    db = tmp_path / "q.db"
    _drilled(db)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    _one_line_error(quiz("import", bad, "--db", db), str(bad), needle)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM reviews").fetchone() == (2,)


def test_nothing_due_says_so(tmp_path: Path) -> None:
    done = quiz("--db", tmp_path / "q.db", "--bank-only", "--bank", DRILL_BANK, "--new", "0")
    assert done.returncode == 0 and "nothing due" in done.stdout
    cram = quiz("--cram", "--db", tmp_path / "q.db", "--bank-only", "--bank", DRILL_BANK)
    assert cram.returncode == 0 and "nothing to cram yet" in cram.stdout


def _one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for needle in needles:
        assert needle in done.stderr, done.stderr


def test_a_corrupt_database_is_an_error_and_is_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    db.write_bytes(b"garbage" * 100)
    done = quiz("--db", db, stdin="a\n")
    _one_line_error(done, str(db), "is not an SQLite database", "move it aside")
    assert len(done.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b"garbage" * 100
    _one_line_error(quiz("stats", "--db", db), str(db))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--topic", "nope"], "unknown topic 'nope'; topics in the bank: activations"),
        (["--tag", "no-such-tag"], "no question has the tag(s) no-such-tag"),
        (["--bank", "/no/such/bank.yaml"], "/no/such/bank.yaml: no such file or folder"),
        (["--new", "-1"], "'--new'"),  # the wording around it is Click's
        (["--lang", "fr"], "'--lang'"),
        (["--db", "/no/such/folder/q.db"], "the folder /no/such/folder does not exist"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    env = {"QUIZ_DB": str(tmp_path / "q.db")}
    _one_line_error(quiz(*args, env=env), needle)


def test_a_bank_with_lint_errors_is_refused(tmp_path: Path) -> None:
    bank = tmp_path / "broken.yaml"
    bank.write_text("topic: {id: t, title: {zh: 题, en: T}}\nquestions:\n  - id: x\n    type: single\n")
    _one_line_error(quiz("--bank", bank, "--db", tmp_path / "q.db"), "broken.yaml:", "exam lint")
    assert not (tmp_path / "q.db").exists() or sqlite3.connect(tmp_path / "q.db").execute(
        "SELECT count(*) FROM reviews"
    ).fetchone() == (0,)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--topic", "cnnn"], "unknown topic 'cnnn'; did you mean cnn?"),
        (["--type", "singel"], "unknown type 'singel'; did you mean single?"),
        (["--difficulty", "hardest"], "unknown difficulty 'hardest'; did you mean hard?"),
        (["--tag", "output-sizes"], "unknown tag 'output-sizes'; did you mean output-size or"),
        (["--exam-date", "20/12/2026"], "write the day as YYYY-MM-DD"),
        (["--exam-date", "2020-01-01"], "that day has passed"),
        (["--bank-only"], "--bank-only needs at least one --bank FILE"),
    ],
)
def test_filters_suggest_close_names(tmp_path: Path, args: list[str], needle: str) -> None:
    _one_line_error(quiz(*args, "--db", tmp_path / "q.db", "--lang", "en"), needle)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--topic", "cnnn"], "没有主题 'cnnn'：你是不是想找 cnn？"),
        (["--tag", "output-sizes"], "没有标签 'output-sizes'：你是不是想找 output-size 或"),
        (["--exam-date", "20/12/2026"], "日期请写成 YYYY-MM-DD"),
        (["--exam-date", "2020-01-01"], "这一天已经过去了"),
    ],
)
def test_a_mistake_in_the_filters_is_told_in_the_language_asked_for(
    tmp_path: Path, args: list[str], needle: str
) -> None:
    _one_line_error(quiz(*args, "--db", tmp_path / "q.db", "--lang", "zh"), needle)
    both = quiz(*args, "--db", tmp_path / "q.db", "--lang", "both")
    _one_line_error(both, needle.split("：")[-1] if "想找" not in needle else "did you mean")


def test_type_and_difficulty_filters_choose_the_cards(tmp_path: Path) -> None:
    done = quiz("--db", tmp_path / "q.db", "--type", "truefalse", "--difficulty", "easy", "--new", "3",
                "--lang", "en", stdin="t\nt\nt\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    headers = [line for line in done.stdout.splitlines() if line.startswith("== ")]
    assert headers and all("· truefalse · easy ·" in h for h in headers)


def test_exam_date_and_exam_spec_choose_cards_for_the_exam(tmp_path: Path) -> None:
    spec = tmp_path / "exam.yaml"
    spec.write_text(
        "title: {zh: 期中, en: Midterm}\ndate: '2099-06-01'\n"
        "groups:\n  - {select: 'topic=cnn+type=truefalse', count: 2, points: 5}\n",
        encoding="utf-8",
    )
    done = quiz("--db", tmp_path / "q.db", "--exam", spec, "--new", "3", "--lang", "en", stdin="t\nt\nt\n")
    assert done.returncode == 0, done.stderr
    assert "to the exam: 3 cards chosen" in done.stdout
    headers = [line for line in done.stdout.splitlines() if line.startswith("== ")]
    assert headers and all("· cnn · truefalse ·" in h for h in headers), headers
    no_date = tmp_path / "nodate.yaml"
    no_date.write_text(
        "title: {zh: 期中, en: Midterm}\ngroups:\n  - {select: cnn, count: 2}\n", encoding="utf-8"
    )
    _one_line_error(quiz("--db", tmp_path / "q.db", "--exam", no_date), "the spec has no date")
    later = quiz(
        "--db", tmp_path / "q2.db", "--exam-date", "2099-06-01", "--new", "2", "--lang", "en", stdin=""
    )
    assert later.returncode == 0 and "to the exam: 2 cards chosen" in later.stdout


def test_open_questions_in_a_pipe_take_ticked_points(tmp_path: Path) -> None:
    done = quiz("--db", tmp_path / "q.db", "--bank-only", "--bank", DRILL_BANK, "-t", "drill", "--type", "open",
                "--lang", "en", stdin="chain rule\n12\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "covered 2 of 2 points → Good" in done.stdout
