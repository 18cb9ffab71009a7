"""The question sheet and answer key templates, rendered as Typst and as HTML."""

from __future__ import annotations

import dataclasses
import io
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from dlprep.bank import Bank
from dlprep.instance import instantiate
from dlprep.question import Bilingual, Choice, QuestionType
from dlprep.selection import Filter, Group
from dlprep.sheets.documents import (
    SheetFormat,
    _environment,
    _strict,
    answer_lines,
    key_answer_texts,
    render_key,
    render_sheet,
)
from dlprep.sheets.fonts import CjkFont
from dlprep.sheets.html_markup import html_rich
from dlprep.sheets.pdf import PdfCompiler
from dlprep.sheets.spec import ExamSpec, SectionSpec, default_spec, spec_from_select
from dlprep.sheets.typst_markup import typst_rich, typst_string
from dlprep.sheets.variant import Exam, Item, Section, Variant, compose, make_variant

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
TYPST, HTML = SheetFormat.TYPST, SheetFormat.HTML


@pytest.fixture(scope="module")
def compiler(font: CjkFont) -> PdfCompiler:
    return PdfCompiler(font)


@pytest.fixture(scope="module")
def spec(bank: Bank) -> ExamSpec:
    return default_spec(bank)


@pytest.fixture(scope="module")
def exam(spec: ExamSpec, bank: Bank) -> Exam:
    return compose(spec, bank, 3)


@pytest.fixture(scope="module")
def variant(exam: Exam) -> Variant:
    return make_variant(exam, 2)  # code C


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(markup: str) -> _Html:
    parser = _Html()
    parser.feed(markup)
    parser.close()
    return parser


# --- the `_strict` finalize hook ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(SheetFormat))
def test_printing_a_bare_value_is_refused(fmt: SheetFormat) -> None:
    env = _environment(fmt)
    for value in ("<b>bold</b>", 1.5, True, None, ["x"]):
        with pytest.raises(TypeError, match="template printed an unescaped"):
            env.from_string("{{ x }}").render(x=value)
    assert env.from_string("{{ n }}").render(n=7) == "7"
    assert env.from_string("{{ m }}").render(m=Markup("<ok>")) == "<ok>"


def test_filters_escape_for_their_format() -> None:
    typst_env, html_env = _environment(TYPST), _environment(HTML)
    assert typst_env.from_string("{{ x | s }}").render(x="#panic()") == '#"#panic()";'
    assert typst_env.from_string("{{ x | lit }}").render(x='a"b') == typst_string('a"b')
    assert typst_env.from_string("{{ x | rich }}").render(x="*a* $x$") == typst_rich("*a* $x$")
    assert html_env.from_string("{{ x | s }}").render(x="<i>") == "&lt;i&gt;"
    assert html_env.from_string("{{ x | rich }}").render(x="<i> $x$") == html_rich("<i> $x$")
    assert html_env.from_string("{{ x | css }}").render(x='"</style>') == '"\\22 \\3c /style\\3e "'


def test_strict_hook_directly() -> None:
    assert _strict(Markup("x")) == "x" and _strict(3) == 3
    with pytest.raises(TypeError):
        _strict("x")
    with pytest.raises(TypeError):
        _strict(False)


# --- hostile question text ---------------------------------------------------------------------

HOSTILE_ZH = '题目 #set page(width: 1cm) *粗* ] [ <script>alert("zh")</script> & @ref'
HOSTILE_EN = 'Question #panic("boom") _x_ ] = heading <img src=x onerror=alert(1)> &amp; "q"'
HOSTILE_CHOICE = Bilingual("选项 </div><b>", "choice </section> #strong[x]")


@pytest.fixture(scope="module")
def hostile(bank: Bank) -> tuple[ExamSpec, Variant]:
    base = bank.questions["gan-roles"]
    choices = (Choice(HOSTILE_CHOICE, True), *base.choices[1:])
    question = dataclasses.replace(base, prompt=Bilingual(HOSTILE_ZH, HOSTILE_EN), choices=choices)
    instance = instantiate(question, 0)
    spec = ExamSpec(
        Bilingual('标题 "] #panic()', "Title </title><script>x</script>"),
        course=Bilingual("课程 \\ #x", 'Course "quoted"'),
        instructions=Bilingual("说明 = 不是标题", "- not a list"),
        sections=(SectionSpec(Bilingual("一、#x", "I. <h1>"), Group(Filter(), 1, (question.id,))),),
    )
    variant = Variant("A", 0, 0, (Section(spec.sections[0].title, (Item(1, instance, 3.0),)),))
    return spec, variant


