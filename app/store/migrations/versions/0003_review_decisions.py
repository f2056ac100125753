"""Review decisions: a reviewer's decision on each difference, kept across sessions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("a_annotator_id", sa.Integer(), nullable=False),
        sa.Column("b_annotator_id", sa.Integer(), nullable=False),
        sa.Column("difference", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["a_annotator_id"], ["annotator.id"], name=op.f("fk_review_decision_a_annotator_id_annotator"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["b_annotator_id"], ["annotator.id"], name=op.f("fk_review_decision_b_annotator_id_annotator"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_review_decision_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decision")),
        sa.UniqueConstraint(
            "document_id", "a_annotator_id", "b_annotator_id", "difference",
            name=op.f("uq_review_decision_document_id_a_annotator_id_b_annotator_id_difference"),
        ),
    )


def downgrade() -> None:
    op.drop_table("review_decision")
