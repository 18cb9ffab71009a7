"""Item-quality figures of a bank, for content authors working on their own checkout.

    python bench/item_quality.py [PATHS...] [--json]

The same figures as `exam lint --quality`, then the item warnings (long-key, positional-reference,
...), printed even when the bank has lint errors (the questions with errors are left out, and their
number is said on stderr), so a bank half-way through a rewrite can be measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dlprep.bank import load_bank
from dlprep.quality.figures import bank_figures
from dlprep.quality.report import figures_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="bank files or folders (default: questions/)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    bank = load_bank(args.paths or None)
    figures = bank_figures(bank.questions.values())
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], ensure_ascii=False, indent=2))
    else:
        print(figures_text(figures))
    warnings = bank.warnings
    for warning in warnings:
        print(warning)
    if bank.problems:
        print(f"{len(bank.problems)} lint error(s): those questions are left out", file=sys.stderr)
    if warnings:
        print(f"{len(warnings)} item warning(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
