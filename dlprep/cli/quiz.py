"""`quiz`: the flashcard drills. Not built yet; the entry point exists so installs stay stable."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    print(
        "quiz: not available yet: the spaced-repetition drills are the next piece of work."
        " Browse the bank meanwhile with `exam show ID` or `exam dump`.",
        file=sys.stderr,
    )
    sys.exit(2)
