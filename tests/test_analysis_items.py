"""Item analysis against a small class worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dlprep.analysis.items import exam_stats, item_stats
from dlprep.analysis.report import analysis_data, analyze

# Four students, three right/wrong items of one point (a Guttman pattern).
SCORES = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)
ONES = np.ones(3)


def test_difficulty_discrimination_and_kr20_by_hand() -> None:
    items = item_stats(SCORES, ONES)
    assert [i.difficulty for i in items] == [0.75, 0.5, 0.25]
    # upper/lower 27% of 4 students: 2 each
    assert [i.upper_lower for i in items] == [0.5, 1.0, 0.5]
    # item 1 against the rest (2, 1, 0, 0): r = 0.75 / sqrt(0.75 * 2.75)
    assert items[0].point_biserial == pytest.approx(0.75 / np.sqrt(0.75 * 2.75))
    exam = exam_stats(SCORES, ONES)
    assert exam.mean == 1.5 and exam.sd == pytest.approx(np.sqrt(1.25))
    # KR-20 = k/(k-1) (1 - sum pq / var) = 3/2 (1 - 0.625 / 1.25)
    assert exam.reliability == pytest.approx(0.75) and exam.reliability_name == "KR-20"


def test_partial_credit_gives_cronbachs_alpha() -> None:
    scores = np.array([[2, 1], [1, 1], [0, 0]], dtype=float)
    exam = exam_stats(scores, np.array([2.0, 1.0]))
    # item variances 2/3 and 2/9; totals 3, 2, 0 have variance 14/9
    assert exam.reliability == pytest.approx(2 * (1 - (2 / 3 + 2 / 9) / (14 / 9)))
    assert exam.reliability_name == "Cronbach's alpha"
    assert item_stats(scores, np.array([2.0, 1.0]))[1].point_biserial == pytest.approx(
        float(np.corrcoef([1, 1, 0], [2, 1, 0])[0, 1])
    )


def _class() -> tuple[dict[str, object], dict[str, object]]:
    questions = [
        {
            "number": n,
            "id": f"q{n}",
            "type": "single",
            "topic": "cnn" if n < 3 else "rnn",
            "points": 1.0,
            "key": "A",
            "choice_order": [2, 0, 1],
        }  # displayed A is bank choice 3
        for n in (1, 2, 3)
    ]
    manifest = {
        "title": {"zh": "测", "en": "T"},
        "questions": [["q1", "q2", "q3"]],
        "variants": [{"code": "A", "questions": questions}],
    }
    picks = ["AAA", "AAB", "ABB", "BBB"]  # the Guttman pattern again; B = bank choice 1
    students = [
        {
            "student_id": str(i),
            "variant": "A",
            "pending": 0,
            "answers": {str(n): p[n - 1] for n in (1, 2, 3)},
            "points": {str(n): float(p[n - 1] == "A") for n in (1, 2, 3)},
        }
        for i, p in enumerate(picks)
    ]
    return {"students": students}, manifest


def test_choice_frequencies_in_bank_order_warnings_and_topics(tmp_path: Path) -> None:
    scores, manifest = _class()
    data = analysis_data(scores, manifest)
    q1 = data["questions"][0]
    assert q1["difficulty"] == 0.75
    shares = {c["choice"]: (c["share"], c["correct"]) for c in q1["choices"]}
    assert shares == {"3": (0.75, True), "1": (0.25, False), "2": (0.0, False)}
    assert "choice 2: nobody picks this distractor" in q1["warnings"]
    assert data["exam"]["reliability"] == pytest.approx(0.75)
    assert data["topics"][1] == {"student_id": "1", "cnn": 1.0, "rnn": 0.0}
    (tmp_path / "scores.json").write_text(json.dumps(scores), encoding="utf-8")
    (tmp_path / "build-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    analyze(tmp_path)
    page = (tmp_path / "analysis.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2 and "KR-20 0.75" in page
    assert json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))["exam"]["mean"] == 1.5
    assert (tmp_path / "topics.csv").read_text(encoding="utf-8").splitlines()[0] == "student_id,cnn,rnn"
