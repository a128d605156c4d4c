"""Resident ID numbers (GB 11643-1999), phone numbers, and the one masking rule for personal data.

Masking rules (one pattern per kind everywhere, so that masked pieces cannot be recombined):
- an 18-character ID number shows its first 6 and last 4 characters: `440803********1234`;
- any other document number (15-digit legacy IDs, passports, permits…) shows its first 2 and last 2 characters;
- a mainland mobile shows its first 3 and last 4 digits: `138****5678`;
- a landline shows its area code and the last 4 digits of the local number: `0759-***3456`;
- a Hong Kong, Macau or Taiwan number shows its country code and last 4 digits: `+852-****5678`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from desktop.clock import LOCAL_TZ
from desktop.errors import ValidationError

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
MAX_AGE_YEARS = 130

_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ID15 = re.compile(r"[0-9]{15}")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area codes: 010 and 02X have three digits, every other one four (0759 for Zhanjiang).
_AREA = r"(?P<area>010|02[0-9]|0[3-9][0-9]{2})"
# With area codes this strict, the dash between area code and number can be left out without ambiguity.
_LANDLINE = re.compile(_AREA + r"-?(?P<local>[2-9][0-9]{6,7})(?:-(?P<ext>[0-9]{1,6}))?")
# Hong Kong and Macau numbers have 8 digits, Taiwan mobiles 9 (after +886): residents of those places keep them.
_ABROAD = re.compile(r"(?:\+|00)(?P<cc>852|853|886)-?(?P<local>[0-9]{8,9})")
_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "−": "-"})
_PHONE_MESSAGE = (
    "电话号码格式不正确：手机号为11位，固定电话如0759-2123456（分机号用“-”隔开），港澳台号码如+852-91234567"
)

# For logs: each match is a whole run of digits, so pieces of longer numbers (order numbers, timestamps) stay.
# A run of digits that may be written in groups ("138 1234 5678", "4408 0319 …"), optionally ending in X.
_LOG_DIGITS = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?[0-9](?:[ -]?[0-9]){9,17}(?:[ -]?[Xx])?(?![0-9A-Za-z])"
)
_FULL_WIDTH_ALNUM = {
    code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
# Chinese passports and permits: a letter (or two) and 7–8 digits, e.g. E12345678, C12345678, HA1234567.
_LOG_DOCUMENT = re.compile(r"(?<![0-9A-Za-z])[A-Z]{1,2}[0-9]{7,8}(?![0-9A-Za-z])")


@dataclass(frozen=True)
class IdNumberInfo:
    """What an ID number itself says about its holder."""

    number: str
    birth_date: date
    gender: Literal["male", "female"]
    region_code: str


def normalize_id_number(raw: str) -> str:
    """Remove whitespace, turn full-width digits/Ｘ into ASCII and a lower-case x into X; no validation."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID number."""
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError(f"need exactly 17 ASCII digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def convert_15_to_18(raw: str) -> str:
    """Convert a legacy 15-digit number (YYMMDD birth date, no check character) to 18 characters.

    The legacy numbers were issued to people born in the 1900s, hence the inserted "19".
    """
    number = normalize_id_number(raw)
    if not _ID15.fullmatch(number):
        raise ValidationError("id_number", "15位身份证号码应全部为数字")
    first17 = number[:6] + "19" + number[6:]
    return first17 + id_check_char(first17)


def validate_id_number(raw: str, *, today: date | None = None) -> IdNumberInfo:
    """Check an ID number (18 characters, or a 15-digit legacy number converted to 18) and decode it.

    The address code is where the number was issued, not the birthplace, so a code that did not exist
    in the birth year is fine; only its first digit (1-8, with 81/82/83 for HK/Macau/Taiwan permits) is checked.
    """
    number = normalize_id_number(raw)
    if not number:
        raise ValidationError("id_number", "请填写身份证号码")
    if _ID15.fullmatch(number):
        number = convert_15_to_18(number)
    if len(number) != 18:
        raise ValidationError("id_number", "身份证号码应为18位")
    if not _ID18.fullmatch(number):
        raise ValidationError("id_number", "身份证号码只能由数字和末位的X组成")
    # A mistyped digit almost always breaks the check first; saying so is more useful than a date error.
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError("id_number", "身份证号码校验位不正确，请核对")
    if number[0] not in "12345678":
        raise ValidationError("id_number", "身份证号码地址码无效")
    birth_date = _birth_date(number[6:14])
    today = today or datetime.now(LOCAL_TZ).date()
    if birth_date > today:
        raise ValidationError("id_number", "出生日期不能晚于今天")
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    if age > MAX_AGE_YEARS:
        raise ValidationError("id_number", f"年龄超过{MAX_AGE_YEARS}岁，请核对出生日期")
    gender: Literal["male", "female"] = "male" if int(number[16]) % 2 else "female"
    return IdNumberInfo(number=number, birth_date=birth_date, gender=gender, region_code=number[:6])


def is_valid_id_number(raw: str, *, today: date | None = None) -> bool:
    try:
        validate_id_number(raw, today=today)
    except ValidationError:
        return False
    return True


def _birth_date(yyyymmdd: str) -> date:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        raise ValidationError("id_number", "身份证号码中的出生日期无效") from None


def mask_id_number(number: str) -> str:
    """Mask an ID or other document number (see the module docstring for the rule)."""
    text = normalize_id_number(number)
    if len(text) == 18:
        return text[:6] + "*" * 8 + text[-4:]
    return _keep_ends(text)


def _keep_ends(text: str) -> str:
    """Show only the first 2 and last 2 characters; anything of 4 characters or fewer is masked whole."""
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]


