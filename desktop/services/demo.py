"""Realistic synthetic data for demonstrations, UI work and the 1,000,000-application benchmarks.

`fill_demo_data(core, applications=N, seed=S)` adds, in ONE transaction:
- micro-stations (XS001…XS069 named after 霞山区 communities; 69 from 10,000 applications up, a handful below;
  stations already in the database are used too), with two desk users and one officer each;
- about 0.7 persons per application (people come back), with valid GB 11643 ID numbers;
- N applications over the past 365 days (walk-in ~85 %, exit-entry ~15 % with detail and endorsement rows),
  2–4 materials each, gap-free receipt numbers per station and day, and the `counter` rows set to the last
  number used, so that real intake continues after the demo numbers;
- a few mediation cases per station with parties, sessions and follow-ups (case-number counters set likewise);
- ONE audit event (`demo.fill`) for the whole fill, appended to the hash chain.

Everything is drawn from `random.Random(seed)` and the clock: the same seed on the same (empty) database and the
same clock gives the same data. Not deterministic on purpose: the station HMAC secrets (`secrets`, a predictable
secret would let anyone forge receipt QR codes) and the staff password hash (argon2 salts).

Demo users get one random password nobody knows (hashed once, the hash is shared) and must change it: an
administrator resets the password of the one they want to use (`users reset-password`).

A second run with the SAME seed is refused (ConflictError): it would repeat the same request ids. A run with
another seed adds more data: persons get new ID numbers, receipt and case numbers continue after the counters.

Rows go in through SQLAlchemy Core executemany in chunks (no ORM objects). Person, application and mediation case
ids are assigned here (max(id) + 1 …) so that child rows can point at them without a RETURNING round trip; on
PostgreSQL the id sequences are moved past them at the end. Run it while nobody else writes to the database.
"""

from __future__ import annotations

import bisect
import functools
import random
import secrets
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from itertools import accumulate
from operator import itemgetter
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import JSON, Boolean, Date, Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.clock import LOCAL_TZ
from desktop.db.base import UTCDateTime
from desktop.db.models import (
    Application,
    ApplicationMaterial,
    AuditEvent,
    Counter,
    Endorsement,
    ExitEntryDetail,
    MediationCase,
    MediationFollowup,
    MediationParty,
    MediationSession,
    Person,
    StaffUser,
    Station,
)
from desktop.domain import names
from desktop.domain.identity import id_check_char
from desktop.domain.workdays import WorkCalendar, load_work_calendar
from desktop.errors import ConflictError, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, command_line_actor
from desktop.services.station import DEFAULT_DISTRICT

MAX_APPLICATIONS = 5_000_000
FULL_DISTRICT_FROM = 10_000  # from this many applications on, all 69 micro-stations take part
CHUNK = 5_000  # applications per executemany batch (materials etc. follow in the same flush)
DAYS = 365
PERSONS_PER_APPLICATION = 0.7
OPEN_SECONDS = 9 * 3600  # 08:30–17:30 local
OPENING = dtime(8, 30)
AUDIT_ACTION = "demo.fill"


@dataclass(frozen=True)
class DemoReport:
    seed: int
    stations: int
    stations_created: int
    users_created: int
    persons: int
    applications: int
    exit_entry: int
    materials: int
    endorsements: int
    mediation_cases: int
    first_day: date
    last_day: date
    seconds: float

    def __str__(self) -> str:
        return (
            f"演示数据已生成（种子 {self.seed}）：站点 {self.stations} 个（新建 {self.stations_created}），"
            f"演示账户 {self.users_created} 个，人员 {self.persons:,} 人，"
            f"受理 {self.applications:,} 件（其中出入境 {self.exit_entry:,} 件，"
            f"材料 {self.materials:,} 份，签注 {self.endorsements:,} 项），调解案件 {self.mediation_cases:,} 件；"
            f"业务日期 {self.first_day.isoformat()} 至 {self.last_day.isoformat()}；用时 {self.seconds:.1f} 秒。"
            "演示账户的密码未知，使用前请由管理员重置密码。"
        )


# ---------------------------------------------------------------------------------------------------------------
# The business mix (codes and fees as in resources/catalog; promised dates: kind + days of the catalog)

Material = tuple[str, str, str, int]  # code, name, form, count

_ID_CARD: Material = ("id_card", "居民身份证", "original", 1)
_HUKOU: Material = ("hukou_book", "居民户口簿", "original", 1)
_PHOTO: Material = ("photo_receipt", "相片（现场采集或数码照相回执）", "original", 1)
_POWER: Material = ("power_of_attorney", "授权委托书", "original", 1)
_AGENT_ID: Material = ("agent_id_card", "代办人居民身份证", "original", 1)
_GUARDIAN_ID: Material = ("guardian_id_card", "监护人居民身份证", "original", 1)


@dataclass(frozen=True)
class _Business:
    code: str
    weight: float
    fee_fen: int
    limit: str  # spot | working | calendar
    days: int
    flow: str  # spot: done at the desk | doc: a document is made and picked up | approval: the 分局 decides
    profile: str  # who the applicant is: adult | migrant | newborn | young | elderly
    agent_rate: float
    materials: tuple[Material, ...]


