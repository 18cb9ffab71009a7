"""HTML sheets carry their own Chinese font; PDF headers keep the total beside, not under, the variant."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from dlprep.bank import Bank
from dlprep.question import Bilingual
from dlprep.selection import groups_from_options
from dlprep.sheets.build import OutputFormat, build_exam
from dlprep.sheets.spec import spec_from_select


def test_html_embeds_a_woff2_subset_covering_every_chinese_character(tmp_path: Path, bank: Bank) -> None:
    from fontTools.ttLib import TTFont

    chosen = groups_from_options("type=single:2", None, bank)
    assert chosen is not None
    build_exam(
        spec_from_select(chosen[0], None, chosen[1]),
        bank,
        out=tmp_path / "b",
        fmt=OutputFormat.HTML,
        lang="zh",
        jobs=1,
    )
    page = (tmp_path / "b" / "exam-A.html").read_text(encoding="utf-8")
    found = re.search(
        r'font-family: "dlprep-cjk"; src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)', page
    )
    assert found, "no embedded font"
    font = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
    assert font.flavor == "woff2"
    cmap = font.getBestCmap()
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    chinese = {ch for ch in body if "\u4e00" <= ch <= "\u9fff"}
    assert chinese and all(ord(ch) in cmap for ch in chinese)
    assert len(found.group(1)) < 2_000_000  # a subset, not the whole 20 MB font


def test_a_dated_header_keeps_the_total_on_the_variants_line(tmp_path: Path, bank: Bank) -> None:
    from dataclasses import replace

    import pypdfium2 as pdfium

    chosen = groups_from_options("type=single:2", None, bank)
    assert chosen is not None
    spec = replace(
        spec_from_select(chosen[0], None, chosen[1]),
        date=Bilingual("2026年1月15日 上午 9:00", "15 January 2026, 9:00"),
        duration=Bilingual("120 分钟", "120 minutes"),
    )
    build_exam(spec, bank, out=tmp_path / "b", lang="both", jobs=1)
    document = pdfium.PdfDocument(str(tmp_path / "b" / "exam-A.pdf"))
    text = document[0].get_textpage()

    def box(needle: str) -> tuple[float, float, float, float]:
        search = text.search(needle)
        index, count = search.get_next()
        left, bottom, _, top = text.get_charbox(index)
        right = text.get_charbox(index + count - 1)[2]
        return left, bottom, right, top

    total, variant = box("Total"), box("Variant")
    assert abs(total[1] - variant[1]) < 4  # the same baseline
    assert total[2] < variant[0]
    document.close()
