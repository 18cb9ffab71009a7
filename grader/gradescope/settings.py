"""The packaged autograder's settings (``settings.json``) and what they change in ``results.json``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError

__all__ = ["VISIBILITIES", "Settings", "apply_settings"]

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


@dataclass(frozen=True)
class Settings:
    """How Gradescope shows the results: hidden tests wait for the due date, stdout stays hidden."""

    exercise: str
    visibility: str = "after_due_date"  # each hidden test's feedback
    stdout_visibility: str = "hidden"  # the autograder's own output: for instructors
    leaderboard: str = ""  # a column name: the score goes on the assignment's leaderboard
    timeout: float = 10.0
    memory: int = 1024

    def __post_init__(self) -> None:
        for name in ("visibility", "stdout_visibility"):
            if getattr(self, name) not in VISIBILITIES:
                raise UsageError(
                    f"--{name.replace('_', '-')} {getattr(self, name)}: use {', '.join(VISIBILITIES)}"
                )

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> Settings:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise UsageError(f"{path}: cannot read the autograder's settings: {exc}") from None


def apply_settings(results: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """``results`` (Gradescope's format) with the package's visibility and leaderboard settings."""
    out = dict(results)
    out["tests"] = [{**test, "visibility": settings.visibility} for test in results.get("tests", [])]
    out["stdout_visibility"] = settings.stdout_visibility
    out["visibility"] = "visible"  # the score and the summary show at once; the tests follow their own
    if settings.leaderboard:
        out["leaderboard"] = [
            {"name": settings.leaderboard, "value": results.get("score", 0), "order": "desc"}
        ]
    return out
