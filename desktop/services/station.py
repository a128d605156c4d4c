"""The station this database serves: created once (CLI `station init` or the first-run wizard), edited by admins."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import StaffUser, Station
from desktop.domain.identity import validate_phone
from desktop.domain.text import text_problems
from desktop.errors import ConflictError, NotFound, ValidationError
from desktop.services import audit, auth
from desktop.services.auth import UserInfo
from desktop.services.core import Actor, Core, Permission, authorize
from desktop.services.settings import StationSettings, apply_settings, check_settings

CODE_RE = re.compile(r"^[A-Z0-9]{2,16}$")
DEFAULT_REGION_CODE = "440803"  # 霞山区
DEFAULT_DISTRICT = "湛江市公安局霞山分局"
TEXT_LIMITS = {
    "name": (100, "站点名称"),
    "police_station": (100, "所属派出所"),
    "district": (100, "所属分局"),
    "address": (200, "地址"),
}


@dataclass(frozen=True)
class StationInfo:
    id: int
    code: str
    name: str
    short_name: str
    police_station: str
    district: str
    address: str
    phone: str
    region_code: str
    version: int


@dataclass(frozen=True)
class StationInput:
    """What a person types to create or edit a station (the wizard's first page, `station init`)."""

    code: str
    name: str
    short_name: str = ""
    police_station: str = ""
    district: str = DEFAULT_DISTRICT
    address: str = ""
    phone: str = ""
    region_code: str = DEFAULT_REGION_CODE

    def problems(self) -> list[ValidationError]:
        """Every rule this input breaks, so a form can mark all its fields at once."""
        if unsavable := text_problems(self):
            return unsavable
        found: list[ValidationError] = []
        if not CODE_RE.match(self.code.strip().upper()):
            found.append(ValidationError("code", "站点代码为 2–16 位大写字母或数字，例如 XSLX01"))
        if not self.name.strip():
            found.append(ValidationError("name", "请填写站点名称，例如 录霞社区微派出所"))
        if not re.fullmatch(r"[0-9]{6}", _region_code(self.region_code)):
            found.append(ValidationError("region_code", "行政区划代码为 6 位数字，例如 440803（霞山区）"))
        if self.phone.strip():  # printed on every receipt
            try:
                validate_phone(self.phone)
            except ValidationError as exc:
                found.append(exc)
        if len(self.short_name.strip() or _short_name(self.name.strip())) > 20:
            found.append(ValidationError("short_name", "简称不超过 20 个字"))
        for field, (limit, label) in TEXT_LIMITS.items():  # the columns' widths
            if len(getattr(self, field).strip()) > limit:
                found.append(ValidationError(field, f"{label}不能超过 {limit} 个字"))
        return found

    def cleaned(self) -> StationInput:
        if problems := self.problems():
            raise problems[0]
        name = self.name.strip()
        return StationInput(
            code=self.code.strip().upper(),
            name=name,
            short_name=self.short_name.strip() or _short_name(name),
            police_station=self.police_station.strip(),
            district=self.district.strip() or DEFAULT_DISTRICT,
            address=self.address.strip(),
            phone=validate_phone(self.phone) if self.phone.strip() else "",
            region_code=_region_code(self.region_code),
        )


def _region_code(typed: str) -> str:
    """The code as ASCII digits: full-width digits (an input method's) become ASCII; other scripts' digits stay
    as typed and are refused (the code goes into ID-number checks and exports as six ASCII digits)."""
    return unicodedata.normalize("NFKC", typed).strip()


def _short_name(name: str) -> str:
    """录霞社区微派出所 → 录霞: the short name used in mediation case numbers."""
    for suffix in ("微派出所", "派出所", "社区", "村"):
        name = name.removesuffix(suffix)
    return name or "本站"


def _info(station: Station) -> StationInfo:
    return StationInfo(
        id=station.id,
        code=station.code,
        name=station.name,
        short_name=station.short_name,
        police_station=station.police_station,
        district=station.district,
        address=station.address,
        phone=station.phone,
        region_code=station.region_code,
        version=station.version,
    )


def _check_short_name_free(session: Session, short_name: str, *, except_id: int | None = None) -> None:
    """The short name goes into mediation case numbers, which must never repeat across stations."""
    query = select(Station.code).where(Station.short_name == short_name)
    if except_id is not None:
        query = query.where(Station.id != except_id)
    taken = session.execute(query).scalar()
    if taken is not None:
        raise ValidationError(
            "short_name", f"简称“{short_name}”已被站点 {taken} 使用，请另取简称（用于调解案号）"
        )


def _create(session: Session, core: Core, actor: Actor, data: StationInput) -> Station:
    data = data.cleaned()
    if session.execute(select(Station.id).where(Station.code == data.code)).first():
        raise ConflictError(f"站点代码 {data.code} 已存在")
    _check_short_name_free(session, data.short_name)
    station = Station(
        code=data.code,
        name=data.name,
        short_name=data.short_name,
        police_station=data.police_station,
        district=data.district,
        address=data.address,
        phone=data.phone,
        region_code=data.region_code,
        hmac_secret=secrets.token_hex(32),
        created_at=core.clock(),
    )
    session.add(station)
    session.flush()
    audit.record(
        session, core, actor, "station.init", entity="station", entity_id=station.code, detail=station.name
    )
    return station


def init_station(core: Core, actor: Actor, data: StationInput) -> StationInfo:
    data.cleaned()
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_STATION)
        return _info(_create(session, core, actor, data))