WALKIN: tuple[_Business, ...] = (
    _Business("id_card_renewal", 20, 2000, "calendar", 60, "doc", "adult", 0.04,
              (_HUKOU, ("old_id_card", "原居民身份证", "original", 1), _PHOTO)),
    _Business("id_card_reissue", 9, 4000, "calendar", 60, "doc", "adult", 0.04,
              (_HUKOU, _PHOTO, ("loss_statement", "丢失或损坏情况说明", "original", 1))),
    _Business("id_card_first", 7, 2000, "calendar", 60, "doc", "young", 0.0,
              (_HUKOU, ("id_application_form", "居民身份证申领登记表", "original", 1), _PHOTO)),
    _Business("id_card_temporary", 4, 1000, "calendar", 3, "doc", "adult", 0.03,
              (_HUKOU, ("recent_photo", "近期免冠相片", "original", 1))),
    _Business("residence_permit", 12, 0, "calendar", 15, "doc", "migrant", 0.05,
              (_ID_CARD, _PHOTO, ("residence_proof", "合法稳定住所、合法稳定就业或连续就读证明", "original", 1))),
    _Business("residence_permit_endorse", 8, 0, "spot", 0, "spot", "migrant", 0.08,
              (("residence_permit", "居住证", "original", 1), ("residence_proof", "居住、就业或就读的现行证明", "original", 1))),
    _Business("no_criminal_record", 13, 0, "working", 3, "spot", "adult", 0.15,
              (_ID_CARD, ("hukou_book", "居民户口簿", "copy", 1))),
    _Business("certificate", 11, 0, "spot", 0, "spot", "adult", 0.12, (_ID_CARD, ("hukou_book", "居民户口簿", "copy", 1))),
    _Business("birth_registration", 5, 0, "spot", 0, "spot", "newborn", 1.0,
              (("birth_medical_certificate", "出生医学证明", "original", 1), ("hukou_book", "落户方居民户口簿", "original", 1),
               ("parents_marriage_certificate", "父母结婚证", "original", 1), ("parents_id_card", "父母居民身份证", "original", 2))),
    _Business("hukou_move_in", 4, 0, "working", 20, "approval", "adult", 0.1,
              (_ID_CARD, ("hukou_book", "居民户口簿（省内迁移）", "original", 1),
               ("move_in_reason_proof", "迁入理由证明（房产证、结婚证或投靠关系证明等）", "original", 1))),
    _Business("hukou_move_out", 3, 0, "spot", 0, "spot", "adult", 0.1,
              (_HUKOU, _ID_CARD, ("move_in_permit", "准予迁入证明", "original", 1))),
    _Business("name_change", 1.5, 0, "working", 20, "approval", "adult", 0.05,
              (_HUKOU, _ID_CARD, ("supporting_proof", "变更或更正的证明材料", "original", 1))),
    _Business("death_cancellation", 2.5, 0, "spot", 0, "spot", "elderly", 1.0,
              (("death_proof", "死亡证明（死亡医学证明、火化证明、非正常死亡证明或宣告死亡判决书之一）", "original", 1),
               ("deceased_hukou_book", "死者居民户口簿", "original", 1), ("deceased_id_card", "死者居民身份证", "original", 1),
               ("declarant_id_card", "申报人居民身份证", "original", 1))),
)  # fmt: skip
EXIT_ENTRY_SHARE = 0.15
CERTIFICATE_KINDS = (
    ("kinship", 30), ("registration_change", 20), ("hukou_cancellation", 15), ("temporary_identity", 15),
    ("abnormal_death", 3), ("no_criminal_record", 10), ("other_statutory", 7),
)  # fmt: skip

# document type: weight, document fee, application types with weights, purposes
EXIT_DOCS: dict[str, tuple[float, int, tuple[tuple[str, float], ...], tuple[str, ...]]] = {
    "passport": (35, 12000, (("first", 55), ("renewal", 25), ("reissue", 8), ("amend", 12)),
                 ("旅游", "旅游", "旅游", "探亲", "商务", "留学", "务工")),
    "hk_macau": (55, 6000, (("first", 30), ("renewal", 25), ("reissue", 5), ("endorsement", 40)),
                 ("个人旅游", "个人旅游", "团队旅游", "探亲", "商务")),
    "taiwan": (10, 6000, (("first", 50), ("renewal", 20), ("reissue", 5), ("endorsement", 25)),
               ("旅游", "探亲", "商务", "交流学习")),
}  # fmt: skip
HK_TYPES = (("G", 45), ("L", 15), ("T", 20), ("S", 12), ("Q", 5), ("D", 3))
HK_TIERS = (
    ("single", 30, 1500), ("double", 25, 3000), ("multi_1y", 25, 8000), ("multi_2y", 8, 12000),
    ("multi_3y", 7, 16000), ("multi_over_3y", 5, 24000),
)  # fmt: skip
TW_TYPES = (("G", 30), ("L", 30), ("T", 20), ("F", 10), ("Y", 5), ("X", 5))
TW_TIERS = (("single", 75, 1500), ("multiple", 25, 8000))
PASSPORT_AMENDMENT_FEN = 2000
EXIT_ENTRY_LOCAL_DAYS, EXIT_ENTRY_ELSEWHERE_DAYS = 7, 20
EXIT_MATERIALS: tuple[Material, ...] = (
    ("id_card", "居民身份证（临时居民身份证亦可）", "original", 1),
    ("photo_receipt", "相片回执（在指定照相点拍摄）", "original", 1),
    ("application_form", "出入境证件申请表", "original", 1),
)
OLD_DOCUMENT: Material = ("old_document", "原证件", "original", 1)
LOSS_STATEMENT: Material = ("loss_statement", "证件遗失或损毁书面说明", "original", 1)
GUARDIANSHIP: Material = ("guardianship_proof", "监护关系证明", "original", 1)
OLD_DOCUMENT_LETTER = {"passport": "E", "hk_macau": "C", "taiwan": "T"}

# Status by age of the application (days) and flow: later days have moved further along the chain.
STATUS_TABLES: dict[str, tuple[tuple[int, dict[str, tuple[tuple[str, float], ...]]], ...]] = {
    "spot": (
        (0, {"all": (("received", 90), ("returned", 5), ("reviewed", 4), ("voided", 1))}),
        (2, {"all": (("completed", 50), ("reviewed", 35), ("received", 8), ("returned", 5), ("voided", 2))}),
        (9, {"all": (("completed", 90), ("reviewed", 4), ("returned", 3), ("voided", 3))}),
        (29, {"all": (("completed", 97), ("returned", 1), ("voided", 2))}),
        (10**6, {"all": (("completed", 97.5), ("returned", 1), ("voided", 1.5))}),
    ),
    "doc": (
        (0, {"all": (("received", 90), ("returned", 5), ("reviewed", 4), ("voided", 1))}),
        (2, {"all": (("reviewed", 45), ("forwarded", 35), ("received", 12), ("returned", 6), ("voided", 2))}),
        (9, {"all": (("forwarded", 65), ("completed", 15), ("reviewed", 10), ("returned", 5), ("received", 3), ("voided", 2))}),
        (29, {"all": (("completed", 40), ("picked_up", 40), ("forwarded", 15), ("returned", 3), ("voided", 2))}),
        (10**6, {"all": (("picked_up", 85), ("completed", 11), ("forwarded", 1.5), ("returned", 1), ("voided", 1.5))}),
    ),
    "approval": (
        (0, {"all": (("received", 90), ("returned", 5), ("reviewed", 4), ("voided", 1))}),
        (2, {"all": (("reviewed", 50), ("forwarded", 30), ("received", 12), ("returned", 6), ("voided", 2))}),
        (9, {"all": (("forwarded", 80), ("reviewed", 10), ("returned", 6), ("received", 2), ("voided", 2))}),
        (29, {"all": (("completed", 55), ("forwarded", 40), ("returned", 3), ("voided", 2))}),
        (10**6, {"all": (("completed", 96), ("forwarded", 1.5), ("returned", 1), ("voided", 1.5))}),
    ),
}  # fmt: skip
VOID_REASONS = (
    "申请人撤回申请",
    "业务类型选择错误，已重新受理",
    "重复受理",
    "申请人信息录入错误，已重新受理",
)
NOTES = (
    "申请人要求电话通知领取",
    "材料原件已当场核对",
    "老人行动不便，家属陪同办理",
    "已告知办理时限",
    "学校报名需要，申请人希望尽快办理",
)
AGENT_RELATIONS = (
    ("配偶", 30),
    ("子女", 25),
    ("父母", 15),
    ("兄弟姐妹", 10),
    ("亲属", 8),
    ("朋友", 6),
    ("单位经办人", 6),
)

