"""A problem found in a bank, located at `file:line:column` and tied to a question id."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Problem"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    question: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.question or '-'}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