def test_hostile_text_is_only_string_literals_in_typst(hostile: tuple[ExamSpec, Variant]) -> None:
    spec, variant = hostile
    for render in (render_sheet, render_key):
        source = render(spec, variant, "both", TYPST, "Noto Sans CJK TC")
        assert typst_rich(HOSTILE_ZH) in source and typst_rich(HOSTILE_EN) in source
        assert typst_rich(HOSTILE_CHOICE.en) in source
        outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)
        assert "panic" not in outside and "#set page(width: 1cm)" not in outside
        assert "<script" not in outside and "&lt;" not in source  # no HTML escaping leaks into Typst


def test_hostile_text_compiles_and_prints_literally(
    hostile: tuple[ExamSpec, Variant], compiler: PdfCompiler, font: CjkFont
) -> None:
    spec, variant = hostile
    pdf = compiler.pdf(render_sheet(spec, variant, "both", TYPST, font.family), "hostile")
    printed = _squash(_pdf_text(pdf))
    for text in (HOSTILE_ZH, HOSTILE_EN, HOSTILE_CHOICE.zh, HOSTILE_CHOICE.en, '标题"]#panic()'):
        assert _squash(text) in printed, text


def test_hostile_text_is_escaped_in_html(hostile: tuple[ExamSpec, Variant]) -> None:
    spec, variant = hostile
    for render in (render_sheet, render_key):
        page = render(spec, variant, "both", HTML)
        assert "<script" not in page and "<img" not in page and HOSTILE_CHOICE.zh not in page
        assert (
            "&lt;/div&gt;&lt;b&gt;" in page
            and "&lt;script&gt;" in page
            and "&lt;img src=x onerror=alert(1)&gt;" in page
        )
        assert "&amp;amp;" in page  # a literal `&amp;` in a question stays literal
        parsed = _parse(page)
        assert "script" not in parsed.tags and "img" not in parsed.tags and parsed.tags.count("h1") == 1
        text = "".join(parsed.text)
        assert HOSTILE_EN in text and HOSTILE_ZH in text
        style = page[page.index("<style>") : page.index("</style>")]
        assert "</title>" not in style and "<script>" not in style


# --- the sheet and the key of a real variant ---------------------------------------------------


def test_sheet_numbers_every_question_and_shows_the_variant_code(spec: ExamSpec, variant: Variant) -> None:
    count = len(variant.items)
    assert count == 20 and variant.code == "C"
    typst_source = render_sheet(spec, variant, "both", TYPST, "Noto Sans CJK TC")
    numbers = [int(n) for n in re.findall(r'\*#"(\d+)";\.\*', typst_source)]
    assert numbers == list(range(1, count + 1))
    assert '#"C";' in typst_source and '#"试卷代码 / Variant C";' in typst_source
    page = render_sheet(spec, variant, "both", HTML)
    assert [int(n) for n in re.findall(r'<section class="question[^"]*" id="q(\d+)"', page)] == list(
        range(1, count + 1)
    )
    assert '<span class="variant-code">C</span>' in page


def test_sheet_compiles_with_every_number_and_code_in_the_pdf(
    spec: ExamSpec, variant: Variant, compiler: PdfCompiler, font: CjkFont
) -> None:
    pdf = compiler.pdf(render_sheet(spec, variant, "en", TYPST, font.family), "exam-C")
    printed = _squash(_pdf_text(pdf))
    assert "Variant:C" in printed
    for item in variant.items:
        assert f"{item.number}.(" in printed


def test_sheet_gives_no_answer_away(spec: ExamSpec, variant: Variant) -> None:
    for fmt in SheetFormat:
        sheet = render_sheet(spec, variant, "both", fmt, "Noto Sans CJK TC")
        assert "✓" not in sheet
        for item in variant.items:
            explanation = item.instance.explanation.en
            rendered = typst_rich(explanation) if fmt is TYPST else html_rich(explanation)
            assert rendered not in sheet


