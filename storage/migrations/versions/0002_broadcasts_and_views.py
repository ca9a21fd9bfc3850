"""broadcast progress, outbox rows per broadcast, dispatch workers, programme views

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("broadcasts") as table:
        table.add_column(
            sa.Column("recipients", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        table.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("author_channel", sa.String(length=20), nullable=True))
        table.add_column(sa.Column("author_external_id", sa.String(length=100), nullable=True))
        table.add_column(sa.Column("progress_message_id", sa.String(length=40), nullable=True))
    with op.batch_alter_table("outbox") as table:
        table.add_column(sa.Column("broadcast_id", ID, nullable=True))
        table.create_foreign_key(
            op.f("fk_outbox_broadcast_id_broadcasts"),
            "broadcasts",
            ["broadcast_id"],
            ["id"],
            ondelete="CASCADE",
        )
        table.create_index(op.f("ix_outbox_broadcast_id"), ["broadcast_id", "state"])
    op.create_table(
        "dispatch_workers",
        sa.Column("worker", sa.String(length=100), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("worker", name=op.f("pk_dispatch_workers")),
    )
    op.create_table(
        "programme_views",
        sa.Column("programme_id", ID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            ondelete="CASCADE",
            name=op.f("fk_programme_views_programme_id_programmes"),
        ),
        sa.PrimaryKeyConstraint("programme_id", "day", name=op.f("pk_programme_views")),
    )


def downgrade() -> None:
    op.drop_table("programme_views")
    op.drop_table("dispatch_workers")
    with op.batch_alter_table("outbox") as table:
        table.drop_index(op.f("ix_outbox_broadcast_id"))
        table.drop_constraint(op.f("fk_outbox_broadcast_id_broadcasts"), type_="foreignkey")
        table.drop_column("broadcast_id")
    with op.batch_alter_table("broadcasts") as table:
        for name in (
            "progress_message_id",
            "author_external_id",
            "author_channel",
            "finished_at",
            "recipients",
        ):
            table.drop_column(name)
