"""Crash rounds: a desk process saving intakes is killed with SIGKILL at a random moment, then the shared database
is checked for what a desk relies on after a PC was switched off mid-save.

The saving process is forked from the test process (everything already imported, SQLAlchemy's mappers configured
and its statements compiled), so a round costs milliseconds of start-up, not an interpreter start. It saves
through the real service (`intake.create_intake`, a fresh request_id each) and writes one line to a pipe per
event, each line a single `write()` of less than PIPE_BUF bytes (atomic: a kill never leaves half a line):

    start <request_id>          the save is about to be called
    begin                       the save's write transaction began (engine event)
    commit                      COMMIT is about to be sent (engine event): from here the outcome is unknown
    ack <request_id> <number>   the call returned: an ACKNOWLEDGED save, which must survive anything after it
    error <text>                the save raised: the round fails

The parent kills the child 0–80 ms after the k-th `start` (k = 1 or 2, k and the delay drawn from a seeded random.Random,
so a failing round is reproducible) and then reads what the pipe holds.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import sqlite3
import time
import warnings
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import event, func, text
from sqlalchemy import select as sql_select

from desktop.clock import ManualClock, local_date
from desktop.db.database import Database
from desktop.db.models import Application, AuditEvent, Counter
from desktop.domain.catalog import Catalog, default_catalog
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import IntakeInput, PersonInput, materials_for, problems
from desktop.services import audit
from desktop.services.core import Actor, Core, command_line_actor
from desktop.services.demo_names import household_address, random_mobile, random_name, xiashan_address
from desktop.services.intake import create_intake

KILL_WINDOW_S = 0.080  # the kill lands 0–80 ms after the child said it started a save
ROUND_TIMEOUT_S = 30.0  # a child that says nothing for this long is stuck: the round fails
RELATIONS = ("父子", "母女", "夫妻", "兄弟", "朋友", "同事", "祖孙")
NOTES = ("", "", "", "电话已通知", "申请人行动不便，由家属陪同", "材料原件已核对后退还")


@dataclass(frozen=True)
class DeskAccount:
    """Who saves in the rounds: a station and one desk clerk's account."""

    station_code: str
    user_id: int
    username: str

    def actor(self) -> Actor:
        return Actor(username=self.username, role="desk", user_id=self.user_id, display_name="李辅警")


