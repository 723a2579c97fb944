"""Single sign-on: the OpenID Connect providers a partnership trusts, each account's link to its provider
subject, and the partnership's choices about passwords and accounts made by single sign-on.

Revision ID: 0038_single_sign_on
Revises: 0037_two_step
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0038_single_sign_on"
down_revision = "0037_two_step"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "identity_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret", sa.String(length=500), nullable=False),
        sa.Column("email_domains", sa.JSON(), nullable=False),
        sa.Column("emails_verified_by_provider", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_identity_providers_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_identity_providers_partnership_id_partnerships")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_providers")),
    )
    op.create_index(op.f("ix_identity_providers_partnership_id"), "identity_providers", ["partnership_id"])
    op.create_table(
        "sso_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["identity_providers.id"], name=op.f("fk_sso_links_provider_id_identity_providers")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sso_links_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_links")),
        sa.UniqueConstraint("provider_id", "subject", name=op.f("uq_sso_links_provider_id_subject")),
        sa.UniqueConstraint("user_id", name=op.f("uq_sso_links_user_id")),
    )
    op.create_index(op.f("ix_sso_links_provider_id"), "sso_links", ["provider_id"])
    with op.batch_alter_table("partnerships") as batch_op:
        batch_op.add_column(sa.Column("password_sign_in", sa.Boolean(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("sso_creates_accounts", sa.Boolean(), nullable=False, server_default="0"))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+): rebuilding a table that others reference fails its foreign keys once
    # there is data.
    with op.batch_alter_table("partnerships", recreate="never") as batch_op:
        batch_op.drop_column("sso_creates_accounts")
        batch_op.drop_column("password_sign_in")
    op.drop_index(op.f("ix_sso_links_provider_id"), table_name="sso_links")
    op.drop_table("sso_links")
    op.drop_index(op.f("ix_identity_providers_partnership_id"), table_name="identity_providers")
    op.drop_table("identity_providers")
