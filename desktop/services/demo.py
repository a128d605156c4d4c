"""Realistic synthetic data for demonstrations, UI work and the 1,000,000-application benchmarks.

`fill_demo_data(core, applications=N, seed=S)` adds, in ONE transaction:
- micro-stations (XS001…XS069 named after 霞山区 communities; 69 from 10,000 applications up, a handful below;
  stations already in the database are used too), with two desk users and one officer each;
- about 0.7 persons per application (people come back), with valid GB 11643 ID numbers;
- N applications over the past three years from 10,000 up (the district), over the past year below (a trial
  station) (walk-in ~85 %, exit-entry ~15 % with detail and endorsement rows),
  with the catalog's businesses, materials, fees and time limits, gap-free receipt numbers per station and
  day, and the `counter` rows set once at the end to the last number used, so that real intake continues after
  the demo numbers;
- a few mediation cases per station and year with parties, sessions and follow-ups (case-number counters set
  likewise);
- ONE audit event (`demo.fill`) for the whole fill, appended to the hash chain.

Everything is drawn from `random.Random(seed)` and the clock: the same seed on the same (empty) database, the same
catalog and the same clock give the same data. Not deterministic on purpose: the station HMAC secrets (`secrets`,
a predictable secret would let anyone forge receipt QR codes) and the staff password hash (argon2 salts).

Demo users get one random password nobody knows (hashed once, the hash is shared) and must change it: an
administrator resets the password of the one they want to use (`users reset-password`).

A second run with the SAME seed is refused (ConflictError): it would repeat the same request ids. A run with
another seed adds more data: persons get new ID numbers, receipt and case numbers continue after the counters.

This module is the loader: it reads what the database holds, lets the generators make rows (`demo_people`,
`demo_applications`, `demo_mediation`; the business mix in `demo_mix`, names in `demo_names`) and writes them.
The bulk tables (persons, applications and their children) go as tuples straight to the driver on the
transaction's own connection, with their indexes built once at the end (`demo_bulk`: executemany on SQLite, COPY
on PostgreSQL); the few hundred stations, users and mediation rows go through SQLAlchemy Core. All ids are
assigned here (max(id) + 1 …) so that child rows can point at them without a RETURNING round trip; on
PostgreSQL the id sequences are moved past them at the end. Run it while nobody else writes to the database.
"""

from __future__ import annotations

import gc
import random
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.clock import LOCAL_TZ
from desktop.db.models import (
    Application,
    ApplicationMaterial,
    AuditEvent,
    Counter,
    Endorsement,
    MediationCase,
    MediationFollowup,
    MediationParty,
    MediationSession,
    Person,
    StaffUser,
    Station,
)
from desktop.domain.catalog import load_catalog
from desktop.domain.workdays import load_work_calendar
from desktop.errors import ConflictError, ValidationError
from desktop.services import audit
from desktop.services import demo_names as names
from desktop.services.core import Actor, Core, Permission, authorize, command_line_actor
from desktop.services.demo_applications import (
    APPLICATION_COLUMNS,
    DETAIL_COLUMNS,
    ENDORSEMENT_COLUMNS,
    MATERIAL_COLUMNS,
    Applications,
    Encoders,
    FirstIds,
)
from desktop.services.demo_bulk import BulkWriter, bulk_writer
from desktop.services.demo_mediation import make_cases
from desktop.services.demo_mix import Mix, build_mix
from desktop.services.demo_people import PERSON_COLUMNS, DemoStation, People
from desktop.services.station import DEFAULT_DISTRICT

MAX_APPLICATIONS = 5_000_000
FULL_DISTRICT_FROM = 10_000  # from this many applications on, all 69 micro-stations over three years
CHUNK = 20_000  # applications per write (their persons, materials etc. go in the same flush)
DISTRICT_DAYS = 3 * 365
TRIAL_DAYS = 365  # a handful of stations: one year, so that a small demo still has recent, open applications
# Written by demo_bulk, parents first; their indexes are built once after the load.
BULK_TABLES = ("person", "application", "exit_entry_detail", "endorsement", "application_material")
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


def fill_demo_data(core: Core, *, applications: int, seed: int = 1, actor: Actor | None = None) -> DemoReport:
    """Fill the database with synthetic data (see the module docstring); one transaction, one audit event."""
    if not 0 <= applications <= MAX_APPLICATIONS:
        raise ValidationError("applications", f"演示受理件数应在 0 至 {MAX_APPLICATIONS:,} 之间")
    actor = actor or command_line_actor()
    started = time.perf_counter()
    mix = build_mix(load_catalog())
    now = core.clock()
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_SYSTEM)
        _refuse_used_seed(session, seed)
        with _without_cyclic_gc():
            report = _Loader(session, random.Random(seed), now, mix).run(seed, applications)
        detail = (
            f"种子={seed}，站点 {report.stations}（新建 {report.stations_created}），账户 {report.users_created}，"
            f"人员 {report.persons}，受理 {report.applications}（出入境 {report.exit_entry}），"
            f"调解 {report.mediation_cases}"
        )
        audit.record(
            session, core, actor, AUDIT_ACTION, entity="demo", entity_id=f"seed:{seed}", detail=detail
        )
    return replace(report, seconds=time.perf_counter() - started)


