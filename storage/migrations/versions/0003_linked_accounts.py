"""linked chats: account links, one-time link codes, failed link attempts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00

New tables only: `users` itself is not altered (on SQLite a foreign key column could only be
added to it by rebuilding the table, and with foreign keys on that would delete every row
that hangs off it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "account_links",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("primary_id", ID, nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("user_id <> primary_id", name=op.f("ck_account_links_not_itself")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name=op.f("fk_account_links_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["primary_id"],
            ["users.id"],
            ondelete="CASCADE",
            name=op.f("fk_account_links_primary_id_users"),
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_account_links")),
    )
    op.create_index(op.f("ix_account_links_primary_id"), "account_links", ["primary_id"])
    op.create_table(
        "link_codes",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_link_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_link_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_codes_code_hash")),
    )
    op.create_table(
        "link_attempts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_attempts")),
    )
    op.create_index(op.f("ix_link_attempts_user_id"), "link_attempts", ["user_id", "at"])
    op.create_index(op.f("ix_link_attempts_at"), "link_attempts", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_link_attempts_at"), table_name="link_attempts")
    op.drop_index(op.f("ix_link_attempts_user_id"), table_name="link_attempts")
    op.drop_table("link_attempts")
    op.drop_table("link_codes")
    op.drop_index(op.f("ix_account_links_primary_id"), table_name="account_links")
    op.drop_table("account_links")
