"""Initial schema: project, setting, annotator, label, document, layer, span.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 12:52:14.939732
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('annotator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_annotator_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotator')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_annotator_project_id_name'))
    )
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source_name', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('char_count', sa.Integer(), nullable=False),
    sa.Column('newlines_normalised', sa.Integer(), nullable=False),
    sa.Column('had_bom', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(text) > 0', name=op.f('ck_document_text_not_empty')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_document_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('project_id', 'text_sha256', name=op.f('uq_document_project_id_text_sha256'))
    )
    op.create_table('label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=10), nullable=False),
    sa.Column('letter', sa.String(length=10), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_label_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_label_project_id_name'))
    )
    op.create_table('layer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_layer_annotator_id_annotator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_layer_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_layer')),
    sa.UniqueConstraint('document_id', 'annotator_id', name=op.f('uq_layer_document_id_annotator_id'))
    )
    with op.batch_alter_table('layer', schema=None) as batch_op:
        batch_op.create_index('ix_layer_annotator_document', ['annotator_id', 'document_id'], unique=False)

    op.create_table('span',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('layer_id', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("origin IN ('manual', 'imported', 'suggested')", name=op.f('ck_span_origin')),
    sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f('ck_span_offsets')),
    sa.ForeignKeyConstraint(['label_id'], ['label.id'], name=op.f('fk_span_label_id_label')),
    sa.ForeignKeyConstraint(['layer_id'], ['layer.id'], name=op.f('fk_span_layer_id_layer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_span')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.create_index('ix_span_layer_start', ['layer_id', 'start', sa.text('"end" DESC')], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('span', schema=None) as batch_op:
        batch_op.drop_index('ix_span_layer_start')

    op.drop_table('span')
    with op.batch_alter_table('layer', schema=None) as batch_op:
        batch_op.drop_index('ix_layer_annotator_document')

    op.drop_table('layer')
    op.drop_table('label')
    op.drop_table('document')
    op.drop_table('annotator')
    op.drop_table('setting')
    op.drop_table('project')
