"""The consultation quick log (咨询登记): one row per phone or counter enquiry, saved with one keystroke.

An officer answers 20–60 enquiries a day; the log keeps the channel, the topic (from the catalog's list) and a
short note, and counts the day by topic for the tab and the officer's day board. Notes are free text from a
conversation: they may hold a phone or ID number, so the audit event carries only channel and topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.clock import local_date
from desktop.db.idempotency import create_once
from desktop.db.models import CONSULTATION_CHANNELS, Consultation, StaffUser, Station
from desktop.domain.catalog import default_catalog
from desktop.domain.text import ensure_savable
from desktop.errors import NotFound, ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, authorize, require_staff
from desktop.services.day_lock import ensure_day_open

CHANNEL_NAMES = {"phone": "电话", "counter": "窗口"}
NOTE_LIMIT = 200
RECENT_LIMIT = 50


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    channel: str
    channel_name: str
    topic: str
    topic_name: str
    note: str
    created_at: datetime
    created_by_name: str


@dataclass(frozen=True)
class TopicCount:
    topic: str
    topic_name: str
    count: int


def topic_name(code: str) -> str:
    return next((t.name for t in default_catalog().consultation_topics if t.code == code), code)


def log_consultation(
    core: Core, actor: Actor, station_code: str, request_id: str, *, channel: str, topic: str, note: str = ""
) -> int:
    """Record one enquiry (idempotent by `request_id`); returns its id."""
    if channel not in CONSULTATION_CHANNELS:
        raise ValidationError("channel", "请选择咨询方式（电话或窗口）")
    if topic not in {t.code for t in default_catalog().consultation_topics}:
        raise ValidationError("topic", "请选择咨询事项")
    note = " ".join(note.split())
    ensure_savable("note", note)
    if len(note) > NOTE_LIMIT:
        raise ValidationError("note", f"摘要不能超过{NOTE_LIMIT}个字")
    require_staff(actor)
    now = core.clock()

    def build(session: Session) -> Consultation:
        authorize(session, actor, Permission.INTAKE)
        station_id = session.execute(select(Station.id).where(Station.code == station_code)).scalar()
        if station_id is None:
            raise NotFound(f"没有代码为 {station_code} 的站点")
        ensure_day_open(session, actor, station_id, local_date(now), core=core)
        row = Consultation(
            request_id=request_id, station_id=station_id, channel=channel, topic=topic, note=note,
            business_day=local_date(now), created_by=actor.user_id, created_at=now,
        )  # fmt: skip
        session.add(row)
        session.flush()
        audit.record(
            session, core, actor, "consultation.create", entity="consultation", entity_id=row.id,
            detail=f"{CHANNEL_NAMES[channel]}咨询：{topic_name(topic)}",
        )  # fmt: skip
        return row

    return create_once(core.db, Consultation, request_id, build).id


def day_counts(core: Core, actor: Actor, station_code: str, day: date) -> list[TopicCount]:
    """The day's enquiries by topic, in the catalog's order (topics with none left out)."""
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        rows = session.execute(
            select(Consultation.topic, func.count())
            .join(Station, Station.id == Consultation.station_id)
            .where(Station.code == station_code, Consultation.business_day == day)
            .group_by(Consultation.topic)
        )
        counts = {str(topic): int(n) for topic, n in rows}
    ordered = [
        TopicCount(t.code, t.name, counts.pop(t.code))
        for t in default_catalog().consultation_topics
        if t.code in counts
    ]
    return ordered + [TopicCount(code, code, n) for code, n in sorted(counts.items())]


def recent(
    core: Core, actor: Actor, station_code: str, day: date, limit: int = RECENT_LIMIT
) -> list[ConsultationRow]:
    """The day's latest enquiries, newest first."""
    with core.db.read() as session:
        authorize(session, actor, Permission.INTAKE)
        rows = session.execute(
            select(Consultation, StaffUser.display_name)
            .join(Station, Station.id == Consultation.station_id)
            .join(StaffUser, StaffUser.id == Consultation.created_by)
            .where(Station.code == station_code, Consultation.business_day == day)
            .order_by(Consultation.id.desc())
            .limit(limit)
        )
        return [
            ConsultationRow(
                c.id,
                c.channel,
                CHANNEL_NAMES.get(c.channel, c.channel),
                c.topic,
                topic_name(c.topic),
                c.note,
                c.created_at,
                str(name),
            )
            for c, name in rows
        ]
