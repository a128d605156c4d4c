"""The verification payload printed as the QR code: the number and a short HMAC under the station's secret.

Payload: `<number>.<MAC>`, e.g. `XSLX01-20261127-0001.K7QM2ZP4AD`. The MAC is HMAC-SHA256 (key: the station's
`hmac_secret`, made at `station init`) over the number and the record's key facts (station code, the applicant's
MASKED ID number, business code, day of acceptance), base32, first 10 characters (50 bits): enough that a
guessed code is caught, short enough for a small QR code and for typing. Everything is upper-case letters,
digits, `-` and `.`, so the QR code uses its compact alphanumeric mode and a scanner that types it into a field
cannot mangle it; whitespace it adds, a lower-case shift and full-width characters are forgiven.

A forged or altered receipt (another number, another applicant or business) does not match; a record whose key
facts were changed in the database after printing does not match either, which is as it should be.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

MAC_LENGTH = 10
_PAYLOAD = re.compile(rf"(?P<number>[A-Z0-9][A-Z0-9-]{{2,39}})\.(?P<mac>[A-Z2-7]{{{MAC_LENGTH}}})")


@dataclass(frozen=True)
class SignedFields:
    """What the MAC covers besides the number; the service reads them from the record."""

    number: str
    station_code: str
    applicant_masked_id: str
    business_code: str
    accepted_on: date


def mac(secret: str, fields: SignedFields) -> str:
    message = "|".join(
        (
            "v1",
            fields.number,
            fields.station_code,
            fields.applicant_masked_id,
            fields.business_code,
            fields.accepted_on.isoformat(),
        )
    )
    digest = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:MAC_LENGTH]


def make_payload(secret: str, fields: SignedFields) -> str:
    return f"{fields.number}.{mac(secret, fields)}"


def normalize(text: str) -> str:
    """What a scanner or a person typed, cleaned: full-width → ASCII, no whitespace, upper case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def parse(text: str) -> tuple[str, str] | None:
    """(number, MAC) if `text` has the payload's shape, else None (e.g. a bare receipt number)."""
    match = _PAYLOAD.fullmatch(normalize(text))
    return (match["number"], match["mac"]) if match else None


Outcome = Literal["genuine", "forged", "unknown"]
SecretLookup = Callable[[str], "tuple[str, SignedFields] | None"]


@dataclass(frozen=True)
class Checked:
    outcome: Outcome
    number: str  # "" when the text was not a payload at all
    reason: str  # Chinese, for the desk


def parse_and_verify(text: str, secret_lookup: SecretLookup) -> Checked:
    """Check a scanned or typed payload; `secret_lookup(number)` gives the station secret and the record's
    signed fields, or None when this database has no such record."""
    parsed = parse(text)
    if parsed is None:
        return Checked("unknown", "", "无法识别：不是本系统回执上的二维码内容（应为“编号.校验码”）")
    number, given = parsed
    found = secret_lookup(number)
    if found is None:
        return Checked("unknown", number, f"本数据库中没有编号为 {number} 的记录，无法核验")
    secret, fields = found
    if not hmac.compare_digest(mac(secret, fields), given):
        return Checked("forged", number, "校验码不符：该回执可能被伪造或篡改，或记录的关键信息已被修改")
    return Checked("genuine", number, "校验码正确：回执与系统记录一致")
