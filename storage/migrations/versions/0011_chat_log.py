"""chat log: a short log of each consenting person's conversation with the bot, shown to the
counsellor she asks for

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:10:00

A new table only: `chat_log` (storage/repositories/chat_log.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The code of its down_revision works on this schema: it adds a table and nothing else.
compatible_with_previous = True

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _her_row() -> sa.ForeignKey:
    """Her lines go with her (deleting her deletes them)."""
    return sa.ForeignKey("users.id", ondelete="CASCADE", name=op.f("fk_chat_log_user_id_users"))


def upgrade() -> None:
    op.create_table(
        "chat_log",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, _her_row(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(length=3), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("who IN ('her', 'bot')", name=op.f("ck_chat_log_known_speaker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_log")),
    )
    op.create_index(op.f("ix_chat_log_user_id"), "chat_log", ["user_id", "id"])
    op.create_index(op.f("ix_chat_log_at"), "chat_log", ["at"])


def downgrade() -> None:
    op.drop_table("chat_log")
