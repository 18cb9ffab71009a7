"""A problem found in a bank, located at `file:line:column` and tied to a question id.

An error (no `rule`) makes the bank unusable until fixed; a warning names the item-writing rule
it breaks (`long-key`, `positional-reference`, ...) and leaves the question usable.
"""

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
    rule: str = ""  # the warning's rule; empty for an error

    @property
    def is_warning(self) -> bool:
        return bool(self.rule)

    def __str__(self) -> str:
        kind = f"warning[{self.rule}]: " if self.rule else ""
        return f"{self.path}:{self.line}:{self.column}: {self.question or '-'}: {kind}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["rule"] = self.rule or None
        record["severity"] = "warning" if self.rule else "error"
        return record
