"""Demo data: valid ID numbers, gap-free numbering with matching counters, a realistic spread, determinism; the
bulk load (raw driver, indexes built at the end) leaves the schema as the migrations made it, stores values as
SQLAlchemy would, and rolls back whole."""

from __future__ import annotations

import json
import re
from collections import Counter as Tally
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from desktop.clock import LOCAL_TZ, ManualClock
from desktop.db.counters import allocate_receipt_no
from desktop.db.database import Database
from desktop.db.models import (
    Application,
    ApplicationMaterial,
    AuditEvent,
    Counter,
    Endorsement,
    ExitEntryDetail,
    MediationCase,
    MediationParty,
    Person,
    StaffUser,
    Station,
)
from desktop.db.schema import upgrade
from desktop.domain.catalog import load_catalog
from desktop.domain.identity import validate_id_number
from desktop.domain.workdays import load_work_calendar
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.services import audit, demo
from desktop.services.core import Actor, Core
from desktop.services.demo import DISTRICT_DAYS, TRIAL_DAYS, DemoReport, fill_demo_data
from tests.desktop.services.helpers import make_station, make_user

APPLICATIONS = 2_000
SEED = 7
CATALOG = load_catalog()
WALKIN_CODES = {b.code for b in CATALOG.businesses}
EXIT_CODES = {"passport", "hk_macau", "taiwan"}
CASE_NO = re.compile(r"^\((\d{4})\)(.+)调字第(\d{3})号$")


@pytest.fixture
def filled(core: Core, admin: Actor) -> DemoReport:
    return fill_demo_data(core, applications=APPLICATIONS, seed=SEED, actor=admin)


def _today(core: Core) -> date:
    return core.clock().astimezone(LOCAL_TZ).date()


def _count(core: Core, model: type) -> int:
    with core.db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _schema(core: Core) -> set[tuple[str, ...]]:
    """Every index and constraint as the database describes it (SQLite: its stored DDL)."""
    with core.db.read() as session:
        if core.db.is_sqlite:
            rows = session.execute(text("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"))
        else:
            rows = session.execute(
                text(
                    "SELECT 'index', indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                    "UNION ALL SELECT 'constraint', conname, conrelid::regclass::text, "
                    "pg_get_constraintdef(oid) || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END "
                    "FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
                )
            )
        return {tuple(str(value) for value in row) for row in rows}


def _assert_receipts_gap_free(core: Core) -> None:
    """Per station and day: numbers 1..n in order of intake, and the counter row holds n."""
    with core.db.read() as session:
        rows = session.execute(
            select(Station.code, Application.business_day, Application.receipt_no, Application.created_at)
            .join(Station, Station.id == Application.station_id)
            .order_by(Application.created_at, Application.id)
        ).all()
        counters = {
            (row.scope, row.period): row.last_no
            for row in session.execute(select(Counter).where(Counter.scope.like("receipt:%"))).scalars()
        }
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code, day, receipt_no, _created in rows:
        period = day.strftime("%Y%m%d")
        prefix = f"{code}-{period}-"
        assert receipt_no.startswith(prefix)
        numbers[(f"receipt:{code}", period)].append(int(receipt_no.removeprefix(prefix)))
    assert numbers
    for key, got in numbers.items():
        assert sorted(got) == list(range(1, len(got) + 1)), key
    assert counters == {key: max(got) for key, got in numbers.items()}


def test_report_matches_the_database(core: Core, filled: DemoReport) -> None:
    assert filled.applications == _count(core, Application) == APPLICATIONS
    with core.db.read() as session:
        distinct = session.execute(
            select(
                func.count(Application.receipt_no.distinct()), func.count(Application.request_id.distinct())
            )
        ).one()
    assert tuple(distinct) == (APPLICATIONS, APPLICATIONS)
    assert filled.persons == _count(core, Person)
    assert 0.6 * APPLICATIONS <= filled.persons <= 0.8 * APPLICATIONS
    assert filled.materials == _count(core, ApplicationMaterial)
    assert filled.endorsements == _count(core, Endorsement) > 0
    assert filled.exit_entry == _count(core, ExitEntryDetail)
    assert filled.mediation_cases == _count(core, MediationCase) >= 3 * filled.stations
    assert (filled.stations, filled.stations_created, filled.users_created) == (5, 5, 15)
    assert filled.last_day == _today(core)
    assert filled.first_day == _today(core) - timedelta(days=TRIAL_DAYS - 1)
    text = str(filled)
    assert "受理 2,000 件" in text
    assert f"种子 {SEED}" in text
    assert "秒" in text


