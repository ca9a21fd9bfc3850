"""outcomes: participants of cohorts and what became of them, anonymous counts that survive
their deletion, and self-reports of a job waiting for staff

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-06 06:00:00

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# New tables only: the code of down_revision keeps working on this schema (storage/migrate.py).
compatible_with_previous = True

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COUNTS = (
    "participants",
    "completed",
    "dropped",
    "employed",
    "employed_completers",
    "within_3m",
    "within_6m",
    "regular",
    "insured",
    "followed_6m",
    "retained_6m",
)


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "participants",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("cohort_id", ID, nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("career_break", sa.Boolean(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("job_start", sa.Date(), nullable=True),
        sa.Column("employer", sa.String(length=200), nullable=True),
        sa.Column("job_kind", sa.String(length=20), nullable=True),
        sa.Column("job_hours", sa.Integer(), nullable=True),
        sa.Column("insured", sa.Boolean(), nullable=True),
        sa.Column("evidence", sa.String(length=20), nullable=True),
        sa.Column("follow_3m", sa.Boolean(), nullable=True),
        sa.Column("follow_6m", sa.Boolean(), nullable=True),
        sa.Column("follow_12m", sa.Boolean(), nullable=True),
        _moment("self_report_at", nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        _moment("created_at"),
        _moment("updated_at"),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            ondelete="CASCADE",
            name=op.f("fk_participants_cohort_id_cohorts"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name=op.f("fk_participants_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("cohort_id", "number", name=op.f("uq_participants_cohort_id_number")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_participants_user_id"), "participants", ["user_id"])
    op.create_table(
        "outcome_counts",
        sa.Column("cohort_id", ID, nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))
            for name in COUNTS
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            ondelete="CASCADE",
            name=op.f("fk_outcome_counts_cohort_id_cohorts"),
        ),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_outcome_counts")),
    )
    op.create_table(
        "self_reports",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        _moment("at"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name=op.f("fk_self_reports_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_reports")),
        sa.UniqueConstraint("user_id", name=op.f("uq_self_reports_user_id")),
    )


def downgrade() -> None:
    op.drop_table("self_reports")
    op.drop_table("outcome_counts")
    op.drop_index(op.f("ix_participants_user_id"), table_name="participants")
    op.drop_table("participants")
