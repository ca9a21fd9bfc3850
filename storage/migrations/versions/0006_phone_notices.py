"""phone notices: her choice of 알림톡/SMS reminders, and how each outbox message went

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-06 03:00:00

Nullable columns only (no table rebuild on SQLite): `profiles.phone_notices` (she said yes or
no to reminders by 알림톡/SMS), `outbox.via` (the message goes by phone instead of her chat)
and `outbox.sent_as` (what the provider finally sent: ATA, SMS or LMS).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Expand only: the code of down_revision keeps working on this schema (storage/migrate.py).
compatible_with_previous = True


def upgrade() -> None:
    op.add_column("profiles", sa.Column("phone_notices", sa.Boolean(), nullable=True))
    op.add_column("outbox", sa.Column("via", sa.String(length=10), nullable=True))
    op.add_column("outbox", sa.Column("sent_as", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("sent_as")
        batch.drop_column("via")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("phone_notices")
