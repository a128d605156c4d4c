"""PDFs checked with the real tools (poppler-utils, zbar-tools), as STYLE.md asks; shared by the document,
service and command-line tests. Without the tools a test is skipped, except in CI where they are required."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm", "zbarimg")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"PDF tools not installed: {', '.join(missing)} (apt install poppler-utils zbar-tools)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([*args, str(path)], capture_output=True, text=True, check=True)
        return done.stdout


def text(pdf: bytes) -> str:
    """What pdftotext reads (through the embedded ToUnicode maps), one line per text line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), str(path.with_suffix(".txt"))], check=True)
        return path.with_suffix(".txt").read_text(encoding="utf-8")


def flat_text(pdf: bytes) -> str:
    """The text with all whitespace removed: line breaks from wrapping and pdftotext's guesses at spaces
    don't matter to what a reader sees."""
    return "".join(text(pdf).split())


def has(pdf_text: str, *expected: str) -> list[str]:
    """Which of `expected` (compared without whitespace) are missing from a flat text."""
    return [e for e in expected if "".join(e.split()) not in pdf_text]


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool


def fonts(pdf: bytes) -> list[FontRow]:
    rows = []
    for line in _run(["pdffonts"], pdf).splitlines()[2:]:
        parts = line.split()
        # name, type (may be two words), encoding, emb, sub, uni, object, generation
        rows.append(FontRow(parts[0], " ".join(parts[1:-6]), parts[-5] == "yes", parts[-4] == "yes"))
    return rows


@dataclass(frozen=True)
class Info:
    pages: int
    width_pt: float
    height_pt: float


def info(pdf: bytes) -> Info:
    out = _run(["pdfinfo"], pdf)
    pages = int(re.search(r"Pages:\s+(\d+)", out)[1])  # type: ignore[index]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out)
    assert size is not None
    return Info(pages, float(size[1]), float(size[2]))


def png(pdf: bytes, target: Path, dpi: int = 200) -> list[Path]:
    """Every page as PNG (`target`-1.png …)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(target)], check=True)
    return sorted(target.parent.glob(f"{target.name}-*.png"))


def scan(pdf: bytes, tmp_path: Path, symbology: str = "qrcode") -> list[str]:
    """What zbarimg decodes on the first page rendered at 200 dpi, for one symbology (qrcode, code128)."""
    pages = png(pdf, tmp_path / f"scan-{symbology}")
    done = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", f"-S{symbology}.enable", str(pages[0])],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in done.stdout.splitlines() if line]
