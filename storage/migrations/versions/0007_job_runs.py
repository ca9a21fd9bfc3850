"""job runs (each periodic job once a period across processes), each chat's room under its
channel's rate, and the test clock's offset

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-06 03:00:00

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Expand only: the code of down_revision keeps working on this schema (storage/migrate.py).
compatible_with_previous = True


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("slot", sa.BigInteger(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "chat_pace",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "external_id", name=op.f("pk_chat_pace")),
    )
    op.create_table(
        "clock_offset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_offset")),
    )


def downgrade() -> None:
    op.drop_table("clock_offset")
    op.drop_table("chat_pace")
    op.drop_table("job_runs")
