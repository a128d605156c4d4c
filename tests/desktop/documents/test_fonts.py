"""Characters the bundled font lacks are found before drawing: drawn with a fallback font, or refused by name."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.documents.fonts import (
    PRIMARY_FILE,
    FontSet,
    UnsupportedCharacters,
    default_fonts,
    load_font_set,
    missing_glyphs,
)
from desktop.documents.receipt import render_receipt
from desktop.paths import resource_dir
from tests.desktop.documents import pdftools
from tests.desktop.documents.samples import receipt_data

PRIMARY = resource_dir() / "fonts" / PRIMARY_FILE
# A TrueType font with CJK Extension A (which WenQuanYi Micro Hei lacks), as Debian's fonts-droid-fallback ships it.
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
EXT_A = "䶮"  # U+4DAE, as in the name 刘䶮
EXT_B = "𠀾"  # U+2003E: in neither font


def test_common_and_rare_but_covered_name_characters_are_in_the_bundled_font() -> None:
    assert missing_glyphs("欧阳晓明 珺堃喆昇赟淼彧祎禤 440803********1234 （）《》，。、；：·×—") == set()


def test_missing_characters_are_named_each_once_in_order() -> None:
    fonts = default_fonts()
    assert fonts.missing(f"刘{EXT_B}{EXT_A}{EXT_B}\n") == [EXT_B, EXT_A]
    assert missing_glyphs(f"刘{EXT_A}") == {EXT_A}
    assert (
        fonts.missing("\u200d\ufe0f\t") == []
    )  # joiners, variation selectors and whitespace are never missing


def test_registration_happens_once_and_is_thread_safe() -> None:
    results: list[FontSet] = []
    barrier = threading.Barrier(8)

    def load() -> None:
        barrier.wait()
        results.append(load_font_set(PRIMARY))

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(result) for result in results}) == 1
    assert load_font_set(PRIMARY) is results[0]
    assert default_fonts().primary == results[0].primary


@pytest.fixture
def with_fallback(tmp_path: Path) -> FontSet:
    """resources/fonts as a station would extend it: the bundled font plus a fallback file next to it."""
    if not DROID.exists():
        pytest.skip(f"{DROID} not installed (Debian: fonts-droid-fallback)")
    (tmp_path / PRIMARY_FILE).symlink_to(PRIMARY)
    (tmp_path / DROID.name).symlink_to(DROID)
    (tmp_path / "LICENSE.txt").write_text("not a font")
    return default_fonts(tmp_path)


def test_a_fallback_font_draws_what_the_bundled_font_lacks(with_fallback: FontSet) -> None:
    pdftools.require_tools()
    assert len(with_fallback.names) == 2
    assert with_fallback.missing(f"刘{EXT_A}{EXT_B}") == [EXT_B]
    assert with_fallback.runs(f"刘{EXT_A}明") == [
        (with_fallback.primary, "刘"),
        (with_fallback.names[1], EXT_A),
        (with_fallback.primary, "明"),
    ]
    pdf = render_receipt(receipt_data(applicant_name=f"刘{EXT_A}"), fonts=with_fallback)
    fonts = pdftools.fonts(pdf)
    assert all(f.embedded and f.subset for f in fonts)
    assert {f.name.split("+", 1)[1] for f in fonts} == {"WenQuanYiMicroHei-0", "DroidSansFallback"}
    assert f"刘{EXT_A}" in pdftools.flat_text(pdf)
    with pytest.raises(UnsupportedCharacters) as raised:
        render_receipt(receipt_data(applicant_name=f"刘{EXT_B}"), fonts=with_fallback)
    assert raised.value.characters == (EXT_B,)


def test_a_file_reportlab_cannot_use_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / PRIMARY_FILE).symlink_to(PRIMARY)
    (tmp_path / "broken.ttf").write_bytes(b"not a font at all")
    fonts = default_fonts(tmp_path)
    assert fonts.names == (default_fonts().primary,)
    assert "broken.ttf" in caplog.text
