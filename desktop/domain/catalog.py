"""The business catalog: walk-in business types, certificate kinds, exit-entry fees, mediation lists.

Everything that changes with policy lives in `resources/catalog/*.toml`; this module only reads it and refuses
data it does not understand (unknown or missing keys, negative fees, duplicate codes, bad dates…) with a
`CatalogError` that names the file and the entry, so a typo made by an administrator stops the program at start
instead of printing a wrong fee on a receipt.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from desktop.errors import ValidationError

TimeLimitKind = Literal["on_the_spot", "working_days", "calendar_days"]
MaterialForm = Literal["original", "copy"]
FeeKind = Literal["document", "amendment", "endorsement"]
CATEGORIES = ("户政", "证件", "证明")
_T = TypeVar("_T")


class CatalogError(ValueError):
    """The catalog data is unusable; the message names the file and the entry."""


@dataclass(frozen=True)
class TimeLimit:
    kind: TimeLimitKind
    days: int
    legal: str  # the legal or promised limit, as printed on the receipt
    unverified: bool = False


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    form: MaterialForm
    count: int
    required: bool
    note: str = ""
    applies_to: tuple[str, ...] = ()  # exit-entry application types; empty = every type


@dataclass(frozen=True)
class Business:
    code: str
    name: str
    initials: str
    category: str
    materials: tuple[Material, ...]
    fee_fen: int
    fee_basis: str
    time_limit: TimeLimit
    source: str
    effective: date
    unverified: bool
    notes: str = ""


@dataclass(frozen=True)
class Choice:
    """One entry of a closed list offered by a form (consultation topics, mediation categories…)."""

    code: str
    name: str


@dataclass(frozen=True)
class CertificateKind:
    code: str
    name: str
    needs_validity: bool = False
    needs_purpose: bool = False


@dataclass(frozen=True)
class FeeItem:
    code: str
    name: str
    kind: FeeKind
    document_type: str
    application_types: tuple[str, ...]
    tier: str
    per_item: bool
    fee_fen: int
    basis: str
    effective: date


@dataclass(frozen=True)
class EndorsementType:
    document_type: str
    code: str
    name: str


@dataclass(frozen=True)
class ExitEntryCatalog:
    document_types: tuple[Choice, ...]
    application_types: tuple[Choice, ...]
    fees: tuple[FeeItem, ...]
    endorsement_types: tuple[EndorsementType, ...]
    local_time_limit: TimeLimit
    elsewhere_time_limit: TimeLimit
    materials: tuple[Material, ...]

    def fee(self, code: str) -> FeeItem:
        return _find(self.fees, lambda f: f.code == code, "fee", f"未知的收费项目：{code}")

    def document_fee(self, document_type: str, application_type: str) -> FeeItem | None:
        """The document fee charged for this application, or None (amendment or endorsement only)."""
        matches = (f for f in self.fees if f.kind == "document" and f.document_type == document_type)
        return next((f for f in matches if application_type in f.application_types), None)

    def amendment_fee_fen(self, document_type: str, items: int) -> int:
        if items < 0:
            raise ValidationError("amend_items", "加注项目数不能为负数")
        fees = [f for f in self.fees if f.kind == "amendment" and f.document_type == document_type]
        if not fees:
            raise ValidationError("document_type", "该证件不办理加注")
        return fees[0].fee_fen * items if fees[0].per_item else fees[0].fee_fen

    def endorsement_tiers(self, document_type: str) -> tuple[FeeItem, ...]:
        return tuple(f for f in self.fees if f.kind == "endorsement" and f.document_type == document_type)

    def endorsement_fee(self, document_type: str, tier: str) -> FeeItem:
        return _find(
            self.endorsement_tiers(document_type), lambda f: f.tier == tier, "tier", f"未知的签注档次：{tier}"
        )

    def endorsement_types_for(self, document_type: str) -> tuple[EndorsementType, ...]:
        return tuple(t for t in self.endorsement_types if t.document_type == document_type)

    def materials_for(self, application_type: str) -> tuple[Material, ...]:
        return tuple(m for m in self.materials if not m.applies_to or application_type in m.applies_to)

    def time_limit(self, *, local_household: bool) -> TimeLimit:
        return self.local_time_limit if local_household else self.elsewhere_time_limit


@dataclass(frozen=True)
class Catalog:
    businesses: tuple[Business, ...]
    certificate_kinds: tuple[CertificateKind, ...]
    consultation_topics: tuple[Choice, ...]
    mediation_categories: tuple[Choice, ...]
    mediation_sources: tuple[Choice, ...]
    exit_entry: ExitEntryCatalog

    def walkin(self, code: str) -> Business:
        return _find(self.businesses, lambda b: b.code == code, "business_code", f"未知的业务类型：{code}")

    def walkin_businesses(self) -> tuple[Business, ...]:
        return self.businesses

    def certificate_kind(self, code: str) -> CertificateKind:
        return _find(
            self.certificate_kinds, lambda k: k.code == code, "certificate_kind", f"未知的证明种类：{code}"
        )

    def search(self, text: str) -> list[Business]:
        """Walk-in businesses whose Chinese name, pinyin initials or code contain `text`; prefix matches first."""
        query = "".join(unicodedata.normalize("NFKC", text).split()).lower()
        if not query:
            return list(self.businesses)
        starts, contains = [], []
        for business in self.businesses:
            keys = (business.name.lower(), business.initials, business.code)
            if any(key.startswith(query) for key in keys):
                starts.append(business)
            elif any(query in key for key in keys):
                contains.append(business)
        return starts + contains


def _find(items: Iterable[_T], match: Callable[[_T], bool], field: str, message: str) -> _T:
    for item in items:
        if match(item):
            return item
    raise ValidationError(field, message)


@functools.cache
def default_catalog() -> Catalog:
    """The catalog as shipped (resources/catalog), read and validated once per process: every service and form
    shares this one instead of caching its own."""
    return load_catalog()


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read and validate `walkin.toml`, `mediation.toml` and `exit_entry.toml` from `directory`."""
    if directory is None:
        from desktop.paths import resource_dir  # lazily: the domain rules need no path set-up of their own

        directory = resource_dir() / "catalog"
    walkin = _Reader(directory / "walkin.toml", {"business", "certificate_kind", "consultation_topic"})
    mediation = _Reader(directory / "mediation.toml", {"category", "source"})
    exit_entry = _Reader(
        directory / "exit_entry.toml",
        {"document_type", "application_type", "fee", "endorsement_type", "time_limit", "material"},
    )
    businesses = tuple(_business(e) for e in walkin.entries("business"))
    _check_unique(walkin.name, "[[business]]", (b.code for b in businesses))
    kinds = tuple(_certificate_kind(e) for e in walkin.entries("certificate_kind"))
    _check_unique(walkin.name, "[[certificate_kind]]", (k.code for k in kinds))
    return Catalog(
        businesses=businesses,
        certificate_kinds=kinds,
        consultation_topics=_choices(walkin, "consultation_topic"),
        mediation_categories=_choices(mediation, "category"),
        mediation_sources=_choices(mediation, "source"),
        exit_entry=_read_exit_entry(exit_entry),
    )


