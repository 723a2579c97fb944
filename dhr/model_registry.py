"""Imports every model module, so metadata is complete for Alembic and for the models-match-migrations test."""

from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.auth.models import AccountToken, User, UserRole, UserSession
from dhr.mail.models import OutboxMessage
from dhr.partnerships.models import Partnership

ALL_MODELS = (Partnership, Agency, User, UserRole, UserSession, AccountToken, AuditEvent, OutboxMessage)
