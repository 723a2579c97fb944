"""What the documents need from the record rather than from inference: the date a chair or author was appointed,
the partnership's named signatory for its letters, whether an IMR's author is independent of the case, and the
board's sign-off of each year's annual report.

Revision ID: 0050_document_records
Revises: 0049_imr_recommendations
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0050_document_records"
down_revision = "0049_imr_recommendations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review_members") as batch:
        batch.add_column(sa.Column("appointed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("imr_versions") as batch:
        batch.add_column(sa.Column("author_independent", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("partnerships") as batch:
        batch.add_column(sa.Column("signatory_name", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("signatory_role", sa.String(length=200), server_default="", nullable=False))
    op.create_table(
        "annual_report_sign_offs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("signed_off_on", sa.Date(), nullable=False),
        sa.Column("signed_off_by", sa.String(length=200), nullable=False),
        sa.Column("minute_reference", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_annual_report_sign_offs_partnership_id_partnerships")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_annual_report_sign_offs_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_report_sign_offs")),
        sa.UniqueConstraint("partnership_id", "year", name=op.f("uq_annual_report_sign_offs_partnership_id_year")),
    )
    op.create_index(op.f("ix_annual_report_sign_offs_partnership_id"), "annual_report_sign_offs", ["partnership_id"])


def downgrade():
    op.drop_index(op.f("ix_annual_report_sign_offs_partnership_id"), table_name="annual_report_sign_offs")
    op.drop_table("annual_report_sign_offs")
    with op.batch_alter_table("partnerships") as batch:
        batch.drop_column("signatory_role")
        batch.drop_column("signatory_name")
    with op.batch_alter_table("imr_versions") as batch:
        batch.drop_column("author_independent")
    with op.batch_alter_table("review_members") as batch:
        batch.drop_column("appointed_on")
