"""handoffs: a person's conversation with a counsellor, its messages, the events the live
streams replay, and when each counsellor last had the inbox open

Revision ID: 0008
Revises: 0009 (re-chained after main gained 0009; given as 0007)
Create Date: 2026-12-06 06:00:00

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# New tables only: the code of down_revision keeps working on this schema (storage/migrate.py).
compatible_with_previous = True

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MOMENT = sa.DateTime(timezone=True)
OPEN = "state IN ('waiting', 'human')"


def _id() -> sa.Column:
    return sa.Column("id", ID, autoincrement=True, nullable=False)


def _foreign(column: str, table: str, referred: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        ondelete=ondelete,
        name=op.f(f"fk_{table}_{column}_{referred}"),
    )


def upgrade() -> None:
    _handoffs()
    _messages()
    _events()
    op.create_table(
        "staff_presence",
        sa.Column("staff_id", ID, nullable=False),
        sa.Column("last_seen_at", MOMENT, nullable=False),
        _foreign("staff_id", "staff_presence", "staff", "CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_staff_presence")),
    )


def _handoffs() -> None:
    op.create_table(
        "handoffs",
        _id(),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("chat_id", ID, nullable=False),
        sa.Column("centre_id", ID, nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("staff_id", ID, nullable=True),
        sa.Column("requested_at", MOMENT, nullable=False),
        sa.Column("claimed_at", MOMENT, nullable=True),
        sa.Column("first_reply_at", MOMENT, nullable=True),
        sa.Column("closed_at", MOMENT, nullable=True),
        sa.Column("last_activity_at", MOMENT, nullable=False),
        sa.Column("closed_reason", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "state IN ('bot', 'waiting', 'human', 'closed')",
            name=op.f("ck_handoffs_known_state"),
        ),
        _foreign("user_id", "handoffs", "users", "CASCADE"),
        _foreign("chat_id", "handoffs", "users", "CASCADE"),
        _foreign("centre_id", "handoffs", "centres", "SET NULL"),
        _foreign("staff_id", "handoffs", "staff", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "uq_handoffs_open_user",
        "handoffs",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index(op.f("ix_handoffs_state"), "handoffs", ["state", "centre_id"])
    op.create_index(op.f("ix_handoffs_chat_id"), "handoffs", ["chat_id"])


def _messages() -> None:
    op.create_table(
        "handoff_messages",
        _id(),
        sa.Column("handoff_id", ID, nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("staff_id", ID, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("read_by_staff_at", MOMENT, nullable=True),
        sa.Column("delivered_at", MOMENT, nullable=True),
        _foreign("handoff_id", "handoff_messages", "handoffs", "CASCADE"),
        _foreign("staff_id", "handoff_messages", "staff", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_messages")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_handoff_messages_handoff_id"), "handoff_messages", ["handoff_id", "id"]
    )


def _events() -> None:
    op.create_table(
        "handoff_events",
        _id(),
        sa.Column("centre_id", ID, nullable=True),
        sa.Column("handoff_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_events")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_handoff_events_centre_id"), "handoff_events", ["centre_id", "id"])
    op.create_index(op.f("ix_handoff_events_created_at"), "handoff_events", ["created_at"])


def downgrade() -> None:
    op.drop_table("staff_presence")
    op.drop_table("handoff_events")
    op.drop_table("handoff_messages")
    op.drop_table("handoffs")