def test_every_id_number_is_valid_and_matches_the_person(core: Core, filled: DemoReport) -> None:
    with core.db.read() as session:
        people = session.execute(
            select(Person.id_number, Person.gender, Person.birth_date, Person.phone, Person.name)
        ).all()
    today = _today(core)
    numbers = [p.id_number for p in people]
    assert len(set(numbers)) == len(numbers) == filled.persons
    regions: Tally[str] = Tally()
    for number, gender, birth_date, phone, name in people:
        info = validate_id_number(number, today=today)
        assert info.number == number
        assert info.gender == gender
        assert info.birth_date == birth_date
        assert date(1935, 1, 1) <= birth_date <= today
        assert phone == "" or re.fullmatch(r"1[3-9][0-9]{9}", phone)
        assert 2 <= len(name) <= 4
        regions[number[:6]] += 1
    assert regions.most_common(1)[0][0] == "440803"
    assert any(not region.startswith("4408") for region in regions)  # migrants


def test_receipt_numbers_are_gap_free_and_counters_continue(core: Core, filled: DemoReport) -> None:
    _assert_receipts_gap_free(core)
    with core.db.read() as session:
        code, day, last = session.execute(
            select(Station.code, Application.business_day, Application.receipt_no)
            .join(Station, Station.id == Application.station_id)
            .order_by(Application.id.desc())
            .limit(1)
        ).one()
    with core.db.write() as session:
        following = allocate_receipt_no(session, code, day)
    assert int(following.rsplit("-", 1)[1]) == int(last.rsplit("-", 1)[1]) + 1


def test_mediation_cases_are_numbered_per_station_and_year(core: Core, filled: DemoReport) -> None:
    with core.db.read() as session:
        cases = session.execute(
            select(Station.code, Station.short_name, MediationCase.id, MediationCase.case_no)
            .join(Station, Station.id == MediationCase.station_id)
            .order_by(MediationCase.id)
        ).all()
        counters = {
            (row.scope, row.period): row.last_no
            for row in session.execute(select(Counter).where(Counter.scope.like("mediation:%"))).scalars()
        }
        roles = defaultdict(set)
        for case_id, role in session.execute(select(MediationParty.case_id, MediationParty.role)):
            roles[case_id].add(role)
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code, short_name, case_id, case_no in cases:
        match = CASE_NO.match(case_no)
        assert match, case_no
        assert match[2] == short_name
        numbers[(f"mediation:{code}", match[1])].append(int(match[3]))
        assert {"applicant", "respondent"} <= roles[case_id]
    for key, got in numbers.items():
        assert got == list(range(1, len(got) + 1)), key
    assert counters == {key: max(got) for key, got in numbers.items()}


