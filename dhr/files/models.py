"""StoredFile: an uploaded document, kept in the database so backups and access control cover it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from dhr.core import clock
from dhr.core.models import IdMixin
from dhr.extensions import db


class StoredFile(IdMixin, db.Model):
    """The bytes of one upload, with its safe name, declared type and SHA-256."""

    __tablename__ = "stored_files"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
