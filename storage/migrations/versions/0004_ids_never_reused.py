"""ids never reused, per-row secrets, move tokens, link requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 03:00:00

Tokens name rows by id; an id handed to a new row after the old one was deleted would make an
old token work for a stranger. So:

- SQLite gets AUTOINCREMENT on the tables a token, a link or a button names (users, bookings,
  waiting places, alerts, staff). That needs each table rebuilt, which must run with foreign
  keys off: dropping the old table would otherwise cascade into every row that refers to it.
  `storage.migrate.upgrade` turns them off around the migrations; this script refuses to run
  with them on, and checks every reference afterwards. PostgreSQL's sequences never go back.
- users and bookings get a random `secret` each, bound into their signed tokens.
- `move_tokens` (moving a web chat to Telegram) and the request columns of `link_codes`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
REBUILT = ("users", "bookings", "waitlist_entries", "subscriptions", "staff")
WITH_SECRET = ("users", "bookings")
# A fresh random value for every existing row (the application makes them for new rows).
RANDOM_HEX = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
}
ACTIVE_BOOKING = "state = 'active'"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _refuse_with_foreign_keys_on()
        for table in REBUILT:
            _rebuild_with_autoincrement(table)
    else:
        for table in WITH_SECRET:
            _add_secret(table)
    with op.batch_alter_table("link_codes") as batch:
        batch.add_column(sa.Column("requested_by", ID, nullable=True))
        batch.add_column(sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            op.f("fk_link_codes_requested_by_users"),
            "users",
            ["requested_by"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_table(
        "move_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_move_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_move_tokens")),
    )
    op.create_index(op.f("ix_move_tokens_user_id"), "move_tokens", ["user_id"])
    if sqlite:
        _check_references()


def _refuse_with_foreign_keys_on() -> None:
    if op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "migration 0004 rebuilds tables and must run with SQLite's foreign keys off "
            "(storage.migrate.upgrade does that); with them on it would delete rows"
        )


def _secret_column(dialect: str) -> sa.Column:
    """A NOT NULL secret, filled for the rows already there by a per-row random default."""
    default = sa.text(f"({RANDOM_HEX[dialect]})")
    return sa.Column("secret", sa.String(length=32), nullable=False, server_default=default)


def _add_secret(table: str) -> None:
    op.add_column(table, _secret_column("postgresql"))
    op.alter_column(table, "secret", server_default=None)


def _rebuild_with_autoincrement(table: str) -> None:
    """Copy the table into one declared AUTOINCREMENT, keeping every row and its id; users
    and bookings gain their secret on the way (SQLite's default stays: the application sets
    its own, and an expression default is evaluated per row)."""
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        if table in WITH_SECRET:
            batch.add_column(_secret_column("sqlite"))
    if table == "bookings":  # reflection may lose the partial index's WHERE: make it again
        op.drop_index("uq_bookings_active_user_slot", table_name="bookings", if_exists=True)
        op.create_index(
            "uq_bookings_active_user_slot",
            "bookings",
            ["user_id", "slot_id"],
            unique=True,
            sqlite_where=sa.text(ACTIVE_BOOKING),
        )


def _check_references() -> None:
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"migration 0004 left {len(broken)} broken references")


def downgrade() -> None:
    op.drop_index(op.f("ix_move_tokens_user_id"), table_name="move_tokens")
    op.drop_table("move_tokens")
    with op.batch_alter_table("link_codes") as batch:
        batch.drop_constraint(op.f("fk_link_codes_requested_by_users"), type_="foreignkey")
        batch.drop_column("requested_at")
        batch.drop_column("requested_by")
    for table in WITH_SECRET:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("secret")