def test_statuses_businesses_and_times_are_spread_realistically(core: Core, filled: DemoReport) -> None:
    now = core.clock()
    today = _today(core)
    with core.db.read() as session:
        apps = session.execute(select(Application)).scalars().all()
        staff = {u.id: u.role for u in session.execute(select(StaffUser)).scalars()}
        details = {d.application_id: d for d in session.execute(select(ExitEntryDetail)).scalars()}
        endorsements: dict[int, int] = defaultdict(int)
        for application_id, fee in session.execute(select(Endorsement.application_id, Endorsement.fee_fen)):
            endorsements[application_id] += fee
        materials: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for application_id, code, name in session.execute(
            select(ApplicationMaterial.application_id, ApplicationMaterial.code, ApplicationMaterial.name)
        ):
            materials[application_id].append((code, name))
        births = dict(session.execute(select(Person.id, Person.birth_date)).tuples().all())
    calendar = load_work_calendar()
    statuses = Tally(a.status for a in apps)
    assert {"reviewed", "forwarded", "completed", "picked_up", "returned", "voided"} <= set(statuses)
    assert statuses["completed"] + statuses["picked_up"] > 0.8 * len(apps)
    assert statuses["voided"] < 0.05 * len(apps)
    businesses = Tally(a.business_code for a in apps)
    assert set(businesses) == WALKIN_CODES | EXIT_CODES
    common = {"id_card_renewal", "residence_permit", "no_criminal_record", "certificate"}
    assert {code for code, _ in businesses.most_common(5)} & common
    exit_share = sum(businesses[c] for c in EXIT_CODES) / len(apps)
    assert 0.10 <= exit_share <= 0.20
    weekdays = 0
    for app in apps:
        local = app.created_at.astimezone(LOCAL_TZ)
        assert local.date() == app.business_day
        assert time(8, 30) <= local.time() < time(17, 30)
        assert today - timedelta(days=TRIAL_DAYS - 1) <= app.business_day <= today
        assert app.created_at <= now
        weekdays += app.business_day.weekday() < 5
        age = (today - app.business_day).days
        if age == 0:
            assert app.status in {"received", "reviewed", "returned", "voided"}
        if age > 60:
            assert app.status not in {"received", "reviewed"}
        assert (app.reviewed_at is None) == (app.status == "received")
        if app.reviewed_at is not None:
            assert app.created_at <= app.reviewed_at <= now
            assert app.reviewed_by is not None
            assert staff[app.reviewed_by] == "officer"
        assert app.created_at <= app.updated_at <= now
        assert staff[app.created_by] in {"desk", "officer"}
        assert app.promised_date is not None
        assert app.promised_date >= app.business_day
        # Materials, fee and promised date as the catalog and the work calendar give them to real intake.
        if app.kind == "walkin":
            business = CATALOG.walkin(app.business_code)
            offered = business.materials
            time_limit = business.time_limit
            assert app.fee_fen == business.fee_fen
        else:
            detail = details[app.id]
            offered = CATALOG.exit_entry.materials_for(detail.application_type)
            time_limit = CATALOG.exit_entry.time_limit(local_household=detail.household_local)
        got = materials[app.id]
        assert len(got) == len(set(got)) >= 1
        assert set(got) <= {(m.code, m.name) for m in offered}
        assert {(m.code, m.name) for m in offered if m.required} <= set(got)
        assert app.promised_date == calendar.due_date_for(time_limit, app.business_day).date
        assert app.agent_id != app.applicant_id
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", app.request_id
        )
        assert (app.kind == "exit_entry") == (app.id in details) == (app.business_code in EXIT_CODES)
        if app.business_code == "birth_registration":
            assert app.agent_id is not None
            born = births[app.applicant_id]
            assert born is not None
            assert 0 <= (app.business_day - born).days <= 45
        if app.business_code == "passport":
            assert app.fee_fen in {12000, 2000, 4000}
        elif app.kind == "exit_entry":
            detail = details[app.id]
            document_fee = 0 if detail.application_type == "endorsement" else 6000
            assert app.fee_fen == document_fee + endorsements[app.id]
            if detail.application_type == "endorsement":
                assert endorsements[app.id] > 0
    assert weekdays > 0.85 * len(apps)


def test_demo_users_must_change_their_unknown_password(core: Core, filled: DemoReport) -> None:
    with core.db.read() as session:
        users = session.execute(select(StaffUser).where(StaffUser.username.like("demo_%"))).scalars().all()
    assert len(users) == 15
    assert Tally(u.role for u in users) == {"desk": 10, "officer": 5}
    assert all(u.must_change_password and u.is_active for u in users)
    assert len({u.password_hash for u in users}) == 1
    assert users[0].password_hash.startswith("$argon2")


def test_one_audit_event_and_the_chain_holds(core: Core, filled: DemoReport, admin: Actor) -> None:
    with core.db.read() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "demo.fill")).scalars().all()
    assert len(events) == 1
    assert events[0].entity_id == f"seed:{SEED}"
    assert f"受理 {APPLICATIONS}" in events[0].detail
    assert audit.verify_chain(core, admin).ok


