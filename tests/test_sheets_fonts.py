"""Finding a font with Chinese glyphs for Typst: DLPREP_CJK_FONT, the system, the pip package."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlprep.bank import Bank
from dlprep.errors import DlprepError
from dlprep.sheets.fonts import ENV_VAR, CjkFont, FontError, find_cjk_font


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(ENV_VAR, raising=False)
    return monkeypatch


@pytest.fixture(scope="module")
def package_font() -> Path:
    """The font file of the `cvttf-NotoSansCJK-Regular` pip package (a dependency)."""
    import cvttf_NotoSansCJK_Regular as package  # type: ignore[import-untyped]

    fonts = sorted(Path(package.__file__).parent.glob("*.[ot]t[fc]"))
    assert fonts, "the pip CJK font package holds no font file"
    return fonts[0]


def _assert_install_hint(error: FontError) -> None:
    message = str(error)
    assert error.exit_code == 2 and isinstance(error, DlprepError)
    assert "fonts-noto-cjk" in message and "pip install cvttf-NotoSansCJK-Regular" in message
    assert ENV_VAR in message


def test_env_var_naming_a_missing_path_is_a_font_error_saying_how_to_install_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-font.otf"
    monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(FontError) as info:
        find_cjk_font()
    _assert_install_hint(info.value)
    assert str(info.value).startswith(f"{ENV_VAR}={missing}: no such font file or folder")


def test_env_var_naming_a_latin_only_font_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real font without Chinese glyphs would print empty boxes: it is refused, not used."""
    import typst

    latin = next(
        f.path for f in typst.Fonts(include_system_fonts=True).fonts() if f.path and "DejaVu" in f.family
    )
    monkeypatch.setenv(ENV_VAR, latin)
    with pytest.raises(FontError, match="no font with Chinese glyphs there"):
        find_cjk_font()


def test_env_var_naming_a_file_that_is_no_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "fake.otf"
    fake.write_bytes(b"not a font at all")
    monkeypatch.setenv(ENV_VAR, str(fake))
    with pytest.raises(FontError) as info:
        find_cjk_font()
    _assert_install_hint(info.value)
    assert "no font with Chinese glyphs there" in str(info.value)
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    monkeypatch.setenv(ENV_VAR, str(empty))
    with pytest.raises(FontError, match="no font with Chinese glyphs there"):
        find_cjk_font()


def test_env_var_naming_the_pip_font_file(monkeypatch: pytest.MonkeyPatch, package_font: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(package_font))
    font = find_cjk_font(use_system=False, use_package=False)  # the override needs neither
    assert isinstance(font, CjkFont)
    assert "CJK" in font.family
    assert font.font_paths == (str(package_font.parent),) and font.system is False


def test_env_var_naming_the_pip_font_folder(monkeypatch: pytest.MonkeyPatch, package_font: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(package_font.parent))
    font = find_cjk_font()
    assert "CJK" in font.family and font.font_paths == (str(package_font.parent),)
    assert not font.system


def test_env_var_with_a_tilde_is_expanded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, package_font: Path
) -> None:
    home = tmp_path / "home"
    (home / "fonts").mkdir(parents=True)
    (home / "fonts" / package_font.name).symlink_to(package_font)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv(ENV_VAR, f"~/fonts/{package_font.name}")
    font = find_cjk_font()
    assert "CJK" in font.family and font.font_paths == (str(home / "fonts"),)


def test_nothing_to_search_is_a_font_error(no_override: pytest.MonkeyPatch) -> None:
    with pytest.raises(FontError) as info:
        find_cjk_font(use_system=False, use_package=False)
    _assert_install_hint(info.value)
    assert str(info.value).startswith("no font with Chinese glyphs found")


def test_the_pip_package_is_found_without_system_fonts(
    no_override: pytest.MonkeyPatch, package_font: Path
) -> None:
    font = find_cjk_font(use_system=False)
    assert font.font_paths == (str(package_font.parent),) and "CJK" in font.family


def test_default_lookup_finds_a_font_that_typst_sets_chinese_with(no_override: pytest.MonkeyPatch) -> None:
    import io

    import typst
    from pypdf import PdfReader

    font = find_cjk_font()
    compiler = typst.Compiler(font_paths=list(font.font_paths), ignore_system_fonts=not font.system)
    source = f'#set text(font: "{font.family}", fallback: false)\n深度学习'
    pdf, warnings = compiler.compile_with_warnings(input=source.encode("utf-8"), format="pdf")
    assert not warnings  # an unknown family warns
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    base_fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    wanted = font.family.replace(" ", "").lower()
    assert any(wanted in name.lower() for name in base_fonts), base_fonts
    assert page.extract_text().strip() == "深度学习"


def test_chinese_is_set_with_simplified_forms_even_in_a_traditional_default_font(bank: Bank) -> None:
    """The pip font's default forms are Traditional; `region: "cn"` makes Typst pick its Simplified
    ones (OpenType locl), and every zh sheet sets it."""
    import typst

    from dlprep.sheets.documents import SheetFormat, render_sheet
    from dlprep.sheets.fonts import _package_dir
    from dlprep.sheets.spec import default_spec
    from dlprep.sheets.variant import compose, make_variant

    folder = _package_dir()
    assert folder is not None
    compiler = typst.Compiler(font_paths=[folder], ignore_system_fonts=True)

    def png(region: str) -> bytes:
        source = f'#set text(font: "Noto Sans CJK TC", lang: "zh", region: "{region}", size: 30pt)\n直骨关'
        result = compiler.compile(input=source.encode(), format="png", ppi=30)
        assert isinstance(result, bytes)
        return result

    assert png("cn") != png("tw")
    spec = default_spec(bank)
    variant = make_variant(compose(spec, bank, 0), 0)
    for lang in ("zh", "both"):
        assert 'lang: "zh", region: "cn"' in render_sheet(spec, variant, lang, SheetFormat.TYPST)
