"""The whole data model of DESIGN.md as typed SQLAlchemy 2 models (tables of later screens included).

Money is in fen, times are UTC (UTCDateTime), business days are Asia/Shanghai calendar dates.
Editable rows carry `version` for optimistic locking; creates carry a client-made `request_id`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.db.base import Base, BigId, UTCDateTime

ROLES = ("desk", "officer", "admin", "auditor")
APPLICATION_KINDS = ("walkin", "exit_entry")
APPLICATION_STATUSES = ("received", "reviewed", "forwarded", "completed", "picked_up", "returned", "voided")
DOCUMENT_KINDS = ("receipt", "supplement_notice", "handover_list", "mediation_agreement", "daily_report")
LAYOUTS = ("A4", "A5", "roll80")
CONSULTATION_CHANNELS = ("phone", "counter")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Station(Base):
    __tablename__ = "station"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(20), unique=True)  # in case numbers: must not repeat
    police_station: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    region_code: Mapped[str] = mapped_column(String(6))
    hmac_secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Setting(Base):
    """Station-wide settings (password policy, lockout, idle lock …) shared by every desk of the database."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(64))


class StaffUser(Base):
    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    police_no: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("document_type", "id_number"),
        Index("ix_person_name", "name"),
        Index("ix_person_phone", "phone"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # resident_id for mainland 居民身份证; other documents (港澳居民来往内地通行证, passport …) by their type.
    document_type: Mapped[str] = mapped_column(String(24), default="resident_id")
    id_number: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    household_address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (
        CheckConstraint(_in("kind", APPLICATION_KINDS), name="kind"),
        CheckConstraint(_in("status", APPLICATION_STATUSES), name="status"),
        CheckConstraint(_in("pickup_method", ("self", "post")), name="pickup_method"),
        CheckConstraint("fee_fen >= 0", name="fee_not_negative"),
        Index("ix_application_station_day", "station_id", "business_day", "id"),
        # A person's applications at a station, newest first: the search box finds people, then these.
        Index("ix_application_applicant_station", "applicant_id", "station_id", "id"),
        # A station's list newest first, whole or by status, walks these in order (no sort of every match).
        Index("ix_application_station", "station_id", "id"),
        Index("ix_application_status", "station_id", "status", "id"),
        # The search box's name prefix: one range of a station's matches whatever the name's frequency.
        Index("ix_application_station_name", "station_id", "kind", "applicant_name", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    kind: Mapped[str] = mapped_column(String(16))
    business_code: Mapped[str] = mapped_column(String(40))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # The applicant's name as the person's row has it now (people.update_details keeps it so): searched
    # here, within the station's rows, instead of through every person of the district with that name.
    applicant_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    agent_relation: Mapped[str] = mapped_column(String(30), default="")
    fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    promised_date: Mapped[date | None] = mapped_column(Date)
    pickup_method: Mapped[str] = mapped_column(String(8), default="self")
    post_address: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    business_day: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # who saved it last
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    materials: Mapped[list[ApplicationMaterial]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationMaterial.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ApplicationMaterial(Base):
    __tablename__ = "application_material"
    __table_args__ = (
        CheckConstraint(_in("form", ("original", "copy")), name="form"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    form: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer, default=1)
    received: Mapped[bool] = mapped_column(Boolean, default=False)

    application: Mapped[Application] = relationship(back_populates="materials")


class Consultation(Base):
    """One phone or counter enquiry of the quick log (咨询登记): channel, topic from the catalog, a short note."""

    __tablename__ = "consultation"
    __table_args__ = (
        CheckConstraint(_in("channel", CONSULTATION_CHANNELS), name="channel"),
        Index("ix_consultation_station_day", "station_id", "business_day", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    channel: Mapped[str] = mapped_column(String(8))
    topic: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(200), default="")
    business_day: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HandoverBatch(Base):
    __tablename__ = "handover_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_no: Mapped[str] = mapped_column(String(40), unique=True)
    request_id: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_by_name: Mapped[str] = mapped_column(String(50), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ExitEntryDetail(Base):
    __tablename__ = "exit_entry_detail"
    __table_args__ = (
        CheckConstraint(_in("document_type", ("passport", "hk_macau", "taiwan")), name="document_type"),
        CheckConstraint(
            _in("application_type", ("first", "renewal", "reissue", "amend", "endorsement")),
            name="application_type",
        ),
    )

    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), primary_key=True
    )
    document_type: Mapped[str] = mapped_column(String(16))
    application_type: Mapped[str] = mapped_column(String(16))
    photo_receipt_no: Mapped[str] = mapped_column(String(40), default="")
    old_document_no: Mapped[str] = mapped_column(String(40), default="")
    purpose: Mapped[str] = mapped_column(String(100), default="")
    household_local: Mapped[bool] = mapped_column(Boolean, default=True)
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("handover_batch.id"), index=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    picked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Endorsement(Base):
    __tablename__ = "endorsement"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(4))
    tier: Mapped[str] = mapped_column(String(32))
    fee_fen: Mapped[int] = mapped_column(Integer)


MEDIATION_REGIMES = ("people", "public_security", "on_site")
MEDIATION_STATUSES = ("open", "agreed", "failed", "referred", "closed")
MEDIATION_OUTCOMES = ("", "agreed", "failed", "referred")  # "" while open; a closed case keeps its outcome


class MediationCase(Base):
    """One dispute case (矛盾纠纷调解); the aggregate: its parties, sessions, follow-ups and archive rows change
    only through it, and each change bumps its `version`."""

    __tablename__ = "mediation_case"
    __table_args__ = (
        CheckConstraint(_in("regime", MEDIATION_REGIMES), name="regime"),
        CheckConstraint(_in("risk_level", ("low", "medium", "high")), name="risk_level"),
        CheckConstraint(_in("status", MEDIATION_STATUSES), name="status"),
        CheckConstraint(_in("outcome", MEDIATION_OUTCOMES), name="outcome"),
        Index("ix_mediation_case_station_status", "station_id", "status"),
        Index("ix_mediation_case_station", "station_id", "id"),  # the list, newest first
        Index("ix_mediation_case_station_created", "station_id", "created_at"),  # monthly statistics
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(36), unique=True)
    case_no: Mapped[str] = mapped_column(String(60), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    regime: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(30))  # the catalog's name (statistics report names)
    category: Mapped[str] = mapped_column(String(30))  # the catalog's name
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    location: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    dispute_points: Mapped[str] = mapped_column(Text, default="")
    risk_level: Mapped[str] = mapped_column(String(8), default="low")
    exclusions_checked: Mapped[bool] = mapped_column(Boolean, default=False)  # 治安调解: asked, none applies
    status: Mapped[str] = mapped_column(String(16), default="open")
    outcome: Mapped[str] = mapped_column(String(16), default="")
    agreement_terms: Mapped[str] = mapped_column(Text, default="")
    responsibility: Mapped[str] = mapped_column(Text, default="")
    performance_method: Mapped[str] = mapped_column(Text, default="")  # how and where it is performed
    performance_deadline: Mapped[date | None] = mapped_column(Date)
    agreed_on: Mapped[date | None] = mapped_column(Date)
    mediators: Mapped[str] = mapped_column(String(200), default="")  # who signs the agreement
    confirmation_deadline: Mapped[date | None] = mapped_column(Date)
    referred_to: Mapped[str] = mapped_column(String(200), default="")
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # who saved it last
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class MediationParty(Base):
    __tablename__ = "mediation_party"
    __table_args__ = (CheckConstraint(_in("role", ("applicant", "respondent", "other")), name="role"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class MediationSession(Base):
    __tablename__ = "mediation_session"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime())
    mediators: Mapped[str] = mapped_column(String(200))
    participants: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))


class MediationFollowup(Base):
    __tablename__ = "mediation_followup"
    __table_args__ = (Index("ix_mediation_followup_due", "due_date"),)  # overdue follow-ups

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    visitor: Mapped[str] = mapped_column(String(60), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    performance: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str] = mapped_column(String(16), default="")
    escalation: Mapped[str] = mapped_column(Text, default="")


class MediationArchiveItem(Base):
    """One item of a case's 卷宗 checklist (codes: desktop.domain.mediation_rules.ARCHIVE_ITEMS)."""

    __tablename__ = "mediation_archive_item"
    __table_args__ = (UniqueConstraint("case_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")


class PrintedDocument(Base):
    __tablename__ = "printed_document"
    __table_args__ = (
        CheckConstraint(_in("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint(_in("layout", LAYOUTS), name="layout"),
        UniqueConstraint("kind", "number", "copy_no"),
        Index("ix_printed_document_subject", "kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    number: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[int] = mapped_column(BigId)
    template_version: Mapped[str] = mapped_column(String(20))
    layout: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    printed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # None: the command line
    printed_by_name: Mapped[str] = mapped_column(
        String(64)
    )  # who, also for the command line ("cli:<os user>")
    copy_no: Mapped[int] = mapped_column(Integer, default=1)
    reprint_reason: Mapped[str] = mapped_column(String(200), default="")
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    void_reason: Mapped[str] = mapped_column(String(200), default="")


class DaySignoff(Base):
    __tablename__ = "day_signoff"
    __table_args__ = (UniqueConstraint("station_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    day: Mapped[date] = mapped_column(Date)
    officer_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")


class AuditEvent(Base):
    """Append-only and hash-chained: each row's hash covers its fields and the previous row's hash."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    username: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Counter(Base):
    """Gap-free numbering: one row per (scope, period), incremented inside the record's own transaction."""

    __tablename__ = "counter"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer)