def _id_number(region: str, birth: date, sequence: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def realistic_intake(rng: random.Random, catalog: Catalog, today: date, round_no: int, i: int) -> IntakeInput:
    """A walk-in save as a desk makes them: any business, sometimes a proxy, sometimes a material still missing
    (the record is then 已退回), sometimes posted, sometimes a note. Every person is new: the applicant's ID number
    is unique per (round, save), born `round_no` days after 1950-01-01; a proxy is registered elsewhere."""
    business = rng.choice(catalog.walkin_businesses())
    certificate_kind, purpose, valid_until = "", "", None
    if business.code == "certificate":
        kind = rng.choice(catalog.certificate_kinds)
        certificate_kind = kind.code
        purpose = "乘机出行" if kind.needs_purpose else ""
        valid_until = today + timedelta(days=30) if kind.needs_validity else None
    birth = date(1950, 1, 1) + timedelta(days=round_no)
    male = i % 2 == 1  # the 17th digit's parity is the sex
    applicant = PersonInput(
        name=random_name(rng, male),
        id_number=_id_number("440803", birth, i),
        phone=random_mobile(rng),
        address=xiashan_address(rng),
        household_address=household_address(rng, "440803"),
    )
    agent = None
    relation = ""
    if rng.random() < 0.25:
        agent = PersonInput(
            name=random_name(rng, not male),
            id_number=_id_number("440802", birth + timedelta(days=3650), i),
            phone=random_mobile(rng),
            address=xiashan_address(rng),
        )
        relation = rng.choice(RELATIONS)
    checklist = materials_for(
        business, has_agent=agent is not None, minor=False, certificate_kind=certificate_kind
    )
    missing = rng.random() < 0.2
    materials = []
    for material in checklist:
        if material.required:
            materials.append(replace(material, received=not (missing and not materials)))
        elif rng.random() < 0.3:
            materials.append(replace(material, received=True))
    posted = rng.random() < 0.15
    form = IntakeInput(
        business_code=business.code,
        applicant=applicant,
        materials=tuple(materials),
        agent=agent,
        agent_relation=relation,
        certificate_kind=certificate_kind,
        purpose=purpose,
        valid_until=valid_until,
        pickup_method="post" if posted else "self",
        post_address=applicant.address if posted else "",
        notes=rng.choice(NOTES),
    )
    found = problems(form, catalog, today=today)
    assert not found, f"the test's own form is refused: {found[0]}"
    return form


@dataclass
class RoundResult:
    """What the parent learnt from the pipe of one killed child."""

    round_no: int
    kill_after_start: int  # the kill followed this save's `start` line (1-based)
    delay_ms: float
    started: list[str] = field(default_factory=list)
    acked: dict[str, str] = field(default_factory=dict)  # request_id → receipt number
    last_event: str = ""  # the child's last line before it died: start | begin | commit | ack
    error: str = ""

    @property
    def inside_transaction(self) -> bool:
        """The kill landed between BEGIN and the COMMIT being sent: the server/file held an open write."""
        return self.last_event == "begin"

    @property
    def unacknowledged(self) -> list[str]:
        return [rid for rid in self.started if rid not in self.acked]


def _child(db: Database, desk: DeskAccount, moment: datetime, seed: int, round_no: int, out: int) -> NoReturn:
    """The saving desk: save until killed; never returns into pytest."""
    code = 0
    try:

        def say(line: str) -> None:
            os.write(out, (line + "\n").encode("utf-8"))

        @event.listens_for(db.engine, "begin")
        def _began(conn: Any) -> None:
            options = conn.get_execution_options()
            # Database.write(): BEGIN IMMEDIATE on SQLite; reads on PostgreSQL run in autocommit.
            if options.get("sqlite_begin") == "BEGIN IMMEDIATE" or (
                not db.is_sqlite and options.get("isolation_level") != "AUTOCOMMIT"
            ):
                say("begin")

        @event.listens_for(db.engine, "commit")
        def _committing(_conn: Any) -> None:
            say("commit")

        rng = random.Random(seed)
        catalog = default_catalog()
        core = Core(db=db, clock=ManualClock(moment), workstation=f"crash-desk-{round_no}")
        actor = desk.actor()
        today = local_date(moment)
        for i in range(1000):
            form = realistic_intake(rng, catalog, today, round_no, i)
            request_id = f"crash-{round_no:03d}-{i:03d}-{rng.getrandbits(64):016x}"
            say(f"start {request_id}")
            saved = create_intake(core, actor, desk.station_code, request_id, form)
            say(f"ack {request_id} {saved.record.receipt_no}")
    except BaseException as exc:
        code = 1
        with contextlib.suppress(OSError):  # the parent may be gone
            os.write(out, f"error {type(exc).__name__}: {exc}".replace("\n", " ")[:3000].encode() + b"\n")
    finally:
        os._exit(code)


def crash_round(
    db: Database, desk: DeskAccount, *, rng: random.Random, round_no: int, moment: datetime
) -> RoundResult:
    """Fork a saving desk, kill it with SIGKILL 0–80 ms after the k-th save started (k = 1 or 2), read its pipe."""
    result = RoundResult(round_no, rng.randint(1, 2), rng.uniform(0, KILL_WINDOW_S) * 1000)
    child_seed = rng.getrandbits(32)
    db.engine.dispose()  # no pooled connection may be shared with the child (psycopg would close it on GC)
    read_end, write_end = os.pipe()
    # Python ≥ 3.12 warns about forking a process that has threads: the child here runs only the save and the
    # pipe, takes no lock another thread could hold (logging re-creates its locks at fork) and never returns.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(db, desk, moment, child_seed, round_no, write_end)
    os.close(write_end)
    buffer = b""
    killed = False
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], ROUND_TIMEOUT_S)
            if not ready:
                raise AssertionError(
                    f"round {round_no}: the saving desk said nothing for {ROUND_TIMEOUT_S} s"
                )
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            buffer += chunk
            starts = buffer.count(b"\nstart ") + buffer.startswith(b"start ")
            if not killed and starts >= result.kill_after_start:
                time.sleep(result.delay_ms / 1000)
                os.kill(pid, signal.SIGKILL)
                killed = True
    finally:
        if not killed:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
    _parse(result, buffer)
    return result


def _parse(result: RoundResult, buffer: bytes) -> None:
    for raw in buffer.split(b"\n")[:-1]:  # only complete lines (a write is atomic, but be strict)
        kind, _, rest = raw.decode("utf-8").partition(" ")
        if kind == "start":
            result.started.append(rest)
        elif kind == "ack":
            request_id, number = rest.split(" ")
            result.acked[request_id] = number
        elif kind == "error":
            result.error = rest
        result.last_event = kind