def test_key_has_every_answer_explanation_and_rubric(spec: ExamSpec, variant: Variant) -> None:
    codes = ("zh", "en")
    for fmt, rich in ((TYPST, typst_rich), (HTML, html_rich)):
        key = render_key(spec, variant, "both", fmt, "Noto Sans CJK TC")
        for item in variant.items:
            instance = item.instance
            answers = key_answer_texts(instance, codes)
            assert answers and all(rich(answer) in key for answer in answers), instance.question.id
            assert rich(instance.explanation.zh) in key and rich(instance.explanation.en) in key
            for point in instance.question.rubric:
                assert rich(point.text.en) in key
        marked = sum(len(item.instance.correct_choices) for item in variant.items)
        assert key.count("✓") == marked > 0


def test_key_answers_follow_the_shuffled_choices(spec: ExamSpec, variant: Variant) -> None:
    page = render_key(spec, variant, "en", HTML)
    rows = dict(re.findall(r"<tr><td>(\d+)</td><td class=\"qid\">[^<]*</td><td>([^<]*)</td>", page))
    for item in variant.items:
        if item.instance.question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            letters = ", ".join("ABCDEFGH"[i] for i in item.instance.correct_choices)
            assert rows[str(item.number)] == letters


@pytest.mark.parametrize("fmt", list(SheetFormat))
def test_zh_sheet_has_no_english_prompt(spec: ExamSpec, variant: Variant, fmt: SheetFormat) -> None:
    rich = typst_rich if fmt is TYPST else html_rich
    sheet = render_sheet(spec, variant, "zh", fmt, "Noto Sans CJK TC")
    for item in variant.items:
        prompt = item.instance.prompt
        assert prompt.zh != prompt.en
        assert rich(prompt.zh) in sheet and rich(prompt.en) not in sheet
        for choice in item.instance.choices:
            if choice.text.zh != choice.text.en:
                assert rich(choice.text.en) not in sheet
    assert "Student ID" not in sheet and "学号" in sheet


@pytest.mark.parametrize("fmt", list(SheetFormat))
def test_en_sheet_has_no_chinese_at_all(spec: ExamSpec, variant: Variant, fmt: SheetFormat) -> None:
    rich = typst_rich if fmt is TYPST else html_rich
    sheet = render_sheet(spec, variant, "en", fmt, None)
    for item in variant.items:
        assert rich(item.instance.prompt.en) in sheet and rich(item.instance.prompt.zh) not in sheet
    assert not CJK.search(sheet), CJK.findall(sheet)[:10]
    assert "Student ID" in sheet


def test_both_languages_show_both_prompts(spec: ExamSpec, variant: Variant) -> None:
    sheet = render_sheet(spec, variant, "both", HTML)
    for item in variant.items:
        assert html_rich(item.instance.prompt.zh) in sheet and html_rich(item.instance.prompt.en) in sheet
    assert "姓名 / Name" in sheet


def test_html_is_printable(spec: ExamSpec, variant: Variant) -> None:
    page = render_sheet(spec, variant, "both", HTML)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "@page" in page and "break-inside: avoid" in page
    assert page.count('<section class="question') == len(variant.items)
    parsed = _parse(page)
    assert parsed.tags.count("section") == len(variant.items)


def test_font_family_reaches_the_typst_source(spec: ExamSpec, variant: Variant) -> None:
    assert '"Some CJK Font"' in render_sheet(spec, variant, "zh", TYPST, "Some CJK Font")
    assert "Some CJK Font" not in render_sheet(spec, variant, "zh", TYPST, None)


def test_answer_lines_grow_with_points_within_bounds() -> None:
    assert (
        answer_lines(1) == 4 and answer_lines(10) == 8 and answer_lines(17) == 14 and answer_lines(100) == 14
    )
    assert all(4 <= answer_lines(p) <= 14 for p in range(0, 40))


def test_a_key_with_every_question_of_the_bank_compiles(
    bank: Bank, compiler: PdfCompiler, font: CjkFont
) -> None:
    """A key holding the whole bank: no bank text breaks the Typst templates."""
    spec = spec_from_select([Group(Filter(), None)])
    variant = make_variant(compose(spec, bank, 0), 0)
    assert len(variant.items) == len(bank.questions)
    # the key prints every text a sheet does (prompts, choices) and the answers, rubrics and explanations
    source = render_key(spec, variant, "both", TYPST, font.family)
    assert not re.search(r"&(?:lt|gt|amp|quot|#x?[0-9a-fA-F]+);", source)  # no HTML escaping in Typst
    assert compiler.pdf(source, "key").startswith(b"%PDF")
