"""Annotator kind (gold layer), label guidance and examples, layer active time, document
metadata, span provenance.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="human", nullable=False))
        batch_op.create_check_constraint(op.f("ck_annotator_kind"), "kind IN ('human', 'gold')")
    with op.batch_alter_table("label", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description_ar", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("examples", sa.Text(), server_default="[]", nullable=False))
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meta", sa.Text(), server_default="{}", nullable=False))
    with op.batch_alter_table("layer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_seconds", sa.Float(), server_default="0", nullable=False))
    with op.batch_alter_table("span", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provenance", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("span", schema=None) as batch_op:
        batch_op.drop_column("provenance")
    with op.batch_alter_table("layer", schema=None) as batch_op:
        batch_op.drop_column("active_seconds")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("meta")
    with op.batch_alter_table("label", schema=None) as batch_op:
        batch_op.drop_column("examples")
        batch_op.drop_column("description_ar")
    with op.batch_alter_table("annotator", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_annotator_kind"), type_="check")
        batch_op.drop_column("kind")
