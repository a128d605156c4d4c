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

FONTS = resource_dir() / "fonts"
PRIMARY = FONTS / PRIMARY_FILE
# The bundled fallback: TrueType with CJK Extension A, which WenQuanYi Micro Hei lacks (from Debian's fonts-droid-fallback).
FALLBACK = FONTS / "DroidSansFallbackFull.ttf"
EXT_A = "䶮"  # U+4DAE, as in the name 刘䶮: only in the fallback
EXT_B = "𠀾"  # U+2003E: in neither font
EXT_B_2 = "𠮷"  # U+20BB7: in neither font


def test_common_and_rare_but_covered_name_characters_are_in_the_bundled_font() -> None:
    assert missing_glyphs("欧阳晓明 珺堃喆昇赟淼彧祎禤 440803********1234 （）《》，。、；：·×—") == set()


def test_missing_characters_are_named_each_once_in_order() -> None:
    fonts = default_fonts()
    assert fonts.missing(f"刘{EXT_B}{EXT_A}{EXT_B_2}{EXT_B}\n") == [EXT_B, EXT_B_2]
    assert missing_glyphs(f"刘{EXT_A}{EXT_B}") == {EXT_B}
    assert load_font_set(PRIMARY).missing(f"刘{EXT_A}") == [EXT_A]  # without the fallback
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


def test_the_bundled_fallback_draws_what_the_bundled_font_lacks() -> None:
    pdftools.require_tools()
    fonts = default_fonts()
    assert len(fonts.names) == 2  # the fallback was found in resources/fonts, no system path involved
    assert fonts.missing(f"刘{EXT_A}{EXT_B}") == [EXT_B]
    assert fonts.runs(f"刘{EXT_A}明") == [
        (fonts.primary, "刘"),
        (fonts.names[1], EXT_A),
        (fonts.primary, "明"),
    ]
    pdf = render_receipt(receipt_data(applicant_name=f"刘{EXT_A}"))
    embedded = pdftools.fonts(pdf)
    assert all(f.embedded and f.subset for f in embedded)
    assert {f.name.split("+", 1)[1] for f in embedded} == {"WenQuanYiMicroHei-0", "DroidSansFallback"}
    assert f"刘{EXT_A}" in pdftools.flat_text(pdf)


def test_a_document_without_rare_characters_embeds_only_the_bundled_font() -> None:
    pdftools.require_tools()
    embedded = pdftools.fonts(render_receipt(receipt_data()))
    assert {f.name.split("+", 1)[1] for f in embedded} == {"WenQuanYiMicroHei-0"}


def test_characters_in_no_font_are_refused_by_name() -> None:
    with pytest.raises(UnsupportedCharacters) as raised:
        render_receipt(receipt_data(applicant_name=f"刘{EXT_A}{EXT_B}"))
    assert raised.value.characters == (EXT_B,)
    assert "U+2003E" in str(raised.value)


def test_fallback_files_are_any_other_truetype_file_in_the_folder(tmp_path: Path) -> None:
    (tmp_path / PRIMARY_FILE).symlink_to(PRIMARY)
    (tmp_path / FALLBACK.name).symlink_to(FALLBACK)
    (tmp_path / "LICENSE.txt").write_text("not a font")
    fonts = default_fonts(tmp_path)
    assert fonts.names == default_fonts().names
    assert default_fonts(tmp_path) is fonts  # read once


def test_a_file_reportlab_cannot_use_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / PRIMARY_FILE).symlink_to(PRIMARY)
    (tmp_path / "broken.ttf").write_bytes(b"not a font at all")
    fonts = default_fonts(tmp_path)
    assert fonts.names == (default_fonts().primary,)
    assert "broken.ttf" in caplog.text
