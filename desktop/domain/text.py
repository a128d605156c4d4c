"""Text a form may not save: control characters (NUL and the other C0 codes, DEL), lone surrogates and the
non-characters U+FFFE/U+FFFF. PostgreSQL refuses NUL in text outright, SQLite would store what no printer or
search can use, and a surrogate cannot even be encoded. Line breaks and tabs are ordinary text.

`text_problems(form)` walks a form's dataclass — nested people, tuples of parties or materials — and names each
offending field the way the services do (`applicant.name`, `parties.1.address`).
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

from desktop.errors import ValidationError

UNSAVABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
MESSAGE = "含有无法保存的控制字符（可能是从其他软件粘贴带入的），请删除后重新输入"


def text_problems(form: object, prefix: str = "") -> list[ValidationError]:
    """One ValidationError per text field of `form` (a dataclass) holding an unsavable character."""
    found: list[ValidationError] = []
    if not is_dataclass(form) or isinstance(form, type):
        return found
    for item in fields(form):
        _check(getattr(form, item.name), f"{prefix}{item.name}", found)
    return found


def _check(value: object, path: str, found: list[ValidationError]) -> None:
    if isinstance(value, str):
        if UNSAVABLE.search(value):
            found.append(ValidationError(path, MESSAGE))
    elif is_dataclass(value) and not isinstance(value, type):
        found.extend(text_problems(value, f"{path}."))
    elif isinstance(value, tuple | list | frozenset | set):
        for index, element in enumerate(value if isinstance(value, tuple | list) else sorted(value, key=str)):
            _check(element, f"{path}.{index}", found)


def ensure_savable(field: str, text: str) -> None:
    """Raise the ValidationError of one free-text value (a reason, a note, a name) that cannot be saved."""
    if UNSAVABLE.search(text):
        raise ValidationError(field, MESSAGE)
