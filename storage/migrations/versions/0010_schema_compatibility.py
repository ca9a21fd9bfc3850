"""schema compatibility: the oldest code that may serve the schema (expand, then contract)

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 06:40:00

A new table only: `schema_compatibility`, written by every `ilteo db upgrade` from the
migrations' `compatible_with_previous` marks (`storage/migrate.py`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The code of its down_revision works on this schema: it adds a table and nothing else.
compatible_with_previous = True


def upgrade() -> None:
    op.create_table(
        "schema_compatibility",
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("serves_code_from", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("revision", name=op.f("pk_schema_compatibility")),
    )


def downgrade() -> None:
    op.drop_table("schema_compatibility")
