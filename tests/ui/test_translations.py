"""The zh_CN catalogue is complete, matches the tr() calls in ui/, and the compiled .qm says what the .ts says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from desktop.paths import resource_dir

TS = resource_dir() / "translations" / "microstation_zh_CN.ts"
QM = TS.with_suffix(".qm")
UI = Path(__file__).resolve().parents[2] / "ui"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def text_of(translation: ET.Element) -> str:
    """The translated text; a plural entry (numerus) keeps it in its one <numerusform> (Chinese has one form)."""
    form = translation.find("numerusform")
    return (form.text if form is not None else translation.text) or ""


def lupdate() -> str | None:
    beside = Path(sys.executable).parent / "pyside6-lupdate"
    return str(beside) if beside.exists() else shutil.which("pyside6-lupdate")


def test_every_message_has_a_finished_translation_with_the_same_placeholders() -> None:
    found = messages(TS)
    assert len(found) > 100
    for context, source, translation in found:
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), (context, source)
        assert text_of(translation).strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text_of(translation))), (
            source
        )
        if "%n" in source:
            assert "%n" in text_of(translation), source


def test_the_catalogue_matches_the_tr_calls_in_the_sources(tmp_path: Path) -> None:
    tool = lupdate()
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [tool, "-extensions", "py", "-no-obsolete", "-locations", "none", str(UI), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_sources = {(c, s) for c, s, _ in messages(fresh)}
    in_catalogue = {(c, s) for c, s, _ in messages(TS)}
    assert in_sources - in_catalogue == set(), "run pyside6-lupdate and translate the new texts"
    assert in_catalogue - in_sources == set(), "texts no longer in the sources: run lupdate -no-obsolete"


def test_the_compiled_catalogue_is_up_to_date(qapp: object) -> None:
    translator = QTranslator()
    assert translator.load(str(QM)), "run pyside6-lrelease on the .ts"
    for context, source, translation in messages(TS):
        plural = translation.find("numerusform") is not None
        expected = text_of(translation) if plural else translation.text  # QTranslator leaves %n in place
        assert translator.translate(context, source, None, 3 if plural else -1) == expected, (
            f"{QM.name} is older than {TS.name} ({context}: {source!r}); run pyside6-lrelease"
        )