def span_days(applications: int) -> int:
    """How many days (up to today) the applications are spread over: three years at district scale."""
    return DISTRICT_DAYS if applications >= FULL_DISTRICT_FROM else TRIAL_DAYS


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
def _without_cyclic_gc() -> Iterator[None]:
    """Millions of row tuples would set off the cycle collector again and again (it walks every live tuple); the
    rows hold no cycles, and reference counting frees them as soon as they are written."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader:
    """Reads what the database already holds, drives the generators and writes their rows."""

    def __init__(self, session: Session, rng: random.Random, now: datetime, mix: Mix) -> None:
        self.session, self.rng, self.mix = session, rng, mix
        self.now = now.astimezone(UTC)
        today = now.astimezone(LOCAL_TZ).date()
        self.today = today
        self.days: list[date] = []
        self.stations: list[DemoStation] = []
        self.counters: dict[tuple[str, str], int] = {}  # (scope, period) → last_no already in the database
        self.new_counters: dict[tuple[str, str], int] = {}  # … and as the demo leaves them

    def run(self, seed: int, applications: int) -> DemoReport:
        session = self.session
        span = span_days(applications)
        self.days = [self.today - timedelta(days=span - 1 - i) for i in range(span)]
        target = len(names.community_stations()) if applications >= FULL_DISTRICT_FROM else 5
        stations_created = self._ensure_stations(target)
        users_created = self._ensure_staff()
        self._load_counters()
        first_ids = FirstIds(
            application=_next_id(session, Application),
            material=_next_id(session, ApplicationMaterial),
            endorsement=_next_id(session, Endorsement),
        )
        first_person, first_case = _next_id(session, Person), _next_id(session, MediationCase)
        taken = self._taken_id_numbers()
        with bulk_writer(session, BULK_TABLES) as writer:
            people = People(self.rng, first_person, taken, writer.day)
            apps = Applications(
                self.rng,
                self.now,
                self.mix,
                load_work_calendar(),
                people,
                self._reserve,
                first_ids,
                Encoders(writer.stamp, writer.day),
            )

            def flush() -> None:
                _hand_over(writer, people, apps)

            apps.generate(applications, self.days, self.stations, flush, CHUNK)
            cases = make_cases(
                self.rng,
                self.now,
                self.days,
                self.stations,
                self.mix,
                people,
                lambda scope, period: self._reserve(scope, period, 1),
                first_case,
                writer.stamp,
            )
            flush()  # the parties' person rows
        for model, rows in (
            (MediationCase, cases.cases),
            (MediationParty, cases.parties),
            (MediationSession, cases.sessions),
            (MediationFollowup, cases.followups),
        ):
            _insert(session, model, rows)
        self._write_counters()
        self._move_sequences()
        return DemoReport(
            seed=seed,
            stations=len(self.stations),
            stations_created=stations_created,
            users_created=users_created,
            persons=people.made,
            applications=apps.made,
            exit_entry=apps.exit_entry,
            materials=apps.material_count,
            endorsements=apps.endorsement_count,
            mediation_cases=len(cases.cases),
            first_day=self.days[0],
            last_day=self.days[-1],
            seconds=0.0,  # set by the caller, who also counts the commit
        )

    def _ensure_stations(self, target: int) -> int:
        """Demo stations up to `target` stations in all; every station of the database takes part."""
        session, rng = self.session, self.rng
        columns = (Station.id, Station.code, Station.short_name)
        existing = session.execute(select(*columns)).all()
        codes = {row.code for row in existing}
        # Case numbers are "(YYYY)<short name>调字第NNN号": a second 录霞 would repeat the user's numbers.
        short_names = {row.short_name for row in existing}
        new_rows: list[dict[str, Any]] = []
        for i, (place, police_station) in enumerate(names.community_stations(), start=1):
            if len(existing) + len(new_rows) >= target:
                break
            code, short_name = f"XS{i:03d}", names.short_place(place)
            if code in codes or short_name in short_names:
                continue
            new_rows.append(
                {
                    "code": code,
                    "name": f"{place}微派出所",
                    "short_name": short_name,
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
        _insert(session, Station, new_rows)
        rows = session.execute(select(*columns).order_by(Station.id)).all()
        self.stations = [DemoStation(r.id, r.code, r.short_name, rng.uniform(0.4, 1.6)) for r in rows]
        return len(new_rows)

    def _ensure_staff(self) -> int:
        """Two desk users and one officer per station (demo_<code>_fj1, _fj2, _mj), made where missing."""
        rng = self.rng
        wanted = [
            (st, f"demo_{st.code.lower()}_{suffix}", role)
            for st in self.stations
            for suffix, role in (("fj1", "desk"), ("fj2", "desk"), ("mj", "officer"))
        ]
        found = self._staff_by_username([username for _, username, _ in wanted])
        missing = [(username, role == "officer") for _, username, role in wanted if username not in found]
        # One random password nobody knows, hashed once (argon2 is slow on purpose) and shared.
        password_hash = PasswordHasher().hash(secrets.token_urlsafe(24)) if missing else ""
        new_rows: list[dict[str, Any]] = [
            {
                "username": username,
                "display_name": names.random_name(rng, rng.random() < (0.75 if officer else 0.5)),
                "police_no": f"{rng.randrange(10**6):06d}" if officer else f"FJ{rng.randrange(10**5):05d}",
                "role": "officer" if officer else "desk",
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
            for username, officer in missing
        ]
        _insert(self.session, StaffUser, new_rows)
        found.update(self._staff_by_username([username for username, _ in missing]))
        for st, username, role in wanted:
            user_id, display_name = found[username]
            if role == "officer":
                st.officer_id = user_id
            else:
                st.desk_ids.append(user_id)
            st.staff_names.append(display_name)
        return len(new_rows)

    def _staff_by_username(self, usernames: list[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for part in _chunks(usernames, 500):
            query = select(StaffUser.username, StaffUser.id, StaffUser.display_name)
            for row in self.session.execute(query.where(StaffUser.username.in_(part))):
                found[row.username] = (row.id, row.display_name)
        return found

    def _taken_id_numbers(self) -> set[str]:
        query = select(Person.id_number).where(Person.document_type == "resident_id")
        return {number for number in self.session.execute(query).scalars() if number}

    def _load_counters(self) -> None:
        scopes = [f"{kind}:{st.code}" for kind in ("receipt", "mediation") for st in self.stations]
        for part in _chunks(scopes, 500):
            query = select(Counter.scope, Counter.period, Counter.last_no).where(Counter.scope.in_(part))
            for row in self.session.execute(query):
                self.counters[(row.scope, row.period)] = row.last_no

    def _reserve(self, scope: str, period: str, count: int) -> int:
        """The first of `count` new numbers of (scope, period); the counter rows are written once, at the end."""
        key = (scope, period)
        last = self.new_counters.get(key, self.counters.get(key, 0))
        self.new_counters[key] = last + count
        return last + 1

    def _write_counters(self) -> None:
        """Counter rows = the last number used, so real allocations continue after the demo's numbers."""
        table = _table(Counter)
        updates = [
            {"s": scope, "p": period, "n": last}
            for (scope, period), last in self.new_counters.items()
            if (scope, period) in self.counters
        ]
        if updates:
            statement = (
                update(table)
                .where(table.c.scope == bindparam("s"), table.c.period == bindparam("p"))
                .values(last_no=bindparam("n"))
            )
            self.session.execute(statement, updates)
        inserts = [
            {"scope": scope, "period": period, "last_no": last}
            for (scope, period), last in self.new_counters.items()
            if (scope, period) not in self.counters
        ]
        _insert(self.session, Counter, inserts)

    def _move_sequences(self) -> None:
        """PostgreSQL: explicit ids do not move the id sequences; move them past the demo's rows."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for table in ("person", "application", "endorsement", "application_material", "mediation_case"):
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
            )


def _hand_over(writer: BulkWriter, people: People, apps: Applications) -> None:
    """The rows made so far to the writer, parents first (persons → applications → children)."""
    for table, columns, rows in (
        ("person", PERSON_COLUMNS, people.rows),
        ("application", APPLICATION_COLUMNS, apps.rows),
        ("exit_entry_detail", DETAIL_COLUMNS, apps.details),
        ("endorsement", ENDORSEMENT_COLUMNS, apps.endorsements),
        ("application_material", MATERIAL_COLUMNS, apps.materials),
    ):
        writer.write(table, columns, rows)
    people.rows, apps.rows, apps.details, apps.endorsements, apps.materials = [], [], [], [], []


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Plain Core executemany; the rows of one call share their keys."""
    if rows:
        session.execute(insert(_table(model)), rows)


def _next_id(session: Session, model: type[Any]) -> int:
    return int(session.execute(select(func.coalesce(func.max(model.id), 0))).scalar_one()) + 1


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
