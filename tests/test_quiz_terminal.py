"""A real interactive session in a pseudo-terminal (pexpect): colours, keys, ratings, undo, quit,
and a SIGKILL in the middle that leaves a valid database holding every answered card."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest

REPO = Path(__file__).resolve().parent.parent
QUIZ = str(Path(sys.executable).with_name("quiz"))
DRILL_BANK = str(REPO / "tests" / "data" / "quiz_bank.yaml")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ANSWERS = {  # what to type for each card, read off the screen for choice questions
    "zero-centred": ("tanh",),
    "optimisers": ("adam", "sgd"),
    "at most": "t",
    "output width": "32",
    "satisfies": "sigmoid",
}


def spawn(db: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        QUIZ,
        ["--db", str(db), "--bank-only", "--bank", DRILL_BANK, "--lang", "en", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    return child


def screen(child: pexpect.spawn) -> str:
    return ANSI.sub("", child.before or "")


def answer_for(card: str) -> str:
    for key, answer in ANSWERS.items():
        if key in card:
            if isinstance(answer, tuple):
                return "".join(re.search(rf"([A-H])\. [^\n]*{t}", card).group(1) for t in answer)  # type: ignore[union-attr]
            return answer
    raise AssertionError(f"unexpected card:\n{card}")


def answer_right(child: pexpect.spawn) -> str:
    """Wait for a card, answer it correctly, and return the card's text."""
    child.expect("answer> ")
    card = screen(child)
    child.sendline(answer_for(card))
    child.expect("Enter: Good")
    assert "✓ right" in ANSI.sub("", child.before)
    return card


def reviews(db: Path) -> list[tuple[str, int]]:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return connection.execute("SELECT qid, rating FROM reviews ORDER BY id").fetchall()
    finally:
        connection.close()


def test_an_interactive_session_with_keys_ratings_and_undo(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    child = spawn(db, "--new", "5", "--tag", "letters")
    child.expect("answer> ")
    card = screen(child)
    assert "── 1/2 · drill · single · easy · new ──" in card and "A. " in card and "one letter" in card
    child.sendline("?")
    child.expect("answer> ")
    assert "u undo the last answer" in screen(child)
    child.sendline(answer_for(card))
    child.expect("Enter: Good")
    child.sendline("4")  # override: Easy
    child.expect("answer> ")
    second = screen(child)
    assert "rated Easy (4)" in second
    child.sendline("zz")
    child.expect("answer> ")
    assert "letters from A to D" in screen(child)
    child.sendline(answer_for(second))
    child.expect("Enter: Good")
    child.sendline("u")  # take it back: the card is asked again
    child.expect("answer> ")
    assert "undone: drill-multiple" in screen(child) and "optimisers" in screen(child)
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "quit: 1 answered" in ANSI.sub("", child.before)
    assert reviews(db) == [("drill-single", 4)]


@pytest.mark.parametrize("where", ["at the next card", "at the rating prompt"])
def test_sigkill_mid_session_keeps_every_answered_card(tmp_path: Path, where: str) -> None:
    db = tmp_path / "q.db"
    child = spawn(db, "--new", "6")
    answered = []
    for _ in range(3):
        answered.append(answer_right(child))
        child.sendline("")
    if where == "at the rating prompt":
        answered.append(answer_right(child))
    else:
        child.expect("answer> ")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    logged = reviews(db)
    assert len(logged) == len(answered) and all(rating == 3 for _, rating in logged)
    cards = sqlite3.connect(db).execute("SELECT count(*) FROM cards").fetchone()[0]
    assert cards == len({qid for qid, _ in logged})
    # and the next session picks up from there
    child = spawn(db, "--new", "0")
    child.expect("answer> ")
    child.sendline("q")
    child.expect(pexpect.EOF)


def test_ctrl_c_ends_with_one_line_and_keeps_the_answers(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    child = spawn(db, "--new", "3")
    answer_right(child)
    child.sendline("")
    child.expect("answer> ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "every answer so far is saved" in ANSI.sub("", child.before)
    assert "Traceback" not in child.before
    assert len(reviews(db)) == 1
