"""Exit-entry applications after intake, against a real database (SQLite and PostgreSQL): a handover batch and its
移交清单, the handover, the documents coming back, the 待领取 list, pickup and EMS dispatch."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.clock import ManualClock
from desktop.db.models import Application, AuditEvent, PrintedDocument
from desktop.domain.identity import id_check_char
from desktop.domain.intake_rules import PersonInput
from desktop.errors import ConflictError, ValidationError
from desktop.services import exit_entry, handover
from desktop.services.core import Actor, Core
from tests.desktop.documents import pdftools
from tests.desktop.services.test_exit_entry import ADULT, desk, form  # noqa: F401  (the desk fixture)

OTHER = PersonInput(
    name="林美华", id_number="44080319900101002" + id_check_char("44080319900101002"), phone="13912345678"
)


def _statuses(core: Core) -> list[str]:
    with core.db.read() as session:
        return list(session.execute(select(Application.status).order_by(Application.id)).scalars())


def test_batch_handover_issue_pickup_and_ems(core: Core, clock: ManualClock, desk: Actor) -> None:  # noqa: F811
    pdftools.require_tools()
    first = exit_entry.create_exit_entry(
        core, desk, "XSLX01", "a", form("hk_macau", "first", ("G", "single"))
    )
    second = exit_entry.create_exit_entry(core, desk, "XSLX01", "b", form("passport", "first", applicant=OTHER,
                                                                           pickup_method="post",
                                                                           post_address="霞山区录霞路8号"))  # fmt: skip
    batch = handover.create_batch(
        core, desk, "XSLX01", "batch-1", [first.application_id, second.application_id]
    )
    assert batch.batch_no == "XSLX01-YJ-20261127-01"
    assert batch.receipt_nos == (first.receipt_no, second.receipt_no)
    again = handover.create_batch(core, desk, "XSLX01", "batch-1", [first.application_id])  # a retry
    assert again.batch_no == batch.batch_no
    with pytest.raises(ConflictError):
        handover.create_batch(core, desk, "XSLX01", "batch-2", [first.application_id])  # already in a batch

    with pytest.raises(ValidationError) as unprinted:
        handover.hand_over(core, desk, batch.batch_no, "出入境窗口 王警官", version=batch.version)
    assert unprinted.value.field == "print"
    copy = handover.render_handover(core, desk, batch.batch_no)
    text = pdftools.flat_text(copy.pdf)
    for number in batch.receipt_nos:
        assert number in text
    assert "陈志明" in text
    assert "林美华" in text
    assert ADULT.id_number not in text
    assert OTHER.id_number not in text
    assert "440803********" + ADULT.id_number[-4:] in text
    assert "G一次" in text
    assert "移交人（签名）" in text
    assert "接收人（签名）" in text
    assert [f.name for f in pdftools.fonts(copy.pdf)]
    assert all(f.embedded for f in pdftools.fonts(copy.pdf))

    handed = handover.hand_over(core, desk, batch.batch_no, "出入境窗口 王警官", version=batch.version)
    assert handed.handed_over_at is not None
    assert _statuses(core) == ["forwarded", "forwarded"]

    clock.advance(days=5)
    assert handover.mark_issued(core, desk, [first.application_id, second.application_id]) == 2
    assert _statuses(core) == ["completed", "completed"]
    clock.advance(days=81)
    waiting = handover.pending_pickups(core, desk, "XSLX01")
    assert [(w.receipt_no, w.days_kept, w.overdue) for w in waiting] == [
        (first.receipt_no, 81, True),
        (second.receipt_no, 81, True),
    ]
    assert handover.log_call(core, desk, first.application_id) == 1
    assert handover.pending_pickups(core, desk, "XSLX01")[0].calls == 1

    with pytest.raises(ValidationError) as wrong:
        handover.pick_up(core, desk, first.receipt_no, document_type="resident_id", id_number=OTHER.id_number)
    assert wrong.value.field == "id_number"
    proxy = PersonInput(
        name="陈小红", id_number="44080319921212004" + id_check_char("44080319921212004"), phone="13900000000"
    )
    assert handover.pick_up(core, desk, first.receipt_no.lower(), document_type="resident_id",
                            id_number=ADULT.id_number, proxy=proxy) == first.receipt_no  # fmt: skip
    handover.dispatch_ems(
        core, desk, second.receipt_no, "ea 123456785 cn", "湛江市霞山区录霞路18号3栋502 陈志明"
    )
    assert _statuses(core) == ["picked_up", "picked_up"]
    assert handover.pending_pickups(core, desk, "XSLX01") == []
    with pytest.raises(ConflictError):
        handover.dispatch_ems(core, desk, second.receipt_no, "EA123456785CN", "录霞路18号")
    with core.db.read() as session:
        extra = session.execute(select(Application.extra).order_by(Application.id)).scalars().all()
        assert extra[0]["pickup"]["by"] == "proxy"
        assert extra[1]["ems"]["tracking_no"] == "EA123456785CN"
        posted = session.execute(
            select(Application.pickup_method, Application.post_address).order_by(Application.id)
        )
        assert tuple(posted.all()[1]) == ("post", "湛江市霞山区录霞路18号3栋502 陈志明")
        actions = session.execute(select(AuditEvent.action)).scalars().all()
        printed = session.execute(select(PrintedDocument.kind, PrintedDocument.number)).all()
    for action in ("handover.create", "handover.print", "handover.hand_over", "exit_entry.issued",
                   "exit_entry.call", "exit_entry.pickup", "exit_entry.ems"):  # fmt: skip
        assert action in actions
    assert ("handover_list", batch.batch_no) in [tuple(p) for p in printed]


def test_one_document_back_on_its_own(core: Core, desk: Actor) -> None:  # noqa: F811
    record = exit_entry.create_exit_entry(core, desk, "XSLX01", "one", form("passport", "first"))
    batch = handover.create_batch(core, desk, "XSLX01", "b-one", [record.application_id])
    handover.render_handover(core, desk, batch.batch_no)
    handover.hand_over(core, desk, batch.batch_no, "王警官", version=batch.version)
    assert handover.mark_issued_number(core, desk, record.receipt_no.lower()) == record.receipt_no
    assert [w.receipt_no for w in handover.pending_pickups(core, desk, "XSLX01")] == [record.receipt_no]
    with pytest.raises(ValidationError):
        handover.mark_issued_number(core, desk, record.receipt_no)  # already back


def test_an_ems_number_is_checked_and_the_address_is_required() -> None:
    assert handover.check_tracking_no("ea 123456785 cn") == "EA123456785CN"
    assert handover.check_tracking_no("1100 2233 4455 6") == "1100223344556"
    for wrong in ("EA123456789CN", "12345", "EA12345678CN"):
        with pytest.raises(ValidationError) as refused:
            handover.check_tracking_no(wrong)
        assert refused.value.field == "tracking_no"