def normalize_phone(raw: str) -> str:
    """The canonical form of a phone number if it is one (`13812345678`, `0759-2123456[-801]`).

    Otherwise the input is returned only cleaned up (full-width → ASCII, no spaces), never rejected:
    use `validate_phone` to reject.
    """
    cleaned = _clean_phone(raw)
    return _canonical_phone(cleaned) or cleaned


def validate_phone(raw: str) -> str:
    """Return the canonical form of a mainland mobile or landline number, or raise ValidationError."""
    cleaned = _clean_phone(raw)
    if not cleaned:
        raise ValidationError("phone", "请填写电话号码")
    canonical = _canonical_phone(cleaned)
    if canonical is None:
        raise ValidationError("phone", _PHONE_MESSAGE)
    return canonical


def is_mobile(phone: str) -> bool:
    return _MOBILE.fullmatch(normalize_phone(phone)) is not None


def mask_phone(phone: str) -> str:
    """Mask a phone number (see the module docstring); an unrecognised one keeps its first 2 and last 2."""
    text = normalize_phone(phone)
    if _MOBILE.fullmatch(text):
        return text[:3] + "****" + text[-4:]
    landline = _LANDLINE.fullmatch(text)
    if landline:
        local = landline["local"]
        masked = f"{landline['area']}-{'*' * (len(local) - 4)}{local[-4:]}"
        return masked + (f"-{landline['ext']}" if landline["ext"] else "")
    abroad = _ABROAD.fullmatch(text)
    if abroad:
        local = abroad["local"]
        return f"+{abroad['cc']}-{'*' * (len(local) - 4)}{local[-4:]}"
    return _keep_ends(text)


def _clean_phone(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    text = "".join(text.split()).replace("转", "-")
    # "(0759)2123456" is the same as "0759-2123456".
    parens = re.fullmatch(r"\((0[0-9]{2,3})\)-?(.*)", text)
    return f"{parens[1]}-{parens[2]}" if parens else text


def _canonical_phone(cleaned: str) -> str | None:
    digits_only = cleaned.replace("-", "")
    mobile = re.fullmatch(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})", digits_only)
    if mobile:
        return mobile[1]
    landline = _LANDLINE.fullmatch(cleaned)
    if landline:
        ext = f"-{landline['ext']}" if landline["ext"] else ""
        return f"{landline['area']}-{landline['local']}{ext}"
    abroad = _ABROAD.fullmatch(cleaned)
    if abroad:
        return f"+{abroad['cc']}-{abroad['local']}"
    return None


def _mask_digit_run(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = re.sub(r"[ -]", "", run)
    country = ""
    if digits.startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        country, digits = digits[: digits.index("86") + 2], digits[digits.index("86") + 2 :]
    if len(digits) in (15, 18) and digits[:-1].isdigit():
        return mask_id_number(digits.upper())
    if _MOBILE.fullmatch(digits):
        return country + mask_phone(digits)
    if digits.startswith("0") and 10 <= len(digits) <= 12:  # a landline with its area code
        return digits[:4] + "-" + "*" * (len(digits) - 8) + digits[-4:]
    return run  # receipt serials, dates, amounts: not personal


def mask_text_for_log(text: str) -> str:
    """Mask ID numbers (18/15 characters, also typed in groups or full-width), mobiles, landlines with area code,
    and passport/permit numbers in free text: the one gate personal data passes before a log line or an audit
    detail is written."""
    text = text.translate(_FULL_WIDTH_ALNUM)  # what an input method may produce; Chinese punctuation is kept
    text = _LOG_DIGITS.sub(_mask_digit_run, text)
    return _LOG_DOCUMENT.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 3) + m.group(0)[-2:], text)
