"""Names the shield replaced with person tokens, kept so the writer can see what was replaced and undo a match
that was wrong."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core import clock
from dhr.core.declare import identity, plain
from dhr.core.models import IdMixin
from dhr.extensions import db


class NameReplacement(IdMixin, db.Model):
    """One registered name or alias, as typed in one field of case text, saved as the person's token."""

    __tablename__ = "name_replacements"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    table_name: Mapped[str] = mapped_column(String(64), info=plain("the table of the row the text is in"))
    row_id: Mapped[int] = mapped_column(index=True)
    column: Mapped[str] = mapped_column(String(64), info=plain("the column the text is in"))
    part: Mapped[str] = mapped_column(String(64), default="", info=plain("the key, for a column of several texts"))
    field_label: Mapped[str] = mapped_column(String(200), info=plain("the field's name, as the writer knows it"))
    typed: Mapped[str] = mapped_column(Text, info=identity("the words the writer typed, so they can keep them"))
    folded: Mapped[str] = mapped_column(String(400), info=identity("the typed words, folded"))
    occurrence: Mapped[int] = mapped_column()  # which of the person's tokens in the text it became
    replaced_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kept_at: Mapped[datetime | None] = mapped_column()  # the writer said the match was wrong and kept the words
    kept_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    person = relationship("Person")
    replaced_by = relationship("User", foreign_keys=[replaced_by_id])
