"""The day lock (DESIGN.md): once an officer has signed a station's day off, its records are frozen — a desk user's
change is refused with DayLocked (a ConflictError: the state of the day, not the form, is in the way, and the form
keeps what was typed); an officer (or the command line) may still change them, and each such change is audited as
`day.locked_edit`.

Every service that writes a record of a day calls `ensure_day_open` (creates: today) or `ensure_application_open`
(edits) first in its transaction. On PostgreSQL both take a shared advisory lock on (station, day) and the sign-off
takes it exclusively, so an edit committing while the officer signs is either in the frozen figures or refused.
Handover, issue, pickup and calls to residents are not locked: they happen after the sign-off by design.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.clock import format_local
from desktop.db.models import Application, DaySignoff, StaffUser
from desktop.domain import status as st
from desktop.errors import ConflictError, PermissionDenied
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, authorize

LOCKED_EDIT_ACTION = "day.locked_edit"


class DayLocked(ConflictError):
    """The station's day has been signed off: only an officer may still change its records."""

    def __init__(self, day: date, officer_name: str, signed_at: datetime) -> None:
        super().__init__(
            f"{day:%Y年%m月%d日}的工作已由{officer_name}于{format_local(signed_at, '%m月%d日 %H:%M')}审核签结，"
            "当日记录已锁定，不能再修改。如确需更正，请联系民警办理。"
        )
        self.day, self.officer_name, self.signed_at = day, officer_name, signed_at


def day_lock(session: Session, station_id: int, day: date, *, exclusive: bool) -> None:
    """PostgreSQL: serialise a sign-off against edits of the same station day (SQLite writers are serial)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    statement = text(f"SELECT {function}(CAST(:station AS integer), CAST(:day AS integer))")
    session.execute(statement, {"station": station_id, "day": day.toordinal()})


def ensure_day_open(
    session: Session,
    actor: Actor,
    station_id: int,
    day: date,
    *,
    core: Core,
    entity: str = "",
    entity_id: object = "",
) -> None:
    """Call first in any transaction that changes a record of `day` (before its own audit event). A signed-off
    day refuses a desk user with DayLocked; an officer (or the command line) passes and `day.locked_edit` is
    audited, naming `entity`/`entity_id` when given."""
    day_lock(session, station_id, day, exclusive=False)
    signed = session.execute(
        select(DaySignoff.signed_at, StaffUser.display_name)
        .join(StaffUser, StaffUser.id == DaySignoff.officer_id)
        .where(DaySignoff.station_id == station_id, DaySignoff.day == day)
    ).first()
    if signed is None:
        return
    try:
        authorize(session, actor, Permission.REVIEW)
    except PermissionDenied:
        raise DayLocked(day, str(signed.display_name), signed.signed_at) from None
    audit.record(session, core, actor, LOCKED_EDIT_ACTION, entity=entity, entity_id=entity_id,
                 detail=f"修改已签结日（{day.isoformat()}）的记录")  # fmt: skip


def ensure_application_open(session: Session, actor: Actor, app: Application, *, core: Core) -> None:
    """The lock as it applies to one record: a record still 已退回 waits for 补正, which comes on a later day by
    design, so it stays editable; any other record of a signed-off day goes through `ensure_day_open`."""
    if app.status == st.RETURNED:
        return
    ensure_day_open(session, actor, app.station_id, app.business_day, core=core, entity="application",
                    entity_id=app.receipt_no or app.id)  # fmt: skip
