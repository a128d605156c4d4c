"""Walk-in intake: who saved an application last (shown on a conflict), the consultation quick log, and a
person's applications per station as one index (the search box looks people up first, then these), and a
station's applications in id order (the list, newest first, without sorting every match).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.db.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultation",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", desktop.db.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("channel IN ('phone', 'counter')", name=op.f("ck_consultation_channel")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff_user.id"], name=op.f("fk_consultation_created_by_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_consultation_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
        sa.UniqueConstraint("request_id", name=op.f("uq_consultation_request_id")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_station_day", ["station_id", "business_day", "id"], unique=False
        )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index("ix_application_applicant")
        batch_op.drop_index("ix_application_status")
        batch_op.create_index("ix_application_status", ["station_id", "status", "id"], unique=False)
        batch_op.create_index("ix_application_station", ["station_id", "id"], unique=False)
        batch_op.create_index(
            "ix_application_applicant_station", ["applicant_id", "station_id", "id"], unique=False
        )
        batch_op.add_column(sa.Column("updated_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_application_updated_by_staff_user"), "staff_user", ["updated_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_application_updated_by_staff_user"), type_="foreignkey")
        batch_op.drop_column("updated_by")
        batch_op.drop_index("ix_application_applicant_station")
        batch_op.drop_index("ix_application_station")
        batch_op.drop_index("ix_application_status")
        batch_op.create_index("ix_application_status", ["station_id", "status"], unique=False)
        batch_op.create_index("ix_application_applicant", ["applicant_id"], unique=False)
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_station_day")
    op.drop_table("consultation")
