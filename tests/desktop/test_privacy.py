"""Privacy checks (issue 10, item 7) on SQLite and PostgreSQL.

Records are made through the services with known full ID numbers; then, role by role (desk, officer, admin,
auditor), everything the services give that role — lists and search results, records, PDFs (pdftotext), the
.xlsx exports (openpyxl), the audit log — and the log file (written at DEBUG while the work ran) are scanned for the
full 18-character numbers. DESIGN.md and DOMAIN.md allow a full number in one place only: an officer's audited
reveal (review.reveal_id). Receipts, notices, 移交清单, 调解协议书 and 日报 print the masked number
(440803********1234); ID numbers are stored plain in `person` (DESIGN.md data model), so the database itself is
not scanned for live numbers.

Then what must leave no trace: a planted password (argon2 hash only, never logged) and an ID number typed by
mistake and corrected on the record (the orphaned person is deleted: services.people.forget_if_orphaned) are
found nowhere in the raw bytes of the SQLite file and its -wal file, nor in the logs; on PostgreSQL nowhere in any
table's contents; nor in a backup taken afterwards (`db backup`: the SQLite copy's bytes, the PostgreSQL dump's
SQL), while a backup taken before still holds them — a backup is a copy of its day.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from desktop.db import backup
from desktop.db.models import Base
from desktop.db.pg_backup import find_tool
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import PersonInput
from desktop.domain.mediation_rules import CaseInput, OutcomeInput, PartyInput, SessionInput
from desktop.errors import PermissionDenied
from desktop.logsetup import configure_logging
from desktop.services import (
    audit,
    auth,
    day_export,
    exit_entry,
    handover,
    intake,
    intake_list,
    mediation,
    mediation_stats,
    receipt_search,
    receipts,
    review,
)
from desktop.services.core import Actor, Core
from desktop.services.intake_list import IntakeFilter
from tests.desktop.documents import pdftools
from tests.desktop.services.helpers import PASSWORD, make_station
from tests.desktop.services.test_exit_entry import form as exit_form
from tests.desktop.services.test_intake import TODAY, form

STATION = "XSLX01"
PLANTED_PASSWORD = "Qz7#PlantedSecret-4410"


def ident(first17: str) -> str:
    return first17 + id_check_char(first17)


APPLICANT = ident("44080319850312123")
AGENT = ident("44080319900101002")
RETURNED = ident("44080319780506201")
TRAVELLER = ident("44080219920214301")
PARTY_A = ident("44080319700101005")
PARTY_B = ident("44080319720202006")
MISTYPED = ident("44080319660606607")  # typed by mistake, then corrected to CORRECTED
CORRECTED = ident("44080319660606615")
FULL_NUMBERS = (APPLICANT, AGENT, RETURNED, TRAVELLER, PARTY_A, PARTY_B, CORRECTED)
FULL = re.compile("|".join(FULL_NUMBERS))


@dataclass(frozen=True)
class Staff:
    desk: Actor
    officer: Actor
    admin: Actor
    auditor: Actor


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "microstation.log"
    configure_logging(path, level=logging.DEBUG)
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "microstation", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.WARNING)


def _staff(core: Core, admin: Actor) -> Staff:
    make_station(core, admin, STATION)
    actors = {}
    for username, role in (
        ("desk1", "desk"),
        ("officer1", "officer"),
        ("admin1", "admin"),
        ("audit1", "auditor"),
    ):
        user = auth.add_user(
            core, admin, username=username, role=role, display_name="张三", password=PASSWORD
        )
        actors[role] = user.as_actor()
    return Staff(actors["desk"], actors["officer"], actors["admin"], actors["auditor"])


def _work(core: Core, staff: Staff) -> dict[str, Any]:
    """A day's work with known numbers: walk-ins (one returned), an exit-entry batch, a mediation agreement."""
    desk = staff.desk
    walkin = intake.create_intake(
        core, desk, STATION, "p-1",
        form("certificate", certificate_kind="no_criminal_record",
             agent=PersonInput(name="李四", id_number=AGENT, phone="13912345678"),
             agent_relation="朋友"),
    ).record  # fmt: skip
    returned_form = form(received={"hukou_book"})
    returned = intake.create_intake(
        core, desk, STATION, "p-2", replace(returned_form, applicant=replace(returned_form.applicant, id_number=RETURNED, name="王五"))
    ).record  # fmt: skip
    travel_form = exit_form("passport")
    travel = exit_entry.create_exit_entry(
        core, desk, STATION, "p-3",
        replace(travel_form, applicant=replace(travel_form.applicant, id_number=TRAVELLER, name="赵六")),
    )  # fmt: skip
    batch = handover.create_batch(core, desk, STATION, "p-4", [travel.application_id])
    case = mediation.create_case(
        core, desk, STATION, "p-5",
        CaseInput("people", "party_application", "neighbourhood", "漏水纠纷",
                  (PartyInput("applicant", "孙七", id_number=PARTY_A, phone="13812340001"),
                   PartyInput("respondent", "周八", id_number=PARTY_B))),
    ).record  # fmt: skip
    case = mediation.add_session(
        core,
        desk,
        case.case_id,
        SessionInput(core.clock() - timedelta(hours=1), "吴调解"),
        version=case.version,
    )
    case = mediation.record_outcome(
        core, desk, case.case_id,
        OutcomeInput("agreed", terms="周八赔偿孙七维修费500元", performance_deadline=TODAY + timedelta(days=10)),
        version=case.version,
    )  # fmt: skip
    return {"walkin": walkin, "returned": returned, "travel": travel, "batch": batch, "case": case}


