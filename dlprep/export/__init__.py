"""Export the question bank for other tools: Moodle XML, GIFT, Anki packages and CSV.

`exam` and `quiz` serve students from the terminal; a course also runs quizzes in its LMS and
students review on their phones. `export_bank` writes the bank (or a selection) in one of those
formats, parametric questions as a few fixed instances with stable keys so that importing again
updates instead of duplicating. genanki is imported only when writing an Anki package.
"""

from __future__ import annotations

from dlprep.export.items import ExportItem, export_items
from dlprep.export.write import ExportError, ExportFormat, export_bank

__all__ = ["ExportError", "ExportFormat", "ExportItem", "export_bank", "export_items"]
