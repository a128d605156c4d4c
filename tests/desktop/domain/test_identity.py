"""ID numbers, phones and masking: what the intake forms, receipts and log filter rely on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.identity import (
    convert_15_to_18,
    id_check_char,
    is_valid_id_number,
    mask_id_number,
    mask_phone,
    mask_text_for_log,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from desktop.errors import ValidationError

TODAY = date(2026, 11, 28)
ZHANJIANG_CODES = ["440800", "440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882"]
# The example of GB 11643-1999 itself: 北京朝阳区, born 1949-12-31, female, check character X.
STANDARD_EXAMPLE = "11010519491231002X"
# Born 1960 with Xiashan's code: the code is where the number was issued, never checked against the birth year.
XIASHAN_1960 = "440803196001010019"


@st.composite
def valid_id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(ZHANJIANG_CODES))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


@settings(database=None)
@given(valid_id_numbers())
def test_generated_valid_numbers_are_accepted_and_decoded(number: str) -> None:
    info = validate_id_number(number, today=TODAY)
    assert info.number == number
    assert info.region_code == number[:6]
    assert info.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert info.gender == ("male" if int(number[16]) % 2 else "female")


@settings(database=None)
@given(valid_id_numbers(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_every_single_character_change_is_rejected(number: str, position: int, shift: int) -> None:
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    if replacement == number[position]:
        return  # shift == len(alphabet) on a digit position: no change
    mutated = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_id_number(mutated, today=TODAY)


def test_check_character_known_values() -> None:
    assert id_check_char(STANDARD_EXAMPLE[:17]) == "X"
    # 4*7 + 4*9 + 0*10 + 8*5 + 0*8 + 3*4 + 1*2 + 9*1 + 6*6 + 0*3 + 0*7 + 1*9 + 0*10 + 1*5 + 0*8 + 0*4 + 1*2
    # = 179; 179 mod 11 = 3; "10X98765432"[3] = "9".
    assert id_check_char(XIASHAN_1960[:17]) == "9"
    with pytest.raises(ValueError, match="17"):
        id_check_char("1234")


def test_standard_example_is_valid_and_female() -> None:
    info = validate_id_number(STANDARD_EXAMPLE, today=TODAY)
    assert (info.birth_date, info.gender, info.region_code) == (date(1949, 12, 31), "female", "110105")


def test_address_code_is_not_checked_against_birth_year() -> None:
    info = validate_id_number(XIASHAN_1960, today=TODAY)
    assert (info.region_code, info.birth_date, info.gender) == ("440803", date(1960, 1, 1), "male")


def test_hk_macau_taiwan_residence_permit_codes_are_valid() -> None:
    for region in ("810000", "820000", "830000"):
        first17 = f"{region}19900101001"
        assert is_valid_id_number(first17 + id_check_char(first17), today=TODAY)


def test_address_code_must_start_with_1_to_8() -> None:
    for region in ("040803", "940803"):
        first17 = f"{region}19900101001"
        with pytest.raises(ValidationError, match="地址码") as caught:
            validate_id_number(first17 + id_check_char(first17), today=TODAY)
        assert caught.value.field == "id_number"


def test_lower_case_x_full_width_and_spaces_are_normalised() -> None:
    assert normalize_id_number(" 110105 19491231 002x ") == STANDARD_EXAMPLE
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == STANDARD_EXAMPLE
    assert validate_id_number("11010519491231002x", today=TODAY).number == STANDARD_EXAMPLE


def test_fifteen_digit_numbers_convert_to_eighteen() -> None:
    assert convert_15_to_18("110105491231002") == STANDARD_EXAMPLE
    assert validate_id_number("110105491231002", today=TODAY).number == STANDARD_EXAMPLE
    with pytest.raises(ValidationError):
        convert_15_to_18("11010549123100X")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请填写"),
        ("4408031960010100", "应为18位"),
        ("44080319600101001A", "数字"),
        ("440803196001010018", "校验位"),
        ("440803199002300011", "出生日期"),  # 30 February, with its correct check character
    ],
)
def test_invalid_numbers_name_the_reason(raw: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        validate_id_number(raw, today=TODAY)
    assert caught.value.field == "id_number"


def test_birth_date_in_the_future_or_age_over_130_is_rejected() -> None:
    tomorrow = f"440803{TODAY + timedelta(days=1):%Y%m%d}001"
    with pytest.raises(ValidationError, match="不能晚于今天"):
        validate_id_number(tomorrow + id_check_char(tomorrow), today=TODAY)
    born_today = f"440803{TODAY:%Y%m%d}001"
    assert is_valid_id_number(born_today + id_check_char(born_today), today=TODAY)
    too_old = f"440803{TODAY.year - 131}{TODAY:%m%d}001"
    with pytest.raises(ValidationError, match="130"):
        validate_id_number(too_old + id_check_char(too_old), today=TODAY)
    exactly_130 = f"440803{TODAY.year - 130}{TODAY:%m%d}001"
    assert is_valid_id_number(exactly_130 + id_check_char(exactly_130), today=TODAY)


def test_id_masking_is_exact() -> None:
    assert mask_id_number("440803198001011234") == "440803********1234"
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_id_number("110105491231002") == "11***********02"
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_id_number("AB12") == "****"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0759-2123456", "0759-2123456"),
        ("0759 2123456", "0759-2123456"),
        ("07592123456", "0759-2123456"),
        ("(0759)2123456", "0759-2123456"),
        ("0759-21234567", "0759-21234567"),
        ("0759-2123456-801", "0759-2123456-801"),
        ("0759-2123456转801", "0759-2123456-801"),
        ("010-87654321", "010-87654321"),
        ("02087654321", "020-87654321"),
    ],
)
def test_valid_phones_are_normalised(raw: str, canonical: str) -> None:
    assert validate_phone(raw) == canonical
    assert normalize_phone(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    ["", "1381234567", "12812345678", "138123456789", "0759-1123456", "0759-212345", "759-2123456", "abc"],
)
def test_invalid_phones_are_rejected(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_phone(raw)
    assert caught.value.field == "phone"


def test_normalize_phone_never_rejects() -> None:
    assert normalize_phone(" 12 345 ") == "12345"


def test_phone_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("0759-2123456") == "0759-***3456"
    assert mask_phone("0759-2123456-801") == "0759-***3456-801"
    assert mask_phone("12345") == "12*45"


def test_log_text_masks_ids_and_mobiles_but_not_other_numbers() -> None:
    text = (
        "受理 440803198001011234 电话13812345678，旧证110105491231002；"
        "尾号x 11010519491231002x；+8613812345678；008613812345678；单号 2026112800012345678；时间 20261128"
    )
    # 008613812345678 has 15 digits: masked as a legacy ID number, which hides the mobile just as well.
    assert mask_text_for_log(text) == (
        "受理 440803********1234 电话138****5678，旧证11***********02；"
        "尾号x 110105********002X；+86138****5678；00***********78；单号 2026112800012345678；时间 20261128"
    )


@settings(database=None)
@given(valid_id_numbers())
def test_log_text_never_contains_a_whole_id_number(number: str) -> None:
    assert number not in mask_text_for_log(f"证件号{number}办理")


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("电话 138 1234 5678", "1381234"),
        ("电话 138-1234-5678", "1234-5678"),
        ("电话 １３８１２３４５６７８", "１２３４"),
        ("身份证 4408 0319 6001 0100 19", "6001 0100"),
        ("座机 0759-2212110", "2212110"),
        ("护照 E12345678", "E12345678"),
    ],
)
def test_log_masking_catches_numbers_as_people_type_them(text: str, hidden: str) -> None:
    masked = mask_text_for_log(text)
    assert hidden not in masked
    assert "*" in masked


def test_log_masking_keeps_chinese_punctuation_and_receipt_numbers() -> None:
    text = "回执 XSLX01-20261127-0001，金额 12000。"
    assert mask_text_for_log(text) == text


@pytest.mark.parametrize(
    ("raw", "canonical", "masked"),
    [
        ("+852 91234567", "+852-91234567", "+852-****4567"),
        ("00853-66123456", "+853-66123456", "+853-****3456"),
        ("+886 912345678", "+886-912345678", "+886-*****5678"),
    ],
)
def test_hong_kong_macau_and_taiwan_numbers_are_phones_too(raw: str, canonical: str, masked: str) -> None:
    assert validate_phone(raw) == canonical
    assert mask_phone(canonical) == masked
