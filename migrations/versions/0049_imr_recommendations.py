"""Single-agency recommendations recorded from an agency's IMR keep where they came from: the agency's request and
the paragraph of the IMR's recommendations.

Revision ID: 0049_imr_recommendations
Revises: 0048_equality_judgements
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0049_imr_recommendations"
down_revision = "0048_equality_judgements"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recommendations") as batch:
        batch.add_column(sa.Column("from_involvement_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("from_paragraph", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_recommendations_from_involvement_id_agency_involvements"),
            "agency_involvements",
            ["from_involvement_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_recommendations_from_involvement_id"), ["from_involvement_id"])


def downgrade():
    with op.batch_alter_table("recommendations") as batch:
        batch.drop_index(op.f("ix_recommendations_from_involvement_id"))
        batch.drop_constraint(op.f("fk_recommendations_from_involvement_id_agency_involvements"), type_="foreignkey")
        batch.drop_column("from_paragraph")
        batch.drop_column("from_involvement_id")