# -- what must hold after every round ----------------------------------------------------------------------


def sqlite_file_problems(path: Path) -> list[str]:
    """`PRAGMA integrity_check` and `foreign_key_check` on a connection of its own (the app's engine not involved)."""
    conn = sqlite3.connect(path)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    found = [] if integrity == ["ok"] else [f"integrity_check: {integrity[:5]}"]
    return found + [f"foreign_key_check: {row}" for row in foreign[:5]]


ORPHANS = {
    "material without its application": (
        "SELECT count(*) FROM application_material m "
        "WHERE NOT EXISTS (SELECT 1 FROM application a WHERE a.id = m.application_id)"
    ),
    "application without a material row (every business has required materials)": (
        "SELECT count(*) FROM application a "
        "WHERE NOT EXISTS (SELECT 1 FROM application_material m WHERE m.application_id = a.id)"
    ),
    "application without its applicant or proxy": (
        "SELECT count(*) FROM application a WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.applicant_id)"
        " OR (a.agent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.agent_id))"
    ),
    "person that no application names (every person here came with an intake)": (
        "SELECT count(*) FROM person p WHERE NOT EXISTS "
        "(SELECT 1 FROM application a WHERE a.applicant_id = p.id OR a.agent_id = p.id)"
    ),
    "application without its audit event": (
        "SELECT count(*) FROM application a WHERE NOT EXISTS (SELECT 1 FROM audit_event e "
        "WHERE e.action = 'intake.create' AND e.entity_id = a.receipt_no)"
    ),
    "audit event of an intake that is not there": (
        "SELECT count(*) FROM audit_event e WHERE e.action = 'intake.create' AND NOT EXISTS "
        "(SELECT 1 FROM application a WHERE a.receipt_no = e.entity_id)"
    ),
    "receipt number used twice": (
        "SELECT count(*) FROM (SELECT receipt_no FROM application GROUP BY receipt_no HAVING count(*) > 1) d"
    ),
    "intake audited twice": (
        "SELECT count(*) FROM (SELECT entity_id FROM audit_event WHERE action = 'intake.create' "
        "GROUP BY entity_id HAVING count(*) > 1) d"
    ),
}


def database_problems(db: Database, acked: dict[str, str], station_code: str) -> list[str]:
    """Orphans and duplicates, acknowledged saves missing or renumbered, counters that disagree with the rows,
    and the audit chain; an empty list when the database is as a desk relies on it."""
    found: list[str] = []
    with db.read() as session:
        for what, query in ORPHANS.items():
            count = int(session.execute(text(query)).scalar_one())
            if count:
                found.append(f"{what}: {count}")
        rows = session.execute(
            sql_select(Application.request_id, Application.receipt_no).where(
                Application.request_id.in_(list(acked))
            )
        ).all()
        stored = dict(rows)
        for request_id, number in acked.items():
            if stored.get(request_id) != number:
                found.append(
                    f"acknowledged save {request_id} ({number}) is {stored.get(request_id) or 'missing'}"
                )
        numbers = session.execute(sql_select(Application.receipt_no)).scalars().all()
        counters = session.execute(
            sql_select(Counter.period, Counter.last_no).where(Counter.scope == f"receipt:{station_code}")
        ).all()
        events = int(session.execute(sql_select(func.count()).select_from(AuditEvent)).scalar_one())
    found += counter_problems(numbers, dict(counters), station_code)
    chain = audit.verify_chain(Core(db=db), command_line_actor())
    if not chain.ok or chain.checked != events:
        found.append(f"audit chain: {chain}")
    return found


def counter_problems(numbers: list[str | None], counters: dict[str, int], station_code: str) -> list[str]:
    """DESIGN.md: the counter row is bumped in the record's own transaction — no duplicates across desks, no gaps
    on rollback. So for each day the counter's value is the highest number issued and the numbers are 1…last."""
    by_day: dict[str, list[int]] = {}
    for number in numbers:
        assert number is not None
        station, day, serial = number.rsplit("-", 2)
        assert station == station_code
        by_day.setdefault(day, []).append(int(serial))
    found = []
    for day in sorted(set(by_day) | set(counters)):
        issued = sorted(by_day.get(day, []))
        last = counters.get(day, 0)
        if issued != list(range(1, last + 1)):
            gaps = sorted(set(range(1, last + 1)) - set(issued))[:10]
            found.append(
                f"{day}: counter {last}, {len(issued)} rows, missing {gaps}, max {max(issued, default=0)}"
            )
    return found
