"""The fonts of every printed document: the bundled TrueType CJK font, embedded as a subset, plus fallbacks.

reportlab draws a character its font lacks as a silent blank, so coverage is checked BEFORE drawing, from each
font's own character map: a character the bundled WenQuanYi Micro Hei lacks is drawn with the first fallback
font that has it (any other TrueType file in `resources/fonts/`: Droid Sans Fallback is bundled, which adds CJK
Extension A, e.g. 䶮); one that no font has (e.g. Extension B) is refused with `UnsupportedCharacters`, naming the
exact characters, so the desk can correct the name or write it by hand.

Fonts are read and registered once per process (about 70 ms each here), thread-safely; the main window calls
`default_fonts()` in the background after login so that the first receipt does not pay for it.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.errors import ValidationError

log = logging.getLogger(__name__)

PRIMARY_FILE = "wqy-microhei.ttc"  # TrueType outlines; subfont 0 is the proportional WenQuanYi Micro Hei
FONT_SUFFIXES = (".ttf", ".ttc")
Align = Literal["left", "centre", "right"]


class UnsupportedCharacters(ValidationError):
    """Text holds characters that no bundled font can draw; `characters` lists them in order of appearance."""

    def __init__(self, field: str, label: str, characters: Sequence[str]) -> None:
        shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in characters)
        super().__init__(
            field,
            f"{label}中的{shown}不在打印字库中，打印出来会是空白。请核对输入；确为生僻字的，"
            "请联系管理员在 resources/fonts 中加入包含该字的 TrueType 字库，或打印后手写补充。",
        )
        self.characters = tuple(characters)


def _ignorable(ch: str) -> bool:
    """Control and format characters and variation selectors: never drawn, so never missing."""
    code = ord(ch)
    return unicodedata.category(ch) in ("Cc", "Cf") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


class FontSet:
    """Registered fonts in order of preference; `primary` is the bundled CJK font."""

    def __init__(self, fonts: Sequence[Any]) -> None:
        """`fonts`: registered reportlab TTFonts, the bundled one first."""
        self.names: tuple[str, ...] = tuple(str(f.fontName) for f in fonts)
        self._cmaps: tuple[Mapping[int, int], ...] = tuple(f.face.charToGlyph for f in fonts)
        self._widths = {f.fontName: (f.face.charWidths, f.face.defaultWidth) for f in fonts}
        self.primary = self.names[0]
        self._primary_cmap = self._cmaps[0]

    def font_for(self, ch: str) -> str | None:
        code = ord(ch)
        for name, cmap in zip(self.names, self._cmaps, strict=True):
            if code in cmap:
                return name
        return None

    def missing(self, text: str) -> list[str]:
        """Characters of `text` that no font of the set can draw, each once, in order of appearance."""
        found: dict[str, None] = {}
        for ch in text:
            drawable = ord(ch) in self._primary_cmap or ch.isspace() or _ignorable(ch)
            if not drawable and self.font_for(ch) is None:
                found[ch] = None
        return list(found)

    def check(self, fields: Mapping[str, tuple[str, str]]) -> None:
        """Raise UnsupportedCharacters for the first field (name → (label, text)) holding undrawable characters."""
        for field, (label, text) in fields.items():
            if missing := self.missing(text):
                raise UnsupportedCharacters(field, label, missing)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """`text` cut into (font name, piece) runs; whitespace is drawn as a plain space."""
        cmap = self._primary_cmap
        if all(ord(ch) in cmap for ch in text):
            return [(self.primary, text)]
        result: list[tuple[str, str]] = []
        for ch in text:
            if ch.isspace():
                ch = " "
            elif _ignorable(ch):
                continue
            font = self.primary if ord(ch) in cmap else self.font_for(ch)
            if font is None:  # callers check first; drawing a blank silently is exactly what must not happen
                raise UnsupportedCharacters("text", "文本", [ch])
            if result and result[-1][0] == font:
                result[-1] = (font, result[-1][1] + ch)
            else:
                result.append((font, ch))
        return result

    def width(self, text: str, size: float) -> float:
        """What reportlab's stringWidth gives, from the width tables directly (wrapping measures a lot)."""
        total = 0.0
        for font, piece in self.runs(text):
            widths, default = self._widths[font]
            total += sum(widths.get(ord(ch), default) for ch in piece)
        return total * 0.001 * size

    def draw(
        self,
        canvas: Any,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        align: Align = "left",
        bold: bool = False,
    ) -> None:
        """Draw one line on its baseline `y`; `bold` strokes the outlines too (the CJK font has one weight)."""
        runs = self.runs(text)
        if align != "left":
            width = self.width(text, size)
            x -= width / 2 if align == "centre" else width
        text_object = canvas.beginText(x, y)
        if bold:
            canvas.saveState()
            canvas.setLineWidth(size * 0.04)
            text_object.setTextRenderMode(2)
        for font, piece in runs:
            text_object.setFont(font, size)
            text_object.textOut(piece)
        canvas.drawText(text_object)
        if bold:
            canvas.restoreState()


_lock = threading.Lock()
_loaded: dict[tuple[Path, ...], FontSet] = {}
_defaults: dict[Path | None, FontSet] = {}  # default_fonts() per directory: no directory listing per document


def _register(path: Path) -> Any:
    """Register one TrueType file under a name of its own (once per process); None if reportlab can't use it."""
    name = "MS-" + path.stem.replace(" ", "")
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)
    try:
        # asciiReadable off: subsets hold only the glyphs used (smaller, faster), text is never plain ASCII
        font = TTFont(name, str(path), subfontIndex=0, asciiReadable=False)
    except (TTFError, OSError) as exc:  # e.g. CFF outlines (Noto CJK): reportlab cannot embed those
        log.warning("font %s not usable: %s", path.name, exc)
        return None
    pdfmetrics.registerFont(font)
    return font


def load_font_set(primary: Path, fallbacks: Sequence[Path] = ()) -> FontSet:
    """The primary font and the usable fallbacks, registered with reportlab; cached per list of files."""
    key = (primary.resolve(), *(p.resolve() for p in fallbacks))
    with _lock:
        if key in _loaded:
            return _loaded[key]
        first = _register(key[0])
        if first is None:
            raise RuntimeError(f"the bundled font {primary} cannot be used by reportlab")
        usable = [first, *(f for f in map(_register, key[1:]) if f is not None)]
        fonts = _loaded[key] = FontSet(usable)
        return fonts


def default_fonts(directory: Path | None = None) -> FontSet:
    """The bundled font and every other TrueType file of `resources/fonts/` (sorted by name) as fallbacks."""
    if (cached := _defaults.get(directory)) is not None:
        return cached
    key = directory
    if directory is None:
        from desktop.paths import resource_dir

        directory = resource_dir() / "fonts"
    others = sorted(
        p for p in directory.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.name != PRIMARY_FILE
    )
    fonts = _defaults[key] = load_font_set(directory / PRIMARY_FILE, others)
    return fonts


def missing_glyphs(text: str, fonts: FontSet | None = None) -> set[str]:
    """Characters of `text` that neither the bundled font nor a fallback can draw."""
    return set((fonts or default_fonts()).missing(text))
