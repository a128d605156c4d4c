"""Finding acceptance documents for the receipts tab, on SQLite and PostgreSQL, over demo applications."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.clock import local_date
from desktop.db.models import Application, Person, StaffUser, Station
from desktop.documents.verify import make_payload
from desktop.errors import PermissionDenied
from desktop.services import receipt_search, receipts
from desktop.services.core import Actor, Core
from desktop.services.demo import fill_demo_data
from desktop.services.receipt_search import find_documents, understand


@pytest.fixture
def demo(core: Core, admin: Actor) -> Core:
    fill_demo_data(core, applications=60, seed=9, actor=admin)
    return core


def _actor(core: Core, role: str) -> Actor:
    with core.db.read() as session:
        user = session.execute(
            select(StaffUser).where(StaffUser.role == role).order_by(StaffUser.id)
        ).scalars()
        first = user.first()
        assert first is not None
        return Actor(first.username, first.role, first.id, first.display_name)


def _sample(core: Core) -> tuple[Application, Person, str]:
    """A resident-ID applicant's newest application, its applicant and the station code."""
    with core.db.read() as session:
        app, person, code = session.execute(
            select(Application, Person, Station.code)
            .join(Person, Person.id == Application.applicant_id)
            .join(Station, Station.id == Application.station_id)
            .where(Person.document_type == "resident_id", Person.id_number.is_not(None))
            .order_by(Application.id.desc())
            .limit(1)
        ).one()
        return app, person, code


def test_a_receipt_number_typed_in_any_case_finds_exactly_that_record(demo: Core) -> None:
    app, person, code = _sample(demo)
    desk = _actor(demo, "desk")
    for typed in (app.receipt_no, f"  {app.receipt_no.lower()} "):
        rows = find_documents(demo, desk, code, text=typed)
        assert [r.receipt_no for r in rows] == [app.receipt_no]
    row = rows[0]
    assert row.applicant_name == person.name
    assert row.applicant_id_masked == person.id_number[:6] + "********" + person.id_number[-4:]
    assert row.status_name == receipts.STATUS_NAMES[app.status]
    assert row.business_name
    assert row.copies == 0


def test_a_scanned_qr_payload_finds_its_record(demo: Core) -> None:
    app, _person, code = _sample(demo)
    with demo.db.read() as session:
        secret = session.execute(select(Station.hmac_secret).where(Station.code == code)).scalar_one()
        payload = make_payload(secret, receipts.signed_fields(session, session.get_one(Application, app.id)))
    rows = find_documents(demo, _actor(demo, "desk"), code, text=payload)
    assert [r.receipt_no for r in rows] == [app.receipt_no]


def test_the_full_or_the_masked_id_number_finds_the_persons_applications(demo: Core) -> None:
    app, person, code = _sample(demo)
    desk = _actor(demo, "desk")
    full = find_documents(demo, desk, code, text=person.id_number)
    masked = find_documents(demo, desk, code, text=person.id_number[:6] + "*" * 8 + person.id_number[-4:])
    assert app.receipt_no in {r.receipt_no for r in full}
    assert {r.receipt_no for r in full} == {r.receipt_no for r in masked}
    assert all(person.id_number not in str(r) for r in full)  # shown masked only


def test_a_name_prefix_finds_only_names_that_start_with_it(demo: Core) -> None:
    _app, person, code = _sample(demo)
    desk = _actor(demo, "desk")
    rows = find_documents(demo, desk, code, text=person.name[0], limit=200)
    assert rows
    assert all(r.applicant_name.startswith(person.name[0]) for r in rows)
    assert person.name in {r.applicant_name for r in rows}
    assert find_documents(demo, desk, code, text="不存在的名字") == []


def test_day_filter_and_keyset_pages_cover_the_list_once_newest_first(demo: Core) -> None:
    _app, _person, code = _sample(demo)
    desk = _actor(demo, "desk")
    everything = find_documents(demo, desk, code, limit=200)
    paged: list[receipt_search.DocumentRow] = []
    after = None
    while page := find_documents(demo, desk, code, limit=7, after=after):
        paged.extend(page)
        after = page[-1].cursor
    assert [r.receipt_no for r in paged] == [r.receipt_no for r in everything]
    assert len({r.receipt_no for r in paged}) == len(paged) > 7
    keys = [r.cursor for r in paged]
    assert keys == sorted(keys, reverse=True)
    day = local_date(everything[0].created_at)
    on_day = find_documents(demo, desk, code, day=day)
    assert on_day
    assert all(local_date(r.created_at) == day for r in on_day)
    assert find_documents(demo, desk, code, day=date(2000, 1, 1)) == []


def test_printed_copies_and_voiding_show_in_the_row(demo: Core) -> None:
    app, _person, code = _sample(demo)
    desk, officer = _actor(demo, "desk"), _actor(demo, "officer")
    receipts.render_document(demo, desk, app.receipt_no)
    receipts.render_document(demo, desk, app.receipt_no, reason="原件遗失")
    (row,) = find_documents(demo, desk, code, text=app.receipt_no)
    assert (row.copies, row.voided) == (2, False)
    receipts.void_document(demo, officer, app.receipt_no, "录入错误")
    (row,) = find_documents(demo, desk, code, text=app.receipt_no)
    assert (row.copies, row.voided, row.status_name) == (2, True, "已作废")


def test_only_intake_roles_may_search(demo: Core) -> None:
    _app, _person, code = _sample(demo)
    with pytest.raises(PermissionDenied):
        find_documents(demo, Actor("x", "auditor", 999), code)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "all"),
        ("XS001-20261120-0003", "number"),
        ("xs001-20261120-0003.ABCDEFGHIJ", "number"),
        ("44080319900101123X", "id_number"),
        ("440803********123x", "masked_id"),
        ("张", "name"),
    ],
)
def test_the_search_text_is_understood(text: str, kind: str) -> None:
    assert understand(text).kind == kind


def test_a_number_finds_its_record_whatever_day_is_chosen(demo: Core) -> None:
    from datetime import timedelta

    app, _person, code = _sample(demo)
    other_day = app.business_day - timedelta(days=3)
    rows = find_documents(demo, _actor(demo, "desk"), code, text=app.receipt_no, day=other_day)
    assert [r.receipt_no for r in rows] == [app.receipt_no]