def _texts(value: Any) -> str:
    return repr(value)


def _pdf(copy: receipts.PrintedCopy) -> str:
    return pdftools.text(copy.pdf)


def _xlsx(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )


def _what_a_role_gets(core: Core, actor: Actor, work: dict[str, Any], tmp: Path) -> dict[str, str]:
    """Every list, search, record, PDF and export the services give `actor` (refused ones left out)."""
    walkin, returned, travel = work["walkin"], work["returned"], work["travel"]
    case, batch = work["case"], work["batch"]
    month_xlsx = tmp / f"stats-{actor.username}.xlsx"
    views: dict[str, Callable[[], str]] = {
        "walk-in list": lambda: _texts(
            intake_list.list_intake(core, actor, STATION, IntakeFilter(day=TODAY))
        ),
        "walk-in search by full number": lambda: _texts(
            intake_list.list_intake(core, actor, STATION, IntakeFilter(text=APPLICANT))
        ),
        "exit-entry list": lambda: _texts(
            intake_list.list_intake(core, actor, STATION, IntakeFilter(day=TODAY, kind="exit_entry"))
        ),
        # the look-up answers the number the desk has just typed (it holds the card): nothing else in full
        "person look-up": lambda: _texts(
            intake_list.find_person(core, actor, "resident_id", APPLICANT)
        ).replace(f"id_number='{APPLICANT}'", "id_number=(as typed)"),
        "receipt search": lambda: _texts(receipt_search.find_documents(core, actor, STATION, text=TRAVELLER)),
        "receipt search by day": lambda: _texts(
            receipt_search.find_documents(core, actor, STATION, day=TODAY)
        ),
        "review queue": lambda: _texts(review.review_queue(core, actor, STATION, TODAY)),
        "walk-in record": lambda: _texts(intake.get_intake(core, actor, walkin.application_id)),
        "exit-entry record": lambda: _texts(exit_entry.get_exit_entry(core, actor, travel.application_id)),
        "batchable": lambda: _texts(handover.batchable(core, actor, STATION)),
        "pickups": lambda: _texts(handover.pending_pickups(core, actor, STATION)),
        "batch": lambda: _texts(handover.get_batch(core, actor, batch.batch_id)),
        "mediation list": lambda: _texts(mediation.list_cases(core, actor, STATION, text=PARTY_A)),
        "mediation case": lambda: _texts(mediation.get_case(core, actor, case.case_id)),
        "receipt PDF": lambda: _pdf(receipts.preview_document(core, actor, walkin.receipt_no)),
        "exit-entry receipt PDF": lambda: _pdf(receipts.preview_document(core, actor, travel.receipt_no)),
        "supplement notice PDF": lambda: _pdf(receipts.preview_document(core, actor, returned.receipt_no)),
        "移交清单 PDF": lambda: _pdf(handover.render_handover(core, actor, batch.batch_no, reason="核对")),
        "调解协议书 PDF": lambda: _pdf(mediation.render_agreement(core, actor, case.case_id, reason="核对")),
        "日报 PDF": lambda: _pdf(review.preview_daily_report(core, actor, STATION, TODAY)),
        "day export .xlsx": lambda: _xlsx(day_export.export_day(core, actor, STATION, TODAY).content),
        "mediation stats .xlsx": lambda: (
            mediation_stats.export_month_xlsx(core, actor, STATION, TODAY.year, TODAY.month, month_xlsx),
            _xlsx(month_xlsx.read_bytes()),
        )[1],
        "audit chain": lambda: _texts(audit.verify_chain(core, actor)),
    }
    got = {}
    for name, view in views.items():
        try:
            got[name] = view()
        except PermissionDenied:
            continue
    return got


