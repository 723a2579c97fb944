"""Declarative base, naming conventions and column types shared by every model."""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry, relationship

from dhr.core import clock

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, including on SQLite, which forgets the zone."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use dhr.core.clock.now()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def apply_changes(obj: object, values: Mapping[str, object], keys: Iterable[str]) -> list[str]:
    """Set each of keys whose value differs on obj; return the names that changed, for the audit event."""
    changed = [key for key in keys if getattr(obj, key) != values[key]]
    for key in changed:
        setattr(obj, key, values[key])
    return changed


def enum_column(enum_cls: type[Enum], name: str, length: int = 32) -> sa.Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint on both engines."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base for every model."""

    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class IdMixin:
    """An integer surrogate primary key."""

    id: Mapped[int] = mapped_column(primary_key=True)


class TimestampMixin:
    """Creation and update times in UTC."""

    created_at: Mapped[datetime] = mapped_column(default=clock.now_default)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now_default, onupdate=clock.now_default)


class HistoryMixin:
    """A row of a status history: when the move was made and who made it. The table adds its own from and to
    columns (typed by its enum) and the link to what moved; core/workflow.Machine writes the rows."""

    at: Mapped[datetime] = mapped_column(default=clock.now_default)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    @declared_attr
    def actor(cls) -> Mapped[Any]:  # noqa: N805 (declared_attr passes the class)
        """The user who made the move (None for the reminder service)."""
        return relationship("User")
