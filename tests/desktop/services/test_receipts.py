"""Printing, reprinting, voiding and verifying acceptance documents against a real database (SQLite and
PostgreSQL), with demo applications; PDFs are read back with poppler and zbar."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from desktop.db.models import Application, ApplicationMaterial, AuditEvent, Person, PrintedDocument, StaffUser
from desktop.documents.fonts import UnsupportedCharacters
from desktop.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from desktop.services import audit, receipts
from desktop.services.core import Actor, Core, command_line_actor
from desktop.services.demo import fill_demo_data
from tests.desktop.documents import pdftools

SEED = 33  # 30 applications with exit-entry ones, proxies and applications with a missing material


@pytest.fixture
def demo(core: Core, admin: Actor) -> Core:
    pdftools.require_tools()
    fill_demo_data(core, applications=30, seed=SEED, actor=admin)
    return core


def _actor(core: Core, role: str) -> Actor:
    """A demo account with this role (accounts are not tied to a station)."""
    with core.db.read() as session:
        user = (
            session.execute(select(StaffUser).where(StaffUser.role == role).order_by(StaffUser.id))
            .scalars()
            .first()
        )
        assert user is not None
        return Actor(username=user.username, role=user.role, user_id=user.id, display_name=user.display_name)


def _number(
    core: Core, *, complete: bool, kind: str | None = None, agent: bool = False, status: str | None = None
) -> str:
    with core.db.read() as session:
        missing = (
            select(ApplicationMaterial.application_id).where(~ApplicationMaterial.received).scalar_subquery()
        )
        query = select(Application.receipt_no).where(Application.status != "voided")
        query = query.where(Application.id.not_in(missing) if complete else Application.id.in_(missing))
        if kind:
            query = query.where(Application.kind == kind)
        if agent:
            query = query.where(Application.agent_id.is_not(None))
        if status:
            query = query.where(Application.status == status)
        number = session.execute(query.order_by(Application.id).limit(1)).scalar()
        assert number, "the demo seed has such an application"
        return number


def _full_id(core: Core, number: str) -> str:
    with core.db.read() as session:
        return session.execute(
            select(Person.id_number)
            .join(Application, Application.applicant_id == Person.id)
            .where(Application.receipt_no == number)
        ).scalar_one()


def _rows(core: Core, number: str) -> list[PrintedDocument]:
    with core.db.read() as session:
        query = select(PrintedDocument).where(PrintedDocument.number == number).order_by(PrintedDocument.id)
        return list(session.execute(query).scalars())


def _actions(core: Core, number: str) -> list[str]:
    with core.db.read() as session:
        query = select(AuditEvent.action).where(AuditEvent.entity_id == number).order_by(AuditEvent.id)
        return list(session.execute(query).scalars())


def test_first_print_then_reprint_with_reason(demo: Core, tmp_path: Path) -> None:
    number = _number(demo, complete=True, kind="exit_entry", agent=True)
    desk = _actor(demo, "desk")
    first = receipts.render_receipt(demo, desk, number)
    assert (first.kind, first.copy_no, first.recorded, first.voided) == ("receipt", 1, True, False)
    assert first.sha256 == hashlib.sha256(first.pdf).hexdigest()
    text = pdftools.flat_text(first.pdf)
    full_id = _full_id(demo, number)
    masked = full_id[:6] + "*" * 8 + full_id[-4:]
    assert not pdftools.has(text, number, masked, "往来", "保留 3 个月", "代办人")
    assert "补打" not in text
    # The full ID number appears nowhere: not in the bytes, the text or the QR code; nor its hidden middle.
    assert full_id.encode() not in first.pdf
    assert full_id not in text
    assert full_id[6:14] not in text
    [payload] = pdftools.scan(first.pdf, tmp_path)
    assert full_id not in payload
    assert receipts.verify(demo, payload).genuine
    assert all(f.embedded for f in pdftools.fonts(first.pdf))

    with pytest.raises(ValidationError) as raised:
        receipts.render_receipt(demo, desk, number)
    assert raised.value.field == "reprint_reason"
    second = receipts.render_receipt(demo, desk, number, layout="roll80", reason="原件被雨淋湿")
    assert second.copy_no == 2
    assert not pdftools.has(pdftools.flat_text(second.pdf), "补打（第 2 份）", "补打原因：原件被雨淋湿")

    rows = _rows(demo, number)
    assert [(r.kind, r.copy_no, r.layout, r.reprint_reason) for r in rows] == [
        ("receipt", 1, "A4", ""),
        ("receipt", 2, "roll80", "原件被雨淋湿"),
    ]
    assert [r.sha256 for r in rows] == [first.sha256, second.sha256]
    assert {r.printed_by for r in rows} == {desk.user_id}
    assert {r.template_version for r in rows} == {"receipt-2"}
    assert _actions(demo, number) == ["receipt.print", "receipt.reprint"]
    assert audit.verify_chain(demo, Actor("cli:t", "auditor", is_command_line=True)).ok


def test_missing_materials_get_the_supplement_notice_not_a_receipt(demo: Core, tmp_path: Path) -> None:
    number = _number(demo, complete=False)
    desk = _actor(demo, "desk")
    with pytest.raises(ValidationError) as raised:
        receipts.render_receipt(demo, desk, number)
    assert raised.value.field == "materials"
    assert "补正材料通知书" in raised.value.message
    notice = receipts.render_document(demo, desk, number, layout="A5")
    assert notice.kind == "supplement_notice"
    text = pdftools.flat_text(notice.pdf)
    with demo.db.read() as session:
        missing = session.execute(
            select(ApplicationMaterial.name)
            .join(Application)
            .where(Application.receipt_no == number, ~ApplicationMaterial.received)
        ).scalars()
        assert not pdftools.has(text, "补正材料通知书", "一次性告知", *missing)
    [payload] = pdftools.scan(notice.pdf, tmp_path)
    assert receipts.verify(demo, payload).genuine
    assert [r.kind for r in _rows(demo, number)] == ["supplement_notice"]
    assert _actions(demo, number) == ["supplement_notice.print"]
    complete = _number(demo, complete=True)
    with pytest.raises(ValidationError):
        receipts.render_supplement_notice(demo, desk, complete)


def test_void_is_for_officers_and_a_voided_receipt_never_prints_as_valid(demo: Core, tmp_path: Path) -> None:
    number = _number(demo, complete=True, status="completed")
    desk, officer = _actor(demo, "desk"), _actor(demo, "officer")
    first = receipts.render_receipt(demo, desk, number)
    [payload] = pdftools.scan(first.pdf, tmp_path)
    with pytest.raises(PermissionDenied):
        receipts.void_document(demo, desk, number, "重复受理")
    with pytest.raises(ValidationError):
        receipts.void_document(demo, officer, number, "  ")
    with demo.db.read() as session:
        before = session.execute(select(Application).where(Application.receipt_no == number)).scalar_one()
    assert receipts.void_document(demo, officer, number, "重复受理") == 1
    with pytest.raises(ConflictError):
        receipts.void_document(demo, officer, number, "再次作废")
    with demo.db.read() as session:
        app = session.execute(select(Application).where(Application.receipt_no == number)).scalar_one()
        assert app.status == "voided"
        assert app.extra["void"]["reason"] == "重复受理"
        # the officer's earlier review is kept: the void is recorded beside it, not over it
        assert (app.reviewed_by, app.review_note) == (before.reviewed_by, before.review_note)
    [row] = _rows(demo, number)
    assert (row.void_reason, row.voided_by) == ("重复受理", officer.user_id)
    assert row.voided_at is not None

    check = receipts.verify(demo, payload)
    assert (check.genuine, check.voided, check.status) == (True, True, "voided")
    assert "已作废" in check.reason
    again = receipts.render_receipt(demo, desk, number, reason="申请人要求")
    assert again.voided
    assert not pdftools.has(pdftools.flat_text(again.pdf), "作废", "不作为领取凭证", "作废原因：重复受理")
    assert _actions(demo, number) == ["receipt.print", "receipt.void", "receipt.reprint"]
    with (
        demo.db.read() as session
    ):  # a completed application was reviewed: its officer still signs the void copy
        reviewer = session.get(StaffUser, before.reviewed_by)
    assert reviewer is not None
    assert reviewer.display_name in pdftools.flat_text(again.pdf)


def test_verification_outcomes(demo: Core, tmp_path: Path) -> None:
    number = _number(demo, complete=True)
    copy = receipts.render_receipt(demo, _actor(demo, "desk"), number)
    [payload] = pdftools.scan(copy.pdf, tmp_path)
    assert receipts.verify(demo, f"  {payload.lower()}\n").genuine
    mac_changed = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    forged = receipts.verify(demo, mac_changed)
    assert (forged.outcome, forged.status) == ("forged", "")
    assert "伪造" in forged.reason
    assert receipts.verify(demo, "XS999-20260101-0001.ABCDEFGHIJ").outcome == "unknown"
    assert receipts.verify(demo, number).outcome == "unknown"  # a bare number carries nothing to verify
    with demo.db.write() as session:  # a key fact changed after printing no longer matches the paper
        session.execute(update(Application).where(Application.receipt_no == number).values(business_code="x"))
    assert receipts.verify(demo, payload).outcome == "forged"


def test_a_name_outside_the_font_is_refused_before_anything_is_recorded(demo: Core) -> None:
    number = _number(demo, complete=True)
    with demo.db.write() as session:
        applicant = session.execute(select(Application.applicant_id).where(Application.receipt_no == number))
        session.execute(update(Person).where(Person.id == applicant.scalar_one()).values(name="张𠀾"))
    events = _count(demo, AuditEvent)
    with pytest.raises(UnsupportedCharacters) as raised:
        receipts.render_document(demo, _actor(demo, "desk"), number)
    assert (raised.value.field, raised.value.characters) == ("name", ("𠀾",))
    assert _rows(demo, number) == []
    assert _count(demo, AuditEvent) == events


def _count(core: Core, model: type) -> int:
    with core.db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_preview_records_nothing_and_command_line_exports_are_recorded(demo: Core) -> None:
    number = _number(demo, complete=True)
    desk = _actor(demo, "desk")
    preview = receipts.preview_document(demo, desk, number, layout="A5")
    assert (preview.copy_no, preview.recorded) == (1, False)
    assert "预览" in pdftools.flat_text(preview.pdf)
    assert receipts.preview_document(demo, desk, number, layout="A5").pdf == preview.pdf  # deterministic
    assert _rows(demo, number) == []
    assert _actions(demo, number) == []

    export = receipts.render_document(demo, command_line_actor(), number)
    assert (export.copy_no, export.recorded) == (1, True)
    assert "命令行导出" in pdftools.flat_text(export.pdf)
    [row] = _rows(demo, number)
    assert (row.printed_by, row.printed_by_name, row.sha256) == (
        None,
        command_line_actor().username,
        export.sha256,
    )
    with demo.db.read() as session:
        detail = session.execute(
            select(AuditEvent.detail).where(
                AuditEvent.action == "receipt.export", AuditEvent.entity_id == number
            )
        ).scalar_one()
    assert export.sha256 in detail
    assert "命令行导出" in detail
    with pytest.raises(ValidationError):  # a copy exists already: the desk's print is a reprint
        receipts.render_receipt(demo, desk, number)
    assert receipts.render_receipt(demo, desk, number, reason="申请人取件").copy_no == 2


def test_rights_and_unknown_numbers(demo: Core) -> None:
    number = _number(demo, complete=True)
    auditor = Actor("audit", "auditor", user_id=None)
    with pytest.raises(PermissionDenied):
        receipts.render_receipt(demo, auditor, number)
    with pytest.raises(NotFound):
        receipts.render_receipt(demo, _actor(demo, "desk"), "XS001-19990101-0001")
    with pytest.raises(ValidationError) as raised:
        receipts.render_receipt(demo, _actor(demo, "desk"), number, layout="B5")
    assert raised.value.field == "layout"


def test_a_bare_number_names_the_record_but_is_not_called_genuine(demo: Core) -> None:
    number = _number(demo, complete=True)
    check = receipts.verify(demo, f" {number} ")
    assert (check.outcome, check.number) == ("unknown", number)
    assert "无法核验真伪" in check.reason
    assert check.status_name in check.reason
    assert receipts.verify(demo, "XSLX99-20261127-0001").outcome == "unknown"
