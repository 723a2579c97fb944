"""Case facts the Home Office and its DHR Library need: each person's age, sex, ethnicity and disability, and the
review's relationship type, method of death and whether children were present (held as identities are).

Revision ID: 0053_case_facts
Revises: 0052_learning_events
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0053_case_facts"
down_revision = "0052_learning_events"
branch_labels = None
depends_on = None

KNOWN = ("yes", "no", "not_known")


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("age", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("sex", _enum("person_sex", 10, "female", "male", "other", "not_known")))
        batch.add_column(
            sa.Column(
                "ethnicity",
                _enum("person_ethnicity", 10, "asian", "black", "mixed", "white", "other", "not_known"),
            )
        )
        batch.add_column(sa.Column("disability", _enum("person_disability", 10, *KNOWN)))
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(
            sa.Column(
                "relationship_type",
                _enum(
                    "relationship_type",
                    20,
                    "current_partner",
                    "former_partner",
                    "child_of_victim",
                    "parent_of_victim",
                    "other_family",
                    "household",
                    "suicide",
                    "other",
                ),
            )
        )
        batch.add_column(
            sa.Column(
                "death_method",
                _enum(
                    "death_method",
                    20,
                    "sharp_instrument",
                    "blunt_instrument",
                    "hitting_kicking",
                    "strangulation",
                    "shooting",
                    "poisoning",
                    "fire",
                    "suicide",
                    "other",
                    "not_known",
                ),
            )
        )
        batch.add_column(sa.Column("children_present", _enum("children_present", 10, *KNOWN)))


def downgrade():
    with op.batch_alter_table("reviews") as batch:
        for name in ("children_present", "death_method", "relationship_type"):
            batch.drop_constraint(op.f(f"ck_reviews_{name}"), type_="check")
            batch.drop_column(name)
    with op.batch_alter_table("people") as batch:
        for column, name in (
            ("disability", "person_disability"),
            ("ethnicity", "person_ethnicity"),
            ("sex", "person_sex"),
        ):
            batch.drop_constraint(op.f(f"ck_people_{name}"), type_="check")
            batch.drop_column(column)
        batch.drop_column("age")
