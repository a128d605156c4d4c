"""The verification payload (HMAC under the station secret) and the QR code drawn as one path."""

from __future__ import annotations

import io
import random
import re
import string
from datetime import date
from pathlib import Path

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

from desktop.documents import qr
from desktop.documents.fonts import default_fonts
from desktop.documents.verify import SignedFields, make_payload, parse, parse_and_verify
from tests.desktop.documents import pdftools

SECRET = "9f" * 32
FIELDS = SignedFields(
    "XSLX01-20261127-0007", "XSLX01", "440803********1234", "id_card_renewal", date(2026, 11, 27)
)


def lookup(number: str) -> tuple[str, SignedFields] | None:
    return (SECRET, FIELDS) if number == FIELDS.number else None


def test_payload_is_short_upper_case_and_verifies() -> None:
    payload = make_payload(SECRET, FIELDS)
    assert re.fullmatch(r"XSLX01-20261127-0007\.[A-Z2-7]{10}", payload)
    assert parse_and_verify(payload, lookup).outcome == "genuine"


@pytest.mark.parametrize("noise", [" {} ", "{}\r\n", "\t{}", "{}\n\n"])
def test_scanner_whitespace_case_and_full_width_are_forgiven(noise: str) -> None:
    payload = make_payload(SECRET, FIELDS)
    assert parse_and_verify(noise.format(payload), lookup).outcome == "genuine"
    spaced = payload[:6] + " " + payload[6:]
    assert parse_and_verify(spaced.lower(), lookup).outcome == "genuine"
    full_width = payload.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert parse_and_verify(full_width, lookup).outcome == "genuine"


def test_every_single_changed_character_is_rejected() -> None:
    payload = make_payload(SECRET, FIELDS)
    for i, ch in enumerate(payload):
        for other in {"A", "2", "7", "Z", "0", "-"} - {ch}:
            changed = payload[:i] + other + payload[i + 1 :]
            assert parse_and_verify(changed, lookup).outcome != "genuine", changed


def test_the_mac_binds_the_key_facts_and_the_secret() -> None:
    payload = make_payload(SECRET, FIELDS)
    for field, value in (
        ("station_code", "XSLX02"),
        ("applicant_masked_id", "440803********9999"),
        ("business_code", "id_card_reissue"),
        ("accepted_on", date(2026, 11, 26)),
    ):
        record = SignedFields(**{**FIELDS.__dict__, field: value})
        assert parse_and_verify(payload, lambda _n, r=record: (SECRET, r)).outcome == "forged", field
    assert parse_and_verify(payload, lambda _n: ("another station secret", FIELDS)).outcome == "forged"


def test_unknown_and_unrecognisable_texts() -> None:
    unknown = parse_and_verify(
        make_payload(SECRET, SignedFields(**{**FIELDS.__dict__, "number": "X-1"})), lookup
    )
    assert unknown.outcome == "unknown"
    assert "没有编号" in unknown.reason
    for text in ("", "XSLX01-20261127-0007", "hello world", "XSLX01-20261127-0007.ABCDEFGHI1"):
        assert parse(text) is None
        assert parse_and_verify(text, lookup).outcome == "unknown"


def test_mask_penalty_matches_reportlab_so_the_code_is_the_same() -> None:
    rng = random.Random(3)
    for _ in range(60):
        payload = "".join(
            rng.choice(string.ascii_uppercase + string.digits + "-.") for _ in range(rng.randrange(4, 60))
        )
        reference = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        reference.addData(payload)
        reference.make()
        assert tuple(tuple(bool(m) for m in row) for row in reference.modules) == qr.qr_modules(payload)


def test_qr_is_one_filled_path_without_fonts(tmp_path: Path) -> None:
    pdftools.require_tools()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0, initialFontName=default_fonts().primary)
    qr.draw_qr(canvas, 100, 500, 200, make_payload(SECRET, FIELDS))
    qr.draw_code128(canvas, 100, 400, FIELDS.number, bar_width=1, height=40)
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()
    stream = pdf[pdf.index(b"stream") : pdf.index(b"endstream")].decode("latin-1")
    assert stream.count(" re") > 100
    assert re.findall(r"(?<![a-zA-Z])f\b", stream) == ["f", "f"]  # one fill: QR; one fill: Code 128
    assert "Tf" not in stream
    assert pdftools.fonts(pdf) == []
    assert pdftools.scan(pdf, tmp_path) == [make_payload(SECRET, FIELDS)]
    assert pdftools.scan(pdf, tmp_path, "code128") == [FIELDS.number]
