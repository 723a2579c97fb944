"""Organisations shared across partnerships: every agency becomes a partnership's part of one organisation.

Agencies of the same name and kind, in whatever partnership, become one organisation; agencies keep their ids.

Revision ID: 0039_organisations
Revises: 0038_single_sign_on
Create Date: 2026-12-07
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0039_organisations"
down_revision = "0038_single_sign_on"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
KINDS = ("police", "local_authority", "health", "probation", "fire", "voluntary", "domestic_abuse", "other")

agencies = sa.table(
    "agencies",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("organisation_id", sa.Integer),
)
organisations = sa.table(
    "organisations",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("created_at", TS),
    sa.column("updated_at", TS),
)


def upgrade():
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="agency_kind", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("ods_code", sa.String(length=10), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("ods_code", name=op.f("uq_organisations_ods_code")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a referencing column in place; a batch rebuild of agencies would break the tables that
        # reference it once there is data.
        op.execute("ALTER TABLE agencies ADD COLUMN organisation_id INTEGER REFERENCES organisations (id)")
    else:
        op.add_column("agencies", sa.Column("organisation_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_agencies_organisation_id_organisations"), "agencies", "organisations", ["organisation_id"], ["id"]
        )
    op.create_index(op.f("ix_agencies_organisation_id"), "agencies", ["organisation_id"], unique=False)
    _one_organisation_per_name_and_kind()


def _one_organisation_per_name_and_kind():
    bind = op.get_bind()
    now = datetime.now(UTC)
    made: dict[tuple[str, str], int] = {}
    for agency_id, name, kind in bind.execute(
        sa.select(agencies.c.id, agencies.c.name, agencies.c.kind).order_by(agencies.c.id)
    ):
        key = (" ".join(name.split()).casefold(), kind)
        if key not in made:
            made[key] = bind.execute(
                organisations.insert()
                .values(name=" ".join(name.split()), kind=kind, created_at=now, updated_at=now)
                .returning(organisations.c.id)
            ).scalar_one()
        bind.execute(agencies.update().where(agencies.c.id == agency_id).values(organisation_id=made[key]))


def downgrade():
    op.drop_index(op.f("ix_agencies_organisation_id"), table_name="agencies")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_agencies_organisation_id_organisations"), "agencies", type_="foreignkey")
    # Plain DROP COLUMN (SQLite 3.35+), for the same reason as the upgrade's ADD COLUMN.
    with op.batch_alter_table("agencies", recreate="never") as batch_op:
        batch_op.drop_column("organisation_id")
    op.drop_table("organisations")