# Mediation
MEDIATION_CATEGORIES = (
    ("邻里", 25), ("婚姻家庭", 18), ("损害赔偿", 12), ("物业", 9), ("合同", 8), ("劳动争议", 7), ("消费", 6),
    ("房屋宅基地", 5), ("道路交通事故", 4), ("生产经营", 3), ("其他", 3),
)  # fmt: skip
MEDIATION_SOURCES = (
    ("当事人申请", 40), ("110 转来", 25), ("楼长/网格员报告", 12), ("主动调解", 10), ("巡逻发现", 6),
    ("公安机关移交", 5), ("法院委托", 2),
)  # fmt: skip
SUMMARIES = {
    "邻里": "{a}与邻居{b}因楼上渗水、噪音等问题多次发生争执，{a}要求{b}维修并赔偿损失。",
    "婚姻家庭": "{a}与{b}因家庭琐事及子女抚养问题发生争吵，{a}到站求助。",
    "损害赔偿": "{a}驾驶电动自行车与{b}发生碰擦，双方就修理费及医药费赔偿产生纠纷。",
    "物业": "{a}与小区物业管理人员{b}因停车管理及物业费问题发生争执。",
    "合同": "{a}与{b}因房屋租赁押金退还问题产生纠纷，协商未果。",
    "劳动争议": "{a}称{b}拖欠其工资两个月，多次催讨未果。",
    "消费": "{a}在{b}经营的海鲜档口购买商品后，因缺斤短两问题发生纠纷。",
    "房屋宅基地": "{a}与{b}因房屋搭建占用公共通道问题发生纠纷。",
    "道路交通事故": "{a}与{b}在路口发生轻微交通事故，双方就赔偿金额意见不一。",
    "生产经营": "{a}与{b}因摊位占道经营互相影响发生争执。",
    "其他": "{a}与{b}因琐事发生口角，经劝解后申请调解。",
}
AGREEMENT_TERMS = (
    "{b}于{deadline}前一次性赔偿{a}人民币{amount}元，双方就此事不再追究。",
    "{b}于{deadline}前完成维修并承担维修费用，双方今后互相谅解、和睦相处。",
    "双方自愿和解，{b}向{a}赔礼道歉并于{deadline}前支付人民币{amount}元。",
)
MEDIATION_REGIMES = (("people", 60), ("public_security", 30), ("on_site", 10))
RISK_LEVELS = (("low", 70), ("medium", 25), ("high", 5))


def _cum(pairs: Sequence[tuple[Any, float]]) -> tuple[tuple[Any, ...], list[float]]:
    return tuple(p[0] for p in pairs), list(accumulate(p[1] for p in pairs))


# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _StationRef:
    id: int
    code: str
    short_name: str
    desk_ids: list[int]
    officer_id: int
    staff_names: list[str]
    weight: float


@dataclass
class _Counts:
    stations: int = 0
    stations_created: int = 0
    users_created: int = 0
    persons: int = 0
    applications: int = 0
    exit_entry: int = 0
    materials: int = 0
    endorsements: int = 0
    mediation_cases: int = 0


def fill_demo_data(core: Core, *, applications: int, seed: int = 1, actor: Actor | None = None) -> DemoReport:
    """Fill the database with synthetic data (see the module docstring); one transaction, one audit event."""
    if not 0 <= applications <= MAX_APPLICATIONS:
        raise ValidationError("applications", f"演示受理件数应在 0 至 {MAX_APPLICATIONS:,} 之间")
    actor = actor or command_line_actor()
    actor.require(Permission.MANAGE_SYSTEM)
    started = time.perf_counter()
    now = core.clock()
    with core.db.write() as session:
        _refuse_used_seed(session, seed)
        with _bulk_load_settings(session):
            filler = _Filler(session, random.Random(seed), now)
            filler.run(applications)
        counts = filler.counts
        detail = (
            f"种子={seed}，站点 {counts.stations}（新建 {counts.stations_created}），账户 {counts.users_created}，"
            f"人员 {counts.persons}，受理 {counts.applications}（出入境 {counts.exit_entry}），"
            f"调解 {counts.mediation_cases}"
        )
        audit.record(
            session, core, actor, AUDIT_ACTION, entity="demo", entity_id=f"seed:{seed}", detail=detail
        )
    return DemoReport(
        seed=seed,
        stations=counts.stations,
        stations_created=counts.stations_created,
        users_created=counts.users_created,
        persons=counts.persons,
        applications=counts.applications,
        exit_entry=counts.exit_entry,
        materials=counts.materials,
        endorsements=counts.endorsements,
        mediation_cases=counts.mediation_cases,
        first_day=filler.days[0],
        last_day=filler.days[-1],
        seconds=time.perf_counter() - started,
    )


def _refuse_used_seed(session: Session, seed: int) -> None:
    used = session.execute(
        select(AuditEvent.id)
        .where(AuditEvent.action == AUDIT_ACTION, AuditEvent.entity_id == f"seed:{seed}", AuditEvent.ok)
        .limit(1)
    ).first()
    if used is not None:
        raise ConflictError(
            f"本数据库已用种子 {seed} 生成过演示数据，再次生成会产生重复记录。如需追加演示数据，请换一个种子（--seed）。"
        )


@contextmanager
def _bulk_load_settings(session: Session) -> Iterator[None]:
    """SQLite: a larger page cache for this connection while the big indexes (uuid request ids, ID numbers)
    take random inserts; restored afterwards. Durability settings (synchronous=FULL) stay untouched."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = session.connection()
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-524288")  # 512 MiB
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


class _BulkWriter:
    """Inserts lists of row dicts, all with the same keys, as one executemany per call.

    SQLite: the driver's executemany with tuples, values converted by the dialect's own bind processors
    (UTC datetimes by an equivalent faster function, checked against the processor at start). This skips
    Core's per-row parameter machinery, which costs more than SQLite itself at a million rows.
    Other databases: plain Core `insert(table)` executemany.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect
        self.fast = self.dialect.name == "sqlite"
        self._plans: dict[tuple[str, tuple[str, ...]], _Plan | None] = {}

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        keys = tuple(rows[0])
        if (table.name, keys) not in self._plans:
            self._plans[(table.name, keys)] = self._plan(table, keys) if self.fast else None
        plan = self._plans[(table.name, keys)]
        if plan is None:
            self.session.execute(insert(table), rows)
            return
        sql, getter, converters = plan
        values: list[tuple[Any, ...]]
        if converters:
            values = []
            for row in rows:
                record = list(getter(row))
                for index, convert in converters:
                    value = record[index]
                    if value is not None:
                        record[index] = convert(value)
                values.append(tuple(record))
        else:
            values = [getter(row) for row in rows]
        self.session.connection().exec_driver_sql(sql, values)

    def _plan(self, table: Table, keys: tuple[str, ...]) -> _Plan | None:
        compiled = insert(table).compile(dialect=self.dialect, column_keys=list(keys))
        order = list(compiled.positiontup or ())
        if len(order) < 2 or set(order) != set(keys):
            return None  # a default would have to be computed: leave it to Core
        converters: list[tuple[int, Callable[[Any], Any]]] = []
        for index, name in enumerate(order):
            column_type = table.c[name].type
            processor = column_type.dialect_impl(self.dialect).bind_processor(self.dialect)
            if processor is None:
                continue
            converters.append((index, _faster(column_type, processor)))
        return str(compiled), itemgetter(*order), converters