class _Reader:
    """One TOML file being validated; every error it raises names the file."""

    def __init__(self, path: Path, sections: set[str]) -> None:
        self.name = path.name
        try:
            with path.open("rb") as file:
                self.data = tomllib.load(file)
        except OSError as exc:
            raise CatalogError(f"{path}: 无法读取目录文件（{exc.strerror}）") from exc
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"{self.name}: TOML 格式错误：{exc}") from exc
        if unknown := set(self.data) - sections:
            raise CatalogError(f"{self.name}: 未知的部分 {sorted(unknown)}")
        if missing := sections - set(self.data):
            raise CatalogError(f"{self.name}: 缺少部分 {sorted(missing)}")

    def entries(self, section: str) -> list[_Entry]:
        items = self.data[section]
        if not isinstance(items, list):
            raise CatalogError(f"{self.name}: {section} 应写成 [[{section}]] 表数组")
        return [_Entry(self.name, f"[[{section}]] 第{i}项", item) for i, item in enumerate(items, 1)]

    def table(self, section: str) -> _Entry:
        return _Entry(self.name, f"[{section}]", self.data[section])


class _Entry:
    """One table of a catalog file, read key by key with type checks."""

    def __init__(self, file: str, where: str, raw: object) -> None:
        if not isinstance(raw, dict):
            raise CatalogError(f"{file}: {where}: 应为表（table）")
        self.file, self.raw = file, cast(dict[str, Any], raw)
        code = self.raw.get("code")
        self.where = f"{where}（code = {code}）" if isinstance(code, str) else where

    def error(self, message: str) -> CatalogError:
        return CatalogError(f"{self.file}: {self.where}: {message}")

    def keys(self, required: set[str], optional: Iterable[str] = ()) -> _Entry:
        if unknown := set(self.raw) - required - set(optional):
            raise self.error(f"未知字段 {sorted(unknown)}")
        if missing := required - set(self.raw):
            raise self.error(f"缺少字段 {sorted(missing)}")
        return self

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.error(f"{key} 应为非空文本")
        return value

    def integer(self, key: str, minimum: int = 0) -> int:
        value: object = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(f"{key} 应为不小于 {minimum} 的整数，现为 {value!r}")
        return value

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise self.error(f"{key} 应为 true 或 false")
        return value

    def day(self, key: str) -> date:
        value: object = self.raw[key]
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise self.error(f"{key} 不是有效日期：{value!r}") from None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.error(f"{key} 应为日期（如 2019-07-01）")
        return value

    def one_of(self, key: str, allowed: Iterable[str], default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if value not in set(allowed):
            raise self.error(f"{key} 应为 {sorted(allowed)} 之一，现为 {value!r}")
        return cast(str, value)

    def codes(self, key: str, allowed: set[str]) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or any(item not in allowed for item in value):
            raise self.error(f"{key} 应为 {sorted(allowed)} 中代码的列表，现为 {value!r}")
        return tuple(value)

    def child(self, key: str) -> _Entry:
        return _Entry(self.file, f"{self.where}.{key}", self.raw[key])

    def children(self, key: str) -> list[_Entry]:
        items = self.raw[key]
        if not isinstance(items, list):
            raise self.error(f"{key} 应为列表")
        return [_Entry(self.file, f"{self.where}.{key} 第{i}项", item) for i, item in enumerate(items, 1)]


_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_INITIALS = re.compile(r"[a-z]+")


def _check_unique(file: str, section: str, keys: Iterable[Hashable]) -> None:
    seen: set[Hashable] = set()
    for key in keys:
        if key in seen:
            raise CatalogError(f"{file}: {section}：重复的代码 {key}")
        seen.add(key)


def _code(entry: _Entry) -> str:
    code = entry.text("code")
    if not _CODE.fullmatch(code):
        raise entry.error(f"code 只能由英文字母、数字和下划线组成：{code!r}")
    return code


def _choices(reader: _Reader, section: str) -> tuple[Choice, ...]:
    items = tuple(Choice(_code(e.keys({"code", "name"})), e.text("name")) for e in reader.entries(section))
    _check_unique(reader.name, f"[[{section}]]", (item.code for item in items))
    return items


def _time_limit(entry: _Entry) -> TimeLimit:
    entry.keys({"kind", "days", "legal"}, {"unverified"})
    kind = cast(TimeLimitKind, entry.one_of("kind", ("on_the_spot", "working_days", "calendar_days")))
    days = entry.integer("days")
    if (kind == "on_the_spot") != (days == 0):
        raise entry.error("当场办结的 days 应为 0，其他时限的 days 应至少为 1")
    return TimeLimit(kind, days, entry.text("legal"), entry.flag("unverified"))


def _material(entry: _Entry, application_types: set[str] | None = None) -> Material:
    optional = {"note", "applies_to"} if application_types is not None else {"note"}
    entry.keys({"code", "name", "form", "count", "required"}, optional)
    return Material(
        code=_code(entry),
        name=entry.text("name"),
        form=cast(MaterialForm, entry.one_of("form", ("original", "copy"))),
        count=entry.integer("count", minimum=1),
        required=entry.flag("required"),
        note=entry.text("note", default=""),
        applies_to=entry.codes("applies_to", application_types or set()),
    )


def _initials(name: str) -> str:
    """Pinyin initials of a name; pypinyin is imported only when a catalog entry leaves them out."""
    from pypinyin import Style, lazy_pinyin  # lazily: its dictionaries take a noticeable time to load

    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
    return "".join(ch for ch in letters if "a" <= ch <= "z")


def _business(entry: _Entry) -> Business:
    required = {"code", "name", "category", "fee_fen", "fee_basis", "time_limit", "materials", "source"}
    entry.keys(required | {"effective"}, {"initials", "notes", "unverified"})
    name = entry.text("name")
    initials = entry.text("initials") if "initials" in entry.raw else _initials(name)
    if not _INITIALS.fullmatch(initials):
        raise entry.error(f"initials 应为小写拼音首字母：{initials!r}")
    materials = tuple(_material(m) for m in entry.children("materials"))
    _check_unique(entry.file, f"{entry.where}.materials", (m.code for m in materials))
    return Business(
        code=_code(entry),
        name=name,
        initials=initials,
        category=entry.one_of("category", CATEGORIES),
        materials=materials,
        fee_fen=entry.integer("fee_fen"),
        fee_basis=entry.text("fee_basis"),
        time_limit=_time_limit(entry.child("time_limit")),
        source=entry.text("source"),
        effective=entry.day("effective"),
        unverified=entry.flag("unverified"),
        notes=entry.text("notes", default=""),
    )


def _certificate_kind(entry: _Entry) -> CertificateKind:
    entry.keys({"code", "name"}, {"needs_validity", "needs_purpose"})
    return CertificateKind(
        _code(entry), entry.text("name"), entry.flag("needs_validity"), entry.flag("needs_purpose")
    )


def _fee(entry: _Entry, document_types: set[str], application_types: set[str]) -> FeeItem:
    required = {"code", "name", "kind", "document_type", "fee_fen", "basis", "effective"}
    entry.keys(required, {"tier", "application_types", "per_item"})
    kind = cast(FeeKind, entry.one_of("kind", ("document", "amendment", "endorsement")))
    # An endorsement fee is chosen by its tier; document and amendment fees by the application type.
    endorsement = kind == "endorsement"
    if endorsement != ("tier" in entry.raw) or endorsement == ("application_types" in entry.raw):
        raise entry.error(
            "签注收费须有 tier、不写 application_types；证件和加注收费须有 application_types、不写 tier"
        )
    return FeeItem(
        code=_code(entry),
        name=entry.text("name"),
        kind=kind,
        document_type=entry.one_of("document_type", document_types),
        application_types=entry.codes("application_types", application_types),
        tier=entry.text("tier") if endorsement else "",
        per_item=entry.flag("per_item"),
        fee_fen=entry.integer("fee_fen"),
        basis=entry.text("basis"),
        effective=entry.day("effective"),
    )


def _read_exit_entry(reader: _Reader) -> ExitEntryCatalog:
    document_types = _choices(reader, "document_type")
    application_types = _choices(reader, "application_type")
    documents = {c.code for c in document_types}
    applications = {c.code for c in application_types}
    fees = tuple(_fee(e, documents, applications) for e in reader.entries("fee"))
    _check_unique(reader.name, "[[fee]] code", (f.code for f in fees))
    # Two fees for the same choice would make the printed fee depend on the order of the file.
    _check_unique(reader.name, "[[fee]] tier", ((f.document_type, f.tier) for f in fees if f.tier))
    charged = ((f.kind, f.document_type, a) for f in fees for a in f.application_types)
    _check_unique(reader.name, "[[fee]] application_types", charged)
    endorsement_types = []
    for entry in reader.entries("endorsement_type"):
        entry.keys({"document_type", "code", "name"})
        document_type = entry.one_of("document_type", documents)
        endorsement_types.append(EndorsementType(document_type, _code(entry), entry.text("name")))
    _check_unique(reader.name, "[[endorsement_type]]", ((t.document_type, t.code) for t in endorsement_types))
    limits = reader.table("time_limit").keys({"local", "elsewhere"})
    materials = tuple(_material(e, applications) for e in reader.entries("material"))
    _check_unique(reader.name, "[[material]]", (m.code for m in materials))
    return ExitEntryCatalog(
        document_types=document_types,
        application_types=application_types,
        fees=fees,
        endorsement_types=tuple(endorsement_types),
        local_time_limit=_time_limit(limits.child("local")),
        elsewhere_time_limit=_time_limit(limits.child("elsewhere")),
        materials=materials,
    )
