"""staff reach and sessions: centres of a staff identity, a session version and a disabled
mark per staff row, and the login throttle

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-06 03:00:00

`staff` only gains columns with defaults (SQLite adds them without rebuilding the table).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Expand only: the code of down_revision keeps working on this schema (storage/migrate.py).
compatible_with_previous = True

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "staff",
        sa.Column("session_version", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.add_column("staff", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "staff_centres",
        sa.Column("staff_id", ID, nullable=False),
        sa.Column("centre_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            ondelete="CASCADE",
            name=op.f("fk_staff_centres_staff_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            ondelete="CASCADE",
            name=op.f("fk_staff_centres_centre_id_centres"),
        ),
        sa.PrimaryKeyConstraint("staff_id", "centre_id", name=op.f("pk_staff_centres")),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_table("staff_centres")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("disabled_at")
        batch.drop_column("session_version")
