"""Family engagement: one record per review, contacts with consent history and attempts, and draft comments.

Revision ID: 0019_family_engagement
Revises: 0018_readiness_overrides
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_family_engagement"
down_revision = "0018_readiness_overrides"
branch_labels = None
depends_on = None

KINDS = ("family", "friend", "colleague", "neighbour", "other")
METHODS = ("phone", "text_message", "email", "letter", "in_person", "video", "through_advocate")
LEAFLETS = ("family", "friends", "employers")
OUTCOMES = ("reached", "no_answer", "message_left", "declined", "other")
CONSENT = ("not_asked", "given", "declined", "withdrawn")
COMMENT = ("open", "addressed", "not_accepted")
NO_ENGAGEMENT = ("declined", "not_traced", "other")


def _enum(values, name: str, length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table(
        "family_engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("tribute_text", sa.Text(), nullable=False),
        sa.Column("tribute_from", sa.String(200), nullable=False),
        sa.Column("chosen_pseudonym", sa.String(100), nullable=False),
        sa.Column("draft_shared_on", sa.Date(), nullable=True),
        sa.Column("draft_shared_with", sa.Text(), nullable=False),
        sa.Column("no_engagement_reason", _enum(NO_ENGAGEMENT, "no_engagement_reason", 12), nullable=True),
        sa.Column("no_engagement_detail", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.CheckConstraint(
            "no_engagement_reason IS NULL OR no_engagement_reason <> 'other' OR no_engagement_detail <> ''",
            name=op.f("ck_family_engagements_detail_when_other"),
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_family_engagements_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_family_engagements"),
        sa.UniqueConstraint("review_id", name="uq_family_engagements_review_id"),
    )
    op.create_table(
        "family_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("relationship_to_victim", sa.String(100), nullable=False),
        sa.Column("kind", _enum(KINDS, "family_contact_kind", 12), nullable=False),
        sa.Column("preferred_method", _enum(METHODS, "family_contact_method", 20), nullable=False),
        sa.Column("contact_details", sa.String(500), nullable=False),
        sa.Column("advocate_name", sa.String(200), nullable=False),
        sa.Column("advocacy_organisation", sa.String(200), nullable=False),
        sa.Column("leaflet", _enum(LEAFLETS, "family_leaflet", 12), nullable=True),
        sa.Column("leaflet_given_on", sa.Date(), nullable=True),
        sa.Column("consent", _enum(CONSENT, "family_consent", 12), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.CheckConstraint(
            "(leaflet IS NULL) = (leaflet_given_on IS NULL)", name=op.f("ck_family_contacts_leaflet_fields")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_family_contacts_created_by_id_users"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_family_contacts_person_id_people"),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_family_contacts_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_family_contacts"),
    )
    op.create_index("ix_family_contacts_review_id", "family_contacts", ["review_id"])
    op.create_table(
        "family_consent_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _enum(CONSENT, "family_consent_from", 12), nullable=False),
        sa.Column("to_status", _enum(CONSENT, "family_consent_to", 12), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_family_consent_changes_actor_id_users"),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["family_contacts.id"], name="fk_family_consent_changes_contact_id_family_contacts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_family_consent_changes"),
    )
    op.create_index("ix_family_consent_changes_contact_id", "family_consent_changes", ["contact_id"])
    op.create_table(
        "family_contact_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("attempted_on", sa.Date(), nullable=False),
        sa.Column("method", _enum(METHODS, "family_attempt_method", 20), nullable=False),
        sa.Column("made_by", sa.String(200), nullable=False),
        sa.Column("outcome", _enum(OUTCOMES, "family_attempt_outcome", 16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["family_contacts.id"], name="fk_family_contact_attempts_contact_id_family_contacts"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name="fk_family_contact_attempts_recorded_by_id_users"
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_family_contact_attempts_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_family_contact_attempts"),
    )
    op.create_index("ix_family_contact_attempts_contact_id", "family_contact_attempts", ["contact_id"])
    op.create_index("ix_family_contact_attempts_review_id", "family_contact_attempts", ["review_id"])
    op.create_table(
        "family_draft_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("paragraph", sa.String(40), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("status", _enum(COMMENT, "family_comment_status", 12), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.CheckConstraint(
            "status = 'open' OR response <> ''", name=op.f("ck_family_draft_comments_response_when_decided")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["family_contacts.id"], name="fk_family_draft_comments_contact_id_family_contacts"
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_family_draft_comments_created_by_id_users"),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_family_draft_comments_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_family_draft_comments"),
    )
    op.create_index("ix_family_draft_comments_contact_id", "family_draft_comments", ["contact_id"])
    op.create_index("ix_family_draft_comments_review_id", "family_draft_comments", ["review_id"])
    op.create_table(
        "family_comment_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _enum(COMMENT, "family_comment_from", 12), nullable=False),
        sa.Column("to_status", _enum(COMMENT, "family_comment_to", 12), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_family_comment_changes_actor_id_users"),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["family_draft_comments.id"],
            name="fk_family_comment_changes_comment_id_family_draft_comments",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_family_comment_changes"),
    )
    op.create_index("ix_family_comment_changes_comment_id", "family_comment_changes", ["comment_id"])


def downgrade():
    op.drop_index("ix_family_comment_changes_comment_id", table_name="family_comment_changes")
    op.drop_table("family_comment_changes")
    op.drop_index("ix_family_draft_comments_review_id", table_name="family_draft_comments")
    op.drop_index("ix_family_draft_comments_contact_id", table_name="family_draft_comments")
    op.drop_table("family_draft_comments")
    op.drop_index("ix_family_contact_attempts_review_id", table_name="family_contact_attempts")
    op.drop_index("ix_family_contact_attempts_contact_id", table_name="family_contact_attempts")
    op.drop_table("family_contact_attempts")
    op.drop_index("ix_family_consent_changes_contact_id", table_name="family_consent_changes")
    op.drop_table("family_consent_changes")
    op.drop_index("ix_family_contacts_review_id", table_name="family_contacts")
    op.drop_table("family_contacts")
    op.drop_table("family_engagements")
