"""Mediation (矛盾调解): what the agreement and its follow-up need (dispute points, responsibility, how and where
it is performed, the agreement day and its signing mediators, to whom a case was referred), the outcome kept apart
from the status (a closed case stays agreed or not), the 治安调解 exclusions asked, who saved a case last, who
recorded a session, the follow-up's visitor/reason/performance, the 卷宗 checklist, and indexes for the list, the
monthly statistics and overdue follow-ups.

Existing cases get their outcome from their status (a closed one counts as agreed when it has agreement terms)
and `updated_at` = closed or created time.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OUTCOME_CHECK = "outcome IN ('', 'agreed', 'failed', 'referred')"


def upgrade() -> None:
    op.create_table(
        "mediation_archive_item",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_archive_item_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_archive_item")),
        sa.UniqueConstraint("case_id", "code", name=op.f("uq_mediation_archive_item_case_id_code")),
    )
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dispute_points", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("exclusions_checked", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), server_default="", nullable=False))
        batch_op.add_column(sa.Column("responsibility", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("performance_method", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("agreed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("mediators", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("referred_to", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("updated_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("updated_at", desktop.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_mediation_case_updated_by_staff_user"), "staff_user", ["updated_by"], ["id"]
        )
        batch_op.create_index("ix_mediation_case_station", ["station_id", "id"], unique=False)
        batch_op.create_index("ix_mediation_case_station_created", ["station_id", "created_at"], unique=False)
    op.execute("UPDATE mediation_case SET outcome = status WHERE status IN ('agreed', 'failed', 'referred')")
    op.execute(
        "UPDATE mediation_case SET outcome = CASE WHEN agreement_terms <> '' THEN 'agreed' ELSE 'failed' END "
        "WHERE status = 'closed'"
    )
    op.execute("UPDATE mediation_case SET updated_at = COALESCE(closed_at, created_at)")
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.alter_column(
            "updated_at", existing_type=desktop.db.base.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.create_check_constraint(op.f("ck_mediation_case_outcome"), OUTCOME_CHECK)
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorded_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_mediation_session_recorded_by_staff_user"), "staff_user", ["recorded_by"], ["id"]
        )
    with op.batch_alter_table("mediation_followup", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visitor", sa.String(length=60), server_default="", nullable=False))
        batch_op.add_column(sa.Column("reason", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("performance", sa.Text(), server_default="", nullable=False))
        batch_op.create_index("ix_mediation_followup_due", ["due_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mediation_followup", schema=None) as batch_op:
        batch_op.drop_index("ix_mediation_followup_due")
        batch_op.drop_column("performance")
        batch_op.drop_column("reason")
        batch_op.drop_column("visitor")
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_mediation_session_recorded_by_staff_user"), type_="foreignkey"
        )
        batch_op.drop_column("recorded_by")
    with op.batch_alter_table("mediation_case", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_mediation_case_outcome"), type_="check")
        batch_op.drop_index("ix_mediation_case_station_created")
        batch_op.drop_index("ix_mediation_case_station")
        batch_op.drop_constraint(batch_op.f("fk_mediation_case_updated_by_staff_user"), type_="foreignkey")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("updated_by")
        batch_op.drop_column("referred_to")
        batch_op.drop_column("mediators")
        batch_op.drop_column("agreed_on")
        batch_op.drop_column("performance_method")
        batch_op.drop_column("responsibility")
        batch_op.drop_column("outcome")
        batch_op.drop_column("exclusions_checked")
        batch_op.drop_column("dispute_points")
    op.drop_table("mediation_archive_item")
