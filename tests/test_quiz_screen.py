"""What a student sees in a real terminal (pexpect, a pseudo-terminal) at 60 and 120 columns, in
zh, en and both: lines fit by display width, words are never cut, closing punctuation never starts a
line, choices hang under their text, and every message speaks the language asked for."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
import wcwidth

from dlprep.quiz.cards import _HINTS
from dlprep.quiz.messages import MESSAGES

QUIZ = str(Path(sys.executable).with_name("quiz"))
BANK = Path(__file__).parent / "data" / "quiz_screen_bank.yaml"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
CLOSING = tuple("，。？！；：、）」』》,.?!;:)")
WORDS = set(re.findall(r"[A-Za-z]+", BANK.read_text(encoding="utf-8")))
PROMPTS = {"zh": "作答> ", "en": "answer> ", "both": "answer / 作答> "}
RIGHT = {"zh": "✓ 答对了", "en": "✓ right", "both": "✓ right / ✓ 答对了"}
RERATE = {"zh": "回车：良好", "en": "Enter: Good", "both": "Enter: Good/良好"}


def session(tmp_path: Path, columns: int, lang: str) -> str:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": "50"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        QUIZ,
        ["--db", str(tmp_path / "q.db"), "--bank-only", "--bank", str(BANK), "--lang", lang, "--new", "2"],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, columns),
    )
    transcript = []
    for _ in range(2):
        child.expect_exact(PROMPTS[lang])
        card = ANSI.sub("", child.before or "")
        transcript.append(card)
        if "A. " in card:  # the single-choice card: find the letter of the right choice on screen
            key = "参数数量只取决于" if lang == "zh" else "The parameter count depends only"
            answer = re.search(rf"([A-C])\. {key}", card).group(1)  # type: ignore[union-attr]
        else:
            answer = "t"
        child.sendline(answer)
        child.expect_exact(RERATE[lang])
        transcript.append(ANSI.sub("", child.before or ""))
        child.sendline("")
    child.expect_exact(PROMPTS[lang])  # learning cards come back within 20 minutes: quit instead
    transcript.append(ANSI.sub("", child.before or ""))
    child.sendline("q")
    child.expect(pexpect.EOF)
    transcript.append(ANSI.sub("", child.before or ""))
    return "".join(transcript).replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("lang", ["zh", "en", "both"])
def test_the_screen_reads_well(tmp_path: Path, columns: int, lang: str) -> None:
    screen = session(tmp_path, columns, lang)
    lines = screen.split("\n")
    path_words = set(re.findall(r"[A-Za-z]+", str(tmp_path)))
    for line in lines:
        assert wcwidth.width(line) <= columns, f"wider than {columns}: {line!r}"
        assert not line.lstrip().startswith(CLOSING), f"starts with closing punctuation: {line!r}"
        for word in re.findall(r"[A-Za-z]+", line):
            assert word in WORDS | MESSAGE_WORDS | path_words, f"a cut word {word!r} in {line!r}"
    # continuation lines of a choice start under its text, not under its letter
    for i, line in enumerate(lines):
        if re.match(r"  [A-C]\. ", line):
            following = lines[i + 1]
            if following and not re.match(r"  [A-C]\. |\(|$", following) and not following.startswith("──"):
                assert following.startswith("     ") and not following.startswith("      "), following
    assert RIGHT[lang] in screen
    assert "── 1/2 · screen" in screen and "── 2/2 · screen" in screen
    if lang == "zh":
        assert "answer>" not in screen and "you said" not in screen and "progress saved" not in screen
        assert "进度已保存" in screen
    if lang == "en":
        assert "作答" not in screen and "progress saved" in screen
    if columns == 60:  # the long texts did wrap
        assert max(wcwidth.width(line) for line in lines) > 45


MESSAGE_WORDS = set(
    re.findall(
        r"[A-Za-z]+",
        " ".join(en for _, en in [*MESSAGES.values(), *_HINTS.values()])
        + " A B C D new learning review single truefalse medium easy screen Enter Good Again Hard Easy t true false "
        "one letter or a the answer is progress saved to q db tmp pytest of root",
    )
)
