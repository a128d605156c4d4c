"""Identity documents a person can be recorded with: the mainland 居民身份证 and, for people without one, the
documents residents of Hong Kong, Macau and Taiwan and foreigners carry.

Each type has a shape check (the numbers are issued in fixed formats, so a typo is caught at the counter) and
says whether the number itself encodes the birth date and gender (the 18-digit ones do: GB 11643 layout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.domain.identity import IdNumberInfo, normalize_id_number, validate_id_number
from desktop.errors import ValidationError

RESIDENT_ID = "resident_id"


@dataclass(frozen=True)
class DocumentType:
    code: str
    name: str
    pattern: re.Pattern[str] | None  # None: validated as a GB 11643 number
    hint: str  # the expected shape, in the error message


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType(RESIDENT_ID, "居民身份证", None, "18位"),
    DocumentType("hmt_residence_permit", "港澳台居民居住证", None, "18位，以810000、820000或830000开头"),
    DocumentType(
        "hk_macau_permit", "港澳居民来往内地通行证", re.compile(r"[HM]\d{8}(\d{2})?"), "H或M加8位数字"
    ),
    DocumentType("taiwan_permit", "台湾居民来往大陆通行证", re.compile(r"\d{8}|[0-9A-Z]{10}"), "8位数字"),
    DocumentType(
        "foreign_permanent_id",
        "外国人永久居留身份证",
        re.compile(r"9\d{16}[\dX]|[A-Z]{3}\d{12}"),
        "18位，以9开头",
    ),
    DocumentType("foreign_passport", "外国护照", re.compile(r"[A-Z0-9]{5,20}"), "5至20位字母或数字"),
)
_BY_CODE = {t.code: t for t in DOCUMENT_TYPES}
_HMT_PREFIXES = ("810000", "820000", "830000")


def document_type(code: str) -> DocumentType:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValidationError("document_type", f"未知的证件类型：{code}") from None


def document_type_name(code: str) -> str:
    found = _BY_CODE.get(code)
    return found.name if found else code


def validate_document(code: str, raw: str, *, today: date | None = None) -> tuple[str, IdNumberInfo | None]:
    """The normalised number and, for the 18-digit types, what it encodes; ValidationError on field `id_number`."""
    kind = document_type(code)
    number = normalize_id_number(raw)
    if kind.pattern is None:
        if not number:
            raise ValidationError("id_number", f"请填写{kind.name}号码")
        info = validate_id_number(number, today=today)
        if code == "hmt_residence_permit" and not info.number.startswith(_HMT_PREFIXES):
            raise ValidationError("id_number", f"{kind.name}号码应为{kind.hint}")
        if code == RESIDENT_ID and info.number.startswith(_HMT_PREFIXES):
            raise ValidationError(
                "id_number", "该号码是港澳台居民居住证号码，请将证件类型选为“港澳台居民居住证”"
            )
        return info.number, info
    if not number:
        raise ValidationError("id_number", f"请填写{kind.name}号码")
    if not kind.pattern.fullmatch(number):
        raise ValidationError("id_number", f"{kind.name}号码格式不正确（应为{kind.hint}）")
    return number, None
