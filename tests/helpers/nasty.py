"""Nasty text for fuzzing the services: what the rules' fuzz feeds (tests/desktop/domain/test_unsavable_text.py)
plus lone surrogates, whitespace-only text, full-width digits, zero-width and right-to-left marks, combining marks,
and the shapes of real values (phone numbers, ID numbers) written the odd ways people and input methods write them.

Fresh valid ID numbers and phones come from counters (`fresh_id`, `fresh_mobile`), not from hypothesis: a number is
one person, so every example needs numbers no earlier example used.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import strategies as st

from desktop.domain.identity import id_check_char
from tests.desktop.domain.test_unsavable_text import NASTY

SQL = "'\";--/*%_\\"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f"
MARKS = "\u0301\u0308\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\ufeff"  # combining, zero-width, RTL
SCRIPTS = "陈志明張偉مرحباעבריתΕλλάδαКириллица😀👨‍👩‍👧ＡＢＣ"
SPACES = " \t\n\r\u3000\xa0\u2003\u2028"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
LONE_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
CJK = re.compile(r"[\u4e00-\u9fff]")

nasty_text = st.one_of(
    NASTY,
    st.text(alphabet=SQL + CONTROLS + MARKS + SCRIPTS + SPACES + FULL_WIDTH_DIGITS + "aZ9", max_size=60),
    st.text(alphabet=SPACES, min_size=1, max_size=12),  # whitespace only
    st.text(alphabet=FULL_WIDTH_DIGITS, min_size=1, max_size=20),
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=8), LONE_SURROGATES, st.text(max_size=8)),
    st.sampled_from(["' OR '1'='1", "%", "_", "\\", "'; DELETE FROM application; --", "/* */", "a' || 'b"]),
    st.sampled_from(["陈\u200b志明", "\u202e明志陈", "e\u0301", "\u3000\u3000", "李\u0000四", "ア\u3099"]),
)


def choice(*valid: str) -> st.SearchStrategy[str]:
    """A choice field (a code the form picks from a list): a valid code or anything at all."""
    return st.one_of(st.sampled_from(valid), nasty_text)


_ids = itertools.count(1)
_mobiles = itertools.count(1)


def fresh_id(*, born: date = date(1985, 3, 12), region: str = "440803") -> str:
    """A valid 18-character ID number no earlier call returned (birth dates walk back a day per 1000)."""
    n = next(_ids)
    day = born - timedelta(days=n // 1000)
    first17 = f"{region}{day:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def fresh_mobile() -> str:
    return f"139{next(_mobiles):08d}"


def _full_width(digits: str) -> str:
    return digits.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})


def _typed_id(number: str, way: int) -> str:
    return [
        number,
        number.lower(),
        _full_width(number),
        f"{number[:6]} {number[6:14]} {number[14:]}",
        f"  {number}\u3000",
        number[:17],  # one character short
        number[:17] + ("0" if number[17] != "0" else "1"),  # a wrong check character
    ][way]


def typed_id(*, born: date = date(1985, 3, 12)) -> st.SearchStrategy[str]:
    """A fresh valid number as people type it (lower-case x, full width, in groups, padded), a mistyped one,
    or anything."""
    return st.one_of(
        st.builds(lambda way: _typed_id(fresh_id(born=born), way), st.integers(0, 6)), nasty_text
    )


def _typed_phone(mobile: str, way: int) -> str:
    return [
        mobile,
        f"+86 {mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
        _full_width(mobile),
        "0759-2123456",
        "(0759)2123456",
        "0759－2123456转801",
        "+852-91234567",
        "",
    ][way]


def typed_phone() -> st.SearchStrategy[str]:
    """A fresh mobile as typed (+86, dashes, full width), landlines, a Hong Kong number, blank, or anything."""
    return st.one_of(st.builds(lambda way: _typed_phone(fresh_mobile(), way), st.integers(0, 7)), nasty_text)


def text_or(*plain: str) -> st.SearchStrategy[str]:
    """A free-text field: an ordinary value or anything."""
    return st.one_of(st.sampled_from(plain), nasty_text)


def chinese_problem(message: str, typed: str = "") -> str | None:
    """Why `message` is not a clear Chinese message for the user (None when it is): it must hold Chinese, no
    English sentence and no traceback. What the user typed may be quoted in it and is not judged."""
    text = message.replace(typed, "") if typed else message
    if not CJK.search(text):
        return "no Chinese"
    if re.search(r"[A-Za-z]{3,}[ ,.:]+[A-Za-z]{3,}", text):
        return "an English sentence"
    if "Traceback" in text or "Error" in text or "sqlalchemy" in text.lower() or "psycopg" in text.lower():
        return "exception text"
    return None