def test_same_seed_is_refused_another_seed_adds_more(core: Core, filled: DemoReport, admin: Actor) -> None:
    with pytest.raises(ConflictError, match=f"种子 {SEED}"):
        fill_demo_data(core, applications=100, seed=SEED, actor=admin)
    more = fill_demo_data(core, applications=500, seed=SEED + 1, actor=admin)
    assert (more.stations, more.stations_created, more.users_created) == (5, 0, 0)
    assert _count(core, Application) == APPLICATIONS + 500
    assert _count(core, Person) == filled.persons + more.persons
    _assert_receipts_gap_free(core)
    check = audit.verify_chain(core, admin)
    assert check.ok
    with core.db.read() as session:
        numbers = session.execute(select(Person.id_number)).scalars().all()
        cases = session.execute(select(MediationCase.case_no)).scalars().all()
    assert len(set(numbers)) == len(numbers)
    assert len(set(cases)) == len(cases)


def test_a_station_of_the_user_takes_part(core: Core, admin: Actor) -> None:
    make_station(core, admin, code="XSLX01")
    report = fill_demo_data(core, applications=300, seed=3, actor=admin)
    assert (report.stations, report.stations_created) == (5, 4)
    with core.db.read() as session:
        station_id = session.execute(select(Station.id).where(Station.code == "XSLX01")).scalar_one()
        own = session.execute(
            select(func.count()).select_from(Application).where(Application.station_id == station_id)
        ).scalar_one()
        demo_users = session.execute(
            select(StaffUser.username).where(StaffUser.username.like("demo_xslx01_%"))
        ).scalars()
        assert sorted(demo_users) == ["demo_xslx01_fj1", "demo_xslx01_fj2", "demo_xslx01_mj"]
    assert own > 0
    _assert_receipts_gap_free(core)


def test_bad_requests_are_refused(core: Core, admin: Actor) -> None:
    with pytest.raises(ValidationError):
        fill_demo_data(core, applications=-1, actor=admin)
    with pytest.raises(PermissionDenied):
        fill_demo_data(core, applications=10, actor=Actor(username="desk1", role="desk", user_id=1))
    assert _count(core, Station) == 0


def test_rights_are_checked_in_the_transaction(core: Core, admin: Actor) -> None:
    """A logged-in administrator deactivated since logging in is refused, and nothing is written."""
    user = make_user(core, admin, username="wang", role="admin")
    actor = Actor(username="wang", role="admin", user_id=user.id)
    with core.db.write() as session:
        session.execute(update(StaffUser).where(StaffUser.id == user.id).values(is_active=False))
    with pytest.raises(PermissionDenied):
        fill_demo_data(core, applications=10, actor=actor)
    assert _count(core, Station) == _count(core, Application) == 0


