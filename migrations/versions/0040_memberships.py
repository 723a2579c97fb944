"""People across partnerships: a membership per partnership a person works for, with their agency and roles there,
and each session's current partnership.

Every user gets one membership (their partnership, their agency, active as the account is) and their role grants
move onto it. users.partnership_id stays as the partnership a person last worked in, where sign-in lands;
users.agency_id is emptied (SQLite cannot drop a column named in a foreign key) and the downgrade fills it again.

Revision ID: 0040_memberships
Revises: 0039_organisations
Create Date: 2026-12-07
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0040_memberships"
down_revision = "0039_organisations"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ROLES = ("admin", "coordinator", "board_member")


def _role_enum() -> sa.Enum:
    return sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True, length=20)


def upgrade():
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_memberships_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_memberships_partnership_id_partnerships")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("user_id", "partnership_id", name=op.f("uq_memberships_user_id_partnership_id")),
    )
    op.create_index(op.f("ix_memberships_agency_id"), "memberships", ["agency_id"], unique=False)
    op.create_index(op.f("ix_memberships_partnership_id"), "memberships", ["partnership_id"], unique=False)
    op.create_index(op.f("ix_memberships_user_id"), "memberships", ["user_id"], unique=False)
    op.create_table(
        "membership_roles",
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("role", _role_enum(), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["memberships.id"], name=op.f("fk_membership_roles_membership_id_memberships")
        ),
        sa.PrimaryKeyConstraint("membership_id", "role", name=op.f("pk_membership_roles")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE user_sessions ADD COLUMN partnership_id INTEGER REFERENCES partnerships (id)")
    else:
        op.add_column("user_sessions", sa.Column("partnership_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_user_sessions_partnership_id_partnerships"),
            "user_sessions",
            "partnerships",
            ["partnership_id"],
            ["id"],
        )
    now = datetime.now(UTC)
    op.execute(
        sa.text(
            "INSERT INTO memberships (user_id, partnership_id, agency_id, active, created_at, updated_at)"
            " SELECT id, partnership_id, agency_id, active, :now, :now FROM users"
        ).bindparams(sa.bindparam("now", now, type_=TS))
    )
    op.execute(
        "INSERT INTO membership_roles (membership_id, role)"
        " SELECT memberships.id, user_roles.role FROM user_roles"
        " JOIN memberships ON memberships.user_id = user_roles.user_id"
    )
    op.execute(
        "UPDATE user_sessions SET partnership_id ="
        " (SELECT partnership_id FROM users WHERE users.id = user_sessions.user_id)"
    )
    op.execute("UPDATE users SET agency_id = NULL")
    op.drop_table("user_roles")
    # A calendar feed shows one partnership's dates: the one its person worked in when it was made.
    with op.batch_alter_table("calendar_feeds") as batch_op:
        batch_op.add_column(sa.Column("partnership_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE calendar_feeds SET partnership_id ="
        " (SELECT partnership_id FROM users WHERE users.id = calendar_feeds.user_id)"
    )
    with op.batch_alter_table("calendar_feeds") as batch_op:
        batch_op.alter_column("partnership_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_calendar_feeds_user_id", type_="unique")
        batch_op.create_unique_constraint(
            op.f("uq_calendar_feeds_user_id_partnership_id"), ["user_id", "partnership_id"]
        )
        batch_op.create_foreign_key(
            op.f("fk_calendar_feeds_partnership_id_partnerships"), "partnerships", ["partnership_id"], ["id"]
        )


def downgrade():
    # One feed per person again: the one of the partnership they last worked in.
    op.execute(
        "DELETE FROM calendar_feeds WHERE partnership_id <>"
        " (SELECT partnership_id FROM users WHERE users.id = calendar_feeds.user_id)"
    )
    with op.batch_alter_table("calendar_feeds") as batch_op:
        batch_op.drop_constraint(op.f("fk_calendar_feeds_partnership_id_partnerships"), type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_calendar_feeds_user_id_partnership_id"), type_="unique")
        batch_op.create_unique_constraint("uq_calendar_feeds_user_id", ["user_id"])
        batch_op.drop_column("partnership_id")
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", _role_enum(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_user_roles_user_id_users"),
        sa.PrimaryKeyConstraint("user_id", "role", name="pk_user_roles"),
    )
    # One partnership per person again: the one they last worked in keeps their agency and roles.
    op.execute(
        "INSERT INTO user_roles (user_id, role)"
        " SELECT memberships.user_id, membership_roles.role FROM membership_roles"
        " JOIN memberships ON memberships.id = membership_roles.membership_id"
        " JOIN users ON users.id = memberships.user_id AND users.partnership_id = memberships.partnership_id"
    )
    op.execute(
        "UPDATE users SET agency_id = (SELECT memberships.agency_id FROM memberships"
        " WHERE memberships.user_id = users.id AND memberships.partnership_id = users.partnership_id)"
    )
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_user_sessions_partnership_id_partnerships"), "user_sessions", type_="foreignkey")
    with op.batch_alter_table("user_sessions", recreate="never") as batch_op:
        batch_op.drop_column("partnership_id")
    op.drop_table("membership_roles")
    op.drop_index(op.f("ix_memberships_user_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_partnership_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_agency_id"), table_name="memberships")
    op.drop_table("memberships")
