"""The append-only audit trail: AuditEvent and record(), the one way an event is written. The page is dhr.audit_log."""
