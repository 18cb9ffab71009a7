"""The class summary: counts, histogram, failure rates, and a page that is self-contained and escaped."""

from __future__ import annotations

from grader import results as r
from grader.results import Status, SubmissionResult
from grader.summary import as_html, as_text, summarize


def _result(name: str, backward_ok: bool, mistakes: tuple[str, ...] = ()) -> SubmissionResult:
    tests = (
        r.TestResult("loss: 1", "loss", Status.PASSED, 2.0),
        r.TestResult(
            "backward: 1", "backward", Status.PASSED if backward_ok else Status.FAILED, 8.0, "", mistakes
        ),
    )
    return SubmissionResult(name, "exercise_bp", "bwrap", tests, "rtol 1e-06", functions=("loss", "backward"))


def test_counts_histogram_and_rates() -> None:
    results = [_result("a", True), _result("b", False, ("missing-1-over-n",)), _result("<c>", False)]
    data = summarize(results, ["loss", "backward"], skipped=2)
    assert data["submissions"] == 3 and data["full_marks"] == 1 and data["skipped_files"] == 2
    assert [b["count"] for b in data["histogram"]] == [0, 0, 2, 0, 0, 0, 0, 0, 0, 1]  # 2 of 10 points
    rates = {f["function"]: f["rate"] for f in data["functions"]}
    assert rates == {"loss": 0.0, "backward": 2 / 3}
    assert data["mistakes"] == [{"mistake": "missing-1-over-n", "submissions": 1, "rate": 1 / 3}]
    text = as_text(data)
    assert "mean 4.67, median 2.00 of 10" in text and "backward 67%" in text and "2 file(s) skipped" in text


def test_page_is_self_contained_and_escapes_names() -> None:
    data = summarize([_result("a", True)], ["loss", "backward"])
    data["mistakes"] = [{"mistake": "<script>alert(1)</script>", "submissions": 1, "rate": 1.0}]
    page = as_html(data)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<svg" in page and "src=" not in page and 'href="http' not in page
