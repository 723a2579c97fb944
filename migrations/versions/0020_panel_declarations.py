"""Panel declarations: job title, independence and confidentiality on review members; a domestic abuse agency kind.

Revision ID: 0020_panel_declarations
Revises: 0019_family_engagement
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_panel_declarations"
down_revision = "0019_family_engagement"
branch_labels = None
depends_on = None

KINDS = ("police", "local_authority", "health", "probation", "fire", "voluntary", "other")
INDEPENDENCE = "(independence_declared_on IS NULL) = (independence_statement = '')"


def _kind_check(kinds) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def upgrade():
    with op.batch_alter_table("review_members") as batch:
        batch.add_column(sa.Column("job_title", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("independence_statement", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("independence_declared_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("confidentiality_signed_on", sa.Date(), nullable=True))
        batch.create_check_constraint(op.f("ck_review_members_independence_declaration"), sa.text(INDEPENDENCE))
    # The models give every column its default; the server defaults only filled the existing rows.
    with op.batch_alter_table("review_members") as batch:
        batch.alter_column("job_title", server_default=None)
        batch.alter_column("independence_statement", server_default=None)
    with op.batch_alter_table("agencies") as batch:
        batch.drop_constraint(op.f("ck_agencies_agency_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_agencies_agency_kind"), sa.text(_kind_check((*KINDS, "domestic_abuse"))))


def downgrade():
    # Specialist services fall back to the kind they had before there was one for them.
    op.execute("UPDATE agencies SET kind = 'voluntary' WHERE kind = 'domestic_abuse'")
    with op.batch_alter_table("agencies") as batch:
        batch.drop_constraint(op.f("ck_agencies_agency_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_agencies_agency_kind"), sa.text(_kind_check(KINDS)))
    with op.batch_alter_table("review_members") as batch:
        batch.drop_constraint(op.f("ck_review_members_independence_declaration"), type_="check")
        batch.drop_column("confidentiality_signed_on")
        batch.drop_column("independence_declared_on")
        batch.drop_column("independence_statement")
        batch.drop_column("job_title")