def first_run_setup(
    core: Core, station: StationInput, *, username: str, display_name: str, password: str, police_no: str = ""
) -> tuple[StationInfo, UserInfo]:
    """The wizard's one transaction: the station and its first administrator, only on a database with no users."""
    actor = Actor(username=username.strip() or "-", role="admin", display_name=display_name)
    with core.db.write() as session:
        if session.execute(select(func.count()).select_from(StaffUser)).scalar_one():
            raise ConflictError("该数据库已有用户，请直接登录（初始设置只能在空数据库上进行）。")
        created = _info(_create(session, core, actor, station))
        admin = auth.create_user(
            session,
            core,
            actor,
            username=username,
            role="admin",
            display_name=display_name,
            password=password,
            police_no=police_no,
            must_change_password=False,
        )
        return created, auth.user_info(admin)


def list_stations(core: Core) -> list[StationInfo]:
    with core.db.read() as session:
        return [_info(s) for s in session.execute(select(Station).order_by(Station.code)).scalars()]


def get_station(core: Core, code: str) -> StationInfo:
    with core.db.read() as session:
        station = session.execute(select(Station).where(Station.code == code)).scalar_one_or_none()
        if station is None:
            raise NotFound(f"没有站点 {code}")
        return _info(station)


def _apply_update(
    session: Session, core: Core, actor: Actor, code: str, data: StationInput, version: int
) -> Station:
    cleaned = data.cleaned()
    station = session.execute(select(Station).where(Station.code == code)).scalar_one_or_none()
    if station is None:
        raise NotFound(f"没有站点 {code}")
    if station.version != version:
        raise ConflictError("站点信息已被其他人修改，请刷新后重试。")
    _check_short_name_free(session, cleaned.short_name, except_id=station.id)
    changes = []
    for name in ("name", "short_name", "police_station", "district", "address", "phone", "region_code"):
        new = getattr(cleaned, name)
        if getattr(station, name) != new:
            changes.append(f"{name}={new}")
            setattr(station, name, new)
    if changes:
        audit.record(
            session,
            core,
            actor,
            "station.update",
            entity="station",
            entity_id=code,
            detail="，".join(changes),
        )
    session.flush()
    return station


def update_station(core: Core, actor: Actor, code: str, data: StationInput, *, version: int) -> StationInfo:
    data.cleaned()  # validation errors before touching the database
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_STATION)
        return _info(_apply_update(session, core, actor, code, data, version))


def save_station_and_settings(
    core: Core, actor: Actor, code: str, data: StationInput, *, version: int, settings: Mapping[str, int]
) -> tuple[StationInfo, StationSettings]:
    """The 站点设置 dialog's one save: station details and station-wide settings together, or neither."""
    data.cleaned()
    check_settings(settings)
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_STATION)
        station = _apply_update(session, core, actor, code, data, version)
        return _info(station), apply_settings(session, core, actor, settings)