def test_no_role_gets_a_full_id_number_except_an_officers_audited_reveal(
    core: Core, admin: Actor, log_file: Path, tmp_path: Path
) -> None:
    pdftools.require_tools()
    staff = _staff(core, admin)
    work = _work(core, staff)
    seen: dict[str, set[str]] = {}
    for role, actor in (("desk", staff.desk), ("officer", staff.officer), ("admin", staff.admin),
                        ("auditor", staff.auditor)):  # fmt: skip
        got = _what_a_role_gets(core, actor, work, tmp_path)
        seen[role] = set(got)
        leaks = {name: FULL.findall(content) for name, content in got.items() if FULL.search(content)}
        assert not leaks, f"{role} sees full ID numbers: {leaks}"
    # what each role could open at all (a role that got nothing would prove nothing)
    assert {"walk-in list", "receipt PDF", "调解协议书 PDF", "移交清单 PDF", "supplement notice PDF"} <= seen[
        "desk"
    ]
    assert {"review queue", "日报 PDF", "day export .xlsx", "mediation stats .xlsx"} <= seen["officer"]
    assert "audit chain" in seen["auditor"]

    # the one allowed place: an officer's reveal, with a reason, audited; refused to the desk
    with pytest.raises(PermissionDenied):
        review.reveal_id(core, staff.desk, work["walkin"].application_id, "核对身份")
    assert review.reveal_id(core, staff.officer, work["walkin"].application_id, "核对身份") == APPLICANT
    with core.db.read() as session:
        details = " ".join(str(d) for d in session.execute(text("SELECT detail FROM audit_event")).scalars())
    assert not FULL.search(details)

    logging.getLogger("desktop.test").debug("applicant %s agent %s", APPLICANT, AGENT)  # a careless line
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = "".join(p.read_text("utf-8") for p in log_file.parent.glob("microstation.log*"))
    assert "applicant 440803********" in logged  # the log was written, masked
    assert not FULL.search(logged)