_Plan = tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]], list[tuple[int, Callable[[Any], Any]]]]


def _sqlite_utc_text(value: datetime) -> str:
    """What UTCDateTime + SQLite's DATETIME store for an aware datetime: naive UTC, microseconds always."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date_text(value: date) -> str:
    return value.isoformat()


def _bool_as_is(value: bool) -> bool:
    return value  # sqlite3 stores True/False as the integers 1/0, as the Boolean processor does


_DATETIME_SAMPLES = (
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 6, 30, 8, 30, 0, 120, tzinfo=LOCAL_TZ),
)
_DATE_SAMPLES = (date(2026, 1, 2), date(1935, 12, 31), date(2024, 2, 29))


def _faster(column_type: Any, processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """An equivalent of a bind processor that does less work, used only where it gives the same results."""
    candidate: Callable[[Any], Any] | None = None
    samples: tuple[Any, ...] = ()
    if isinstance(column_type, UTCDateTime):
        candidate, samples = _sqlite_utc_text, _DATETIME_SAMPLES
    elif isinstance(column_type, Date):
        candidate, samples = _sqlite_date_text, _DATE_SAMPLES
    elif isinstance(column_type, Boolean):
        candidate, samples = _bool_as_is, (True, False)
    elif isinstance(column_type, JSON):
        empty = processor({})

        def json_text(value: Any) -> Any:
            return processor(value) if value else empty

        return json_text
    if candidate is None:
        return processor
    try:
        if all(processor(sample) == candidate(sample) for sample in samples):
            return candidate
    except Exception:  # a processor that refuses the samples knows better: keep it
        pass
    return processor


class _Filler:
    def __init__(self, session: Session, rng: random.Random, now: datetime) -> None:
        self.session = session
        self.rng = rng
        self.now = now.astimezone(UTC)
        self.today = now.astimezone(LOCAL_TZ).date()
        self.days = [self.today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
        self.counts = _Counts()
        self.writer = _BulkWriter(session)
        self.stations: list[_StationRef] = []
        self.persons: list[dict[str, Any]] = []
        self.apps: list[dict[str, Any]] = []
        self.details: list[dict[str, Any]] = []
        self.endorsements: list[dict[str, Any]] = []
        self.materials: list[dict[str, Any]] = []
        self.id_numbers: set[str] = set()
        self.adult_pool: list[int] = []
        self.migrant_pool: list[int] = []
        self.person_flags = bytearray()  # per demo person: bit 0 male, bit 1 household in Zhanjiang
        self.next_person_id = 1
        self.first_person_id = 1
        self.last_birth = now.date()  # of the person made last
        self.next_app_id = 1
        self.counters: dict[tuple[str, str], int] = {}  # (scope, period) → last_no already in the database
        self.new_counters: dict[tuple[str, str], int] = {}  # … and as the demo leaves them
        self.workdays: list[int] = []  # ordinals of Chinese working days, for promised dates
        self._tables()

    def _tables(self) -> None:
        self.walkin, self.walkin_cum = _cum([(b, b.weight) for b in WALKIN])
        self.exit_docs, self.exit_docs_cum = _cum([(k, v[0]) for k, v in EXIT_DOCS.items()])
        self.exit_types = {k: _cum(v[2]) for k, v in EXIT_DOCS.items()}
        self.hk_types = _cum(HK_TYPES)
        self.hk_tiers = _cum([((t, fee), w) for t, w, fee in HK_TIERS])
        self.tw_types = _cum(TW_TYPES)
        self.tw_tiers = _cum([((t, fee), w) for t, w, fee in TW_TIERS])
        self.cert_kinds = _cum(CERTIFICATE_KINDS)
        self.relations = _cum(AGENT_RELATIONS)
        self.regions_local = names.cumulative(names.ZHANJIANG_REGIONS)
        self.regions_migrant = names.cumulative(names.MIGRANT_REGIONS)
        self.status_tables = {
            flow: [(limit, _cum(table["all"])) for limit, table in rows]
            for flow, rows in STATUS_TABLES.items()
        }

    def pick(self, table: tuple[Sequence[Any], Sequence[float]]) -> Any:
        values, cum = table
        return values[bisect.bisect(cum, self.rng.random() * cum[-1])]

    # -- set-up --------------------------------------------------------------------------------------------

    def run(self, applications: int) -> None:
        target = len(names.community_stations()) if applications >= FULL_DISTRICT_FROM else 5
        self._ensure_stations(target)
        self._ensure_staff()
        self._load_existing()
        self._applications(applications)
        self._mediation()
        self._sync_sequences()

    def _ensure_stations(self, target: int) -> None:
        session, rng = self.session, self.rng
        existing = session.execute(
            select(Station.id, Station.code, Station.short_name).order_by(Station.id)
        ).all()
        codes = {row.code for row in existing}
        # Case numbers are "(YYYY)<short name>调字第NNN号": a second 录霞 would repeat the user's numbers.
        short_names = {row.short_name for row in existing}
        new_rows: list[dict[str, Any]] = []
        for i, (place, police_station) in enumerate(names.community_stations(), start=1):
            if len(existing) + len(new_rows) >= target:
                break
            code = f"XS{i:03d}"
            if code in codes or names.short_place(place) in short_names:
                continue
            new_rows.append(
                {
                    "code": code,
                    "name": f"{place}微派出所",
                    "short_name": names.short_place(place),
                    "police_station": police_station,
                    "district": DEFAULT_DISTRICT,
                    "address": names.xiashan_address(rng),
                    "phone": names.random_landline(rng),
                    "region_code": "440803",
                    "hmac_secret": secrets.token_hex(32),
                    "created_at": self.now,
                    "version": 1,
                }
            )
        if new_rows:
            session.execute(insert(_table(Station)), new_rows)
        rows = session.execute(
            select(Station.id, Station.code, Station.short_name).order_by(Station.id)
        ).all()
        # Every station of the database takes part, the user's own ones included (some are busier than others).
        self.stations = [
            _StationRef(r.id, r.code, r.short_name, [], 0, [], rng.uniform(0.4, 1.6)) for r in rows
        ]
        self.counts.stations = len(self.stations)
        self.counts.stations_created = len(new_rows)

    def _ensure_staff(self) -> None:
        session, rng = self.session, self.rng
        wanted: list[tuple[_StationRef, str, str]] = []
        for st in self.stations:
            prefix = f"demo_{st.code.lower()}"
            wanted += [
                (st, f"{prefix}_fj1", "desk"),
                (st, f"{prefix}_fj2", "desk"),
                (st, f"{prefix}_mj", "officer"),
            ]
        usernames = [w[1] for w in wanted]
        found: dict[str, tuple[int, str]] = {}
        for start in range(0, len(usernames), 500):
            part = usernames[start : start + 500]
            for row in session.execute(
                select(StaffUser.username, StaffUser.id, StaffUser.display_name).where(
                    StaffUser.username.in_(part)
                )
            ):
                found[row.username] = (row.id, row.display_name)
        new_rows: list[dict[str, Any]] = []
        password_hash = ""
        for _st, username, role in wanted:
            if username in found:
                continue
            if not password_hash:
                # One random password nobody knows, hashed once (argon2 is slow on purpose) and shared.
                password_hash = PasswordHasher().hash(secrets.token_urlsafe(24))
            male = rng.random() < (0.75 if role == "officer" else 0.5)
            police_no = (
                f"{rng.randrange(10**6):06d}" if role == "officer" else f"FJ{rng.randrange(10**5):05d}"
            )
            new_rows.append(
                {
                    "username": username,
                    "display_name": names.random_name(rng, male),
                    "police_no": police_no,
                    "role": role,
                    "password_hash": password_hash,
                    "is_active": True,
                    "failed_logins": 0,
                    "locked_until": None,
                    "must_change_password": True,
                    "password_changed_at": None,
                    "created_at": self.now,
                    "last_login_at": None,
                    "version": 1,
                }
            )
        if new_rows:
            session.execute(insert(_table(StaffUser)), new_rows)
            for start in range(0, len(new_rows), 500):
                part = [r["username"] for r in new_rows[start : start + 500]]
                for row in session.execute(
                    select(StaffUser.username, StaffUser.id, StaffUser.display_name).where(
                        StaffUser.username.in_(part)
                    )
                ):
                    found[row.username] = (row.id, row.display_name)
        for st, username, role in wanted:
            user_id, display_name = found[username]
            if role == "officer":
                st.officer_id = user_id
            else:
                st.desk_ids.append(user_id)
            st.staff_names.append(display_name)
        self.counts.users_created = len(new_rows)

    def _load_existing(self) -> None:
        session = self.session
        self.next_person_id = (
            int(session.execute(select(func.coalesce(func.max(Person.id), 0))).scalar_one()) + 1
        )
        self.first_person_id = self.next_person_id
        self.next_app_id = (
            int(session.execute(select(func.coalesce(func.max(Application.id), 0))).scalar_one()) + 1
        )
        if self.next_person_id > 1:
            numbers = session.execute(select(Person.id_number).where(Person.document_type == "resident_id"))
            self.id_numbers.update(number for number in numbers.scalars() if number)
        scopes = [f"receipt:{st.code}" for st in self.stations] + [
            f"mediation:{st.code}" for st in self.stations
        ]
        for start in range(0, len(scopes), 500):
            rows = session.execute(
                select(Counter.scope, Counter.period, Counter.last_no).where(
                    Counter.scope.in_(scopes[start : start + 500])
                )
            )
            for row in rows:
                self.counters[(row.scope, row.period)] = row.last_no
        # Working days from the first day to well past the last promised date.
        self.workdays = [
            d.toordinal() for d in _days(self.days[0], self.today + timedelta(days=120)) if _is_workday(d)
        ]

    # -- persons -------------------------------------------------------------------------------------------

    def _new_person(self, profile: str, day: date, created_at: datetime) -> int:
        rng = self.rng
        male = rng.random() < 0.5
        local = profile != "migrant"
        region = self.pick(self.regions_local if local else self.regions_migrant)
        if profile == "newborn":
            region = "440803" if rng.random() < 0.9 else region
            age_days = rng.randint(3, 45)
        elif profile == "young":
            age_days = (
                int(rng.uniform(16.0, 17.5) * 365.25)
                if rng.random() < 0.6
                else int(rng.uniform(0.5, 15.9) * 365.25)
            )
        elif profile == "child":
            age_days = int(rng.uniform(1.0, 15.9) * 365.25)
        elif profile == "elderly":
            age_days = int(rng.triangular(60, 95, 82) * 365.25)
        elif profile == "migrant":
            age_days = int(rng.triangular(18, 58, 28) * 365.25)
        else:
            age_days = int(rng.triangular(18, 88, 38) * 365.25)
        birth_ord = max(day.toordinal() - age_days, _MIN_BIRTH)
        birth = self.last_birth = date.fromordinal(birth_ord)
        prefix = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        ids = self.id_numbers
        attempts = 0
        while True:
            first17 = f"{prefix}{rng.randrange(500) * 2 + male:03d}"
            number = first17 + id_check_char(first17)
            if number not in ids:
                ids.add(number)
                break
            attempts += 1
            if attempts % 20 == 0:  # this region and birthday is crowded: registered elsewhere then
                region = self.pick(self.regions_local)
                prefix = f"{region}{prefix[6:]}"
        person_id = self.next_person_id
        self.next_person_id += 1
        address = names.xiashan_address(rng)
        household = (
            address if region == "440803" and rng.random() < 0.6 else names.household_address(rng, region)
        )
        adult = profile in ("adult", "migrant")
        self.persons.append(
            {
                "id": person_id,
                "document_type": "resident_id",
                "id_number": number,
                "name": names.random_name(rng, male),
                "gender": "male" if male else "female",
                "birth_date": birth,
                "phone": names.random_mobile(rng)
                if adult or (profile == "young" and age_days > 5800)
                else "",
                "address": address,
                "household_address": household,
                "created_at": created_at,
                "updated_at": created_at,
                "version": 1,
            }
        )
        self.person_flags.append(male | (region.startswith("4408") << 1))
        if profile == "adult":
            self.adult_pool.append(person_id)
        elif profile == "migrant":
            self.migrant_pool.append(person_id)
        self.counts.persons += 1
        return person_id

    def _applicant(self, profile: str, day: date, created_at: datetime) -> int:
        """A returning resident or a new one, steering towards ~0.7 persons per application."""
        if profile in ("adult", "migrant"):
            pool = self.adult_pool if profile == "adult" else self.migrant_pool
            behind = self.counts.persons < PERSONS_PER_APPLICATION * (self.counts.applications + 1)
            if pool and self.rng.random() > (0.9 if behind else 0.3):
                return self.rng.choice(pool)
        return self._new_person(profile, day, created_at)

    def _agent(self, day: date, created_at: datetime) -> int:
        if self.adult_pool and self.rng.random() < 0.6:
            return self.rng.choice(self.adult_pool)
        return self._new_person("adult", day, created_at)

    def _is_male(self, person_id: int) -> bool:
        return bool(self.person_flags[person_id - self.first_person_id] & 1)

    def _is_local(self, person_id: int) -> bool:
        return bool(self.person_flags[person_id - self.first_person_id] & 2)

    # -- applications ----------------------------------------------------------------------------------------

    def _day_weight(self, day: date) -> float:
        weight = 1.0 if _is_workday(day) else 0.08
        if day.weekday() == 0:
            weight *= 1.2
        return weight

    def _applications(self, total: int) -> None:
        rng = self.rng
        now_local = self.now.astimezone(LOCAL_TZ)
        opening_today = datetime.combine(self.today, OPENING, LOCAL_TZ)
        today_open = max(0, min(OPEN_SECONDS, int((now_local - opening_today).total_seconds())))
        weights = [self._day_weight(d) for d in self.days]
        weights[-1] *= today_open / OPEN_SECONDS
        if total and sum(weights) > 0:
            per_day = [0] * DAYS
            for index in rng.choices(range(DAYS), cum_weights=list(accumulate(weights)), k=total):
                per_day[index] += 1
        else:
            per_day = [0] * DAYS
        station_cum = list(accumulate(st.weight for st in self.stations))
        station_range = range(len(self.stations))
        for day_index, day in enumerate(self.days):
            count = per_day[day_index]
            if not count:
                continue
            opening = datetime.combine(day, OPENING, LOCAL_TZ).astimezone(UTC)
            limit = today_open if day == self.today else OPEN_SECONDS
            age = (self.today - day).days
            ctx = _DayContext(self, day, opening, age)
            slots = sorted(
                zip(
                    [self._second(limit) for _ in range(count)],
                    rng.choices(station_range, cum_weights=station_cum, k=count),
                    strict=True,
                )
            )
            numbers: dict[int, int] = {}
            period = ctx.period
            for second, station_index in slots:
                st = self.stations[station_index]
                scope = f"receipt:{st.code}"
                last = numbers.get(station_index)
                if last is None:
                    last = self.counters.get((scope, period), 0)
                last += 1
                numbers[station_index] = last
                self._application(
                    ctx, st, f"{st.code}-{period}-{last:04d}", opening + timedelta(seconds=second)
                )
                if len(self.apps) >= CHUNK:
                    self._flush()
            for station_index, last in numbers.items():
                self.new_counters[(f"receipt:{self.stations[station_index].code}", period)] = last
        self._flush()
        self._write_counters()

    def _second(self, limit: int) -> int:
        """Seconds after 08:30 local: busy mornings, a quiet lunch, a steady afternoon."""
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            second = rng.randrange(0, 12600)  # 08:30–12:00
        elif r < 0.63:
            second = rng.randrange(12600, 21600)  # 12:00–14:30
        else:
            second = rng.randrange(21600, OPEN_SECONDS)  # 14:30–17:30
        return second if second < limit else rng.randrange(max(limit, 1))

    def _application(self, ctx: _DayContext, st: _StationRef, receipt_no: str, created_at: datetime) -> None:
        rng = self.rng
        day = ctx.day
        app_id = self.next_app_id
        self.next_app_id += 1
        agent_id: int | None = None
        agent_relation = ""
        guardian_id: int | None = None
        extra: dict[str, Any] = {}
        if rng.random() < ctx.exit_share:
            kind = "exit_entry"
            doc = self.pick((self.exit_docs, self.exit_docs_cum))
            flow = "doc"
            child = rng.random() < 0.08
            applicant_id = (
                self._new_person("child", day, created_at)
                if child
                else self._applicant("adult", day, created_at)
            )
            if child:
                agent_id = guardian_id = self._agent(day, created_at)
                agent_relation = "父亲" if self._is_male(agent_id) else "母亲"
            business_code = doc
            local = self._is_local(applicant_id)
            promised = ctx.promised("working", EXIT_ENTRY_LOCAL_DAYS if local else EXIT_ENTRY_ELSEWHERE_DAYS)
            app_type = self.pick(self.exit_types[doc])
            fee, materials = self._exit_entry(app_id, doc, app_type, child)
            detail = {
                "application_id": app_id,
                "document_type": doc,
                "application_type": app_type,
                "photo_receipt_no": f"ZP{ctx.period}{rng.randrange(10**6):06d}"
                if app_type != "endorsement"
                else "",
                "old_document_no": (
                    f"{OLD_DOCUMENT_LETTER[doc]}{rng.randrange(10**8):08d}"
                    if app_type in ("renewal", "amend", "endorsement")
                    else ""
                ),
                "purpose": rng.choice(EXIT_DOCS[doc][3]),
                "household_local": local,
                "guardian_id": guardian_id,
                "batch_id": None,
                "issued_at": None,
                "picked_up_at": None,
            }
            self.details.append(detail)
            self.counts.exit_entry += 1
        else:
            kind = "walkin"
            business: _Business = self.pick((self.walkin, self.walkin_cum))
            business_code = business.code
            flow = business.flow
            fee = business.fee_fen
            promised = ctx.promised(business.limit, business.days)
            profile = business.profile
            applicant_id = self._applicant(profile, day, created_at)
            materials = list(business.materials)
            if profile == "newborn":
                agent_id = self._agent(day, created_at)
                agent_relation = "父亲" if self._is_male(agent_id) else "母亲"
            elif profile == "elderly":
                agent_id = self._agent(day, created_at)
                agent_relation = self.rng.choice(("儿子", "女儿", "配偶", "儿子", "女儿"))
            elif profile == "young" and (day - self.last_birth).days < 16 * 365:  # always a new person
                agent_id = self._agent(day, created_at)
                agent_relation = "父亲" if self._is_male(agent_id) else "母亲"
                materials.append(_GUARDIAN_ID)
            elif rng.random() < business.agent_rate:
                agent_id = self._agent(day, created_at)
                if agent_id == applicant_id:
                    agent_id = self._new_person("adult", day, created_at)
                agent_relation = self.pick(self.relations)
                materials += [_POWER, _AGENT_ID]
            if business_code == "certificate":
                extra = {"certificate_kind": self.pick(self.cert_kinds)}
            elif business_code == "no_criminal_record" and rng.random() < 0.3:
                materials.append(("introduction_letter", "单位介绍信", "original", 1))
            del materials[4:]
        status = self.pick(ctx.status_table(flow))
        reviewed_by: int | None = None
        reviewed_at: datetime | None = None
        review_note = ""
        updated_at = created_at
        missing = -1
        if status != "received":
            reviewed_by = st.officer_id
            reviewed_at = ctx.review_time(created_at)
            updated_at = reviewed_at
            if status == "returned":
                missing = rng.randrange(len(materials))
                review_note = f"材料不全，请补正：{materials[missing][1]}"
            elif status == "voided":
                review_note = f"作废：{rng.choice(VOID_REASONS)}"
            elif status in ("forwarded", "completed", "picked_up"):
                updated_at = self._later(reviewed_at, 0.5, 2)
                if flow != "spot" and status in ("completed", "picked_up"):
                    updated_at = self._later(created_at, 5, 25 if kind == "walkin" else 12)
                    if kind == "exit_entry":
                        self.details[-1]["issued_at"] = updated_at
                    if status == "picked_up":
                        updated_at = self._later(updated_at, 0.2, 20)
                        if kind == "exit_entry":
                            self.details[-1]["picked_up_at"] = updated_at
                elif flow == "spot":
                    updated_at = reviewed_at
        pickup_post = flow == "doc" and rng.random() < 0.08
        material_rows = self.materials
        for index, (code, name, form, count) in enumerate(materials):
            material_rows.append(
                {
                    "application_id": app_id,
                    "code": code,
                    "name": name,
                    "form": form,
                    "count": count,
                    "received": index != missing,
                }
            )
        self.counts.materials += len(materials)
        self.apps.append(
            {
                "id": app_id,
                "request_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "receipt_no": receipt_no,
                "station_id": st.id,
                "kind": kind,
                "business_code": business_code,
                "applicant_id": applicant_id,
                "agent_id": agent_id,
                "agent_relation": agent_relation,
                "fee_fen": fee,
                "promised_date": promised,
                "pickup_method": "post" if pickup_post else "self",
                "post_address": names.xiashan_address(rng) if pickup_post else "",
                "status": status,
                "notes": rng.choice(NOTES) if rng.random() < 0.03 else "",
                "extra": extra,
                "business_day": day,
                "created_by": st.desk_ids[rng.random() < 0.5] if rng.random() < 0.9 else st.officer_id,
                "created_at": created_at,
                "updated_at": updated_at,
                "reviewed_by": reviewed_by,
                "reviewed_at": reviewed_at,
                "review_note": review_note,
                "version": 1 if status == "received" else 2,
            }
        )
        self.counts.applications += 1

    def _later(self, moment: datetime, min_days: float, max_days: float) -> datetime:
        """A moment some days after `moment`, never after now."""
        return min(moment + timedelta(days=self.rng.uniform(min_days, max_days)), self.now)

    def _exit_entry(self, app_id: int, doc: str, app_type: str, child: bool) -> tuple[int, list[Material]]:
        """The fee and materials of an exit-entry application; endorsement rows for HK/Macau and Taiwan."""
        rng = self.rng
        materials = list(EXIT_MATERIALS)
        if app_type in ("renewal", "amend", "endorsement"):
            materials.append(OLD_DOCUMENT)
        elif app_type == "reissue":
            materials.append(LOSS_STATEMENT)
        if child:
            materials.append(GUARDIANSHIP)
        del materials[4:]
        fee = 0
        if doc == "passport":
            fee = (
                PASSPORT_AMENDMENT_FEN * rng.choice((1, 1, 1, 2))
                if app_type == "amend"
                else EXIT_DOCS[doc][1]
            )
            return fee, materials
        if app_type != "endorsement":
            fee = EXIT_DOCS[doc][1]
            if rng.random() < 0.12:
                return fee, materials  # a permit without an endorsement this time
        if doc == "hk_macau":
            type_ = self.pick(self.hk_types)
            tier, tier_fee = self.pick(self.hk_tiers)
            places = 2 if rng.random() < 0.6 else 1  # Hong Kong and Macau endorsements are separate items
        else:
            type_ = self.pick(self.tw_types)
            tier, tier_fee = self.pick(self.tw_tiers)
            places = 1
        for _ in range(places):
            self.endorsements.append(
                {"application_id": app_id, "type": type_, "tier": tier, "fee_fen": tier_fee}
            )
            fee += tier_fee
        self.counts.endorsements += places
        return fee, materials

    def _flush(self) -> None:
        """Parents first (persons → applications → children); FK checks are immediate on both databases."""
        for model, rows in (
            (Person, self.persons),
            (Application, self.apps),
            (ExitEntryDetail, self.details),
            (Endorsement, self.endorsements),
            (ApplicationMaterial, self.materials),
        ):
            if rows:
                self.writer.insert(_table(model), rows)
                rows.clear()

    def _write_counters(self) -> None:
        """Counter rows = the last number used, so real allocations continue after the demo's numbers."""
        updates = [
            {"s": scope, "p": period, "n": last}
            for (scope, period), last in self.new_counters.items()
            if (scope, period) in self.counters
        ]
        inserts = [
            {"scope": scope, "period": period, "last_no": last}
            for (scope, period), last in self.new_counters.items()
            if (scope, period) not in self.counters
        ]
        table = _table(Counter)
        if updates:
            statement = (
                update(table)
                .where(table.c.scope == bindparam("s"), table.c.period == bindparam("p"))
                .values(last_no=bindparam("n"))
            )
            self.session.execute(statement, updates)
        self.writer.insert(table, inserts)
        self.counters.update(self.new_counters)
        self.new_counters.clear()

    # -- mediation -----------------------------------------------------------------------------------------

    def _mediation(self) -> None:
        session, rng = self.session, self.rng
        next_case_id = (
            int(session.execute(select(func.coalesce(func.max(MediationCase.id), 0))).scalar_one()) + 1
        )
        cases: list[dict[str, Any]] = []
        parties: list[dict[str, Any]] = []
        sessions: list[dict[str, Any]] = []
        followups: list[dict[str, Any]] = []
        categories, sources = _cum(MEDIATION_CATEGORIES), _cum(MEDIATION_SOURCES)
        regimes, risks = _cum(MEDIATION_REGIMES), _cum(RISK_LEVELS)
        for st in self.stations:
            moments = sorted(
                self.days[rng.randrange(DAYS)].toordinal() * 100_000 + rng.randrange(OPEN_SECONDS)
                for _ in range(rng.randint(3, 8))
            )
            for key in moments:
                day, second = date.fromordinal(key // 100_000), key % 100_000
                created_at = datetime.combine(day, OPENING, LOCAL_TZ).astimezone(UTC) + timedelta(
                    seconds=second
                )
                if created_at > self.now:
                    created_at = self.now
                scope, period = f"mediation:{st.code}", str(day.year)
                number = self.new_counters.get((scope, period), self.counters.get((scope, period), 0)) + 1
                self.new_counters[(scope, period)] = number
                age = (self.today - day).days
                if age < 15:
                    status = rng.choice(
                        ("open", "open", "open", "open", "open", "agreed", "agreed", "referred")
                    )
                elif age < 60:
                    status = rng.choice(
                        ("agreed", "agreed", "agreed", "closed", "closed", "failed", "referred", "open")
                    )
                else:
                    status = rng.choice(
                        ("closed", "closed", "closed", "closed", "agreed", "failed", "referred")
                    )
                regime = self.pick(regimes)
                category = self.pick(categories)
                a_id = self._new_person("adult", day, created_at)
                b_id = self._new_person("adult", day, created_at)
                a_name = self.persons[-2]["name"]
                b_name = self.persons[-1]["name"]
                a, b = _anonymous(a_name), _anonymous(b_name)
                parties += [
                    {"case_id": next_case_id, "person_id": a_id, "role": "applicant"},
                    {"case_id": next_case_id, "person_id": b_id, "role": "respondent"},
                ]
                other = self.rng.choice(self.adult_pool)
                if rng.random() < 0.2 and other not in (a_id, b_id):
                    parties.append({"case_id": next_case_id, "person_id": other, "role": "other"})
                agreed = status in ("agreed", "closed")
                agreement_day = day + timedelta(days=rng.randint(0, 10))
                agreement_day = min(agreement_day, self.today)
                deadline = agreement_day + timedelta(days=rng.randint(7, 30))
                terms = ""
                if agreed:
                    terms = rng.choice(AGREEMENT_TERMS).format(
                        a=a, b=b, deadline=f"{deadline.year}年{deadline.month}月{deadline.day}日",
                        amount=rng.choice((200, 500, 800, 1000, 1500, 2000, 3000, 5000)),
                    )  # fmt: skip
                closed_at = None
                if status in ("closed", "failed", "referred"):
                    closed_at = self._later(created_at, 1, 45)
                outcome = {
                    "failed": "双方分歧较大，调解未能达成协议，已告知当事人可依法向人民法院起诉。",
                    "referred": "纠纷不属于治安调解范围，已移交驻所人民调解室处理。",
                    "closed": "协议已履行完毕，回访双方无异议，结案。",
                }.get(status, "")
                cases.append(
                    {
                        "id": next_case_id,
                        "request_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "case_no": f"({day.year}){st.short_name}调字第{number:03d}号",
                        "station_id": st.id,
                        "regime": regime,
                        "source": self.pick(sources),
                        "category": category,
                        "occurred_at": created_at - timedelta(hours=rng.uniform(1, 72)),
                        "location": names.xiashan_address(rng),
                        "summary": SUMMARIES[category].format(a=a, b=b),
                        "risk_level": self.pick(risks),
                        "status": status,
                        "agreement_terms": terms,
                        "performance_deadline": deadline if agreed else None,
                        "confirmation_deadline": (
                            agreement_day + timedelta(days=30) if agreed and regime == "people" else None
                        ),
                        "outcome_note": outcome,
                        "created_by": st.desk_ids[0],
                        "created_at": created_at,
                        "closed_at": closed_at,
                        "version": 1 if status == "open" else 2,
                    }
                )
                if status != "open" or rng.random() < 0.5:
                    for n in range(1 if rng.random() < 0.7 else 2):
                        sessions.append(
                            {
                                "case_id": next_case_id,
                                "held_at": self._later(created_at, 0.01 + n * 3, 2 + n * 7),
                                "mediators": "、".join(st.staff_names[1:] + st.staff_names[:1]),
                                "participants": f"{a_name}、{b_name}",
                                "notes": "向双方释法说理，听取双方意见，双方同意继续协商。"
                                if n == 0
                                else "双方达成一致意见。",
                            }
                        )
                if agreed:
                    due = deadline + timedelta(days=7)
                    done = due <= self.today
                    followups.append(
                        {
                            "case_id": next_case_id,
                            "due_date": due,
                            "done_at": self._later(datetime.combine(due, dtime(10), LOCAL_TZ), 0, 1)
                            if done
                            else None,
                            "done_by": st.officer_id if done else None,
                            "result": "协议已按期履行" if done else "",
                            "satisfaction": rng.choice(("满意", "满意", "满意", "基本满意")) if done else "",
                            "escalation": "",
                        }
                    )
                next_case_id += 1
        self._flush()  # the parties' person rows
        self.writer.insert(_table(MediationCase), cases)
        for model, rows in (
            (MediationParty, parties),
            (MediationSession, sessions),
            (MediationFollowup, followups),
        ):
            self.writer.insert(_table(model), rows)
        self.counts.mediation_cases = len(cases)
        self._write_counters()

    def _sync_sequences(self) -> None:
        """PostgreSQL: explicit ids do not move the id sequences; move them past the demo's rows."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for table in ("person", "application", "mediation_case"):
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
            )


class _DayContext:
    """What every application of one business day shares: dates, the promised-date cache, status tables."""

    def __init__(self, filler: _Filler, day: date, opening: datetime, age: int) -> None:
        self.filler = filler
        self.day = day
        self.period = f"{day.year:04d}{day.month:02d}{day.day:02d}"
        self.opening = opening
        self.age = age
        self.exit_share = EXIT_ENTRY_SHARE * (1.3 if day.month in (1, 7, 8) else 0.9)
        self._promised: dict[tuple[str, int], date] = {}
        self._status = {
            flow: next(table for limit, table in rows if age <= limit)
            for flow, rows in filler.status_tables.items()
        }

    def status_table(self, flow: str) -> tuple[Sequence[Any], Sequence[float]]:
        return self._status[flow]

    def promised(self, limit: str, days: int) -> date:
        key = (limit, days)
        found = self._promised.get(key)
        if found is None:
            if limit == "spot" or days == 0:
                found = self.day
            elif limit == "calendar":
                found = self.day + timedelta(days=days)
            else:
                workdays = self.filler.workdays
                index = bisect.bisect_right(workdays, self.day.toordinal()) + days - 1
                found = date.fromordinal(workdays[min(index, len(workdays) - 1)])
            self._promised[key] = found
        return found

    def review_time(self, created_at: datetime) -> datetime:
        """The officer reviews at the end of the day (16:30–19:00); today's reviews happen soon after intake."""
        rng, now = self.filler.rng, self.filler.now
        if self.age == 0:
            return min(created_at + timedelta(minutes=rng.uniform(5, 150)), now)
        end_of_day = self.opening + timedelta(hours=rng.uniform(8.0, 10.5))
        return min(max(end_of_day, created_at + timedelta(minutes=5)), now)


_MIN_BIRTH = date(1935, 1, 1).toordinal()


def _anonymous(name: str) -> str:
    """陈小明 → 陈某 (as case summaries write it); two-character surnames keep both."""
    surname = name[:2] if name[:2] in ("欧阳", "司徒", "上官") else name[:1]
    return surname + "某"


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _days(first: date, last: date) -> Iterator[date]:
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        yield date.fromordinal(ordinal)


@functools.cache
def _calendar() -> WorkCalendar:
    return load_work_calendar()


def _is_workday(day: date) -> bool:
    """The same working-day calendar as real due dates (holiday data, weekends only beyond it)."""
    return _calendar().is_workday(day)
