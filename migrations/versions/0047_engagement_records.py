"""The engagement record says more of what the QA panel asks: why the family gave no tribute, their input to the
terms of reference, the date their comments on the draft were due (the time they had to read it), and whether the
perpetrator's account was sought (and if not, why not).

Revision ID: 0047_engagement_records
Revises: 0046_clock_sources
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0047_engagement_records"
down_revision = "0046_clock_sources"
branch_labels = None
depends_on = None

CONTACT = ("not_yet", "approached", "interviewed", "declined", "no_response", "not_approached")


def upgrade():
    with op.batch_alter_table("family_engagements") as batch:
        batch.add_column(sa.Column("no_tribute_reason", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("terms_input_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("terms_input", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("draft_comments_due_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column(
                "perpetrator_contact",
                sa.Enum(*CONTACT, name="perpetrator_contact", native_enum=False, create_constraint=True, length=16),
                server_default="not_yet",
                nullable=False,
            )
        )
        batch.add_column(sa.Column("perpetrator_contacted_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("perpetrator_detail", sa.Text(), server_default="", nullable=False))
        batch.create_check_constraint(
            op.f("ck_family_engagements_perpetrator_reason"),
            sa.text("perpetrator_contact <> 'not_approached' OR perpetrator_detail <> ''"),
        )


def downgrade():
    with op.batch_alter_table("family_engagements") as batch:
        batch.drop_constraint(op.f("ck_family_engagements_perpetrator_reason"), type_="check")
        batch.drop_constraint(op.f("ck_family_engagements_perpetrator_contact"), type_="check")
        for column in (
            "perpetrator_detail",
            "perpetrator_contacted_on",
            "perpetrator_contact",
            "draft_comments_due_on",
            "terms_input",
            "terms_input_on",
            "no_tribute_reason",
        ):
            batch.drop_column(column)