def _raw_sqlite(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _postgres_contents(core: Core) -> str:
    with core.db.read() as session:
        return "\n".join(
            repr(row)
            for table in Base.metadata.sorted_tables
            for row in session.execute(text(f'SELECT * FROM "{table.name}"')).all()
        )


def test_a_planted_password_and_a_corrected_id_number_leave_no_trace(
    core: Core, admin: Actor, log_file: Path, backend: str
) -> None:
    staff = _staff(core, admin)
    planted = auth.add_user(
        core, admin, username="planted", role="desk", display_name="钱九", password=PLANTED_PASSWORD
    )
    auth.login(core, "planted", PLANTED_PASSWORD)
    with pytest.raises(PermissionDenied):
        auth.login(core, "planted", PLANTED_PASSWORD + "x")  # a failed attempt is audited and logged
    desk = planted.as_actor()
    mistyped = form()
    saved = intake.create_intake(
        core,
        desk,
        STATION,
        "p-9",
        replace(mistyped, applicant=replace(mistyped.applicant, id_number=MISTYPED)),
    ).record
    corrected = intake.update_intake(
        core, desk, saved.application_id, saved.version,
        replace(mistyped, applicant=replace(mistyped.applicant, id_number=CORRECTED)),
    ).record  # fmt: skip
    assert corrected.applicant.id_masked.endswith(CORRECTED[-4:])
    assert review.reveal_id(core, staff.officer, saved.application_id, "核对更正") == CORRECTED

    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = "".join(p.read_text("utf-8") for p in log_file.parent.glob("microstation.log*"))
    traces = (PLANTED_PASSWORD, MISTYPED)
    assert not [t for t in traces if t in logged]
    if backend == "sqlite":
        path = Path(core.db.engine.url.database or "")
        before = _raw_sqlite(path)
        in_wal_before = [t for t in traces if t.encode() in before]
        with core.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        after = _raw_sqlite(path)
        assert CORRECTED.encode() in after  # the scan reads the real file
        assert not [t for t in traces if t.encode() in after], (
            f"still in the file (before checkpoint: {in_wal_before})"
        )
    else:
        contents = _postgres_contents(core)
        assert CORRECTED in contents
        assert not [t for t in traces if t in contents]


def _backup_text(core: Core, target: Path, backend: str) -> str:
    """A backup taken as `db backup PATH` takes it, as text to search: the SQLite copy's raw bytes (decoded
    byte for byte), or the PostgreSQL dump as the SQL `pg_restore -f -` makes of it (the dump is compressed)."""
    url = core.db.engine.url.render_as_string(hide_password=False)
    backup.backup(url, target)
    if backend == "sqlite":
        return target.read_bytes().decode("latin-1")
    written = subprocess.run(
        [find_tool("pg_restore"), "-f", "-", str(target)], capture_output=True, check=True, timeout=60
    )
    return written.stdout.decode("utf-8")


def test_a_backup_is_a_copy_of_its_day_the_corrected_number_and_the_old_password_are_not_in_a_later_one(
    core: Core, admin: Actor, backend: str, tmp_path: Path
) -> None:
    """A backup holds what the database held when it was taken: one taken before the mistyped number was
    corrected still holds that number (and the planted password's hash) — that is what a backup is for, and
    the retention count (`auto_backups` in config.toml; `db backup` copies are the admin's) limits how long
    such a copy is kept. One taken after the correction and the password change holds neither: SQLite's backup
    is VACUUM INTO (a fresh file: no deleted pages or free-list left-overs), PostgreSQL's pg_dump writes the
    live rows only. The plain password is in neither (argon2 hash only)."""
    _staff(core, admin)
    planted = auth.add_user(
        core, admin, username="planted", role="desk", display_name="钱九", password=PLANTED_PASSWORD
    )
    desk = planted.as_actor()
    with core.db.read() as session:
        old_hash = str(
            session.execute(text("SELECT password_hash FROM staff_user WHERE username = 'planted'")).scalar()
        )
    mistyped = form()
    saved = intake.create_intake(
        core, desk, STATION, "p-backup", replace(mistyped, applicant=replace(mistyped.applicant, id_number=MISTYPED))
    ).record  # fmt: skip
    suffix = ".sqlite3" if backend == "sqlite" else ".dump"
    before = _backup_text(core, tmp_path / f"before{suffix}", backend)
    assert MISTYPED in before  # a backup is a copy of its day
    assert old_hash in before
    assert PLANTED_PASSWORD not in before

    intake.update_intake(
        core, desk, saved.application_id, saved.version,
        replace(mistyped, applicant=replace(mistyped.applicant, id_number=CORRECTED)),
    )  # fmt: skip
    auth.change_password(core, desk, PLANTED_PASSWORD, PLANTED_PASSWORD + "-changed")
    after = _backup_text(core, tmp_path / f"after{suffix}", backend)
    assert CORRECTED in after  # the scan reads the real backup
    assert not [t for t in (MISTYPED, old_hash, PLANTED_PASSWORD) if t in after]