def _fill_fresh(path: Path, seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    db = Database(f"sqlite:///{path}")
    try:
        upgrade(db)
        core = Core(db=db, clock=ManualClock(datetime(2026, 6, 17, 7, 0, tzinfo=UTC)), workstation="t")
        actor = Actor(username="cli:t", role="admin", is_command_line=True)
        fill_demo_data(core, applications=400, seed=seed, actor=actor)
        with db.read() as session:
            people = session.execute(select(Person.name, Person.id_number).order_by(Person.id)).tuples().all()
            apps = (
                session.execute(
                    select(
                        Application.request_id,
                        Application.receipt_no,
                        Application.business_code,
                        Application.status,
                    ).order_by(Application.id)
                )
                .tuples()
                .all()
            )
        return [(n, i or "") for n, i in people], [(r, n or "", b, s) for r, n, b, s in apps]
    finally:
        db.dispose()


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    first = _fill_fresh(tmp_path / "a.sqlite3", seed=11)
    again = _fill_fresh(tmp_path / "b.sqlite3", seed=11)
    other = _fill_fresh(tmp_path / "c.sqlite3", seed=12)
    assert first == again
    assert first[0] != other[0]
    assert first[1] != other[1]


def test_ids_of_later_records_continue_after_the_demo(core: Core, filled: DemoReport) -> None:
    """The demo assigns ids itself; PostgreSQL's sequences must have been moved past them."""
    now = core.clock()
    with core.db.write() as session:
        last_person = session.execute(select(func.max(Person.id))).scalar_one()
        last_application = session.execute(select(func.max(Application.id))).scalar_one()
        person = Person(name="测试", created_at=now, updated_at=now)
        session.add(person)
        session.flush()
        desk = session.execute(select(StaffUser.id).where(StaffUser.role == "desk").limit(1)).scalar_one()
        station_id = session.execute(select(Station.id).limit(1)).scalar_one()
        application = Application(
            request_id="00000000-0000-4000-8000-000000000000",
            station_id=station_id,
            kind="walkin",
            business_code="certificate",
            applicant_id=person.id,
            status="received",
            business_day=now.astimezone(LOCAL_TZ).date(),
            created_by=desk,
            created_at=now,
            updated_at=now,
        )
        session.add(application)
        session.flush()
        last_material = session.execute(select(func.max(ApplicationMaterial.id))).scalar_one()
        material = ApplicationMaterial(
            application_id=application.id, code="id_card", name="居民身份证", form="original", received=True
        )
        session.add(material)
        session.flush()
        assert person.id > last_person
        assert application.id > last_application
        assert material.id > last_material


def test_the_bulk_load_leaves_indexes_and_constraints_as_the_migrations_made_them(
    core: Core, admin: Actor
) -> None:
    before = _schema(core)
    fill_demo_data(core, applications=300, seed=5, actor=admin)
    assert _schema(core) == before


def test_values_are_stored_as_sqlalchemy_stores_them(core: Core, filled: DemoReport) -> None:
    """The bulk rows bypass SQLAlchemy's types: the text SQLite holds must be the same as theirs (the app compares
    these columns as text in SQL); PostgreSQL's instants are checked against the local day in the spread test."""
    if not core.db.is_sqlite:
        pytest.skip("SQLite stores dates, times, booleans and JSON as text or integers")
    with core.db.read() as session:
        rows = session.execute(
            text(
                "SELECT a.created_at, a.updated_at, a.reviewed_at, a.business_day, a.promised_date, a.extra, "
                "p.birth_date, p.created_at, m.received FROM application a JOIN person p ON p.id = a.applicant_id "
                "JOIN application_material m ON m.application_id = a.id"
            )
        ).all()
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
    day = re.compile(r"\d{4}-\d\d-\d\d")
    for created, updated, reviewed, business_day, promised, extra, birth, person_created, received in rows:
        for value in (created, updated, person_created):
            assert stamp.fullmatch(value), value
        assert reviewed is None or stamp.fullmatch(reviewed), reviewed
        for value in (business_day, promised, birth):
            assert day.fullmatch(value), value
        assert extra == json.dumps(json.loads(extra))
        assert received in (0, 1)
    with core.db.read() as session:
        kinds = session.execute(select(Application.extra).where(Application.business_code == "certificate"))
        assert all(set(extra) == {"certificate_kind"} for extra in kinds.scalars())


def test_a_failed_load_leaves_nothing_behind(
    core: Core, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk rows are written and the indexes dropped before the mediation cases are made: a failure there
    must roll all of it back, indexes included."""
    before = _schema(core)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("generator failed")

    monkeypatch.setattr(demo, "make_cases", fail)
    with pytest.raises(RuntimeError, match="generator failed"):
        fill_demo_data(core, applications=500, seed=5, actor=admin)
    assert _schema(core) == before
    assert _count(core, Application) == _count(core, Person) == _count(core, Station) == 0
    assert _count(core, AuditEvent) == 0
    monkeypatch.undo()
    report = fill_demo_data(
        core, applications=500, seed=5, actor=admin
    )  # the connection is fit for use again
    assert report.applications == _count(core, Application) == 500


def test_from_district_scale_on_all_69_stations_over_three_years(core: Core, admin: Actor) -> None:
    report = fill_demo_data(core, applications=10_000, seed=2, actor=admin)
    assert (report.stations, report.applications) == (69, 10_000)
    assert report.first_day == _today(core) - timedelta(days=DISTRICT_DAYS - 1)
    with core.db.read() as session:
        first, last, stations = session.execute(
            select(
                func.min(Application.business_day),
                func.max(Application.business_day),
                func.count(Application.station_id.distinct()),
            )
        ).one()
    assert (report.first_day, report.last_day, stations) == (first, last, 69)
    _assert_receipts_gap_free(core)
